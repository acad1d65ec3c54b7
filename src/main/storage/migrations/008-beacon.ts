import type { Migration } from '../migration.ts';

// The public beacon of a pf2 round (docs/PF2.md §6): the checked value of the
// beacon round its freeze (or its last resume) fixed, written once when the
// server obtained it and before the round draws from it, so a restart
// resolves the round from the same value and an auditor re-checks it. The
// chain and round are also in the signed statements; they are kept here so
// the row names what it is a value of. Append-only like the rest of pf2.
export const beaconMigration: Migration = {
  version: 8,
  name: 'beacon',
  up: /* sql */ `
    CREATE TABLE round_beacons (
      round_id INTEGER PRIMARY KEY REFERENCES round_freezes(round_id),
      chain TEXT NOT NULL CHECK (length(chain) = 64),
      beacon_round INTEGER NOT NULL CHECK (beacon_round >= 1),
      -- The BLS signature: a compressed G1 point, 48 bytes as 96 hex digits.
      signature TEXT NOT NULL CHECK (length(signature) = 96),
      received_at INTEGER NOT NULL
    ) STRICT;
    CREATE TRIGGER round_beacons_no_update BEFORE UPDATE ON round_beacons
    BEGIN SELECT RAISE(ABORT, 'round_beacons: UPDATE refused'); END;
    CREATE TRIGGER round_beacons_no_delete BEFORE DELETE ON round_beacons
    BEGIN SELECT RAISE(ABORT, 'round_beacons: DELETE refused'); END;
  `,
};
