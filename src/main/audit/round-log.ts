// The append-only round log: one record per finished round, each chained to
// the table's previous record by hash. A record is drafted in bounded steps
// once the round's money has moved (draft()), and appended inside the
// transaction that settles or voids the round (append()), so a finished
// round and its record commit together or not at all. A big round's draft
// writes its leading text out in parts as it goes (migration 006): a
// record's line is its parts in order, then its body.
import type { Database } from '../storage/database.ts';
import { RecordStore } from '../storage/audit-store.ts';
import type { RoundRecord } from '../../shared/audit-record.ts';
import { RecordBuilder, type RecordDraft } from './record-builder.ts';

export type StoredRecord = { record: RoundRecord; line: string };

export class RoundLog {
  readonly #builder: RecordBuilder;
  readonly #store: RecordStore;

  constructor(db: Database, appVersion: string) {
    this.#builder = new RecordBuilder(db, appVersion);
    this.#store = new RecordStore(db);
  }

  /**
   * Starts the record of a round whose money has moved: step() it in bounded
   * pieces, then append() it. `inParts` writes each step's text out as it
   * goes (call step() inside a transaction then). Parts a crash left of an
   * earlier draft of the same round are dropped first.
   */
  draft(roundId: number, voided: boolean, inParts: boolean): RecordDraft {
    this.#store.dropParts(roundId);
    return this.#builder.draft(roundId, voided, inParts ? (part, text) => this.#store.insertPart(roundId, part, text) : null);
  }

  /** Completes, chains and stores a drafted record, inside the transaction that finished its round; a record already stored stays. */
  append(draft: RecordDraft, roundId: number): void {
    if (this.#store.hasRecordOf(roundId)) return;
    const built = draft.complete((tableId) => this.#store.last(tableId));
    const { header } = built;
    const finishedAt = header.settledAt ?? header.voidedAt ?? header.openedAt;
    this.#store.insert({ tableId: header.tableId, seq: built.seq, roundId, round: header.round, finishedAt, prevHash: built.prevHash, hash: built.hash, body: built.body });
  }

  /** The record's hash and its predecessor's, once the round is recorded. */
  linkOf(roundId: number): { hash: string; prevHash: string } | null {
    return this.#store.linkOf(roundId);
  }

  /** Whether the table ever existed (closed tables keep their records and can be exported). */
  hasTable(tableId: string): boolean {
    return this.#store.hasTable(tableId);
  }

  /** The stored record of round `number` at the table, exactly as exports carry it. */
  recordOf(tableId: string, number: number): StoredRecord | null {
    const line = this.#store.lineOf(tableId, number);
    return line === null ? null : { record: JSON.parse(line) as RoundRecord, line };
  }
}
