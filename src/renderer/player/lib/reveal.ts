// How long the result takes to show itself: cards are dealt one every
// DEAL_INTERVAL_MS and turned over, dice roll in, the blackjack dealer turns
// the hole card and draws. The layout waits that long
// before lighting the winning spots, so the board never gives the result
// away before the last card is turned.
import type { Outcome } from '../../../shared/protocol.ts';
import { isBaccaratOutcome } from '../../../shared/games/baccarat.ts';
import { isDragonTigerOutcome } from '../../../shared/games/dragon-tiger.ts';
import { isSicboOutcome } from '../../../shared/games/sicbo.ts';
import { isBlackjackOutcome } from '../../../shared/games/blackjack.ts';

/** One card every this many ms (CSS reads it as --deal-ms). */
export const DEAL_INTERVAL_MS = 450;
/** A card is turned over this long after it lands, and the turn takes FLIP_MS. */
export const FLIP_DELAY_MS = 260;
export const FLIP_MS = 420;
/** The dice land one after another, DICE_STAGGER_MS apart, each rolling for DICE_ROLL_MS. */
export const DICE_STAGGER_MS = 160;
export const DICE_ROLL_MS = 700;

/** Ms from the result arriving until the last card is face up or the last die has landed. */
export function revealDelayMs(outcome: Outcome): number {
  const cardsTurned = (cards: number): number =>
    cards === 0 ? 0 : (cards - 1) * DEAL_INTERVAL_MS + FLIP_DELAY_MS + FLIP_MS;
  if (isBaccaratOutcome(outcome)) return cardsTurned(outcome.player.length + outcome.banker.length);
  if (isDragonTigerOutcome(outcome)) return cardsTurned(2);
  if (isSicboOutcome(outcome)) return (outcome.dice.length - 1) * DICE_STAGGER_MS + DICE_ROLL_MS;
  // Blackjack: the hole card is turned over at once, then the dealer draws one card at a time.
  if (isBlackjackOutcome(outcome)) return Math.max(0, outcome.dealer.cards.length - 2) * DEAL_INTERVAL_MS + FLIP_DELAY_MS + FLIP_MS;
  return 0;
}
