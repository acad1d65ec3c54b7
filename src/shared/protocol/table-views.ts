// The views of a table both sides share: its game, limits and summary, the
// round in play and its phase, the bets and players on it, past results.
import { z } from 'zod';
import type { Outcome } from './outcomes.ts';
import type { RoundBeacon, WireStatement } from './pf2-messages.ts';
import { positiveMinorSchema } from './primitives.ts';

export const GameId = {
  RouletteEu: 'roulette-eu',
  Baccarat: 'baccarat',
  DragonTiger: 'dragon-tiger',
  Sicbo: 'sicbo',
  Blackjack: 'blackjack',
} as const;
export type GameId = (typeof GameId)[keyof typeof GameId];
export const gameIdSchema = z.enum([GameId.RouletteEu, GameId.Baccarat, GameId.DragonTiger, GameId.Sicbo, GameId.Blackjack]);

export const Phase = {
  Idle: 'idle',
  Betting: 'betting',
  Closed: 'closed',
  /** Blackjack: the cards are out and seats are deciding. */
  Playing: 'playing',
  Result: 'result',
  Settled: 'settled',
  Voided: 'voided',
} as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

export const tableLimitsSchema = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/),
  minBetMinor: positiveMinorSchema,
  maxSpotMinor: positiveMinorSchema,
  maxRoundMinor: positiveMinorSchema,
});
export type TableLimits = z.infer<typeof tableLimitsSchema>;

export type TableSummary = {
  id: string;
  name: string;
  game: GameId;
  limits: TableLimits;
  /** Theoretical return to player per bet kind, e.g. { straight: 0.973 } */
  rtp: Record<string, number>;
  bettingWindowMs: number;
  autoCycle: boolean;
  open: boolean;
  /** The table's fairness scheme: pf1 (docs/FAIRNESS.md) or pf2 (docs/PF2.md, bets carry commitments). */
  fairness: 'pf1' | 'pf2';
  /** pf2: how long bettors have to reveal after the freeze. */
  revealWindowMs: number;
  /** pf2: the drand chain (chain hash) the next freeze takes its beacon from; null when the table uses none (PF2.md §6). */
  beacon: string | null;
};

export type RoundView = {
  round: number;
  phase: Phase;
  commitment: string;
  chainIndex: number;
  /** Epoch ms when betting closes on its own (auto-cycle), else null. */
  closesAt: number | null;
  lastCall: boolean;
  clientSeeds: { playerId: string; clientSeed: string }[];
  outcome: Outcome | null;
  serverSeed: string | null;
  clientString: string | null;
  /** Blackjack only: the hand in play, while the round is in phase `playing`. */
  blackjack?: BlackjackPlay | null;
  /** pf2 rounds only (docs/PF2.md): the signed freeze and reveal set once they exist, and when the reveal window closes. */
  pf2?: {
    freeze: WireStatement | null;
    /** The last signed pf2.resume after a restart reopened the window (it fixes R′, PF2.md §8); null if none. */
    resume: WireStatement | null;
    revealClosesAt: number | null;
    revealed: WireStatement | null;
    /** How many frozen bettors have revealed so far (a count: who, and their secrets, only once the window closes). */
    revealedSoFar: number;
    /** The beacon the freeze fixed, and its value once obtained; null on a table without one. */
    beacon: RoundBeacon | null;
  };
};

export type PlacedBet = {
  betId: string;
  playerId: string;
  playerName: string;
  spot: string;
  amountMinor: number;
};

export type PlayerPayout = {
  playerId: string;
  playerName: string;
  stakeMinor: number;
  payoutMinor: number;
};

export type HistoryEntry = { round: number; outcome: Outcome; settledAt: number };

export type SeatedPlayer = { playerId: string; name: string; connected: boolean };

/**
 * A blackjack round in play (after the deal, before the result): what the
 * table shows and whose decision it is. Sent after the deal and after every
 * decision, and in RoundView.blackjack for a snapshot.
 */
export type BlackjackPlay = {
  /** The dealer's up card only, until the dealer plays. */
  dealer: string[];
  seats: {
    seat: number;
    ownerId: string;
    ownerName: string;
    insured: boolean;
    hands: { cards: string[]; total: number; soft: boolean; doubled: boolean }[];
  }[];
  turn:
    | { phase: 'insurance'; seats: number[] }
    | { phase: 'play'; seat: number; hand: number; actions: ('hit' | 'stand' | 'double' | 'split')[] }
    | { phase: 'done' };
  /** Epoch ms when the current decision times out (a timed-out or disconnected seat stands; no insurance). */
  deadline: number | null;
};
