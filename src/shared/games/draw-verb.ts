// Each game's own word for drawing its outcome: a roulette wheel is spun,
// cards are dealt, dice are rolled. The console's button, the desktop menu,
// the hotkey hints and the table's refusals all say it the same way.
import type { GameId } from '../protocol.ts';

export type DrawVerb = 'spin' | 'deal' | 'roll';

const VERBS: Readonly<Record<GameId, DrawVerb>> = {
  'roulette-eu': 'spin',
  baccarat: 'deal',
  'dragon-tiger': 'deal',
  sicbo: 'roll',
  blackjack: 'deal',
};

/** "spin", "deal" or "roll", for sentences ("cannot deal while the table is betting"). */
export function drawVerb(game: GameId): DrawVerb {
  return VERBS[game];
}

/** "Spin", "Deal" or "Roll", for buttons and menus. */
export function drawLabel(game: GameId): string {
  const verb = drawVerb(game);
  return `${verb.charAt(0).toUpperCase()}${verb.slice(1)}`;
}
