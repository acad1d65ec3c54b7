// pf2 receipts against an export (docs/PF2.md §7): whoever holds the
// installation key can rewrite a record or drop the last ones and re-sign
// the export so that it verifies on its own; the receipts the players hold
// still name the records as they were, and `verify --receipts` fails it.
// The page's own evidence download is read the same way, and the other
// statements in it (freezes, reveal acknowledgements) are held against the
// records too: a second signed freeze, or an acknowledged reveal the record
// lacks, is the proof.
import { randomBytes, sign as nodeSign } from 'node:crypto';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditJob } from '../../src/shared/audit-api.ts';
import type { RoundRecord } from '../../src/shared/audit-record.ts';
import { canonicalize } from '../../src/shared/audit/canonical-json.ts';
import { roundCommitment } from '../../src/shared/fairness/pf2.ts';
import { loadSigningKey } from '../../src/main/audit/signing-key.ts';
import { heldStatementsIn } from '../../src/main/verifier/pf2-held-statements.ts';
import { verifyExport } from '../../src/main/verifier/verify-export.ts';
import { rewriteExport } from '../support/export-rewrite.ts';
import { finishedJob, inviteOf, joinTable, PlayerClient, repositoryRoot, startTestServer, type TestServer } from '../support/harness.ts';

let server: TestServer;
let exportDir: string;
let receiptDir: string;
let evidence: { format: string; rounds: { round: number; statements: Record<string, unknown> }[]; receipts: { round: number; statement: unknown }[] };
const scratch: string[] = [];

/** Plays `rounds` pf2 rounds with one bettor who always reveals; returns the receipts the bettor got, and keeps its statements as the page's evidence download does. */
async function playRounds(tableId: string, invite: string, rounds: number): Promise<unknown[]> {
  const session = await joinTable(server.origin, invite, 'Receipts');
  const client = await PlayerClient.connect(server.origin, session.token);
  const receipts: unknown[] = [];
  evidence = { format: 'pitboss.pf2-evidence.v1', rounds: [], receipts: [] };
  for (let round = 1; round <= rounds; round++) {
    await server.operator.mustAct(tableId, 'open');
    const secret = randomBytes(16).toString('hex');
    const commitment = roundCommitment(tableId, round, session.reference, secret);
    const ack = await client.request({ kind: 'bet.place', round, bets: [{ betId: `r${round}`, spot: 'red', amountMinor: 100 }], commitment });
    expect(ack.kind).toBe('ack');
    await server.operator.mustAct(tableId, 'close');
    const frozen = await client.waitForEvent('round.frozen', round);
    const revealAck = await client.request({ kind: 'pf2.reveal', round, secret });
    expect(revealAck).toMatchObject({ kind: 'ack' });
    const revealed = await client.waitForEvent('round.revealed', round);
    const receipt = await client.waitFor((message) => message.kind === 'pf2.receipt' && message.round === round, `receipt ${round}`);
    if (receipt.kind === 'pf2.receipt') receipts.push(receipt.statement);
    const statementOf = (message: { event?: unknown }) => (message.event as { statement: unknown }).statement;
    evidence.rounds.push({
      round,
      statements: {
        freeze: statementOf(frozen),
        reveal: revealAck.kind === 'ack' ? revealAck.statement : null,
        revealed: statementOf(revealed),
        receipt: receipt.kind === 'pf2.receipt' ? receipt.statement : null,
      },
    });
    if (receipt.kind === 'pf2.receipt') evidence.receipts.push({ round, statement: receipt.statement });
  }
  await client.close();
  return receipts;
}

beforeAll(async () => {
  server = await startTestServer();
  const created = await server.operator.createTable({ name: 'Receipts', fairness: 'pf2', revealWindowMs: 1_000 });
  const receipts = await playRounds(created.id, inviteOf(created), 3);
  const root = mkdtempSync(join(tmpdir(), 'pitboss-pf2-receipts-'));
  scratch.push(root);
  exportDir = join(root, 'export');
  receiptDir = join(root, 'receipts');
  mkdirSync(receiptDir);
  // As a page would save them: one file holding a list.
  writeFileSync(join(receiptDir, 'my-receipts.json'), JSON.stringify({ receipts }));
  const started = await server.operator.call<{ job: AuditJob }>('POST', '/api/operator/audit/exports', { tableId: created.id, dir: exportDir });
  expect(await finishedJob(server.operator, started.body.job.id)).toMatchObject({ state: 'done', error: null });
});

afterAll(async () => {
  await server.dispose();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function receipts() {
  return heldStatementsIn(JSON.parse(readFileSync(join(receiptDir, 'my-receipts.json'), 'utf8')), 'my-receipts.json');
}

/** A copy of the export, rewritten from `change(records)` and re-signed with the installation's own key: consistent in itself. */
function resigned(change: (records: RoundRecord[]) => RoundRecord[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'pitboss-pf2-forged-')), 'export');
  scratch.push(join(dir, '..'));
  cpSync(exportDir, dir, { recursive: true });
  const original = readFileSync(join(exportDir, 'records.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as RoundRecord);
  rewriteExport(dir, change(original), { key: loadSigningKey(server.dataDir).privateKey });
  return dir;
}

describe('pf2 receipts against an export', () => {
  it('every receipt matches its record, and the report counts them', async () => {
    const report = await verifyExport({ dir: exportDir, receipts: receipts() });
    expect(report.failures).toEqual([]);
    expect(report.pf2).toMatchObject({ rounds: 3, receiptsChecked: 3, bettors: 1, withholding: [] });
  });

  it('a record rewritten and re-signed with the installation key verifies alone, and fails against the receipts', async () => {
    const dir = resigned((records) => records.map((record, index) => (index === 1 ? { ...record, openedBy: 'operator ' } : record)));
    expect((await verifyExport({ dir })).failures).toEqual([]);
    const report = await verifyExport({ dir, receipts: receipts() });
    expect(report.failures.map((failure) => [failure.round, failure.field])).toEqual([
      [2, 'hash'],
      [3, 'hash'],
      [3, 'prevHash'],
    ]);
  });

  it('the last record dropped and the export re-signed fails against the receipt of that round', async () => {
    const dir = resigned((records) => records.slice(0, -1));
    expect((await verifyExport({ dir })).failures).toEqual([]);
    const report = await verifyExport({ dir, receipts: receipts() });
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]).toMatchObject({ file: 'my-receipts.json#2', check: 'chain', field: '(record)' });
  });

  it('npm run verify -- <export> --receipts <dir> prints the receipts checked and exits 0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/verify.ts', exportDir, '--receipts', receiptDir], { cwd: repositoryRoot });
    expect(stdout).toContain('3 receipts and 0 other signed statements checked against their records');
    expect(stdout).toContain('RESULT: OK');
  });

  it("reads the page's evidence download: its receipts and every other statement in it match the records", async () => {
    const held = heldStatementsIn(evidence, 'evidence.json');
    // Each receipt is in the file twice (with its round, and in the round's statements): it counts once.
    expect(held.map((entry) => entry.statement.kind).sort()).toEqual([...Array(3).fill('pf2.freeze'), ...Array(3).fill('pf2.receipt'), ...Array(3).fill('pf2.reveal'), ...Array(3).fill('pf2.revealed')].sort());
    const report = await verifyExport({ dir: exportDir, receipts: held });
    expect(report.failures).toEqual([]);
    expect(report.pf2).toMatchObject({ receiptsChecked: 3, statementsChecked: 9 });
  });

  it('a second validly signed freeze, or an acknowledged reveal the record lacks, fails against the evidence', async () => {
    const key = loadSigningKey(server.dataDir).privateKey;
    const resign = (statement: Record<string, unknown>): Record<string, unknown> => {
      const body = Object.fromEntries(Object.entries(statement).filter(([member]) => member !== 'sig'));
      return { ...body, sig: nodeSign(null, Buffer.from(canonicalize(body)), key).toString('base64') };
    };
    const forgedEvidence = structuredClone(evidence);
    const second = forgedEvidence.rounds[1]!.statements;
    second.freeze = resign({ ...(second.freeze as Record<string, unknown>), bets: 99 });
    const report = await verifyExport({ dir: exportDir, receipts: heldStatementsIn(forgedEvidence, 'evidence.json') });
    expect(report.failures.map((failure) => [failure.round, failure.field])).toEqual([[2, 'pf2.statements.freeze']]);
    expect(report.failures[0]?.message).toMatch(/equivocation/);

    // The key holder turns round 3's reveal into a withheld bettor and re-signs the export: the player's acknowledgement of the reveal shows it.
    const dir = resigned((records) =>
      records.map((record) => (record.round === 3 && record.pf2 ? { ...record, pf2: { ...record.pf2, reveals: [], withheld: [record.pf2.commitments[0]!.reference] } } : record)),
    );
    const rewritten = await verifyExport({ dir, receipts: heldStatementsIn(evidence, 'evidence.json') });
    const reveal = rewritten.failures.find((failure) => failure.field === 'pf2.reveals');
    expect(reveal?.message).toMatch(/acknowledged .*reveal, yet the record lists no reveal for them and calls them withheld/);
  });
});
