// The append-only round log: one record per finished round, each chained to
// the table's previous record by hash. A record is drafted in bounded steps
// once the round's money has moved (draft()), and appended inside the
// transaction that settles or voids the round (append()), so a finished
// round and its record commit together or not at all. A big round's draft
// writes its leading text out in parts as it goes (migration 006): a
// record's line is its parts in order, then its body.
import type Database from 'better-sqlite3';
import type { RoundRecord } from '../../shared/audit-record.ts';
import { RecordBuilder, type RecordDraft } from './record-builder.ts';

export type StoredRecord = { record: RoundRecord; line: string };

export class RoundLog {
  readonly #builder: RecordBuilder;
  readonly #last;
  readonly #byRoundId;
  readonly #byNumber;
  readonly #insert;
  readonly #insertPart;
  readonly #dropParts;
  readonly #table;

  constructor(db: Database.Database, appVersion: string) {
    this.#builder = new RecordBuilder(db, appVersion);
    this.#last = db.prepare<[string], { seq: number; hash: string }>(
      'SELECT seq, hash FROM round_records WHERE table_id = ? ORDER BY seq DESC LIMIT 1',
    );
    this.#byRoundId = db.prepare<[number], { id: number }>('SELECT id FROM round_records WHERE round_id = ?');
    this.#byNumber = db.prepare<[string, number], { line: string }>(
      `SELECT ${recordLineSql} AS line FROM round_records r WHERE r.table_id = ? AND r.round_number = ?`,
    );
    this.#insertPart = db.prepare('INSERT INTO round_record_parts (round_id, part, text) VALUES (?, ?, ?)');
    this.#dropParts = db.prepare('DELETE FROM round_record_parts WHERE round_id = ?');
    this.#table = db.prepare<[string], { id: string }>('SELECT id FROM game_tables WHERE id = ?');
    this.#insert = db.prepare(
      `INSERT INTO round_records (table_id, seq, round_id, round_number, finished_at, prev_hash, hash, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /**
   * Starts the record of a round whose money has moved: step() it in bounded
   * pieces, then append() it. `inParts` writes each step's text out as it
   * goes (call step() inside a transaction then). Parts a crash left of an
   * earlier draft of the same round are dropped first.
   */
  draft(roundId: number, voided: boolean, inParts: boolean): RecordDraft {
    this.#dropParts.run(roundId);
    return this.#builder.draft(roundId, voided, inParts ? (part, text) => this.#insertPart.run(roundId, part, text) : null);
  }

  /** Completes, chains and stores a drafted record, inside the transaction that finished its round; a record already stored stays. */
  append(draft: RecordDraft, roundId: number): void {
    if (this.#byRoundId.get(roundId)) return;
    const built = draft.complete((tableId) => this.#last.get(tableId) ?? null);
    const { header } = built;
    const finishedAt = header.settledAt ?? header.voidedAt ?? header.openedAt;
    this.#insert.run(header.tableId, built.seq, roundId, header.round, finishedAt, built.prevHash, built.hash, built.body);
  }

  /** Whether the table ever existed (closed tables keep their records and can be exported). */
  hasTable(tableId: string): boolean {
    return this.#table.get(tableId) !== undefined;
  }

  /** The stored record of round `number` at the table, exactly as exports carry it. */
  recordOf(tableId: string, number: number): StoredRecord | null {
    const row = this.#byNumber.get(tableId, number);
    return row ? { record: JSON.parse(row.line) as RoundRecord, line: row.line } : null;
  }
}

/** A record's whole line, as SQL over `round_records r`: its parts in order, then its body. */
export const recordLineSql = `coalesce((SELECT group_concat(p.text, '' ORDER BY p.part) FROM round_record_parts p WHERE p.round_id = r.round_id), '') || r.body`;
