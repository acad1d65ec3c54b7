// The append-only round log: one record per finished round, each chained to
// the table's previous record by hash. append() runs inside the transaction
// that settles or voids the round (TableDependencies.roundFinished), so a
// finished round and its record commit together or not at all.
import type Database from 'better-sqlite3';
import { GENESIS_HASH, type RoundRecord } from '../../shared/audit-record.ts';
import { RecordBuilder } from './record-builder.ts';
import { recordHash, recordLine } from './record-format.ts';

export type StoredRecord = { record: RoundRecord; line: string };

export class RoundLog {
  readonly #builder: RecordBuilder;
  readonly #last;
  readonly #byRoundId;
  readonly #byNumber;
  readonly #insert;
  readonly #table;

  constructor(db: Database.Database, appVersion: string) {
    this.#builder = new RecordBuilder(db, appVersion);
    this.#last = db.prepare<[string], { seq: number; hash: string }>(
      'SELECT seq, hash FROM round_records WHERE table_id = ? ORDER BY seq DESC LIMIT 1',
    );
    this.#byRoundId = db.prepare<[number], { body: string }>('SELECT body FROM round_records WHERE round_id = ?');
    this.#byNumber = db.prepare<[string, number], { body: string }>('SELECT body FROM round_records WHERE table_id = ? AND round_number = ?');
    this.#table = db.prepare<[string], { id: string }>('SELECT id FROM game_tables WHERE id = ?');
    this.#insert = db.prepare(
      `INSERT INTO round_records (table_id, seq, round_id, round_number, finished_at, prev_hash, hash, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** Builds, chains and stores the record of a finished round; returns the stored one if it already exists. */
  append(roundId: number): RoundRecord {
    const existing = this.#byRoundId.get(roundId);
    if (existing) return JSON.parse(existing.body) as RoundRecord;
    const unchained = this.#builder.build(roundId);
    const last = this.#last.get(unchained.tableId);
    const chained = { ...unchained, seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? GENESIS_HASH };
    const record: RoundRecord = { ...chained, hash: recordHash(chained) };
    const line = recordLine(record);
    const finishedAt = record.settledAt ?? record.voidedAt ?? record.openedAt;
    this.#insert.run(record.tableId, record.seq, roundId, record.round, finishedAt, record.prevHash, record.hash, line);
    return record;
  }

  /** Whether the table ever existed (closed tables keep their records and can be exported). */
  hasTable(tableId: string): boolean {
    return this.#table.get(tableId) !== undefined;
  }

  /** The stored record of round `number` at the table, exactly as exports carry it. */
  recordOf(tableId: string, number: number): StoredRecord | null {
    const row = this.#byNumber.get(tableId, number);
    return row ? { record: JSON.parse(row.body) as RoundRecord, line: row.body } : null;
  }
}
