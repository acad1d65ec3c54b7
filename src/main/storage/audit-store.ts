// The SQL of the audit log: what a round's record is built from (rounds,
// round_seeds, bets and the ledger journal, read-only), the chained
// round_records and their parts (append-only, migrations 003 and 006), the
// installation's keys (audit_keys) and the reads of an export.
import type { KnownKey } from '../../shared/audit-api.ts';
import { schemaVersion, type Database } from './database.ts';
import type { RawBet, RawRound } from './table-rows.ts';
import { Pf2Store } from './pf2-store.ts';
import { seedsOfRoundSql, type SeedRow } from './table-store.ts';

/** A journal transfer as a record lists it, with both accounts named. */
export type TransferRow = {
  id: number;
  key: string;
  kind: string;
  amountMinor: number;
  createdAt: number;
  fromAccount: number;
  toAccount: number;
  fromName: string;
  toName: string;
};

export type WalletMove = { id: number; deltaMinor: number };

/** A seed chain as the audit log lists it when it is published or retired (PF2.md §1); lastIndex 0: no round used it. */
export type ChainEventRow = { commitment: string; length: number; publishedAt: number; retiredAt: number | null; lastIndex: number };

const transferColumns = `t.id, t.idempotency_key AS key, t.kind, t.amount_minor AS amountMinor, t.created_at AS createdAt,
              t.from_account AS fromAccount, t.to_account AS toAccount,
              CASE f.ref WHEN '' THEN f.kind ELSE f.kind || ':' || f.ref END AS fromName,
              CASE o.ref WHEN '' THEN o.kind ELSE o.kind || ':' || o.ref END AS toName
       FROM transfers t JOIN accounts f ON f.id = t.from_account JOIN accounts o ON o.id = t.to_account`;

/** The reads a round's record is drafted from, as SQLite returns the rows. */
export class RecordQueries {
  /** A pf2 round's commitments, freeze, reveals and resumes. */
  readonly pf2: Pf2Store;
  readonly #round;
  readonly #seeds;
  readonly #betsFrom;
  readonly #stakeTransfers;
  readonly #transfersByKeys;
  readonly #wallet;
  readonly #walletMovesSince;
  readonly #chainsChanged;
  readonly #lastFinishedAt;

  constructor(db: Database) {
    this.pf2 = new Pf2Store(db);
    // Chains published or retired in [after, upTo]: a chain on the boundary is listed by both records, never by neither.
    this.#chainsChanged = db.prepare<{ table: string; after: number; upTo: number }, ChainEventRow>(
      `SELECT commitment, length, created_at AS publishedAt, retired_at AS retiredAt, next_index - 1 AS lastIndex FROM chains
       WHERE table_id = @table AND ((created_at >= @after AND created_at <= @upTo) OR (retired_at >= @after AND retired_at <= @upTo))
       ORDER BY id`,
    );
    this.#lastFinishedAt = db.prepare<[string], { finishedAt: number }>('SELECT finished_at AS finishedAt FROM round_records WHERE table_id = ? ORDER BY seq DESC LIMIT 1');
    this.#round = db.prepare<[number], RawRound>('SELECT * FROM rounds WHERE id = ?');
    this.#seeds = db.prepare<[number], SeedRow>(seedsOfRoundSql);
    this.#betsFrom = db.prepare<{ round: number; after: number; limit: number }, RawBet>(
      'SELECT * FROM bets WHERE round_id = @round AND id > @after ORDER BY id LIMIT @limit',
    );
    // The stakes of a step's bets by the bets' own transfer ids; every other transfer of a bet by its exact key.
    this.#stakeTransfers = db.prepare<{ round: number; first: number; last: number }, TransferRow & { betRowId: number }>(
      `SELECT b.id AS betRowId, ${transferColumns} JOIN bets b ON b.stake_transfer_id = t.id
       WHERE b.round_id = @round AND b.id BETWEEN @first AND @last`,
    );
    this.#transfersByKeys = db.prepare<string[], TransferRow>(`SELECT ${transferColumns} WHERE t.idempotency_key IN (?, ?, ?, ?, ?)`);
    this.#wallet = db.prepare<[string], { id: number; balance: number }>(`SELECT id, balance FROM accounts WHERE kind = 'wallet' AND ref = ?`);
    // Two index walks (transfers_by_to / transfers_by_from) over the wallet's recent journal only.
    this.#walletMovesSince = db.prepare<{ account: number; since: number }, WalletMove>(
      `SELECT id, amount_minor AS deltaMinor FROM transfers WHERE to_account = @account AND id >= @since
       UNION ALL
       SELECT id, -amount_minor FROM transfers WHERE from_account = @account AND id >= @since
       ORDER BY id DESC`,
    );
  }

  round(roundId: number): RawRound | undefined {
    return this.#round.get(roundId);
  }

  seeds(roundId: number): SeedRow[] {
    return this.#seeds.all(roundId);
  }

  /** Up to `limit` bets of the round after bet row `after`, in row order. */
  betsFrom(roundId: number, after: number, limit: number): RawBet[] {
    return this.#betsFrom.all({ round: roundId, after, limit });
  }

  /** The stake transfers of the round's bets with row ids first..last. */
  stakeTransfers(roundId: number, first: number, last: number): (TransferRow & { betRowId: number })[] {
    return this.#stakeTransfers.all({ round: roundId, first, last });
  }

  /** The transfers with these exact keys (five: a bet's stake, win, loss, void and cancel). */
  transfersByKeys(keys: readonly [string, string, string, string, string]): TransferRow[] {
    return this.#transfersByKeys.all(...keys);
  }

  /** The table's chains published or retired since its last record finished (all of them before its first), up to `upTo`. */
  chainsChangedSinceLastRecord(tableId: string, upTo: number): ChainEventRow[] {
    const after = this.#lastFinishedAt.get(tableId)?.finishedAt ?? 0;
    return this.#chainsChanged.all({ table: tableId, after, upTo });
  }

  wallet(playerId: string): { id: number; balance: number } | undefined {
    return this.#wallet.get(playerId);
  }

  /** The wallet's movements from transfer id `since` on, newest first. */
  walletMovesSince(account: number, since: number): IterableIterator<WalletMove> {
    return this.#walletMovesSince.iterate({ account, since });
  }
}

/** A record's whole line, as SQL over `round_records r`: its parts in order, then its body. */
const recordLineSql = `coalesce((SELECT group_concat(p.text, '' ORDER BY p.part) FROM round_record_parts p WHERE p.round_id = r.round_id), '') || r.body`;

export type NewRecord = {
  tableId: string;
  seq: number;
  roundId: number;
  round: number;
  finishedAt: number;
  prevHash: string;
  hash: string;
  body: string;
};

/** The chained, append-only round_records and the parts of big records' lines. */
export class RecordStore {
  readonly #last;
  readonly #byRoundId;
  readonly #byNumber;
  readonly #insert;
  readonly #insertPart;
  readonly #dropParts;
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
    this.#last = db.prepare<[string], { seq: number; hash: string }>(
      'SELECT seq, hash FROM round_records WHERE table_id = ? ORDER BY seq DESC LIMIT 1',
    );
    this.#byRoundId = db.prepare<[number], { hash: string; prevHash: string }>('SELECT hash, prev_hash AS prevHash FROM round_records WHERE round_id = ?');
    this.#byNumber = db.prepare<[string, number], { line: string }>(
      `SELECT ${recordLineSql} AS line FROM round_records r WHERE r.table_id = ? AND r.round_number = ?`,
    );
    this.#insertPart = db.prepare('INSERT INTO round_record_parts (round_id, part, text) VALUES (?, ?, ?)');
    this.#dropParts = db.prepare('DELETE FROM round_record_parts WHERE round_id = ?');
    this.#insert = db.prepare(
      `INSERT INTO round_records (table_id, seq, round_id, round_number, finished_at, prev_hash, hash, body)
       VALUES (@tableId, @seq, @roundId, @round, @finishedAt, @prevHash, @hash, @body)`,
    );
  }

  /** The table's last record in the chain, or null before its first. */
  last(tableId: string): { seq: number; hash: string } | null {
    return this.#last.get(tableId) ?? null;
  }

  hasRecordOf(roundId: number): boolean {
    return this.#byRoundId.get(roundId) !== undefined;
  }

  /** The round's record hash and the hash before it in the table's chain, or null before it is recorded. */
  linkOf(roundId: number): { hash: string; prevHash: string } | null {
    return this.#byRoundId.get(roundId) ?? null;
  }

  /** The line of round `number`'s record at the table, exactly as exports carry it. */
  lineOf(tableId: string, number: number): string | null {
    return this.#byNumber.get(tableId, number)?.line ?? null;
  }

  insert(record: NewRecord): void {
    this.#insert.run(record);
  }

  insertPart(roundId: number, part: number, text: string): void {
    this.#insertPart.run(roundId, part, text);
  }

  dropParts(roundId: number): void {
    this.#dropParts.run(roundId);
  }

  hasTable(tableId: string): boolean {
    return tableExists(this.#db, tableId);
  }
}

/** Lists the installation's signing key in audit_keys (once) and returns every key it has used, oldest first. */
export function rememberKey(db: Database, key: { fingerprint: string; publicKeyHex: string }, at: number): KnownKey[] {
  db.prepare('INSERT INTO audit_keys (fingerprint, public_key, first_used_at) VALUES (?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING').run(
    key.fingerprint,
    key.publicKeyHex,
    at,
  );
  return db
    .prepare<[], KnownKey>('SELECT fingerprint, public_key AS publicKeyHex, first_used_at AS firstUsedAt FROM audit_keys ORDER BY first_used_at, fingerprint')
    .all();
}

/** The schema version that introduced round_records (migration 003). */
export const AUDIT_SCHEMA_VERSION = 3;
/** The schema version that split big records into parts and a body (migration 006). */
const RECORD_PARTS_SCHEMA_VERSION = 6;

/** The records that finished in [from, to), widened to one contiguous piece of the chain (by seq). */
export function recordSeqRange(db: Database, tableId: string, from: number, to: number): { first: number; last: number } {
  const range = db
    .prepare<[string, number, number], { first: number | null; last: number | null }>(
      'SELECT min(seq) AS first, max(seq) AS last FROM round_records WHERE table_id = ? AND finished_at >= ? AND finished_at < ?',
    )
    .get(tableId, from, to);
  return { first: range?.first ?? 1, last: range?.last ?? 0 };
}

/** The lines of the table's records with seq first..last, in chain order, one at a time. */
export function recordLines(db: Database, tableId: string, first: number, last: number): IterableIterator<{ body: string }> {
  const line = schemaVersion(db) >= RECORD_PARTS_SCHEMA_VERSION ? recordLineSql : 'r.body';
  return db
    .prepare<[string, number, number], { body: string }>(
      `SELECT ${line} AS body FROM round_records r WHERE r.table_id = ? AND r.seq BETWEEN ? AND ? ORDER BY r.seq`,
    )
    .iterate(tableId, first, last);
}

/** Whether the table ever existed: open or closed, its records stay exportable. */
export function tableExists(db: Database, tableId: string): boolean {
  return db.prepare('SELECT 1 FROM game_tables WHERE id = ?').get(tableId) !== undefined;
}

/** The tables that have records, with how many and their last round, by table id. */
export function tablesWithRecords(db: Database): { tableId: string; records: number; lastRound: number }[] {
  return db
    .prepare<[], { tableId: string; records: number; lastRound: number }>(
      'SELECT table_id AS tableId, count(*) AS records, max(round_number) AS lastRound FROM round_records GROUP BY table_id ORDER BY table_id',
    )
    .all();
}
