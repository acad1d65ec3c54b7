// What a table is given by the process that runs it: its database and
// stores, the ledger, the one clock, the audit recorder, and the callbacks
// through which it tells the server (and its metrics) what happened.
import type { Database } from '../storage/database.ts';
import type { PlayerSettlement, ServerMessage } from '../../shared/protocol.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Clock } from './clock.ts';
import type { BeaconSource } from './pf2-beacon.ts';
import type { RoundRecorder } from './round-finisher.ts';
import type { EventEnvelope } from './table-events.ts';
import type { TableStore } from '../storage/table-store.ts';

/** A player at the table as a request names them: who, under which name, and their wallet. */
export type Seat = { playerId: string; name: string; walletAccountId: number; muted: boolean };

/** What the table reports for live health (the server's metrics implement it). */
export type TableObserver = {
  /** One group commit: its transaction's duration and the requests it held. */
  committed(durationMs: number, operationCount: number): void;
  betRequestAnswered(accepted: boolean, betCount: number, waitedMs: number): void;
  roundEnded(phase: 'settled' | 'voided'): void;
};

export type TableDependencies = {
  observer: TableObserver;
  db: Database;
  store: TableStore;
  ledger: Ledger;
  houseAccountId: number;
  chainLength: number;
  /** Every timer and timestamp of the table goes through it. */
  clock: Clock;
  /** Called for every table event, in sequence order. */
  publish: (envelope: EventEnvelope) => void;
  /** Called after a commit that changed a player's wallet outside a request they made. */
  balanceChanged: (playerId: string, balanceMinor: number) => void;
  /** Called for every player who had bets in a round that just settled: their own result, privately. */
  playerSettled: (playerId: string, settlement: PlayerSettlement, balanceMinor: number) => void;
  /** Sends one player a message of their own (pf2: their frozen lines), if they are connected. */
  sendPrivately: (playerId: string, message: ServerMessage) => void;
  /** pf2: the player as a table's pf2 lines name them, a keyed pseudonym (the public proofs' `player`). */
  playerReference: (tableId: string, playerId: string) => string;
  /** pf2: the installation key's Ed25519 signature (standard base64) of a statement's canonical JSON (PF2.md §7). */
  signStatement: (canonicalJson: string) => string;
  /**
   * The audit log: a finished round's record is drafted once its money has
   * moved and appended in the transaction that settles or voids the round,
   * so a finished round without a record cannot exist.
   */
  recorder: RoundRecorder;
  /** Bets posted (and recorded) per step when a big round finishes: bounded work per turn of the event loop. */
  finishBetsPerStep: number;
  /** Units of work (a bet made into its frozen lines, a tree hash) per step when a big pf2 round freezes. */
  freezeLinesPerStep: number;
  /** pf2: where the public beacon's values come from (PF2.md §6); null when this server fetches none. */
  beacon: BeaconSource | null;
  /** A line for the operator's log (stderr): failures that leave a round waiting. */
  log: (line: string) => void;
};
