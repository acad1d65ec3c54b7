// The round in play, as the table holds it in memory between the
// transactions that record it: its phase and times, its bets (the book), the
// seeds recorded while betting was open, and for blackjack the seats and the
// hand in play.
import { Phase, type Outcome } from '../../shared/protocol.ts';
import { isLegalInPhase } from '../../shared/round-actions.ts';
import { BetBook } from './bet-book.ts';
import type { LiveBlackjack } from './blackjack-play.ts';
import type { Pf2Live } from './pf2-round.ts';
import type { FairnessScheme } from '../../shared/api.ts';
import type { BetRow, RoundRow } from '../storage/table-store.ts';

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
  /** A pf2 round's commitments and freeze; null under pf1. */
  pf2: Pf2Live | null;
};

/**
 * Before its cards are dealt or its outcome drawn a round can still be taken
 * back. A dealt blackjack hand never is: it plays out (undecided hands stand),
 * or a player dealt a bad hand could have it refunded.
 */
export function isVoidable(round: LiveRound | null): boolean {
  if (round === null || round.finishing || !isLegalInPhase('void', round.phase)) return false;
  // pf2: from the freeze on a round always resolves (PF2.md §8).
  return round.pf2 === null || round.phase === Phase.Betting;
}

/** Where a new round stands on its chain when betting opens on it. */
export type RoundOpening = { id: number; number: number; chainId: number; chainIndex: number; commitment: string; closesAt: number | null; fairness: FairnessScheme };

/** A round betting just opened on: no bets, no seeds, nothing drawn. */
export function openedRound({ fairness, ...opening }: RoundOpening): LiveRound {
  return {
    ...opening,
    pf2: fairness === 'pf2' ? { commitments: new Map(), frozen: null } : null,
    phase: Phase.Betting,
    lastCall: false,
    book: new BetBook(),
    seeds: new Map(),
    outcome: null,
    serverSeed: null,
    clientString: null,
    seatOwners: new Map(),
    blackjack: null,
    finishing: false,
  };
}

/**
 * An unfinished round as a crash left it on disk, with its live bets and
 * seeds, for recovery to void, settle or play out. Nobody sits down at it
 * again, so it has no seat owners.
 */
export function recoveredRound(
  row: RoundRow,
  bets: BetRow[],
  seeds: { playerId: string; clientSeed: string }[],
  walletOf: (playerId: string) => number,
  pf2: Pf2Live | null,
): LiveRound {
  const book = new BetBook();
  for (const bet of bets) {
    book.countPlaced(bet.playerId, 1);
    if (bet.cancelledAt !== null) continue;
    book.add({
      rowId: bet.id,
      betId: bet.betId,
      playerId: bet.playerId,
      playerName: '',
      walletAccountId: walletOf(bet.playerId),
      spot: bet.spot,
      amountMinor: bet.amountMinor,
    });
  }
  return {
    id: row.id,
    number: row.number,
    chainId: row.chainId,
    chainIndex: row.chainIndex,
    commitment: row.commitment,
    phase: row.phase,
    closesAt: null,
    lastCall: false,
    book,
    seeds: new Map(seeds.map((seed) => [seed.playerId, seed.clientSeed])),
    outcome: row.outcome,
    serverSeed: row.serverSeed,
    clientString: row.clientString,
    seatOwners: new Map(),
    blackjack: null,
    finishing: false,
    pf2,
  };
}
