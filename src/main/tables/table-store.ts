// The SQL behind tables, seed chains, rounds, client seeds and bets. Only
// this module speaks SQL for them; the round engine sees plain rows.
import type Database from 'better-sqlite3';
import type { TableConfig } from '../../shared/api.ts';
import type { GameId, Outcome, Phase } from '../../shared/protocol.ts';

export type TableRow = {
  id: string;
  name: string;
  game: GameId;
  config: TableConfig;
  inviteCode: string;
  nextRound: number;
  createdAt: number;
  closedAt: number | null;
};

export type ChainRow = {
  id: number;
  tableId: string;
  commitment: string;
  terminal: string;
  length: number;
  nextIndex: number;
};

export type RoundRow = {
  id: number;
  tableId: string;
  number: number;
  game: GameId;
  rulesVersion: string;
  chainId: number;
  commitment: string;
  chainIndex: number;
  phase: Exclude<Phase, 'idle'>;
  openedBy: string;
  openedAt: number;
  closedAt: number | null;
  resultAt: number | null;
  settledAt: number | null;
  serverSeed: string | null;
  clientString: string | null;
  outcome: Outcome | null;
  voidReason: string | null;
  voidedBy: string | null;
};

export type BetRow = {
  id: number;
  roundId: number;
  playerId: string;
  betId: string;
  spot: string;
  amountMinor: number;
  placedAt: number;
  stakeTransferId: number;
  cancelledAt: number | null;
  payoutMinor: number | null;
};

/** A `rounds` row as SQLite returns it (`SELECT *`, snake_case columns). */
export type RawRound = {
  id: number;
  table_id: string;
  number: number;
  game: string;
  rules_version: string;
  chain_id: number;
  commitment: string;
  chain_index: number;
  phase: string;
  opened_by: string;
  opened_at: number;
  closed_at: number | null;
  result_at: number | null;
  settled_at: number | null;
  server_seed: string | null;
  client_string: string | null;
  outcome: string | null;
  void_reason: string | null;
  voided_by: string | null;
};

/** A `bets` row as SQLite returns it (`SELECT *`, snake_case columns). */
export type RawBet = {
  id: number;
  round_id: number;
  player_id: string;
  bet_id: string;
  spot: string;
  amount_minor: number;
  placed_at: number;
  stake_transfer_id: number;
  cancelled_at: number | null;
  payout_minor: number | null;
};

function roundFromRaw(raw: RawRound): RoundRow {
  return {
    id: raw.id,
    tableId: raw.table_id,
    number: raw.number,
    game: raw.game as GameId,
    rulesVersion: raw.rules_version,
    chainId: raw.chain_id,
    commitment: raw.commitment,
    chainIndex: raw.chain_index,
    phase: raw.phase as RoundRow['phase'],
    openedBy: raw.opened_by,
    openedAt: raw.opened_at,
    closedAt: raw.closed_at,
    resultAt: raw.result_at,
    settledAt: raw.settled_at,
    serverSeed: raw.server_seed,
    clientString: raw.client_string,
    outcome: raw.outcome === null ? null : (JSON.parse(raw.outcome) as Outcome),
    voidReason: raw.void_reason,
    voidedBy: raw.voided_by,
  };
}

function betFromRaw(raw: RawBet): BetRow {
  return {
    id: raw.id,
    roundId: raw.round_id,
    playerId: raw.player_id,
    betId: raw.bet_id,
    spot: raw.spot,
    amountMinor: raw.amount_minor,
    placedAt: raw.placed_at,
    stakeTransferId: raw.stake_transfer_id,
    cancelledAt: raw.cancelled_at,
    payoutMinor: raw.payout_minor,
  };
}

export type RoundTotals = { betCount: number; stakeMinor: number; payoutMinor: number };

export class TableStore {
  readonly #insertTable;
  readonly #allTables;
  readonly #closeTable;
  readonly #advanceRound;
  readonly #insertChain;
  readonly #activeChain;
  readonly #chainById;
  readonly #advanceChain;
  readonly #retireChain;
  readonly #insertRound;
  readonly #roundByNumber;
  readonly #unfinishedRounds;
  readonly #recentRounds;
  readonly #closeRound;
  readonly #recordResult;
  readonly #settleRound;
  readonly #voidRound;
  readonly #insertSeed;
  readonly #seedsOfRound;
  readonly #insertBet;
  readonly #betsOfRound;
  readonly #betByPlayerAndId;
  readonly #cancelBet;
  readonly #setPayout;
  readonly #roundTotals;
  readonly #betsOfPlayerInRound;

  constructor(db: Database.Database) {
    this.#insertTable = db.prepare(
      `INSERT INTO game_tables (id, name, game, config, invite_code, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#allTables = db.prepare(`SELECT * FROM game_tables WHERE closed_at IS NULL ORDER BY created_at`);
    this.#closeTable = db.prepare(`UPDATE game_tables SET closed_at = ? WHERE id = ?`);
    this.#advanceRound = db.prepare(`UPDATE game_tables SET next_round = next_round + 1 WHERE id = ? AND next_round = ?`);
    this.#insertChain = db.prepare(
      `INSERT INTO chains (table_id, commitment, terminal, length, created_at) VALUES (?, ?, ?, ?, ?)`,
    );
    this.#activeChain = db.prepare(`SELECT * FROM chains WHERE table_id = ? AND retired_at IS NULL ORDER BY id DESC LIMIT 1`);
    this.#chainById = db.prepare(`SELECT * FROM chains WHERE id = ?`);
    this.#advanceChain = db.prepare(`UPDATE chains SET next_index = next_index + 1 WHERE id = ? AND next_index = ?`);
    this.#retireChain = db.prepare(`UPDATE chains SET retired_at = ? WHERE id = ? AND retired_at IS NULL`);
    this.#insertRound = db.prepare(
      `INSERT INTO rounds (table_id, number, game, rules_version, chain_id, commitment, chain_index, phase, opened_by, opened_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'betting', ?, ?)`,
    );
    this.#roundByNumber = db.prepare(`SELECT * FROM rounds WHERE table_id = ? AND number = ?`);
    this.#unfinishedRounds = db.prepare(
      `SELECT * FROM rounds WHERE table_id = ? AND phase IN ('betting', 'closed', 'result') ORDER BY number`,
    );
    this.#recentRounds = db.prepare(`SELECT * FROM rounds WHERE table_id = ? ORDER BY number DESC LIMIT ?`);
    this.#closeRound = db.prepare(`UPDATE rounds SET phase = 'closed', closed_at = ? WHERE id = ? AND phase = 'betting'`);
    this.#recordResult = db.prepare(
      `UPDATE rounds SET phase = 'result', result_at = ?, server_seed = ?, client_string = ?, outcome = ?
       WHERE id = ? AND phase = 'closed'`,
    );
    this.#settleRound = db.prepare(`UPDATE rounds SET phase = 'settled', settled_at = ? WHERE id = ? AND phase = 'result'`);
    this.#voidRound = db.prepare(
      `UPDATE rounds SET phase = 'voided', settled_at = ?, void_reason = ?, voided_by = ?
       WHERE id = ? AND phase IN ('betting', 'closed')`,
    );
    this.#insertSeed = db.prepare(
      `INSERT INTO round_seeds (round_id, player_id, client_seed, recorded_at) VALUES (?, ?, ?, ?)`,
    );
    this.#seedsOfRound = db.prepare(`SELECT player_id, client_seed FROM round_seeds WHERE round_id = ? ORDER BY recorded_at, rowid`);
    this.#insertBet = db.prepare(
      `INSERT INTO bets (round_id, player_id, bet_id, spot, amount_minor, placed_at, stake_transfer_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#betsOfRound = db.prepare(`SELECT * FROM bets WHERE round_id = ? ORDER BY id`);
    this.#betByPlayerAndId = db.prepare(`SELECT * FROM bets WHERE player_id = ? AND bet_id = ?`);
    this.#cancelBet = db.prepare(`UPDATE bets SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL`);
    // Idempotent: settling a big round in chunks may be resumed after a crash, and pays each bet the same again.
    this.#setPayout = db.prepare(`UPDATE bets SET payout_minor = @payout WHERE id = @id AND (payout_minor IS NULL OR payout_minor = @payout)`);
    this.#roundTotals = db.prepare(
      `SELECT count(*) AS betCount, coalesce(sum(amount_minor), 0) AS stakeMinor, coalesce(sum(payout_minor), 0) AS payoutMinor
       FROM bets WHERE round_id = ? AND cancelled_at IS NULL`,
    );
    this.#betsOfPlayerInRound = db.prepare(
      `SELECT * FROM bets WHERE round_id = ? AND player_id = ? AND cancelled_at IS NULL ORDER BY id`,
    );
  }

  insertTable(row: { id: string; name: string; game: GameId; config: TableConfig; inviteCode: string; createdAt: number }): void {
    this.#insertTable.run(row.id, row.name, row.game, JSON.stringify(row.config), row.inviteCode, row.createdAt);
  }

  openTables(): TableRow[] {
    const raws = this.#allTables.all() as {
      id: string;
      name: string;
      game: string;
      config: string;
      invite_code: string;
      next_round: number;
      created_at: number;
      closed_at: number | null;
    }[];
    return raws.map((raw) => ({
      id: raw.id,
      name: raw.name,
      game: raw.game as GameId,
      config: JSON.parse(raw.config) as TableConfig,
      inviteCode: raw.invite_code,
      nextRound: raw.next_round,
      createdAt: raw.created_at,
      closedAt: raw.closed_at,
    }));
  }

  closeTable(tableId: string, at: number): void {
    this.#closeTable.run(at, tableId);
  }

  /** Claims round number `expected` for the table; asserts no one else did. */
  advanceRound(tableId: string, expected: number): void {
    const changes = this.#advanceRound.run(tableId, expected).changes;
    if (changes !== 1) throw new Error(`round counter of ${tableId} is not at ${expected}`);
  }

  insertChain(tableId: string, commitment: string, terminal: string, length: number, at: number): number {
    return Number(this.#insertChain.run(tableId, commitment, terminal, length, at).lastInsertRowid);
  }

  activeChain(tableId: string): ChainRow | null {
    const raw = this.#activeChain.get(tableId) as
      | { id: number; table_id: string; commitment: string; terminal: string; length: number; next_index: number }
      | undefined;
    if (!raw) return null;
    return {
      id: raw.id,
      tableId: raw.table_id,
      commitment: raw.commitment,
      terminal: raw.terminal,
      length: raw.length,
      nextIndex: raw.next_index,
    };
  }

  chainTerminal(chainId: number): { terminal: string; length: number } {
    const raw = this.#chainById.get(chainId) as { terminal: string; length: number } | undefined;
    if (!raw) throw new Error(`chain ${chainId} does not exist`);
    return raw;
  }

  advanceChain(chainId: number, expected: number): void {
    const changes = this.#advanceChain.run(chainId, expected).changes;
    if (changes !== 1) throw new Error(`chain ${chainId} is not at index ${expected}`);
  }

  retireChain(chainId: number, at: number): void {
    this.#retireChain.run(at, chainId);
  }

  insertRound(row: {
    tableId: string;
    number: number;
    game: GameId;
    rulesVersion: string;
    chainId: number;
    commitment: string;
    chainIndex: number;
    openedBy: string;
    openedAt: number;
  }): number {
    const result = this.#insertRound.run(
      row.tableId,
      row.number,
      row.game,
      row.rulesVersion,
      row.chainId,
      row.commitment,
      row.chainIndex,
      row.openedBy,
      row.openedAt,
    );
    return Number(result.lastInsertRowid);
  }

  round(tableId: string, number: number): RoundRow | null {
    const raw = this.#roundByNumber.get(tableId, number) as RawRound | undefined;
    return raw ? roundFromRaw(raw) : null;
  }

  unfinishedRounds(tableId: string): RoundRow[] {
    return (this.#unfinishedRounds.all(tableId) as RawRound[]).map(roundFromRaw);
  }

  recentRounds(tableId: string, limit: number): RoundRow[] {
    return (this.#recentRounds.all(tableId, limit) as RawRound[]).map(roundFromRaw);
  }

  closeRound(roundId: number, at: number): void {
    this.#expectOne(this.#closeRound.run(at, roundId).changes, `close round ${roundId}`);
  }

  recordResult(roundId: number, at: number, serverSeed: string, clientString: string, outcome: Outcome): void {
    const changes = this.#recordResult.run(at, serverSeed, clientString, JSON.stringify(outcome), roundId).changes;
    this.#expectOne(changes, `record the result of round ${roundId}`);
  }

  settleRound(roundId: number, at: number): void {
    this.#expectOne(this.#settleRound.run(at, roundId).changes, `settle round ${roundId}`);
  }

  voidRound(roundId: number, at: number, reason: string, voidedBy: string): void {
    this.#expectOne(this.#voidRound.run(at, reason, voidedBy, roundId).changes, `void round ${roundId}`);
  }

  insertSeed(roundId: number, playerId: string, clientSeed: string, at: number): void {
    this.#insertSeed.run(roundId, playerId, clientSeed, at);
  }

  seedsOfRound(roundId: number): { playerId: string; clientSeed: string }[] {
    const raws = this.#seedsOfRound.all(roundId) as { player_id: string; client_seed: string }[];
    return raws.map((raw) => ({ playerId: raw.player_id, clientSeed: raw.client_seed }));
  }

  insertBet(row: Omit<BetRow, 'id' | 'cancelledAt' | 'payoutMinor'>): number {
    const result = this.#insertBet.run(
      row.roundId,
      row.playerId,
      row.betId,
      row.spot,
      row.amountMinor,
      row.placedAt,
      row.stakeTransferId,
    );
    return Number(result.lastInsertRowid);
  }

  /** Every bet of the round, cancelled ones included, in placing order. */
  betsOfRound(roundId: number): BetRow[] {
    return (this.#betsOfRound.all(roundId) as RawBet[]).map(betFromRaw);
  }

  liveBetsOfPlayer(roundId: number, playerId: string): BetRow[] {
    return (this.#betsOfPlayerInRound.all(roundId, playerId) as RawBet[]).map(betFromRaw);
  }

  betByPlayerAndId(playerId: string, betId: string): BetRow | null {
    const raw = this.#betByPlayerAndId.get(playerId, betId) as RawBet | undefined;
    return raw ? betFromRaw(raw) : null;
  }

  cancelBet(betRowId: number, at: number): void {
    this.#expectOne(this.#cancelBet.run(at, betRowId).changes, `cancel bet ${betRowId}`);
  }

  setPayout(betRowId: number, payoutMinor: number): void {
    this.#expectOne(this.#setPayout.run({ payout: payoutMinor, id: betRowId }).changes, `pay bet ${betRowId}`);
  }

  roundTotals(roundId: number): RoundTotals {
    return this.#roundTotals.get(roundId) as RoundTotals;
  }

  #expectOne(changes: number, what: string): void {
    // A state transition that matched no row means the engine and the
    // database disagree: a bug, never a user error.
    if (changes !== 1) throw new Error(`could not ${what}: the row is not in the expected state`);
  }
}
