// Server -> client: every message the server sends a player, the table events
// it broadcasts, and the snapshot a (re)connecting player starts from.
import type { ErrorCode } from './codes.ts';
import type { PROTOCOL_VERSION } from './limits.ts';
import type { Outcome } from './outcomes.ts';
import type { FrozenLinesOfPlayer, RoundBeacon, WireProof, WireStatement } from './pf2-messages.ts';
import type { BlackjackPlay, HistoryEntry, PlacedBet, PlayerPayout, RoundView, SeatedPlayer, TableSummary } from './table-views.ts';

export const ServerKind = {
  Welcome: 'welcome',
  Snapshot: 'snapshot',
  Event: 'event',
  Ack: 'ack',
  Error: 'error',
  Balance: 'balance',
  Settlement: 'settlement',
  Pong: 'pong',
  /** pf2: the bettor's own frozen lines with their proofs, privately, with the round's freeze. */
  FrozenLines: 'pf2.lines',
  /** pf2: the bettor's signed receipt of a settled round (its audit record's hash), privately. */
  Receipt: 'pf2.receipt',
} as const;
export type ServerKind = (typeof ServerKind)[keyof typeof ServerKind];

export const EventKind = {
  RoundOpened: 'round.opened',
  RoundLastCall: 'round.last_call',
  RoundClosed: 'round.closed',
  RoundResult: 'round.result',
  RoundSettled: 'round.settled',
  RoundVoided: 'round.voided',
  BetsPlaced: 'bets.placed',
  BetsCancelled: 'bets.cancelled',
  SeedRecorded: 'seed.recorded',
  PlayerJoined: 'player.joined',
  PlayerLeft: 'player.left',
  ChainRotated: 'chain.rotated',
  TableClosed: 'table.closed',
  BlackjackTurn: 'blackjack.turn',
  /** pf2: the signed freeze statement; the reveal window is open. */
  RoundFrozen: 'round.frozen',
  /** pf2: the signed statement of who revealed, when the window closed. */
  RoundRevealed: 'round.revealed',
  /** pf2: after a restart, the signed statement that reopens the reveal window. */
  RoundResumed: 'round.resumed',
  /** pf2 with a beacon: the beacon round is late (the round waits for it), or its checked value arrived. */
  RoundBeacon: 'round.beacon',
  /** pf2: the dealer switched the public beacon on or off for later rounds; announced so no page takes the change for a trick. */
  TableBeacon: 'table.beacon',
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

export type TableEvent =
  | { kind: typeof EventKind.RoundOpened; round: number; commitment: string; chainIndex: number; closesAt: number | null }
  | { kind: typeof EventKind.RoundLastCall; round: number; closesAt: number }
  | { kind: typeof EventKind.RoundClosed; round: number }
  | {
      kind: typeof EventKind.RoundResult;
      round: number;
      outcome: Outcome;
      serverSeed: string;
      clientString: string;
      chainIndex: number;
      commitment: string;
    }
  | {
      kind: typeof EventKind.RoundSettled;
      round: number;
      betCount: number;
      stakeMinor: number;
      payoutMinor: number;
      houseWinMinor: number;
      /** The biggest returns of the round (at most Limits.maxPayoutsPerEvent); each player also gets a private `settlement`. */
      topPayouts: PlayerPayout[];
    }
  /** `statement`: pf2's signed pf2.void. */
  | { kind: typeof EventKind.RoundVoided; round: number; reason: string; statement?: WireStatement }
  | {
      kind: typeof EventKind.BetsPlaced;
      round: number;
      /** The newest bets of this batch, at most Limits.maxBetsPerEvent of them. */
      bets: PlacedBet[];
      /** How many bets the batch held in all. */
      betCount: number;
      /** Every spot's live total after the batch. */
      spotTotals: Record<string, number>;
    }
  | { kind: typeof EventKind.BetsCancelled; round: number; playerId: string; betIds: string[]; spotTotals: Record<string, number> }
  | { kind: typeof EventKind.SeedRecorded; round: number; seeds: { playerId: string; clientSeed: string }[] }
  | { kind: typeof EventKind.PlayerJoined; players: SeatedPlayer[]; playerCount: number }
  | { kind: typeof EventKind.PlayerLeft; playerIds: string[]; playerCount: number }
  | { kind: typeof EventKind.ChainRotated; commitment: string; previousCommitment: string }
  | { kind: typeof EventKind.TableClosed }
  | ({ kind: typeof EventKind.BlackjackTurn; round: number } & BlackjackPlay)
  | { kind: typeof EventKind.RoundFrozen; round: number; statement: WireStatement; revealClosesAt: number }
  | { kind: typeof EventKind.RoundRevealed; round: number; statement: WireStatement }
  | { kind: typeof EventKind.RoundResumed; round: number; statement: WireStatement; revealClosesAt: number }
  | { kind: typeof EventKind.RoundBeacon; round: number; beacon: RoundBeacon }
  | { kind: typeof EventKind.TableBeacon; beacon: string | null };

export type TableSnapshot = {
  seq: number;
  table: TableSummary;
  round: RoundView | null;
  /** All of this player's live bets in the current round, then the newest of everyone else's (at most Limits.maxSnapshotBets in all). */
  bets: PlacedBet[];
  /** Every live bet of the round counted, and every spot's total. */
  betCount: number;
  spotTotals: Record<string, number>;
  /** Players present now: this player first, at most Limits.maxSnapshotPlayers. A snapshot never grows with everyone ever seen. */
  players: SeatedPlayer[];
  /** How many players are present now. */
  playerCount: number;
  history: HistoryEntry[];
  /** The player's bets of the last settled round, for "rebet". */
  lastRoundBets: { spot: string; amountMinor: number }[];
  /** The player's own result in the last settled round they bet on, if any. */
  lastSettlement: PlayerSettlement | null;
};

export type PlayerSettlement = { round: number; stakeMinor: number; payoutMinor: number };

export type ServerMessage =
  | {
      kind: typeof ServerKind.Welcome;
      protocol: typeof PROTOCOL_VERSION;
      playerId: string;
      /** How public proofs and pf2's lines name this player at this table (PF2.md: the player's reference). */
      reference: string;
      /** The installation's Ed25519 public key (64 hex digits): it signs pf2 statements and audit exports. */
      statementKey: string;
      name: string;
      tableId: string;
      balanceMinor: number;
      clientSeed: string;
      serverTime: number;
    }
  | { kind: typeof ServerKind.Snapshot; snapshot: TableSnapshot }
  | { kind: typeof ServerKind.Event; tableId: string; seq: number; at: number; event: TableEvent }
  /**
   * `statement`: pf2's signed acknowledgement of a reveal. `acknowledgement`:
   * pf2's signed pf2.bets of the group commit that took a bet request or a
   * take-back, with this request's lines (PF2.md §7) and their proofs.
   */
  | {
      kind: typeof ServerKind.Ack;
      requestId: string;
      balanceMinor: number;
      statement?: WireStatement;
      acknowledgement?: { statement: WireStatement; lines: WireProof[] };
    }
  | ({ kind: typeof ServerKind.FrozenLines } & FrozenLinesOfPlayer)
  | { kind: typeof ServerKind.Receipt; round: number; statement: WireStatement }
  | { kind: typeof ServerKind.Error; requestId: string | null; code: ErrorCode; message: string }
  | { kind: typeof ServerKind.Balance; balanceMinor: number }
  | ({ kind: typeof ServerKind.Settlement; balanceMinor: number } & PlayerSettlement)
  | { kind: typeof ServerKind.Pong; requestId: string; clientTime: number; serverTime: number };
