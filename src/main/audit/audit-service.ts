// The audit log as the server runs it: the round log the round engine
// appends to, the installation's signing key, and export / verify jobs the
// console starts and polls (the progress bar). Jobs run in this process but
// read the database over their own read-only connection, so a long export
// never holds up a table.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Database } from '../storage/database.ts';
import type { AuditJob, KnownKey } from '../../shared/audit-api.ts';
import { ExportFile } from '../../shared/audit-record.ts';
import { appVersion } from './app-version.ts';
import { exportRecords } from './export-records.ts';
import type { RoundRecorder } from '../tables/round-finisher.ts';
import { RecordDraft } from './record-builder.ts';
import { RoundLog } from './round-log.ts';
import { rememberKey } from '../storage/audit-store.ts';
import { loadOrCreateSigningKey, signBytes, type SigningKey } from './signing-key.ts';
import { verifyExport } from '../verifier/verify-export.ts';

/** Two at once is plenty for one console; more would only compete for the disk. */
const MAX_RUNNING_JOBS = 2;
/** Finished jobs kept for polling; older ones are forgotten. */
const MAX_KEPT_JOBS = 20;

export type AuditServiceOptions = { db: Database; dataDir: string; now: () => number };

export class AuditService {
  readonly log: RoundLog;
  readonly key: SigningKey;
  readonly dataDir: string;
  readonly #db: Database;
  readonly #now: () => number;
  readonly #jobs = new Map<string, AuditJob>();
  #knownKeys: KnownKey[];

  constructor(options: AuditServiceOptions) {
    this.#db = options.db;
    this.#now = options.now;
    this.dataDir = options.dataDir;
    this.log = new RoundLog(options.db, appVersion);
    this.key = loadOrCreateSigningKey(options.dataDir).key;
    this.#knownKeys = rememberKey(options.db, this.key, options.now());
  }
  /** The installation key's Ed25519 signature (standard base64) of `text`: a pf2 statement's canonical JSON (PF2.md §7). */
  signText(text: string): string {
    return signBytes(this.key.privateKey, Buffer.from(text, 'utf8')).toString('base64');
  }


  get knownKeys(): readonly KnownKey[] {
    return this.#knownKeys;
  }

  /** TableDependencies.recorder: the round engine drafts each finished round's record, then appends it in the finishing transaction. */
  get recorder(): RoundRecorder {
    return {
      draft: (roundId, voided, inParts) => this.log.draft(roundId, voided, inParts),
      append: (draft, roundId) => {
        if (!(draft instanceof RecordDraft)) throw new Error('audit: append takes a draft made by this log');
        this.log.append(draft, roundId);
      },
      linkOf: (roundId) => this.log.linkOf(roundId),
    };
  }

  job(id: string): AuditJob | undefined {
    return this.#jobs.get(id);
  }

  defaultExportDir(tableId: string): string {
    const stamp = new Date(this.#now()).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    return join(this.dataDir, 'exports', `${tableId}-${stamp}-${randomBytes(3).toString('hex')}`);
  }

  startExport(request: { tableId: string; from: number; to: number; dir: string }): AuditJob {
    const job = this.#newJob('export', request.tableId, request.dir);
    const controller = new AbortController();
    exportRecords({
      databaseFile: this.#db.name,
      tableId: request.tableId,
      from: request.from,
      to: request.to,
      outDir: request.dir,
      key: this.key,
      now: this.#now,
      signal: controller.signal,
      onProgress: (progress) => {
        this.#checkServerOpen(controller);
        job.records = progress.records;
        job.total = progress.total;
        job.bytes = progress.bytes;
      },
    }).then(
      (result) => {
        job.records = result.manifest.counts.records;
        job.total = result.manifest.counts.records;
        job.files = Object.values(ExportFile);
        this.#finish(job, null);
      },
      (error: unknown) => this.#finish(job, error),
    );
    return job;
  }

  startVerify(request: { dir: string; fingerprint?: string }): AuditJob {
    const job = this.#newJob('verify', null, request.dir);
    const controller = new AbortController();
    verifyExport({
      dir: request.dir,
      signal: controller.signal,
      ...(request.fingerprint === undefined ? {} : { expectFingerprint: request.fingerprint }),
      onProgress: (progress) => {
        this.#checkServerOpen(controller);
        job.records = progress.records;
        job.total = progress.total;
      },
    }).then(
      (report) => {
        job.report = report;
        job.records = report.records;
        this.#finish(job, null);
      },
      (error: unknown) => this.#finish(job, error),
    );
    return job;
  }

  #newJob(kind: AuditJob['kind'], tableId: string | null, dir: string): AuditJob {
    const running = [...this.#jobs.values()].filter((job) => job.state === 'running').length;
    if (running >= MAX_RUNNING_JOBS) throw new Error(`${running} audit jobs are running already; wait for one to finish`);
    const job: AuditJob = {
      id: `job_${randomBytes(9).toString('base64url')}`,
      kind,
      state: 'running',
      tableId,
      dir,
      startedAt: this.#now(),
      finishedAt: null,
      records: 0,
      total: null,
      bytes: 0,
      files: [],
      report: null,
      error: null,
    };
    this.#jobs.set(job.id, job);
    for (const [id, old] of this.#jobs) {
      if (this.#jobs.size <= MAX_KEPT_JOBS) break;
      if (old.state !== 'running') this.#jobs.delete(id);
    }
    return job;
  }

  #finish(job: AuditJob, error: unknown): void {
    job.state = error === null ? 'done' : 'failed';
    job.error = error === null ? null : error instanceof Error ? error.message : String(error);
    job.finishedAt = this.#now();
  }

  /** The server closed its database: it is stopping, so a job in flight stops too. */
  #checkServerOpen(controller: AbortController): void {
    if (!this.#db.open) controller.abort(new Error('the server is stopping'));
  }
}
