// The audit log end to end: real rounds over real sockets (bets, a cancelled
// bet, a voided round, an empty round, a cashier credit mid-round, a chain
// rotation), exported through the console API and the CLI, verified OK; then
// tampered with in every way the acceptance criteria name, each of which
// verify must catch and locate. Plus the per-round proof for players, and a
// check that export memory is bounded by backpressure, not by the log.
import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync, sign, verify as verifySignature } from 'node:crypto';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/shared/audit/canonical-json.ts';
import { CsvParser, encodeCsvRow } from '../../src/shared/audit/csv.ts';
import { fingerprintOf } from '../../src/shared/audit/fingerprint.ts';
import { publicKeyFromHex, publicKeyPem, rawPublicKey } from '../../src/main/verifier/ed25519.ts';
import { exportRecords } from '../../src/main/audit/export-records.ts';
import { type Manifest } from '../../src/shared/audit/manifest.ts';
import { recordHash } from '../../src/shared/audit/record-format.ts';
import { loadSigningKey, SIGNING_KEY_FILE } from '../../src/main/audit/signing-key.ts';
import { verifyExport } from '../../src/main/verifier/verify-export.ts';
import { describeFailure } from '../../src/shared/audit/verify-report.ts';
import type { AuditJob, AuditKeyResponse, RoundRecordProof, VerifyReport } from '../../src/shared/audit-api.ts';
import { GENESIS_HASH, type RoundRecord } from '../../src/shared/audit-record.ts';
import { generateRounds } from '../../scripts/audit-bench.ts';
import { rewriteExport } from '../support/export-rewrite.ts';
import { finishedJob, inviteOf, joinTable, PlayerClient, repositoryRoot, request, startTestServer, type TestServer } from '../support/harness.ts';

const run = promisify(execFile);
const scratch: string[] = [];
let server: TestServer;
let tableId = '';
let exportDir = '';
let lines: string[] = [];
let tokens: string[] = [];

function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pitboss-audit-${label}-`));
  scratch.push(dir);
  return dir;
}


async function bet(client: PlayerClient, round: number, bets: { betId: string; spot: string; amountMinor: number }[]): Promise<void> {
  const reply = await client.bet(round, bets);
  if (reply.kind !== 'ack') throw new Error(`bet refused: ${JSON.stringify(reply)}`);
}

beforeAll(async () => {
  server = await startTestServer();
  const table = await server.operator.createTable({ name: 'Audited', houseFloatMinor: 10_000_000 });
  tableId = table.id;
  const invite = inviteOf(table);
  const sessions = await Promise.all(['Ana', 'Bo', 'Cy'].map((name, index) => joinTable(server.origin, invite, name, `seed-${index}`)));
  tokens = sessions.map((session) => session.token);
  const [ana, bo, cy] = await Promise.all(sessions.map((session) => PlayerClient.connect(server.origin, session.token)));
  if (!ana || !bo || !cy) throw new Error('players did not connect');
  const act = (action: string) => server.operator.mustAct(tableId, action);

  // Round 1: three players, one takes a bet back.
  await act('open');
  await bet(ana, 1, [{ betId: 'a1', spot: 'red', amountMinor: 1_000 }, { betId: 'a2', spot: 'straight:17', amountMinor: 200 }]);
  await bet(bo, 1, [{ betId: 'b1', spot: 'black', amountMinor: 500 }, { betId: 'b2', spot: 'dozen:2', amountMinor: 300 }]);
  await bet(cy, 1, [{ betId: 'c1', spot: 'odd', amountMinor: 700 }]);
  const cancel = await bo.request({ kind: 'bet.cancel', round: 1, betIds: ['b2'] });
  expect(cancel.kind).toBe('ack');
  await act('close');
  await act('spin');
  // Round 2: voided by the dealer after bets.
  await act('open');
  await bet(ana, 2, [{ betId: 'a3', spot: 'even', amountMinor: 400 }]);
  await bet(cy, 2, [{ betId: 'c2', spot: 'column:3', amountMinor: 600 }]);
  expect((await server.operator.action(tableId, 'void', 'wheel jammed')).status).toBe(200);
  // Round 3: nobody bets.
  await act('open');
  await act('close');
  await act('spin');
  // Round 4: a cashier credit lands between Ana's stake and the settlement.
  await act('open');
  await bet(ana, 4, [{ betId: 'a4', spot: 'low', amountMinor: 900 }]);
  const credit = await server.operator.call('POST', `/api/operator/players/${sessions[0]?.playerId}/cashier`, {
    direction: 'credit',
    amountMinor: 5_000,
    note: 'top-up',
    idempotencyKey: 'audit-topup-1',
  });
  expect(credit.status).toBe(200);
  await bet(bo, 4, [{ betId: 'b3', spot: 'split:0-1', amountMinor: 100 }]);
  await act('close');
  await act('spin');
  // Round 5 on a fresh seed chain.
  await act('rotate-chain');
  await act('open');
  await bet(cy, 5, [{ betId: 'c3', spot: 'high', amountMinor: 800 }]);
  await act('close');
  await act('spin');
  await Promise.all([ana, bo, cy].map((client) => client.close()));

  exportDir = join(tempDir('export'), 'out');
  const started = await server.operator.call<{ job: AuditJob }>('POST', '/api/operator/audit/exports', { tableId, dir: exportDir });
  expect(started.status).toBe(202);
  const job = await finishedJob(server.operator, started.body.job.id);
  expect(job).toMatchObject({ state: 'done', records: 5, total: 5, error: null });
  lines = readFileSync(join(exportDir, 'records.jsonl'), 'utf8').trimEnd().split('\n');
});

afterAll(async () => {
  await server?.dispose();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- helpers for tampering

/** A copy of the export with `change` applied to its files, verified. */
async function verifyTampered(change: (dir: string) => void, options: { fingerprint?: string } = {}): Promise<VerifyReport> {
  const dir = join(tempDir('tamper'), 'copy');
  cpSync(exportDir, dir, { recursive: true });
  change(dir);
  const report = await verifyExport({ dir, ...(options.fingerprint ? { expectFingerprint: options.fingerprint } : {}) });
  if (!report.ok) report.failures.forEach((failure) => expect(describeFailure(failure)).toMatch(/field /));
  return report;
}

function withLines(dir: string, edit: (lines: string[]) => string[]): void {
  writeFileSync(join(dir, 'records.jsonl'), `${edit([...lines]).join('\n')}\n`);
}

type Leaf = { path: string; value: unknown };

/** Every leaf (scalar or null) of a JSON value, with its path as the verifier names it. */
function leaves(value: unknown, path = ''): Leaf[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leaves(item, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, member]) => leaves(member, path ? `${path}.${key}` : key));
  }
  return [{ path, value }];
}

function setAt(target: unknown, path: string, value: unknown): void {
  const tokens = path.match(/[^.[\]]+/g) ?? [];
  let node = target as Record<string, unknown>;
  tokens.slice(0, -1).forEach((token) => (node = node[token] as Record<string, unknown>));
  node[tokens.at(-1) as string] = value;
}

/** A different value of the same kind where one exists: a hex digest stays a digest, a number a number. */
function changed(value: unknown): unknown {
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (value === null) return 7;
  const text = String(value);
  if (/^[0-9a-f]{64}$/.test(text)) return `${text.slice(0, -1)}${text.endsWith('0') ? '1' : '0'}`;
  return `${text}x`;
}

// ---------------------------------------------------------------- the tests

describe('the round log', () => {
  it('records every finished round, chained, with what happened and how the money moved', () => {
    expect(lines).toHaveLength(5);
    const records = lines.map((line) => JSON.parse(line) as RoundRecord);
    records.forEach((record, index) => {
      expect(record).toMatchObject({ tableId, seq: index + 1, round: index + 1, game: 'roulette-eu', format: 'pitboss.round/1' });
      expect(canonicalize(record)).toBe(lines[index]);
      expect(record.hash).toBe(recordHash(record));
      expect(record.prevHash).toBe(index === 0 ? GENESIS_HASH : records[index - 1]?.hash);
    });
    const [first, voided, empty, credited, rotated] = records as [RoundRecord, RoundRecord, RoundRecord, RoundRecord, RoundRecord];
    expect(first.bets.map((item) => [item.betId, item.status])).toEqual([
      ['a1', 'settled'],
      ['a2', 'settled'],
      ['b1', 'settled'],
      ['b2', 'cancelled'],
      ['c1', 'settled'],
    ]);
    expect(first.bets[3]?.transfers.map((transfer) => transfer.kind)).toEqual(['bet', 'bet_cancel']);
    expect(first.clientString).toBe('seed-0,seed-1,seed-2');
    expect(voided).toMatchObject({ status: 'voided', voidReason: 'wheel jammed', voidedBy: 'operator', serverSeed: null, outcome: null, settledAt: null });
    expect(voided.bets.every((item) => item.status === 'refunded' && item.balanceAfterMinor === item.balanceBeforeMinor)).toBe(true);
    expect(empty).toMatchObject({ bets: [], clientSeeds: [], clientString: '' });
    // Ana's balance: before her stake; after, her last wallet transfer of the bet. A lost bet's is the
    // stake itself; a paid one's comes after the 5,000 credit that landed between stake and settlement.
    const ana = credited.bets[0] as RoundRecord['bets'][number];
    const anaPaid = ana.payoutMinor ?? 0;
    expect(ana.balanceAfterMinor).toBe(anaPaid > 0 ? ana.balanceBeforeMinor - 900 + 5_000 + anaPaid : ana.balanceBeforeMinor - 900);
    expect(ana.transfers[0]?.walletBalanceAfterMinor).toBe(ana.balanceBeforeMinor - 900);
    expect(rotated.chainIndex).toBe(1);
    expect(rotated.commitment).not.toBe(credited.commitment);
  });

  it('is append-only in the database', () => {
    const { db } = server.pitboss.services;
    expect(() => db.prepare("UPDATE round_records SET body = '{}' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM round_records').run()).toThrow(/append-only/);
    expect(() => db.prepare("INSERT INTO round_records (table_id, seq, round_id, round_number, finished_at, prev_hash, hash, body) VALUES (?, 9, 1, 9, 0, ?, ?, '{}')").run(tableId, GENESIS_HASH, 'f'.repeat(64))).toThrow(/chain/);
  });

  it('keeps the signing key owner-only and shows its fingerprint', async () => {
    const file = join(server.dataDir, SIGNING_KEY_FILE);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const reply = await server.operator.call<AuditKeyResponse>('GET', '/api/operator/audit/key');
    expect(reply.status).toBe(200);
    const raw = rawPublicKey(publicKeyFromHex(reply.body.publicKey));
    expect(reply.body.fingerprint).toBe(createHash('sha256').update(raw).digest('hex'));
    expect(reply.body.fingerprintGrouped.split(' ')).toHaveLength(16);
    expect(reply.body.keys.map((key) => key.fingerprint)).toEqual([reply.body.fingerprint]);
    expect(loadSigningKey(server.dataDir).fingerprint).toBe(reply.body.fingerprint);
    expect((await request(server.origin, 'GET', '/api/operator/audit/key')).status).toBe(401);
  });
});

describe('export and verify', () => {
  it('writes the export files with a manifest signed by the installation key', () => {
    expect(readdirSync(exportDir).sort()).toEqual(['bets.csv', 'manifest.json', 'manifest.sig', 'public-key.pem', 'records.jsonl', 'rounds.csv', 'transfers.csv']);
    const bytes = readFileSync(join(exportDir, 'manifest.json'));
    const manifest = JSON.parse(bytes.toString('utf8')) as Manifest;
    expect(manifest).toMatchObject({
      tableId,
      firstSeq: 1,
      lastSeq: 5,
      startPrevHash: GENESIS_HASH,
      counts: { records: 5, settledRounds: 4, voidedRounds: 1, bets: 10, cancelledBets: 1, refundedBets: 2, settledBets: 7 },
    });
    for (const file of manifest.files) {
      expect(createHash('sha256').update(readFileSync(join(exportDir, file.name))).digest('hex')).toBe(file.sha256);
    }
    const key = publicKeyFromHex(manifest.signing.publicKey);
    expect(verifySignature(null, bytes, key, readFileSync(join(exportDir, 'manifest.sig')))).toBe(true);
    expect(readFileSync(join(exportDir, 'public-key.pem'), 'utf8')).toBe(publicKeyPem(key));
  });

  it('verifies OK, in-process and through the console API', async () => {
    const report = await verifyExport({ dir: exportDir, expectFingerprint: loadSigningKey(server.dataDir).fingerprint });
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ ok: true, records: 5, fingerprintPinned: true, stats: { seedsChecked: 4, outcomesChecked: 4, betsChecked: 10 } });
    expect(report.checks.every((check) => check.ok)).toBe(true);
    const started = await server.operator.call<{ job: AuditJob }>('POST', '/api/operator/audit/verifications', { dir: exportDir });
    const job = await finishedJob(server.operator, started.body.job.id);
    expect(job.report?.ok).toBe(true);
    expect(job.report?.records).toBe(5);
  });

  it('serves a finished export file by file, and refuses bad folders', async () => {
    const started = await server.operator.call<{ job: AuditJob }>('POST', '/api/operator/audit/exports', { tableId, from: '2000-01-01', to: '2999-01-01' });
    const job = await finishedJob(server.operator, started.body.job.id);
    expect(job.state).toBe('done');
    const response = await fetch(`${server.origin}/api/operator/audit/jobs/${job.id}/files/records.jsonl`, { headers: server.operator.headers });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(`${lines.join('\n')}\n`);
    expect((await server.operator.call('GET', `/api/operator/audit/jobs/${job.id}/files/pitboss.db`)).status).toBe(404);
    expect((await server.operator.call('POST', '/api/operator/audit/exports', { tableId, dir: 'relative/dir' })).status).toBe(400);
    expect((await server.operator.call('POST', '/api/operator/audit/exports', { tableId: 'tbl_nowhere' })).status).toBe(404);
    expect((await server.operator.call('POST', '/api/operator/audit/exports', { tableId, from: '2025-01-01T10:00' })).status).toBe(400);
    const again = await server.operator.call<{ job: AuditJob }>('POST', '/api/operator/audit/exports', { tableId, dir: exportDir });
    expect((await finishedJob(server.operator, again.body.job.id)).error).toMatch(/not empty/);
  });

  it('runs as the command line tools: npm run export / npm run verify', async () => {
    const out = join(tempDir('cli'), 'cli-export');
    const exported = await run(process.execPath, [join(repositoryRoot, 'scripts/export.ts'), '--data', server.dataDir, '--table', tableId, '--from', '2000-01-01', '--out', out], { timeout: 20_000 });
    expect(exported.stdout).toMatch(/exported 5 records/);
    expect(readFileSync(join(out, 'records.jsonl'), 'utf8')).toBe(`${lines.join('\n')}\n`);
    const verified = await run(process.execPath, [join(repositoryRoot, 'scripts/verify.ts'), out], { timeout: 20_000 });
    expect(verified.stdout).toMatch(/RESULT: OK, 5 rounds/);
    writeFileSync(join(out, 'records.jsonl'), readFileSync(join(out, 'records.jsonl'), 'utf8').replace('"spot":"red"', '"spot":"blue"'));
    const failed = await run(process.execPath, [join(repositoryRoot, 'scripts/verify.ts'), out], { timeout: 20_000 }).catch((error: { code: number; stdout: string }) => error);
    expect('code' in failed && failed.code).toBe(1);
    expect(failed.stdout).toMatch(new RegExp(`first: table ${tableId} round 1 \\(records.jsonl line 1\\), field bets\\[0\\]\\.spot`));
  });
});

describe('tampering', () => {
  // Round 1 has settled, lost and cancelled bets; round 2 is voided.
  for (const lineIndex of [0, 1]) {
    it(`detects and locates a change to any single field of record ${lineIndex + 1}`, async () => {
      const record = JSON.parse(lines[lineIndex] as string) as RoundRecord;
      const paths = leaves(record);
      expect(paths.length).toBeGreaterThan(40);
      for (const { path, value } of paths) {
        const copy = JSON.parse(lines[lineIndex] as string) as RoundRecord;
        setAt(copy, path, changed(value));
        const report = await verifyTampered((dir) => withLines(dir, (all) => all.map((line, index) => (index === lineIndex ? canonicalize(copy) : line))));
        const first = report.failures[0];
        expect(report.ok, path).toBe(false);
        expect({ path, line: first?.line, round: first?.round, tableId: first?.tableId, field: first?.field }).toEqual({
          path,
          line: lineIndex + 1,
          round: lineIndex + 1,
          tableId,
          field: path,
        });
      }
    }, 60_000);
  }

  it('detects a deleted record and names the missing round', async () => {
    const report = await verifyTampered((dir) => withLines(dir, (all) => all.filter((_line, index) => index !== 2)));
    expect(report.failures[0]).toMatchObject({ line: 3, round: 3, field: 'seq', check: 'chain' });
    expect(report.failures.some((failure) => failure.file === 'manifest.json' && failure.field === 'counts.records')).toBe(true);
  });

  it('detects two records swapped', async () => {
    const report = await verifyTampered((dir) => withLines(dir, (all) => [all[0], all[2], all[1], all[3], all[4]] as string[]));
    expect(report.failures[0]).toMatchObject({ line: 2, round: 2, field: 'seq', check: 'chain' });
  });

  it('detects a record appended at the end', async () => {
    const report = await verifyTampered((dir) => withLines(dir, (all) => [...all, all[4] as string]));
    expect(report.failures[0]).toMatchObject({ line: 6, round: 6, field: 'seq' });
  });

  it('detects an edited manifest', async () => {
    const report = await verifyTampered((dir) => {
      const file = join(dir, 'manifest.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"records": 5', '"records": 6'));
    });
    expect(report.failures[0]).toMatchObject({ file: 'manifest.sig', check: 'signature', field: 'signature' });
    expect(report.failures.some((failure) => failure.file === 'manifest.json' && failure.field === 'counts.records')).toBe(true);
  });

  it('detects a broken signature', async () => {
    const report = await verifyTampered((dir) => {
      const signature = readFileSync(join(dir, 'manifest.sig'));
      signature[10] = (signature[10] as number) ^ 0x01;
      writeFileSync(join(dir, 'manifest.sig'), signature);
    });
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]).toMatchObject({ file: 'manifest.sig', field: 'signature' });
  });

  it('detects a whole export re-signed with another key when the fingerprint is pinned', async () => {
    const installation = loadSigningKey(server.dataDir).fingerprint;
    const resign = (dir: string): void => {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const raw = rawPublicKey(publicKey);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
      manifest.signing = { algorithm: 'Ed25519', publicKey: raw.toString('hex'), fingerprint: fingerprintOf(raw) };
      const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
      writeFileSync(join(dir, 'manifest.json'), bytes);
      writeFileSync(join(dir, 'manifest.sig'), sign(null, bytes, privateKey));
      writeFileSync(join(dir, 'public-key.pem'), publicKeyPem(publicKey));
    };
    // Consistent in itself, so only the fingerprint the operator published tells the difference.
    expect((await verifyTampered(resign)).ok).toBe(true);
    const pinned = await verifyTampered(resign, { fingerprint: installation });
    expect(pinned.failures[0]).toMatchObject({ file: 'manifest.json', field: 'signing.fingerprint', check: 'signature' });
  });

  it('detects and locates an edited CSV cell', async () => {
    const report = await verifyTampered((dir) => {
      const file = join(dir, 'bets.csv');
      const rows = new CsvParser(1 << 20).push(readFileSync(file, 'utf8'));
      const header = rows[0] as string[];
      const amount = header.indexOf('amountMinor');
      const target = rows[3] as (string | null)[];
      target[amount] = String(Number(target[amount]) + 100);
      writeFileSync(file, rows.map((row) => encodeCsvRow(row)).join(''));
    });
    expect(report.failures[0]).toMatchObject({ line: 1, round: 1, field: 'bets[2].amountMinor', check: 'csv' });
    expect(report.failures.some((failure) => failure.file === 'bets.csv' && failure.field === 'files[2].sha256')).toBe(true);
  });

  it('catches a forged payout even when every hash, CSV and manifest total was redone to match', async () => {
    // A forger without the signing key: raises a lost bet's payout, then
    // rehashes the chain, rewrites the CSVs and the manifest consistently.
    const report = await verifyTampered((dir) => {
      const records = lines.map((line) => JSON.parse(line) as RoundRecord);
      const target = records[0]?.bets.find((item) => item.status === 'settled' && item.payoutMinor === 0);
      if (!target) throw new Error('round 1 has no lost bet to forge');
      target.payoutMinor = 2 * target.amountMinor;
      forge(dir, records);
    });
    expect(report.failures[0]).toMatchObject({ file: 'manifest.sig', check: 'signature' });
    const located = report.failures.filter((failure) => failure.line !== null);
    expect(located[0]).toMatchObject({ line: 1, round: 1, check: 'payouts' });
    expect(located[0]?.field).toMatch(/^bets\[\d\]\.payoutMinor$/);
  });
});

/** Rewrites an export from `records` as a forger would: chain rehashed, CSVs and manifest redone, old signature kept. */
function forge(dir: string, records: RoundRecord[]): void {
  rewriteExport(dir, records, { genesis: true });
}

describe('the proof a player downloads', () => {
  it('is the record, signed, and checks out on its own', async () => {
    const reply = await request<RoundRecordProof>(server.origin, 'GET', `/api/tables/${tableId}/rounds/1/record`, undefined, { Authorization: `Bearer ${tokens[0]}` });
    expect(reply.status).toBe(200);
    const proof = reply.body;
    expect(canonicalize(proof.record)).toBe(lines[0]);
    expect(proof.check).toMatchObject({ commitment: proof.record.commitment, prevHash: GENESIS_HASH, hash: recordHash(proof.record) });
    const key = publicKeyFromHex(proof.signature.publicKey);
    expect(verifySignature(null, Buffer.from(canonicalize(proof.record)), key, Buffer.from(proof.signature.value, 'hex'))).toBe(true);
    expect(proof.signature.fingerprint).toBe(loadSigningKey(server.dataDir).fingerprint);
  });

  it('is only for players of that table, and only for finished rounds', async () => {
    expect((await request(server.origin, 'GET', `/api/tables/${tableId}/rounds/1/record`)).status).toBe(401);
    expect((await request(server.origin, 'GET', `/api/tables/${tableId}/rounds/99/record`, undefined, { Authorization: `Bearer ${tokens[1]}` })).status).toBe(404);
    const other = await server.operator.createTable({ name: 'Other' });
    const stranger = await joinTable(server.origin, inviteOf(other), 'Dee');
    const refused = await request(server.origin, 'GET', `/api/tables/${tableId}/rounds/1/record`, undefined, { Authorization: `Bearer ${stranger.token}` });
    expect(refused.status).toBe(403);
  });
});

describe('exports of many rounds', () => {
  it('verifies rounds of a card game with partial stakes (dragon-tiger ties pay half back)', async () => {
    const dataDir = tempDir('dragon');
    const table = await generateRounds({ dataDir, rounds: 300, game: 'dragon-tiger', voidEvery: 40, cancelEvery: 7 });
    const out = join(dataDir, 'out');
    await exportRecords({ databaseFile: join(dataDir, 'pitboss.db'), tableId: table, from: 0, to: Number.MAX_SAFE_INTEGER, outDir: out, key: loadSigningKey(dataDir) });
    const report = await verifyExport({ dir: out });
    expect(report.failures.map(describeFailure)).toEqual([]);
    const [header, ...rows] = new CsvParser(1 << 20).push(readFileSync(join(out, 'transfers.csv'), 'utf8'));
    const kind = header?.indexOf('kind') ?? -1;
    const kinds = new Set(rows.map((row) => row[kind]));
    expect(kinds.has('payout_stake') && kinds.has('loss')).toBe(true);
  }, 60_000);

  it('streams with bounded memory: backpressure holds at most one buffer per file, however long the log', async () => {
    const dataDir = tempDir('memory');
    const table = await generateRounds({ dataDir, rounds: 1_500 });
    const bufferLimit = 16 * 1024;
    let maxBuffered = 0;
    let written = 0;
    /** A slow disk: takes a chunk only on a later turn of the event loop. */
    const slowSink = (path: string): Writable => {
      const fd = openSync(path, 'wx');
      return new Writable({
        highWaterMark: bufferLimit,
        write(chunk: Buffer, _encoding, done) {
          written += chunk.length;
          maxBuffered = Math.max(maxBuffered, this.writableLength);
          writeSync(fd, chunk);
          setImmediate(done);
        },
        final(done) {
          closeSync(fd);
          done();
        },
      });
    };
    const result = await exportRecords({
      databaseFile: join(dataDir, 'pitboss.db'),
      tableId: table,
      from: 0,
      to: Number.MAX_SAFE_INTEGER,
      outDir: join(dataDir, 'out'),
      key: loadSigningKey(dataDir),
      openSink: slowSink,
    });
    const total = result.manifest.files.reduce((sum, file) => sum + file.bytes, 0);
    expect(result.manifest.counts.records).toBe(1_500);
    expect(written).toBe(total);
    expect(total).toBeGreaterThan(10 * 1024 * 1024);
    // One stream buffer plus the one row that overflowed it, never the export.
    expect(maxBuffered).toBeLessThan(bufferLimit + 16 * 1024);
  }, 60_000);
});
