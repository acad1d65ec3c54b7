import type { Migration } from '../migration.ts';

// The record of a big round is megabytes of canonical JSON. Writing it in
// the one transaction that settles the round would hold the event loop (and
// the disk) for hundreds of milliseconds, so its leading text is written
// beforehand in parts, a few hundred bets each, and round_records.body holds
// the rest: a record's line is its parts in order, then its body. Parts of a
// round whose record exists are part of the record, hence append-only; parts
// of a round not yet recorded (a settlement a crash interrupted) are drafts,
// which recovery replaces.
export const recordPartsMigration: Migration = {
  version: 6,
  name: 'record-parts',
  up: /* sql */ `
    CREATE TABLE round_record_parts (
      round_id INTEGER NOT NULL REFERENCES rounds(id),
      part INTEGER NOT NULL CHECK (part >= 0),
      text TEXT NOT NULL,
      PRIMARY KEY (round_id, part)
    ) STRICT;

    CREATE TRIGGER round_record_parts_no_update BEFORE UPDATE ON round_record_parts
    BEGIN
      SELECT RAISE(ABORT, 'round_record_parts: UPDATE refused');
    END;

    CREATE TRIGGER round_record_parts_recorded_insert BEFORE INSERT ON round_record_parts
    WHEN EXISTS (SELECT 1 FROM round_records WHERE round_id = NEW.round_id)
    BEGIN
      SELECT RAISE(ABORT, 'round_record_parts: the round is recorded; its parts are append-only');
    END;

    CREATE TRIGGER round_record_parts_recorded_delete BEFORE DELETE ON round_record_parts
    WHEN EXISTS (SELECT 1 FROM round_records WHERE round_id = OLD.round_id)
    BEGIN
      SELECT RAISE(ABORT, 'round_record_parts: the round is recorded; its parts are append-only');
    END;
  `,
};
