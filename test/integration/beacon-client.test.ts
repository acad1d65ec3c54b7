// Fetching beacon rounds from relays on loopback (src/main/beacon/
// beacon-client.ts): the checked value of an honest relay, a relay answering
// a bad signature, another round, garbage, an error or nothing at all is
// passed over for the next, a round not yet published is waited for and a
// held one retried until released, and an abort ends the wait.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BeaconClient, parseRelayUrl, roundAnswerProblem } from '../../src/main/beacon/beacon-client.ts';
import { BeaconVerifier } from '../../src/main/beacon/beacon-verifier.ts';
import { chainFromInfo, quicknetChain, infoOfChain } from '../../src/shared/fairness/beacon-chain.ts';
import { beaconEmittedAt } from '../../src/shared/fairness/pf2-beacon.ts';
import { startTestBeacon, type TestBeacon } from '../support/test-beacon.ts';

const beacons: TestBeacon[] = [];
const servers: Server[] = [];
const verifier = new BeaconVerifier();

afterEach(async () => {
  await Promise.all(beacons.splice(0).map((beacon) => beacon.close()));
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function relay(): Promise<TestBeacon> {
  const beacon = await startTestBeacon({ period: 1 });
  beacons.push(beacon);
  return beacon;
}

/** A relay that never answers (accepts the connection, says nothing). */
async function silentRelay(): Promise<string> {
  const server = createServer(() => {});
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function client(beacon: TestBeacon, relays: string[], options: Partial<ConstructorParameters<typeof BeaconClient>[0]> = {}): BeaconClient {
  return new BeaconClient({ chain: beacon.chain, relays, verifier, requestTimeoutMs: 500, retryInitialMs: 50, retryMaxMs: 200, ...options });
}

const never = new AbortController().signal;

describe('beacon client', () => {
  it('returns the checked signature of a published round', async () => {
    const beacon = await relay();
    const round = beacon.currentRound() - 1;
    const answer = await client(beacon, [beacon.url]).fetchRound(beacon.url, round, never);
    expect(answer).toEqual({ signature: beacon.signatureOf(round) });
  });

  it.each([
    ['bad-signature', /refused: the signature does not verify/],
    ['wrong-round', /answered round \d+ when asked for round/],
    ['garbage', /not JSON/],
    ['refuse', /HTTP 503/],
  ] as const)('refuses a relay answering %s and takes the next relay', async (behaviour, problem) => {
    const good = await relay();
    const bad = await startTestBeacon({ period: good.chain.period, secretKey: good.secretKey, genesis: good.chain.genesis });
    beacons.push(bad);
    bad.behave(behaviour);
    const round = good.currentRound() - 1;
    const refused = await client(good, [bad.url]).fetchRound(bad.url, round, never);
    expect('problem' in refused && refused.problem).toMatch(problem);
    const passes: (readonly string[])[] = [];
    const signature = await client(good, [bad.url, good.url]).waitFor(round, { signal: never, late: (problems) => passes.push(problems) });
    expect(signature).toBe(good.signatureOf(round));
    // The bad relay was asked first, and its failure did not make the round late: the next relay answered in the same pass.
    expect(bad.requests.filter((path) => path.endsWith(`/public/${round}`))).toHaveLength(2);
    expect(passes).toEqual([]);
  });

  it('passes over a relay that does not answer within its timeout', async () => {
    const beacon = await relay();
    const silent = await silentRelay();
    const round = beacon.currentRound() - 1;
    const started = performance.now();
    const problems: string[] = [];
    const signature = await client(beacon, [silent, beacon.url], { requestTimeoutMs: 300 }).waitFor(round, { signal: never, late: (each) => problems.push(...each) });
    expect(signature).toBe(beacon.signatureOf(round));
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    const answer = await client(beacon, [silent], { requestTimeoutMs: 300 }).fetchRound(silent, round, never);
    expect(answer).toEqual({ problem: 'no answer within 300 ms' });
  });

  it('waits for a round not yet emitted, then fetches it', async () => {
    const beacon = await relay();
    const round = beacon.currentRound() + 2;
    const signature = await client(beacon, [beacon.url]).waitFor(round, { signal: never, late: () => {} });
    expect(signature).toBe(beacon.signatureOf(round));
    expect(Date.now()).toBeGreaterThanOrEqual(beaconEmittedAt(round, beacon.chain) * 1000);
    // Nothing was asked before the emission: the first request for the round is the one answered.
    expect(beacon.requests.filter((path) => path.endsWith(`/public/${round}`))).toHaveLength(1);
  });

  it('retries a held round, telling of every failed pass, until the relay releases it', async () => {
    const beacon = await relay();
    const round = beacon.currentRound() - 1;
    beacon.holdFrom(round);
    const passes: (readonly string[])[] = [];
    const waiting = client(beacon, [beacon.url]).waitFor(round, {
      signal: never,
      late: (problems) => {
        passes.push(problems);
        if (passes.length === 3) beacon.release();
      },
    });
    expect(await waiting).toBe(beacon.signatureOf(round));
    expect(passes).toHaveLength(3);
    expect(passes[0]).toEqual([`${beacon.url}: HTTP 425 (the round is not published yet)`]);
  });

  it('ends the wait with null when aborted', async () => {
    const beacon = await relay();
    beacon.holdFrom(1);
    const controller = new AbortController();
    const waiting = client(beacon, [beacon.url]).waitFor(beacon.currentRound() - 1, {
      signal: controller.signal,
      late: () => controller.abort(),
    });
    expect(await waiting).toBeNull();
  });

  it('refuses an answer over its size limit', async () => {
    const beacon = await relay();
    const answer = await client(beacon, [beacon.url], { maxResponseBytes: 64 }).fetchRound(beacon.url, beacon.currentRound() - 1, never);
    expect(answer).toEqual({ problem: 'answered more than 64 bytes' });
  });
});

describe('relay answers and chain info', () => {
  it('reads a relay URL and refuses what is not one', () => {
    expect(parseRelayUrl('https://api.drand.sh/')).toEqual({ url: 'https://api.drand.sh' });
    expect(parseRelayUrl('http://127.0.0.1:8080/relay')).toEqual({ url: 'http://127.0.0.1:8080/relay' });
    expect(parseRelayUrl('ftp://x')).toEqual({ problem: 'a beacon relay must be http:// or https://, not ftp:' });
    expect(parseRelayUrl('https://x/?a=1')).toEqual({ problem: 'a beacon relay URL takes no query, fragment or credentials' });
    expect(parseRelayUrl('nope')).toEqual({ problem: '"nope" is not a URL' });
  });

  it('checks the round and the randomness a relay states', () => {
    const signature = 'a'.repeat(96);
    expect(roundAnswerProblem({ round: 2, signature }, 2)).toBeNull();
    expect(roundAnswerProblem({ round: '2', signature }, 2)).toBe('answered round "2" when asked for round 2');
    expect(roundAnswerProblem({ round: 2, signature: 'A'.repeat(96) }, 2)).toBe('answered no signature of 96 lowercase hex digits');
    expect(roundAnswerProblem({ round: 2, signature, randomness: '0'.repeat(64) }, 2)).toBe('answered a randomness that is not the hash of its signature');
    expect(roundAnswerProblem(null, 2)).toBe('answered something that is not a drand round');
  });

  it('reads a drand chain info and refuses another scheme', () => {
    expect(chainFromInfo(infoOfChain(quicknetChain))).toEqual({ chain: quicknetChain });
    expect(chainFromInfo({ ...infoOfChain(quicknetChain), schemeID: 'pedersen-bls-chained' })).toEqual({
      problem: 'its "schemeID" must be "bls-unchained-g1-rfc9380" (PF2.md §6), not "pedersen-bls-chained"',
    });
    expect(chainFromInfo({ ...infoOfChain(quicknetChain), period: 0 })).toEqual({ problem: 'its "period" must be a whole number of seconds from 1 to 3600' });
    expect(chainFromInfo([])).toEqual({ problem: 'a drand chain info must be a JSON object' });
  });
});
