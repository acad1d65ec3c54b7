import type { Migration } from '../migration.ts';

// The audit log (src/main/audit, docs/audit-format.md): one record per
// finished round, per-table hash chain, append-only. The chain rules are
// enforced here too, by SQLite, so no code path (ours or a hand-run INSERT)
// can add a record that does not continue its table's chain.
export const auditMigration: Migration = {
  version: 3,
  name: 'audit-round-records',
  up: /* sql */ `
    CREATE TABLE round_records (
      id INTEGER PRIMARY KEY,
      table_id TEXT NOT NULL REFERENCES game_tables(id),
      -- 1, 2, 3, ... per table: the record's place in its table's chain.
      seq INTEGER NOT NULL CHECK (seq >= 1),
      round_id INTEGER NOT NULL UNIQUE REFERENCES rounds(id),
      round_number INTEGER NOT NULL,
      -- When the round was settled or voided (ms since the epoch): exports select by it.
      finished_at INTEGER NOT NULL,
      prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
      hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
      -- The record's canonical JSON (RFC 8785), hash included: exactly its line in records.jsonl.
      body TEXT NOT NULL,
      UNIQUE (table_id, seq),
      UNIQUE (table_id, round_number)
    ) STRICT;
    CREATE INDEX round_records_by_time ON round_records (table_id, finished_at);

    CREATE TRIGGER round_records_chain BEFORE INSERT ON round_records
    BEGIN
      SELECT RAISE(ABORT, 'round_records: seq must be the next number of the table''s chain')
      WHERE NEW.seq <> coalesce((SELECT max(seq) FROM round_records WHERE table_id = NEW.table_id), 0) + 1;
      SELECT RAISE(ABORT, 'round_records: prev_hash must be the hash of the table''s previous record')
      WHERE NEW.prev_hash <> coalesce(
        (SELECT hash FROM round_records WHERE table_id = NEW.table_id AND seq = NEW.seq - 1),
        '0000000000000000000000000000000000000000000000000000000000000000');
    END;

    CREATE TRIGGER round_records_no_update BEFORE UPDATE ON round_records
    BEGIN
      SELECT RAISE(ABORT, 'round_records are append-only: UPDATE refused');
    END;

    CREATE TRIGGER round_records_no_delete BEFORE DELETE ON round_records
    BEGIN
      SELECT RAISE(ABORT, 'round_records are append-only: DELETE refused');
    END;

    -- Every export-signing key this installation has used (public half only).
    CREATE TABLE audit_keys (
      fingerprint TEXT PRIMARY KEY CHECK (length(fingerprint) = 64),
      public_key TEXT NOT NULL CHECK (length(public_key) = 64),
      first_used_at INTEGER NOT NULL
    ) STRICT;

    CREATE TRIGGER audit_keys_no_update BEFORE UPDATE ON audit_keys
    BEGIN
      SELECT RAISE(ABORT, 'audit_keys are append-only: UPDATE refused');
    END;

    CREATE TRIGGER audit_keys_no_delete BEFORE DELETE ON audit_keys
    BEGIN
      SELECT RAISE(ABORT, 'audit_keys are append-only: DELETE refused');
    END;
  `,
};
