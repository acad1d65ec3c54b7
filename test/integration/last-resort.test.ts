// The last resort of `npm run serve`: an exception nothing else caught
// (injected here from a preloaded module, since no network input reaches
// it: see http-fuzz.test.ts) prints "fatal: …", resolves the round in
// flight through the normal close path and exits non-zero.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { OperatorTable } from '../../src/shared/api.ts';
import { roundCommitment } from '../../src/shared/fairness/pf2.ts';
import { PlayerClient, consoleLogin, inviteOf, joinTable } from '../support/harness.ts';
import { fatalLines, startServe } from '../support/http-fuzz-serve.ts';

const dataDirs: string[] = [];
afterEach(() => {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// A throw from a signal listener is an uncaught exception in the server's own process.
const injectFailure = `data:text/javascript,process.on('SIGUSR2', () => { throw new Error('injected failure'); });`;

describe('last resort', () => {
  it('last resort: an uncaught exception prints "fatal:", resolves the open round by the recovery rules, closes the database and exits 70', { timeout: 30_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-last-resort-'));
    dataDirs.push(dataDir);
    const serve = await startServe(dataDir, ['--import', injectFailure]);
    const operator = await consoleLogin(serve.consoleUrl);
    const listed = await operator.call<{ tables: OperatorTable[] }>('GET', '/api/operator/tables');
    const table = listed.body.tables[0]!;
    const session = await joinTable(serve.origin, inviteOf(table), 'Stranded');
    await operator.mustAct(table.id, 'open');
    const player = await PlayerClient.connect(serve.origin, session.token);
    // serve's own table runs the default scheme, pf2, so the bet carries its commitment; an open pf2 round still voids.
    expect(table.config.fairness).toBe('pf2');
    const commitment = roundCommitment(table.id, 1, session.reference, randomBytes(16).toString('hex'));
    const placed = await player.request({ kind: 'bet.place', round: 1, bets: [{ betId: 'in-flight', spot: 'red', amountMinor: 500 }], commitment });
    expect(placed.kind).toBe('ack');
    const voided = player.waitForEvent('round.voided', 1);

    expect(fatalLines(serve)).toEqual([]);
    serve.child.kill('SIGUSR2');
    await voided;
    expect(await serve.exited).toBe(70);
    expect(fatalLines(serve).join('\n')).toMatch(/^fatal: uncaughtException: Error: injected failure/);

    const file = join(dataDir, 'pitboss.db');
    expect(!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0).toBe(true);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT phase, voided_by AS voidedBy FROM rounds WHERE number = 1').get()).toEqual({ phase: 'voided', voidedBy: 'system' });
    db.close();
  });
});
