// A pf2 round killed after its freeze (SIGKILL of `npm run serve`, PF2.md
// §8): the round is never voided; on restart it resumes under a signed
// pf2.resume that reopens the reveal window, keeps the reveal that was
// acknowledged (so durable) before the kill, lists the bettor who never
// revealed as withheld, and settles; its export verifies.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditJob } from '../../src/shared/audit-api.ts';
import type { OperatorTable } from '../../src/shared/api.ts';
import { roundCommitment, withheldDigest } from '../../src/shared/fairness/pf2.ts';
import { verifyExport } from '../../src/main/verifier/verify-export.ts';
import { consoleLogin, finishedJob, inviteOf, joinTable, PlayerClient } from '../support/harness.ts';
import { startServe } from '../support/http-fuzz-serve.ts';

const dataDirs: string[] = [];
afterEach(() => {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('pf2 after a crash', () => {
  it('a SIGKILL after the freeze resumes the round with the durable reveals and settles it; nothing is voided', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-pf2-crash-'));
    dataDirs.push(dataDir);
    const first = await startServe(dataDir);
    const operator = await consoleLogin(first.consoleUrl);
    const created = await operator.call<{ table: OperatorTable }>('POST', '/api/operator/tables', {
      name: 'Crash',
      game: 'roulette-eu',
      minBetMinor: 100,
      maxSpotMinor: 10_000,
      maxRoundMinor: 100_000,
      joinCreditMinor: 10_000,
      fairness: 'pf2',
      revealWindowMs: 5_000,
    });
    expect(created.status).toBe(201);
    const table = created.body.table;
    await operator.mustAct(table.id, 'open');
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
      const secondOperator = await consoleLogin(second.consoleUrl);
      const dir = join(dataDir, 'export-out');
      const started = await secondOperator.call<{ job: AuditJob }>('POST', '/api/operator/audit/exports', { tableId: table.id, dir });
      expect(await finishedJob(secondOperator, started.body.job.id)).toMatchObject({ state: 'done', records: 1, error: null });
      const report = await verifyExport({ dir });
      expect(report.failures).toEqual([]);
      expect(report.counts).toMatchObject({ settledRounds: 1, voidedRounds: 0 });
      await watcher.close();
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
