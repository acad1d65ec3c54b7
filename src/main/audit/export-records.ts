// Streams a table's records for a time range into an export folder:
// records.jsonl, rounds.csv, bets.csv, transfers.csv, manifest.json,
// manifest.sig, public-key.pem.
// Constant memory: rows come one at a time from a read-only connection's
// iterator and every write waits for the file stream to drain. Files are
// written under a .partial name and renamed at the end, manifest.sig last,
// so a folder with a signature is a finished export.
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { EXPORT_FORMAT, ExportFile, RECORD_FORMAT, type RoundRecord } from '../../shared/audit-record.ts';
import { appVersion } from './app-version.ts';
import { csvTables, encodeCsvRow, headerOf, rowsOf } from '../../shared/audit/csv.ts';
import { publicKeyPem } from '../verifier/ed25519.ts';
import { Tally, type FileEntry, type Manifest } from '../../shared/audit/manifest.ts';
import { AUDIT_SCHEMA_VERSION, recordLines, recordSeqRange } from '../storage/audit-store.ts';
import { openReadOnlyDatabase } from '../storage/database.ts';
import { signBytes, type SigningKey } from './signing-key.ts';

/** Give the event loop a turn this often, so a server exporting stays responsive. */
const YIELD_EVERY_RECORDS = 256;
const writeBufferBytes = 64 * 1024;

export type ExportProgress = { records: number; total: number; bytes: number };

export type ExportOptions = {
  /** The database file; opened read-only here, so exporting never blocks the tables. */
  databaseFile: string;
  tableId: string;
  /** Records that finished in [from, to), ms since the epoch. */
  from: number;
  to: number;
  outDir: string;
  key: SigningKey;
  now?: () => number;
  onProgress?: (progress: ExportProgress) => void;
  signal?: AbortSignal;
  /** Where a data file's bytes go; tests pass a slow sink to check backpressure. */
  openSink?: (path: string) => Writable;
};

export type ExportResult = { dir: string; manifest: Manifest; durationMs: number };

/** A file being written: its stream, and the hash and size of what went in. */
class Sink {
  readonly name: ExportFile;
  readonly path: string;
  readonly stream: Writable;
  readonly #hash: Hash = createHash('sha256');
  bytes = 0;
  #failure: Error | null = null;

  constructor(dir: string, name: ExportFile, open: (path: string) => Writable) {
    this.name = name;
    this.path = join(dir, `${name}.partial`);
    this.stream = open(this.path);
    // Held and rethrown by the next write (e.g. a full disk), instead of crashing the process.
    this.stream.on('error', (error: Error) => (this.#failure ??= error));
  }

  /** Resolves when the stream can take more: the backpressure that bounds memory. */
  async write(text: string): Promise<void> {
    if (this.#failure) throw this.#failure;
    this.#hash.update(text, 'utf8');
    this.bytes += Buffer.byteLength(text, 'utf8');
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<FileEntry> {
    this.stream.end();
    if (!this.stream.closed) await once(this.stream, 'close');
    if (this.#failure) throw this.#failure;
    return { name: this.name, bytes: this.bytes, sha256: this.#hash.digest('hex') };
  }
}

function defaultSink(path: string): Writable {
  // flush: fsync before close, so the signed hashes describe bytes on disk.
  return createWriteStream(path, { flags: 'wx', mode: 0o644, highWaterMark: writeBufferBytes, flush: true });
}

function prepareFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  // Never mix two exports, or overwrite one an auditor already holds.
  if (readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: export into a new folder`);
}

export async function exportRecords(options: ExportOptions): Promise<ExportResult> {
  const now = options.now ?? Date.now;
  const started = performance.now();
  const { tableId, from, to, outDir } = options;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to <= from) {
    throw new Error('the export range needs 0 <= from < to (ms since the epoch)');
  }
  prepareFolder(outDir);
  const db = openReadOnlyDatabase(options.databaseFile, AUDIT_SCHEMA_VERSION, 'has no audit log yet');
  const open = options.openSink ?? defaultSink;
  const sinks: Sink[] = [];
  try {
    // The records that finished in the range, widened to one contiguous piece
    // of the chain (by seq), so the export verifies even if the clock stepped back.
    const { first, last } = recordSeqRange(db, tableId, from, to);
    const total = Math.max(0, last - first + 1);
    // The total first, so a progress bar has its scale before any row is written.
    options.onProgress?.({ records: 0, total, bytes: 0 });

    const jsonl = new Sink(outDir, ExportFile.Records, open);
    sinks.push(jsonl);
    const csvs = csvTables.map((table) => ({ table, sink: new Sink(outDir, table.file, open) }));
    for (const { table, sink } of csvs) {
      sinks.push(sink);
      await sink.write(encodeCsvRow(headerOf(table)));
    }
    const written = (): number => sinks.reduce((sum, sink) => sum + sink.bytes, 0);

    const tally = new Tally();
    const rows = recordLines(db, tableId, first, last);
    let lastReport = 0;
    for (const { body } of rows) {
      options.signal?.throwIfAborted();
      const record = JSON.parse(body) as RoundRecord;
      tally.add(record);
      await jsonl.write(`${body}\n`);
      for (const { table, sink } of csvs) {
        for (const row of rowsOf(table, record)) await sink.write(encodeCsvRow(row.cells));
      }
      const done = tally.counts.records;
      if (done % YIELD_EVERY_RECORDS === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        const at = performance.now();
        if (at - lastReport >= 100) {
          lastReport = at;
          options.onProgress?.({ records: done, total, bytes: written() });
        }
      }
    }
    options.onProgress?.({ records: tally.counts.records, total, bytes: written() });
    const files: FileEntry[] = [];
    for (const sink of sinks) files.push(await sink.close());

    const manifest: Manifest = {
      format: EXPORT_FORMAT,
      recordFormat: RECORD_FORMAT,
      appVersion,
      createdAt: now(),
      tableId,
      range: { from, to },
      firstSeq: tally.firstSeq,
      lastSeq: tally.lastSeq,
      firstRound: tally.firstRound,
      lastRound: tally.lastRound,
      startPrevHash: tally.startPrevHash,
      firstHash: tally.firstHash,
      lastHash: tally.lastHash,
      counts: tally.counts,
      totals: tally.totals,
      files,
      signing: { algorithm: 'Ed25519', publicKey: options.key.publicKeyHex, fingerprint: options.key.fingerprint },
    };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    writeFileSync(join(outDir, `${ExportFile.PublicKey}.partial`), publicKeyPem(options.key.privateKey), { flush: true });
    writeFileSync(join(outDir, `${ExportFile.Manifest}.partial`), manifestBytes, { flush: true });
    writeFileSync(join(outDir, `${ExportFile.Signature}.partial`), signBytes(options.key.privateKey, manifestBytes), { flush: true });
    // The signature last: a folder with manifest.sig is a finished export.
    for (const name of [...files.map((file) => file.name), ExportFile.PublicKey, ExportFile.Manifest, ExportFile.Signature]) {
      renameSync(join(outDir, `${name}.partial`), join(outDir, name));
    }
    return { dir: outDir, manifest, durationMs: performance.now() - started };
  } catch (error) {
    for (const sink of sinks) sink.stream.destroy();
    // Leave nothing that looks like (part of) an export behind.
    for (const name of readdirSync(outDir)) {
      if (name.endsWith('.partial')) rmSync(join(outDir, name), { force: true });
    }
    throw error;
  } finally {
    db.close();
  }
}
