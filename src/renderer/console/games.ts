// What the console needs to know per game: a label, and how to tell one
// game's outcome from another's. Typed Record<GameId, …> so adding a game to
// the protocol fails the build here until the console can show it.
import type {
  BaccaratOutcome,
  BlackjackOutcome,
  DragonTigerOutcome,
  GameId,
  Outcome,
  RouletteOutcome,
  SicboOutcome,
} from '../../shared/protocol.ts';

export const GAME_LABELS: Record<GameId, string> = {
  'roulette-eu': 'Roulette (European)',
  baccarat: 'Baccarat',
  'dragon-tiger': 'Dragon Tiger',
  sicbo: 'Sic Bo',
  blackjack: 'Blackjack',
};

// Each outcome shape has keys no other has (protocol/outcomes.ts promises this).
export const isRoulette = (outcome: Outcome): outcome is RouletteOutcome => 'pocket' in outcome;
export const isBaccarat = (outcome: Outcome): outcome is BaccaratOutcome => 'banker' in outcome;
export const isDragonTiger = (outcome: Outcome): outcome is DragonTigerOutcome => 'dragon' in outcome;
export const isSicbo = (outcome: Outcome): outcome is SicboOutcome => 'dice' in outcome;
export const isBlackjack = (outcome: Outcome): outcome is BlackjackOutcome => 'dealer' in outcome && 'seats' in outcome;
