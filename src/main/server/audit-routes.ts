// The audit HTTP API. Operator routes (the router checks the session): the
// signing key's fingerprint, export and verify jobs with progress, and the
// files of a finished export for a console running in a browser. Player
// route: one round's record as a downloadable, signed proof.
import { createReadStream } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import {
  startExportSchema,
  startVerifySchema,
  type AuditJob,
  type AuditJobResponse,
  type AuditKeyResponse,
  type RoundRecordProof,
} from '../../shared/audit-api.ts';
import { ExportFile, GENESIS_HASH, PROOF_FORMAT } from '../../shared/audit-record.ts';
import { ErrorCode } from '../../shared/protocol.ts';
import { HttpError, readJson, sendJson } from './http-kit.ts';
import { authenticatedPlayer, type RouteContext } from './public-routes.ts';
import type { Services } from './services.ts';
import { groupFingerprint } from '../../shared/audit/fingerprint.ts';
import { signBytes } from '../audit/signing-key.ts';
import { publicKeyPem } from '../verifier/ed25519.ts';
import { END_OF_TIME, parseInstant } from '../audit/time-range.ts';

function jobOrThrow(services: Services, id: string | undefined): AuditJob {
  const job = id ? services.audit.job(id) : undefined;
  if (!job) throw new HttpError(404, ErrorCode.NotFound, 'no such audit job (jobs are kept until the server restarts)');
  return job;
}

function absoluteFolder(path: string): string {
  if (!isAbsolute(path)) throw new HttpError(400, ErrorCode.BadMessage, 'dir must be an absolute path on the server machine');
  return resolve(path);
}

function instant(text: string | undefined, what: string, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  try {
    return parseInstant(text, what);
  } catch (error) {
    throw new HttpError(400, ErrorCode.BadMessage, (error as Error).message);
  }
}

function startJob(start: () => AuditJob, response: RouteContext['response']): void {
  let job: AuditJob;
  try {
    job = start();
  } catch (error) {
    throw new HttpError(409, ErrorCode.WrongPhase, (error as Error).message);
  }
  const reply: AuditJobResponse = { job };
  sendJson(response, 202, reply);
}

export function signingKey(services: Services, context: RouteContext): void {
  const { key } = services.audit;
  const reply: AuditKeyResponse = {
    algorithm: 'Ed25519',
    publicKey: key.publicKeyHex,
    publicKeyPem: publicKeyPem(key.privateKey),
    fingerprint: key.fingerprint,
    fingerprintGrouped: groupFingerprint(key.fingerprint),
    keys: [...services.audit.knownKeys],
  };
  sendJson(context.response, 200, reply);
}

export async function startExport(services: Services, context: RouteContext): Promise<void> {
  const body = await readJson(context.request, startExportSchema);
  const from = instant(body.from, 'from', 0);
  const to = instant(body.to, 'to', END_OF_TIME);
  if (to <= from) throw new HttpError(400, ErrorCode.BadMessage, 'to must be after from');
  // Closed tables can be exported too: their records stay in the log.
  if (!services.audit.log.hasTable(body.tableId)) throw new HttpError(404, ErrorCode.NotFound, 'no such table');
  const dir = body.dir === undefined ? services.audit.defaultExportDir(body.tableId) : absoluteFolder(body.dir);
  startJob(() => services.audit.startExport({ tableId: body.tableId, from, to, dir }), context.response);
}

export async function startVerify(services: Services, context: RouteContext): Promise<void> {
  const body = await readJson(context.request, startVerifySchema);
  const dir = absoluteFolder(body.dir);
  startJob(() => services.audit.startVerify({ dir, ...(body.fingerprint ? { fingerprint: body.fingerprint } : {}) }), context.response);
}

export function jobStatus(services: Services, context: RouteContext): void {
  const reply: AuditJobResponse = { job: jobOrThrow(services, context.params[0]) };
  sendJson(context.response, 200, reply);
}

const contentTypes: Record<string, string> = {
  [ExportFile.Records]: 'application/jsonl; charset=utf-8',
  [ExportFile.Rounds]: 'text/csv; charset=utf-8',
  [ExportFile.Bets]: 'text/csv; charset=utf-8',
  [ExportFile.Transfers]: 'text/csv; charset=utf-8',
  [ExportFile.Manifest]: 'application/json; charset=utf-8',
  [ExportFile.Signature]: 'application/octet-stream',
  [ExportFile.PublicKey]: 'application/x-pem-file',
};

/** Streams one file of a finished export (for a console in a browser, which cannot open the folder). */
export async function exportFile(services: Services, context: RouteContext): Promise<void> {
  const job = jobOrThrow(services, context.params[0]);
  const name = context.params[1] ?? '';
  if (job.kind !== 'export' || job.state !== 'done') throw new HttpError(409, ErrorCode.WrongPhase, 'the export is not finished');
  // Only the fixed names of an export: the URL can never reach another file.
  const type = Object.hasOwn(contentTypes, name) ? contentTypes[name] : undefined;
  if (!type) throw new HttpError(404, ErrorCode.NotFound, `an export has no file ${JSON.stringify(name)}`);
  const stream = createReadStream(join(job.dir, name));
  await new Promise<void>((resolveOpen, rejectOpen) => {
    stream.once('open', () => resolveOpen());
    stream.once('error', () => rejectOpen(new HttpError(404, ErrorCode.NotFound, `${name} is no longer in ${job.dir}`)));
  });
  context.response.writeHead(200, {
    'Content-Type': type,
    'Content-Disposition': `attachment; filename="${job.tableId ?? 'export'}-${name}"`,
    'Cache-Control': 'no-store',
  });
  stream.pipe(context.response);
  await new Promise<void>((done) => context.response.once('close', () => done()));
  stream.destroy();
}

/**
 * One finished round as a proof a player can download and check: the record
 * (seeds, outcome, every bet and ledger movement) and an Ed25519 signature
 * over its canonical JSON. Only for players of that table and the operator:
 * a record names every bettor and their balances, and being signed it cannot
 * be shown under pseudonyms (the public proof route does that).
 */
export function roundRecord(services: Services, context: RouteContext): void {
  const tableId = context.params[0] ?? '';
  if (!services.isOperator(context.request)) {
    const player = authenticatedPlayer(services, context.request);
    if (player.tableId !== tableId) throw new HttpError(403, ErrorCode.Forbidden, 'records are for the players of their table');
  }
  const number = Number(context.params[1]);
  const stored = services.audit.log.recordOf(tableId, number);
  if (!stored) throw new HttpError(404, ErrorCode.NotFound, `round ${number} has no audit record (yet): it is not finished`);
  const { record, line } = stored;
  const { key } = services.audit;
  const reply: RoundRecordProof = {
    format: PROOF_FORMAT,
    record,
    check: {
      canonicalization: 'RFC 8785',
      hashAlgorithm: 'SHA-256',
      genesisHash: GENESIS_HASH,
      commitment: record.commitment,
      chainIndex: record.chainIndex,
      prevHash: record.prevHash,
      hash: record.hash,
    },
    signature: {
      algorithm: 'Ed25519',
      publicKey: key.publicKeyHex,
      fingerprint: key.fingerprint,
      value: signBytes(key.privateKey, Buffer.from(line, 'utf8')).toString('hex'),
    },
  };
  context.response.setHeader('Content-Disposition', `attachment; filename="${tableId}-round-${record.round}.json"`);
  sendJson(context.response, 200, reply);
}
