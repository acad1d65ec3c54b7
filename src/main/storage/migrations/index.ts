// Schema migrations, applied in order by openDatabase. Append new files here
// (002-..., 003-...); never edit one that has shipped, because databases in
// the field already ran it and record only its number in PRAGMA user_version.
import { ledgerMigration } from './001-ledger.ts';
import { tablesMigration } from './002-tables.ts';
import { auditMigration } from './003-audit.ts';
import { joiningMigration } from './004-joining.ts';
import { blackjackPlayMigration } from './005-blackjack-play.ts';
import { recordPartsMigration } from './006-record-parts.ts';
import { pf2Migration } from './007-pf2.ts';
import { beaconMigration } from './008-beacon.ts';
import type { Migration } from '../migration.ts';

export const migrations: readonly Migration[] = [ledgerMigration, tablesMigration, auditMigration, joiningMigration, blackjackPlayMigration, recordPartsMigration, pf2Migration, beaconMigration];

// A gap or a duplicate would silently skip or re-run schema on some machine;
// failing at import time makes that impossible to ship.
migrations.forEach((migration, index) => {
  if (migration.version !== index + 1) {
    throw new Error(
      `migrations must be numbered 1, 2, 3, ... without gaps: position ${index} holds version ${migration.version} (${migration.name})`,
    );
  }
});

/** The schema version this build writes and understands. */
export const latestSchemaVersion: number = migrations.length;
