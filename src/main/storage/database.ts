// Opens the one SQLite file that holds Pitboss's durable state and brings its
// schema up to date. Every module that needs the database gets it from here,
// so the pragmas that durability depends on are set in exactly one place.
// Only storage/ imports better-sqlite3 or writes SQL (eslint.config.js);
// other layers hold a Database only to run their work in its transactions.
import BetterSqlite3 from 'better-sqlite3';
import { latestSchemaVersion, migrations } from './migrations/index.ts';

export type Database = BetterSqlite3.Database;
export type Transaction<F extends (...args: never[]) => unknown> = BetterSqlite3.Transaction<F>;

export function openDatabase(file: string): Database {
  const db = new BetterSqlite3(file);
  try {
    // First, so that everything below waits for a lock instead of failing.
    db.pragma('busy_timeout = 5000');
    const journalMode = db.pragma('journal_mode = WAL', { simple: true });
    if (journalMode !== 'wal' && !db.memory) {
      throw new Error(`${file}: could not switch to WAL journal mode (got ${String(journalMode)})`);
    }
    // FULL: a commit is on disk before it returns, so an acknowledged bet survives a power cut.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // 64 MiB of page cache: a settlement or a betting storm touches tens of
    // thousands of rows in one transaction, and spilling them to the WAL
    // before the commit doubles the I/O.
    db.pragma('cache_size = -65536');
    // Makes INSERT OR REPLACE fire DELETE triggers, so it cannot bypass append-only tables.
    db.pragma('recursive_triggers = ON');
    migrate(db, file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Checkpoints and truncates the WAL, so a clean shutdown leaves one self-contained file. */
export function closeDatabase(db: Database): void {
  if (!db.open) return;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/**
 * Opens an existing file read-only, without touching its schema: an export
 * reads a live server's file, or a copy, and must never migrate it.
 * Refuses a file older than `minimumVersion`.
 */
export function openReadOnlyDatabase(file: string, minimumVersion = 0, missing = 'is too old'): Database {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  const version = schemaVersion(db);
  if (version < minimumVersion) {
    db.close();
    throw new Error(`${file} ${missing} (schema ${version}): start Pitboss once with this version`);
  }
  return db;
}

export function schemaVersion(db: Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

function migrate(db: Database, file: string): void {
  const found = schemaVersion(db);
  if (found > latestSchemaVersion) {
    // Running old code on a newer schema could write rows the newer code does not expect.
    throw new Error(
      `${file} has schema version ${found}, but this build of Pitboss only knows up to ${latestSchemaVersion}; ` +
        'refusing to open it (use a newer build)',
    );
  }
  for (const migration of migrations) {
    if (migration.version <= found) continue;
    const apply = db.transaction(() => {
      // Re-read under the write lock: another process may have migrated meanwhile.
      if (schemaVersion(db) >= migration.version) return;
      db.exec(migration.up);
      // user_version lives in the file header and is part of this transaction.
      db.pragma(`user_version = ${migration.version}`);
    });
    try {
      apply.immediate();
    } catch (error) {
      throw new Error(`${file}: migration ${migration.version} (${migration.name}) failed; nothing of it was applied`, {
        cause: error,
      });
    }
  }
}
