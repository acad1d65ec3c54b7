// The beacon signature check in its worker thread (src/main/beacon/
// beacon-verifier.ts): the real quicknet value passes and tampered ones do
// not, the pairing runs off the main thread (a timer keeps its pace and the
// main thread spends little CPU while the worker verifies), queued checks
// are answered, a wedged worker times out, a worker that cannot start falls
// back to the main thread with one notice, and an idle verifier lets the
// process exit.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BeaconVerificationError, BeaconVerifier, workerFileNextTo } from '../../src/main/beacon/beacon-verifier.ts';
import { QUICKNET } from '../../src/shared/fairness/pf2-beacon.ts';
import { beaconSignatureProblem } from '../../src/shared/fairness/pf2-beacon-signature.ts';

type RealValue = { round: number; signature: string };
const vectors = JSON.parse(readFileSync(new URL('../fixtures/pf2-vectors.json', import.meta.url), 'utf8')) as { beacon: { real: RealValue } };
const real = vectors.beacon.real;
const flipped = `${real.signature.slice(0, 40)}${real.signature[40] === '0' ? '1' : '0'}${real.signature.slice(41)}`;

const verifiers: BeaconVerifier[] = [];
function verifier(options: ConstructorParameters<typeof BeaconVerifier>[0] = {}): BeaconVerifier {
  const created = new BeaconVerifier(options);
  verifiers.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(verifiers.splice(0).map((created) => created.close()));
});

async function failureOf(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof BeaconVerificationError)) throw new Error(`expected a BeaconVerificationError, got ${String(error)}`);
  return error.reason;
}

/** The CPU time, in ms, this thread (not the worker) spends running `work`. */
async function mainThreadCpuMs(work: () => Promise<unknown>): Promise<number> {
  const before = process.threadCpuUsage();
  await work();
  const used = process.threadCpuUsage(before);
  return (used.user + used.system) / 1000;
}

describe('the beacon verifier', () => {
  it('accepts the real quicknet value in its worker and refuses tampered ones', async () => {
    const checks = verifier();
    expect(await checks.signatureProblem(real.round, real.signature, QUICKNET)).toBeNull();
    expect(checks.mode).toBe('worker');
    expect(await checks.signatureProblem(real.round + 1, real.signature, QUICKNET)).toMatch(/does not verify/);
    expect(await checks.signatureProblem(real.round, flipped, QUICKNET)).not.toBeNull();
    expect(await checks.signatureProblem(real.round, 'zz', QUICKNET)).toMatch(/hex digits/);
    const otherKey = { publicKey: QUICKNET.publicKey.replace(/^83/, '93'), dst: QUICKNET.dst };
    expect(await checks.signatureProblem(real.round, real.signature, otherKey)).not.toBeNull();
  });

  it('verifies off the event loop: a 5 ms timer keeps its pace and this thread does little of the work', async () => {
    const checks = verifier();
    await checks.signatureProblem(real.round, real.signature, QUICKNET);
    const inThreadStartedAt = performance.now();
    beaconSignatureProblem(real.round, real.signature);
    const inThreadMs = performance.now() - inThreadStartedAt;

    const count = 8;
    let longestGapMs = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      last = now;
    }, 5);
    let answers: (string | null)[] = [];
    const cpuMs = await mainThreadCpuMs(async () => {
      answers = await Promise.all(Array.from({ length: count }, () => checks.signatureProblem(real.round, real.signature, QUICKNET)));
    });
    clearInterval(timer);
    expect(answers).toEqual(Array.from({ length: count }, () => null));
    // The pairings cost about count × inThreadMs of CPU; this thread only passed messages.
    expect(cpuMs).toBeLessThan(inThreadMs * 2);
    expect(longestGapMs).toBeLessThan(50);
  });

  it('answers every queued check, and refuses checks beyond its queue', async () => {
    const checks = verifier({ maxQueuedRequests: 3 });
    const queued = [real.round, real.round + 1, real.round].map((round) => checks.signatureProblem(round, real.signature, QUICKNET));
    expect(await failureOf(checks.signatureProblem(real.round, real.signature, QUICKNET))).toBe('queue-full');
    const answers = await Promise.all(queued);
    expect(answers[0]).toBeNull();
    expect(answers[1]).toMatch(/does not verify/);
    expect(answers[2]).toBeNull();
  });

  it('gives up on a worker that does not answer in time, and replaces it for the next check', async () => {
    const checks = verifier({ requestTimeoutMs: 200, workerFile: new URL('../support/silent-beacon-worker.ts', import.meta.url) });
    expect(await failureOf(checks.signatureProblem(real.round, real.signature, QUICKNET))).toBe('timeout');
    expect(await failureOf(checks.signatureProblem(real.round, real.signature, QUICKNET))).toBe('timeout');
    expect(checks.mode).toBe('worker');
  });

  it('checks on the main thread when the worker cannot start, and says so once', async () => {
    const lines: string[] = [];
    const checks = verifier({ workerFile: new URL('./no-such-beacon-worker.ts', import.meta.url), log: (line) => lines.push(line) });
    expect(await checks.signatureProblem(real.round, real.signature, QUICKNET)).toBeNull();
    expect(await checks.signatureProblem(real.round + 1, real.signature, QUICKNET)).toMatch(/does not verify/);
    expect(checks.mode).toBe('in-thread');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/could not start .*main thread/);
  });

  it('refuses the checks in flight and any later ones once closed', async () => {
    const checks = verifier();
    const inFlight = failureOf(checks.signatureProblem(real.round, real.signature, QUICKNET));
    await checks.close();
    expect(await inFlight).toBe('closed');
    expect(await failureOf(checks.signatureProblem(real.round, real.signature, QUICKNET))).toBe('closed');
  });

  it('finds the worker source next to the module when no bundled .js is there', () => {
    expect(workerFileNextTo(new URL('../../src/main/beacon/beacon-verifier.ts', import.meta.url)).pathname).toMatch(/src\/main\/beacon\/beacon-worker\.ts$/);
  });

  it('does not keep an idle process alive: a script that checks once and never closes exits', () => {
    const source = [
      `import { BeaconVerifier } from ${JSON.stringify(new URL('../../src/main/beacon/beacon-verifier.ts', import.meta.url).href)};`,
      `import { QUICKNET } from ${JSON.stringify(new URL('../../src/shared/fairness/pf2-beacon.ts', import.meta.url).href)};`,
      `const problem = await new BeaconVerifier().signatureProblem(${real.round}, '${real.signature}', QUICKNET);`,
      'console.log(problem === null ? "verified" : problem);',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', source], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('verified');
    expect(run.status).toBe(0);
  });
});
