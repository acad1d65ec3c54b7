// `npm run export`: writes a table's round records for a time range into a
// new folder: records.jsonl, records.csv, manifest.json signed with the
// installation's Ed25519 key (manifest.sig) and the public key (public-key.pem).
// Reads the database read-only, so it can run while Pitboss is serving.
//
//   npm run export -- --table <id> [--from <iso>] [--to <iso>] --out <dir> [--data <dir>]
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openReadOnlyDatabase } from '../src/main/storage/database.ts';
import { tableExists, tablesWithRecords } from '../src/main/storage/audit-store.ts';
import { groupFingerprint } from '../src/shared/audit/fingerprint.ts';
import { exportRecords } from '../src/main/audit/export-records.ts';
import { ProgressLine, megabytes } from './progress-line.ts';
import { loadSigningKey, SIGNING_KEY_FILE } from '../src/main/audit/signing-key.ts';
import { END_OF_TIME, parseInstant } from '../src/main/audit/time-range.ts';
import { defaultDataDir } from '../src/main/data-dir.ts';

const databaseFileName = 'pitboss.db';
const usage = `usage: npm run export -- --table <id> --out <dir> [--from <iso>] [--to <iso>] [--data <dir>]

  --table  the table to export (run without it to list the tables that have records)
  --from   first instant, ISO 8601: 2025-06-01 (UTC midnight) or 2025-06-01T18:00:00+02:00 (default: the beginning)
  --to     end instant, exclusive (default: no end)
  --out    a new or empty folder for the export
  --data   Pitboss's data folder (default ${defaultDataDir()})`;

function fail(message: string, code = 2): never {
  console.error(`export: ${message}${code === 2 ? `\n\n${usage}` : ''}`);
  process.exit(code);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      table: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      data: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const dataDir = resolve(values.data ?? defaultDataDir());
const databaseFile = join(dataDir, databaseFileName);
if (!existsSync(databaseFile)) fail(`no Pitboss database at ${databaseFile} (use --data)`, 1);

/** Whether the table exists (an open or a closed one). */
function hasTable(tableId: string): boolean {
  const db = openReadOnlyDatabase(databaseFile);
  try {
    return tableExists(db, tableId);
  } finally {
    db.close();
  }
}

/** The tables that have records, so a missing --table is answered with the choices. */
function listTables(): string {
  const db = openReadOnlyDatabase(databaseFile);
  try {
    const rows = tablesWithRecords(db);
    return rows.length === 0 ? '  (no table has round records yet)' : rows.map((row) => `  ${row.tableId}  ${row.records} records, last round ${row.lastRound}`).join('\n');
  } catch {
    return '  (this database has no audit log yet: start Pitboss once with this version)';
  } finally {
    db.close();
  }
}

if (!values.table) fail(`--table is required; tables in ${databaseFile}:\n${listTables()}`);
if (!hasTable(values.table)) fail(`no table ${values.table} in ${databaseFile}; tables with records:\n${listTables()}`, 1);
if (!values.out) fail('--out is required');
let from: number;
let to: number;
try {
  from = values.from === undefined ? 0 : parseInstant(values.from, '--from');
  to = values.to === undefined ? END_OF_TIME : parseInstant(values.to, '--to');
} catch (error) {
  fail((error as Error).message);
}
if (to <= from) fail('--to must be after --from');

let key;
try {
  key = loadSigningKey(dataDir);
} catch (error) {
  const missing = (error as { code?: unknown }).code === 'ENOENT';
  fail(missing ? `no signing key ${join(dataDir, SIGNING_KEY_FILE)}: start Pitboss once to create it` : (error as Error).message, 1);
}

const progress = new ProgressLine(process.stderr, 'export');
try {
  const result = await exportRecords({
    databaseFile,
    tableId: values.table,
    from,
    to,
    outDir: resolve(values.out),
    key,
    onProgress: ({ records, total, bytes }) => progress.update(records, total, megabytes(bytes)),
  });
  const { manifest } = result;
  const bytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
  progress.finish(manifest.counts.records, manifest.counts.records, megabytes(bytes));
  const seconds = result.durationMs / 1000;
  const span = manifest.firstRound === null ? 'no rounds in that range' : `rounds ${manifest.firstRound}-${manifest.lastRound}`;
  console.log(`exported ${manifest.counts.records} records of table ${manifest.tableId} (${span}) to ${result.dir}`);
  console.log(`in ${seconds.toFixed(2)} s, ${Math.round(manifest.counts.records / Math.max(seconds, 0.001))} rounds/s, ${megabytes(bytes)}`);
  console.log(`manifest signed with Ed25519 key ${groupFingerprint(key.fingerprint)}`);
} catch (error) {
  if (progress.drawn) process.stderr.write('\n');
  fail((error as Error).message, 1);
}
