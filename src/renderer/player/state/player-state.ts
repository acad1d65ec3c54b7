// The whole player page state, as one plain value. Everything that changes it
// goes through playerReducer (player-reducer.ts), so the page can be replayed
// and tested from a list of server messages without a browser.
import type {
  ClientMessage,
  HistoryEntry,
  Outcome,
  Phase,
  PlacedBet,
  PlayerSettlement,
  RoundView,
  SeatedPlayer,
  TableSummary,
} from '../../../shared/protocol.ts';
import { initialPf2State, type Pf2State } from './pf2-state.ts';

export type BetPlaceRequest = Extract<ClientMessage, { kind: 'bet.place' }>;
export type BetCancelRequest = Extract<ClientMessage, { kind: 'bet.cancel' }>;
export type SeedSetRequest = Extract<ClientMessage, { kind: 'seed.set' }>;
export type BlackjackDecideRequest = Extract<ClientMessage, { kind: 'blackjack.decide' }>;
export type Pf2RevealRequest = Extract<ClientMessage, { kind: 'pf2.reveal' }>;
/** A request that changes something and so waits in the outbox until the server acks or rejects it. */
export type PendingRequest = BetPlaceRequest | BetCancelRequest | SeedSetRequest | BlackjackDecideRequest | Pf2RevealRequest;

/** A spot and a stake, before it has a bet id. */
export type WantedBet = { spot: string; amountMinor: number };

export type ConnectionStatus =
  | { state: 'connecting' }
  | { state: 'connected' }
  | { state: 'reconnecting'; attempt: number; retryAt: number }
  | { state: 'closed'; code: number; reason: string };

export type Identity = { playerId: string; name: string; tableId: string };

/**
 * One round as this page saw it, kept after the round ends so the result,
 * my payout and the revealed seed stay on screen and can be verified.
 */
export type RoundRecord = {
  round: number;
  phase: Phase;
  commitment: string;
  chainIndex: number;
  clientSeeds: { playerId: string; clientSeed: string }[];
  outcome: Outcome | null;
  serverSeed: string | null;
  clientString: string | null;
  /** What I staked in the round; known once it settles or is voided. */
  myStakeMinor: number | null;
  /** Everything returned to me (stake included, refunds on a void), null until settled or voided. */
  myPayoutMinor: number | null;
  voidReason: string | null;
};

/** The bets one of my bet.place requests put on the table, so Undo can take back a whole click or Rebet. */
export type Placement = { requestId: string; round: number; betIds: string[] };

export type Toast = { id: number; tone: 'error' | 'info'; message: string };

export type PlayerState = {
  identity: Identity | null;
  clientSeed: string | null;
  balanceMinor: number | null;
  connection: ConnectionStatus;
  /** Server clock minus local clock, so closesAt (server time) counts down correctly. */
  clockOffsetMs: number;
  /** The round trip of the sample clockOffsetMs came from; a faster one replaces it. */
  clockSampleRttMs: number | null;
  rttMs: number | null;
  /** True between a snapshot and the end of that connection: events only apply on top of a snapshot. */
  synced: boolean;
  seq: number;
  /** An event was missed (seq gap): the connection must start over to get a fresh snapshot. */
  resyncNeeded: boolean;
  table: TableSummary | null;
  /** The live chain commitment (changes on chain.rotated, before the next round opens). */
  commitment: string | null;
  round: RoundView | null;
  /**
   * The confirmed bets of the current round this page knows: all of mine,
   * and the newest of everyone else's (a busy table sends only the newest).
   */
  bets: PlacedBet[];
  /** Every live bet of the round, counted by the server, including those not in bets. */
  betCount: number;
  /** Everyone's live stake per spot, as the server last broadcast it. */
  spotTotals: Record<string, number>;
  /** My result in the last settled round I bet on, as the server told me. */
  lastSettlement: PlayerSettlement | null;
  /** Players present (the server lists at most Limits.maxSnapshotPlayers of them). */
  players: SeatedPlayer[];
  /** How many are present, listed or not. */
  playerCount: number;
  /** Newest first, at most Limits.historyLength. */
  history: HistoryEntry[];
  /** My bets of the last round I played, for Rebet. */
  lastRoundBets: WantedBet[];
  /** Newest first, the rounds seen live on this page. */
  rounds: RoundRecord[];
  /** Requests sent (or waiting to be sent) and neither acked nor rejected yet, oldest first. */
  outbox: PendingRequest[];
  /** My acked placements in the current round, oldest first. */
  placements: Placement[];
  tableClosed: boolean;
  /** Blackjack: when the current decision's timer started, on the server's clock (for the countdown bar's length). */
  blackjackTurnAt: number | null;
  toasts: Toast[];
  nextToastId: number;
  /** pf2 tables (docs/PF2.md): my commitments, the signed statements, the checks and alarms, per round. */
  pf2: Pf2State;
};

export const ROUND_RECORD_LIMIT = 20;
export const TOAST_LIMIT = 4;

/** `pinnedFingerprint`: the signing key's fingerprint from the invite link, if it had one. */
export function initialPlayerState(identity: Identity | null = null, pinnedFingerprint: string | null = null): PlayerState {
  return {
    identity,
    clientSeed: null,
    balanceMinor: null,
    connection: { state: 'connecting' },
    clockOffsetMs: 0,
    clockSampleRttMs: null,
    rttMs: null,
    synced: false,
    seq: 0,
    resyncNeeded: false,
    table: null,
    commitment: null,
    round: null,
    bets: [],
    betCount: 0,
    spotTotals: {},
    lastSettlement: null,
    players: [],
    playerCount: 0,
    history: [],
    lastRoundBets: [],
    rounds: [],
    outbox: [],
    placements: [],
    tableClosed: false,
    blackjackTurnAt: null,
    toasts: [],
    nextToastId: 1,
    pf2: initialPf2State(pinnedFingerprint),
  };
}
