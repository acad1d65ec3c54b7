// The SQL behind tables, seed chains, rounds, client seeds and bets: the
// round engine sees plain rows (table-rows.ts), never SQL.
import type { Database } from './database.ts';
import type { FairnessScheme, TableConfig } from '../../shared/api.ts';
import type { GameId, Outcome } from '../../shared/protocol.ts';
import { betFromRaw, roundFromRaw, storedTableConfig, type BetRow, type ChainRow, type RawBet, type RawRound, type RoundRow, type TableRow } from './table-rows.ts';

export type { BetRow, ChainRow, RawBet, RawRound, RoundRow, TableRow } from './table-rows.ts';

/** A client seed recorded for a round, in recording order. */
export type SeedRow = { playerId: string; clientSeed: string; recordedAt: number };

/** The one query for a round's client seeds: the engine's recovery and the audit record both read them this way. */
export const seedsOfRoundSql = `SELECT player_id AS playerId, client_seed AS clientSeed, recorded_at AS recordedAt
       FROM round_seeds WHERE round_id = ? ORDER BY recorded_at, rowid`;

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
  readonly #betOrder;
  readonly #updateConfig;

  constructor(db: Database) {
    this.#insertTable = db.prepare(
      `INSERT INTO game_tables (id, name, game, config, invite_code, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#allTables = db.prepare(`SELECT * FROM game_tables WHERE closed_at IS NULL ORDER BY created_at`);
    this.#closeTable = db.prepare(`UPDATE game_tables SET closed_at = ? WHERE id = ?`);
    this.#updateConfig = db.prepare(`UPDATE game_tables SET config = ? WHERE id = ? AND closed_at IS NULL`);
    this.#advanceRound = db.prepare(`UPDATE game_tables SET next_round = next_round + 1 WHERE id = ? AND next_round = ?`);
    this.#insertChain = db.prepare(
      `INSERT INTO chains (table_id, commitment, terminal, length, created_at) VALUES (?, ?, ?, ?, ?)`,
    );
    this.#activeChain = db.prepare(`SELECT * FROM chains WHERE table_id = ? AND retired_at IS NULL ORDER BY id DESC LIMIT 1`);
    this.#chainById = db.prepare(`SELECT * FROM chains WHERE id = ?`);
    this.#advanceChain = db.prepare(`UPDATE chains SET next_index = next_index + 1 WHERE id = ? AND next_index = ?`);
    this.#retireChain = db.prepare(`UPDATE chains SET retired_at = ? WHERE id = ? AND retired_at IS NULL`);
    this.#insertRound = db.prepare(
      `INSERT INTO rounds (table_id, number, game, rules_version, chain_id, commitment, chain_index, phase, opened_by, opened_at, fairness, announced_close_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'betting', ?, ?, ?, ?)`,
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
    this.#seedsOfRound = db.prepare<[number], SeedRow>(seedsOfRoundSql);
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
    this.#betOrder = db.prepare<[number, number], { n: number }>('SELECT count(*) AS n FROM bets WHERE round_id = ? AND id <= ?');
    this.#betsOfPlayerInRound = db.prepare(
      `SELECT * FROM bets WHERE round_id = ? AND player_id = ? AND cancelled_at IS NULL ORDER BY id`,
    );
  }

  insertTable(row: { id: string; name: string; game: GameId; config: TableConfig; inviteCode: string; createdAt: number }): void {
    this.#insertTable.run(row.id, row.name, row.game, JSON.stringify(row.config), row.inviteCode, row.createdAt);
  }

  /** A setting the dealer changed (auto-cycle, …): the stored config is what the table runs after a restart. */
  updateConfig(tableId: string, config: TableConfig): void {
    if (this.#updateConfig.run(JSON.stringify(config), tableId).changes !== 1) throw new Error(`table ${tableId} is not an open table`);
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
      config: storedTableConfig(raw.config),
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
    fairness: FairnessScheme;
    announcedCloseAt: number | null;
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
      row.fairness,
      row.announcedCloseAt,
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

  seedsOfRound(roundId: number): SeedRow[] {
    return this.#seedsOfRound.all(roundId);
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

  /** A bet's acceptance order in its round, from 1, taken-back bets included (pf2's acceptedSeq). */
  betOrderInRound(roundId: number, betRowId: number): number {
    return this.#betOrder.get(roundId, betRowId)?.n ?? 0;
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
