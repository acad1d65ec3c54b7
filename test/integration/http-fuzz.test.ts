// The HTTP fuzzer (test/support/http-fuzz.ts) in the test run: 20,000 cases
// against the real server with the per-address limits raised (so the cases
// reach the code under test), and a shorter run against `npm run serve`
// with its real defaults, proving no input reaches the last-resort handler.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from '../support/harness.ts';
import { fuzzHttpServer } from '../support/http-fuzz-check.ts';
import { fatalLines, startServe } from '../support/http-fuzz-serve.ts';
import { runHttpFuzz } from '../support/http-fuzz.ts';

const cases = Number(process.env.HTTP_FUZZ_CASES ?? 20_000);
const seed = Number(process.env.HTTP_FUZZ_SEED ?? 20_251);

const dataDirs: string[] = [];
afterEach(() => {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('fuzzing below the message layer', () => {
  it(`survives ${cases} hostile connections (seed ${seed}), changes nothing, and a fresh player still joins and bets`, { timeout: 120_000 }, async () => {
    const report = await fuzzHttpServer({ cases, seed, concurrency: 32 });
    console.log(`http fuzz: ${report.tally.cases} cases in ${report.seconds.toFixed(1)} s, seed ${seed}; statuses ${JSON.stringify(report.tally.byStatus)}`);
    expect(report.problems).toEqual([]);
    expect(report.tally.cases).toBe(cases);
    // The run reached past every gate: real upgrades, refusals of each kind, answered requests and every reset stage.
    for (const status of ['101', '200', '400', '401', '404', '431']) expect(report.tally.byStatus[status] ?? 0, status).toBeGreaterThan(0);
    for (const stage of ['none', 'before-write', 'mid-headers', 'after-headers', 'after-reply']) expect(report.tally.byReset[stage] ?? 0, stage).toBeGreaterThan(0);
    expect(report.after).toEqual(report.before);
    expect(report.freshPlayerBet).toBe(true);
  });

  it('the last-resort handler of `npm run serve` never fires for network input, with the product defaults', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-http-fuzz-'));
    dataDirs.push(dataDir);
    const serve = await startServe(dataDir);
    try {
      const tally = await runHttpFuzz({ port: Number(new URL(serve.origin).port), cases: 3_000, seed: seed + 1, concurrency: 32 });
      expect(tally.problems).toEqual([]);
      expect((await request(serve.origin, 'GET', '/api/tables')).status).toBe(200);
      expect(serve.child.exitCode).toBeNull();
      expect(fatalLines(serve)).toEqual([]);
    } finally {
      serve.child.kill('SIGTERM');
    }
    expect(await serve.exited).toBe(0);
    expect(fatalLines(serve)).toEqual([]);
  });
});
