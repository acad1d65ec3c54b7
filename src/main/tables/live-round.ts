// The round in play, as the table holds it in memory between the
// transactions that record it: its phase and times, its bets (the book), the
// seeds recorded while betting was open, and for blackjack the seats and the
// hand in play.
import type { Outcome, Phase } from '../../shared/protocol.ts';
import { isLegalInPhase } from '../../shared/round-actions.ts';
import type { BetBook } from './bet-book.ts';
import type { LiveBlackjack } from './blackjack-play.ts';

export type LiveRound = {
  id: number;
  number: number;
  chainId: number;
  chainIndex: number;
  commitment: string;
  phase: Exclude<Phase, 'idle'>;
  closesAt: number | null;
  lastCall: boolean;
  /** Its bets in memory: live ones, spot totals, how many each player placed. */
  book: BetBook;
  seeds: Map<string, string>;
  outcome: Outcome | null;
  serverSeed: string | null;
  clientString: string | null;
  /** Blackjack: seat number → the player who owns it this round (the first to bet its main bet). */
  seatOwners: Map<number, string>;
  /** Blackjack: the hand in play, from the deal to the last decision. */
  blackjack: LiveBlackjack | null;
  /** Settling or voiding in steps: no bets, no dealer actions until it is done. */
  finishing: boolean;
};

/**
 * Before its cards are dealt or its outcome drawn a round can still be taken
 * back. A dealt blackjack hand never is: it plays out (undecided hands stand),
 * or a player dealt a bad hand could have it refunded.
 */
export function isVoidable(round: LiveRound | null): boolean {
  return round !== null && !round.finishing && isLegalInPhase('void', round.phase);
}
