import type { Migration } from '../migration.ts';

// Who joined a table, from where and when, so the join rules hold across
// restarts: the normalised name key (one name per table), the hashes of the
// browser id and the address (never the raw values), the UTC day of the join
// and whether it paid welcome chips (the daily credit caps count these), and
// how long a kicked session stays out. Rows from before this migration keep
// NULLs: they count for nothing but their name, which the store backfills.
export const joiningMigration: Migration = {
  version: 4,
  name: 'joining',
  up: `
    ALTER TABLE players ADD COLUMN name_key TEXT;
    ALTER TABLE players ADD COLUMN browser_hash TEXT;
    ALTER TABLE players ADD COLUMN address_hash TEXT;
    ALTER TABLE players ADD COLUMN join_day INTEGER;
    ALTER TABLE players ADD COLUMN credited INTEGER NOT NULL DEFAULT 0 CHECK (credited IN (0, 1));
    ALTER TABLE players ADD COLUMN kicked_until INTEGER;
    CREATE INDEX players_by_name_key ON players (table_id, name_key);
    CREATE INDEX players_by_browser ON players (table_id, browser_hash);
    CREATE INDEX players_by_address_day ON players (table_id, address_hash, join_day);
    CREATE INDEX players_by_day ON players (table_id, join_day);
  `,
};
