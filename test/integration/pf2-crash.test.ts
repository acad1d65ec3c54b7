// A pf2 round killed after its freeze (SIGKILL of `npm run serve`, PF2.md
// §8): the round is never voided; on restart it resumes under a signed
// pf2.resume that reopens the reveal window, keeps the reveal that was
// acknowledged (so durable) before the kill, lists the bettor who never
// revealed as withheld, and settles; its export verifies. A blackjack hand
// killed in play resumes: the acknowledged decision stands, the rest is
// played as on a timeout, the round settles and verifies.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditJob } from '../../src/shared/audit-api.ts';
import type { CreateTableRequest, OperatorTable } from '../../src/shared/api.ts';
import type { BlackjackOutcome, ServerMessage } from '../../src/shared/protocol.ts';
import { roundCommitment, withheldDigest } from '../../src/shared/fairness/pf2.ts';
import { verifyExport } from '../../src/main/verifier/verify-export.ts';
import { consoleLogin, finishedJob, inviteOf, joinTable, PlayerClient } from '../support/harness.ts';
import { startServe } from '../support/http-fuzz-serve.ts';

const dataDirs: string[] = [];
afterEach(() => {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Exports the table from a running serve and verifies it: one settled round, nothing voided. */
async function exportVerifies(consoleUrl: string, dataDir: string, tableId: string): Promise<void> {
  const operator = await consoleLogin(consoleUrl);
  const dir = join(dataDir, 'export-out');
  const started = await operator.call<{ job: AuditJob }>('POST', '/api/operator/audit/exports', { tableId, dir });
  expect(await finishedJob(operator, started.body.job.id)).toMatchObject({ state: 'done', records: 1, error: null });
  const report = await verifyExport({ dir });
  expect(report.failures).toEqual([]);
  expect(report.counts).toMatchObject({ settledRounds: 1, voidedRounds: 0 });
}

async function createTable(operator: Awaited<ReturnType<typeof consoleLogin>>, overrides: Partial<CreateTableRequest>): Promise<OperatorTable> {
  const created = await operator.call<{ table: OperatorTable }>('POST', '/api/operator/tables', {
    name: 'Crash',
    game: 'roulette-eu',
    minBetMinor: 100,
    maxSpotMinor: 10_000,
    maxRoundMinor: 100_000,
    joinCreditMinor: 10_000,
    fairness: 'pf2',
    ...overrides,
  });
  expect(created.status).toBe(201);
  await operator.mustAct(created.body.table.id, 'open');
  return created.body.table;
}

describe('pf2 after a crash', () => {
  it('a SIGKILL after the freeze resumes the round with the durable reveals and settles it; nothing is voided', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-pf2-crash-'));
    dataDirs.push(dataDir);
    const first = await startServe(dataDir);
    const operator = await consoleLogin(first.consoleUrl);
    const table = await createTable(operator, { revealWindowMs: 5_000 });
    const bettors = await Promise.all(
      ['Ann', 'Bob'].map(async (name) => {
        const session = await joinTable(first.origin, inviteOf(table), name);
        const secret = randomBytes(16).toString('hex');
        return { session, secret, commitment: roundCommitment(table.id, 1, session.reference, secret), client: await PlayerClient.connect(first.origin, session.token) };
      }),
    );
    for (const [index, bettor] of bettors.entries()) {
      const ack = await bettor.client.request({ kind: 'bet.place', round: 1, bets: [{ betId: `k${index}`, spot: 'red', amountMinor: 500 }], commitment: bettor.commitment });
      expect(ack.kind).toBe('ack');
    }
    await operator.mustAct(table.id, 'close');
    const [ann, bob] = bettors as [(typeof bettors)[0], (typeof bettors)[0]];
    await ann.client.waitForEvent('round.frozen', 1);
    // Acknowledged means durable: the kill comes right after.
    expect(await ann.client.request({ kind: 'pf2.reveal', round: 1, secret: ann.secret })).toMatchObject({ kind: 'ack' });
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startServe(dataDir);
    try {
      const watcherSession = await joinTable(second.origin, inviteOf(table), 'Watcher');
      const watcher = await PlayerClient.connect(second.origin, watcherSession.token);
      const revealed = await watcher.waitFor((message) => message.kind === 'event' && message.event.kind === 'round.revealed', 'round.revealed', { timeoutMs: 10_000 });
      const statement = revealed.kind === 'event' && revealed.event.kind === 'round.revealed' ? revealed.event.statement : null;
      expect(statement).toMatchObject({ kind: 'pf2.revealed', revealed: 1, withheld: 1, withheldDigest: withheldDigest([bob.session.reference]) });
      await watcher.waitForEvent('round.settled', 1);
      await exportVerifies(second.consoleUrl, dataDir, table.id);
      await watcher.close();
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('a SIGKILL in the middle of a pf2 blackjack hand resumes it with the acknowledged decision and settles it', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-pf2-crash-'));
    dataDirs.push(dataDir);
    const first = await startServe(dataDir);
    const operator = await consoleLogin(first.consoleUrl);
    const table = await createTable(operator, { game: 'blackjack', revealWindowMs: 500, decisionMs: 30_000 });
    const session = await joinTable(first.origin, inviteOf(table), 'Ann');
    const secret = randomBytes(16).toString('hex');
    const ann = await PlayerClient.connect(first.origin, session.token);
    const commitment = roundCommitment(table.id, 1, session.reference, secret);
    expect(await ann.request({ kind: 'bet.place', round: 1, bets: [{ betId: 'seat', spot: 'seat:2', amountMinor: 500 }], commitment })).toMatchObject({ kind: 'ack' });
    await operator.mustAct(table.id, 'close');
    await ann.waitForEvent('round.frozen', 1);
    expect(await ann.request({ kind: 'pf2.reveal', round: 1, secret })).toMatchObject({ kind: 'ack' });
    // Her first turn, or the result when the opening cards end the hand at once (a natural, a dealer blackjack).
    const waiting = await ann.waitFor(
      (message) => message.kind === 'event' && (message.event.kind === 'round.result' || (message.event.kind === 'blackjack.turn' && message.event.turn.phase !== 'done')),
      'a turn or the result',
    );
    const turn = waiting.kind === 'event' && waiting.event.kind === 'blackjack.turn' ? waiting.event.turn : null;
    let decided: { seat: number; hand: number; action: string } | null = null;
    if (turn !== null) {
      decided = { seat: 2, hand: 0, action: turn.phase === 'insurance' ? 'no-insurance' : 'hit' };
      const ack = await ann.request({ kind: 'blackjack.decide', round: 1, ...decided });
      // Acknowledged under a signed pf2.decision means durable: the kill comes right after.
      expect(ack).toMatchObject({ kind: 'ack', statement: { kind: 'pf2.decision', seq: 1, seat: 2, action: decided.action } });
    }
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startServe(dataDir);
    try {
      const watcherSession = await joinTable(second.origin, inviteOf(table), 'Watcher');
      const watcher = await PlayerClient.connect(second.origin, watcherSession.token);
      // Recovery plays the hand out as the table loads: the snapshot may already hold it, else its settlement follows.
      const settled = (message: ServerMessage) => message.kind === 'event' && message.event.kind === 'round.settled';
      const snapshotSettled = (message: ServerMessage) => message.kind === 'snapshot' && message.snapshot.history.some((entry) => entry.round === 1);
      await watcher.waitFor((message) => settled(message) || snapshotSettled(message), 'round 1 settled', { timeoutMs: 15_000 });
      await exportVerifies(second.consoleUrl, dataDir, table.id);
      const proof = await fetch(`${second.origin}/api/tables/${table.id}/rounds/1/proof`).then((reply) => reply.json() as Promise<{ outcome: BlackjackOutcome }>);
      if (decided !== null) expect(proof.outcome.decisions[0]).toEqual(decided);
      await watcher.close();
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
