// pf2 under a public beacon over real sockets (docs/PF2.md §6, §8), against
// a drand relay on loopback that signs a test chain of its own (tests never
// reach the internet). The freeze fixes the chain and round R, the signed
// reveal set goes out at least 3 s before R's emission, the round waits for
// R's value and draws from it; a late value makes the round wait (and say
// since when) and resolve when it comes; a relay that serves a bad signature
// is passed over for the next; a SIGKILL while waiting resolves after the
// restart from the same R; the export verifies only with the chain's key.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditJob } from '../../src/shared/audit-api.ts';
import type { OperatorTable, RoundProof } from '../../src/shared/api.ts';
import { verifyExport } from '../../src/main/verifier/verify-export.ts';
import { BEACON_MARGIN_MS, beaconEmittedAt, beaconRoundFor } from '../../src/shared/fairness/pf2-beacon.ts';
import { beaconRandomness } from '../../src/shared/fairness/pf2-beacon-signature.ts';
import { roundClientString, roundCommitment, secretsString } from '../../src/shared/fairness/pf2.ts';
import { verifyStatement } from '../../src/shared/fairness/pf2-statements.ts';
import { verifyRound } from '../../src/shared/fairness/verify-round.ts';
import { hexToBytes } from '../../src/shared/fairness/pf1.ts';
import type { ServerMessage, WireStatement } from '../../src/shared/protocol.ts';
import { consoleLogin, finishedJob, inviteOf, joinTable, PlayerClient, request, startTestServer, type OperatorClient, type TestServer } from '../support/harness.ts';
import { startServe } from '../support/http-fuzz-serve.ts';
import { startTestBeacon, type TestBeacon } from '../support/test-beacon.ts';

type Event<K extends string> = Extract<Extract<ServerMessage, { kind: 'event' }>['event'], { kind: K }>;
type Bettor = { client: PlayerClient; reference: string; secret: string; commitment: string };

/** Quicknet's period: the margin rule then puts R 3 to 6 s after the window's close. */
const PERIOD_SECONDS = 3;
const REVEAL_WINDOW_MS = 500;

let relay: TestBeacon;
let server: TestServer;
const scratch: string[] = [];
beforeAll(async () => {
  relay = await startTestBeacon({ period: PERIOD_SECONDS });
  server = await startTestServer({ beacon: { chain: relay.chain, relays: [relay.url] } });
});
afterAll(async () => {
  await server.dispose();
  await relay.close();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

async function bettor(origin: string, table: OperatorTable, round: number, name: string): Promise<Bettor> {
  const session = await joinTable(origin, inviteOf(table), name);
  const client = await PlayerClient.connect(origin, session.token);
  const secret = randomBytes(16).toString('hex');
  return { client, reference: session.reference, secret, commitment: roundCommitment(table.id, round, session.reference, secret) };
}

async function createBeaconTable(operator: OperatorClient, name: string): Promise<OperatorTable> {
  return operator.createTable({ name, fairness: 'pf2', revealWindowMs: REVEAL_WINDOW_MS, beacon: true });
}

/** Opens the round, places one bet, closes, and reveals: the window closes at once, the round then waits for its beacon. */
async function playToReveal(operator: OperatorClient, table: OperatorTable, who: Bettor, round: number): Promise<{ freeze: WireStatement; revealed: WireStatement }> {
  await operator.mustAct(table.id, 'open');
  await who.client.waitForEvent('round.opened', round);
  const ack = await who.client.request({ kind: 'bet.place', round, bets: [{ betId: `r${round}`, spot: 'red', amountMinor: 100 }], commitment: who.commitment });
  expect(ack.kind).toBe('ack');
  await operator.mustAct(table.id, 'close');
  const freeze = ((await who.client.waitForEvent('round.frozen', round)).event as Event<'round.frozen'>).statement;
  await who.client.waitFor((message) => message.kind === 'pf2.lines' && message.round === round, 'pf2.lines');
  expect(await who.client.request({ kind: 'pf2.reveal', round, secret: who.secret })).toMatchObject({ kind: 'ack' });
  const revealed = ((await who.client.waitForEvent('round.revealed', round)).event as Event<'round.revealed'>).statement;
  return { freeze, revealed };
}

/** The rule of §6 the server must never break: the reveal set closed at least 3 s before R's emission. */
function expectClosedBeforeEmission(revealed: WireStatement, beaconRound: number): void {
  const emitsAtMs = beaconEmittedAt(beaconRound, relay.chain) * 1000;
  expect(revealed.closedAt as number).toBeLessThanOrEqual(emitsAtMs - BEACON_MARGIN_MS);
}

async function exported(operator: OperatorClient, tableId: string, records: number): Promise<string> {
  const dir = join(scratchDir('pitboss-beacon-export-'), 'out');
  const started = await operator.call<{ job: AuditJob }>('POST', '/api/operator/audit/exports', { tableId, dir });
  expect(started.status).toBe(202);
  expect(await finishedJob(operator, started.body.job.id)).toMatchObject({ state: 'done', records, error: null });
  return dir;
}

describe('pf2 under a public beacon', () => {
  it('fixes R at the freeze, closes the reveal set 3 s before R, draws from R\'s checked value, and the export verifies with the chain\'s key only', { timeout: 30_000 }, async () => {
    const table = await createBeaconTable(server.operator, 'Beacon roulette');
    expect(table.beacon).toBe(relay.chain.chainHash);
    const ann = await bettor(server.origin, table, 1, 'Ann');
    const { freeze, revealed } = await playToReveal(server.operator, table, ann, 1);
    const key = hexToBytes(server.pitboss.services.audit.key.publicKeyHex);
    expect(verifyStatement(freeze, key)).toBe(true);
    const beaconRound = beaconRoundFor(freeze.frozenAt as number, REVEAL_WINDOW_MS, relay.chain);
    expect(freeze).toMatchObject({ beaconChain: relay.chain.chainHash, beaconRound });
    expectClosedBeforeEmission(revealed, beaconRound);

    const result = (await ann.client.waitFor<'event'>((message) => message.kind === 'event' && message.event.kind === 'round.result' && message.event.round === 1, 'round.result', { timeoutMs: 15_000 })).event as Event<'round.result'>;
    // The result came after R's emission (the value did not exist before), from R's value.
    expect(Date.now()).toBeGreaterThanOrEqual(beaconEmittedAt(beaconRound, relay.chain) * 1000);
    const randomness = beaconRandomness(relay.signatureOf(beaconRound));
    expect(result.clientString).toBe(roundClientString(freeze.freeze as string, secretsString([ann.secret]), randomness));
    const arrived = ann.client.received.find((message) => message.kind === 'event' && message.event.kind === 'round.beacon');
    expect(arrived !== undefined && arrived.kind === 'event' ? arrived.event : null).toMatchObject({ round: 1, beacon: { chain: relay.chain.chainHash, round: beaconRound, signature: relay.signatureOf(beaconRound), waitingSince: null } });
    await ann.client.waitForEvent('round.settled', 1);

    const proof = await request<RoundProof>(server.origin, 'GET', `/api/tables/${table.id}/rounds/1/proof`);
    expect(proof.body.pf2?.beacon).toMatchObject({ chain: relay.chain.chainHash, round: beaconRound, signature: relay.signatureOf(beaconRound) });
    // The page's check needs the chain's key: with it every check passes, the beacon's too; without it, it says so.
    const checked = verifyRound(proof.body, { beaconChains: [relay.chain] });
    expect(checked).toMatchObject({ ok: true });
    expect(checked.checks.map((check) => check.name)).toContain('beacon');
    const unknown = verifyRound(proof.body);
    expect(unknown.ok).toBe(false);
    expect(unknown.checks.find((check) => check.name === 'beacon')?.detail).toMatch(/unknown/);
    await ann.client.close();

    const dir = await exported(server.operator, table.id, 1);
    expect((await verifyExport({ dir, beaconChains: [relay.chain] })).failures).toEqual([]);
    const withoutKey = await verifyExport({ dir });
    expect(withoutKey.failures.map((failure) => failure.message).join('\n')).toMatch(/unknown|--beacon-chain/);
  });

  it('a late beacon makes the round wait and say since when; the next round cannot open; the value resolves it; beacon-off applies to the next freeze', { timeout: 40_000 }, async () => {
    const table = await createBeaconTable(server.operator, 'Late beacon');
    const ann = await bettor(server.origin, table, 1, 'Ann');
    // Hold every round from the one after now: whatever R the freeze fixes is late.
    relay.holdFrom(relay.currentRound() + 1);
    let freeze: WireStatement;
    try {
      ({ freeze } = await playToReveal(server.operator, table, ann, 1));
      const beaconRound = freeze.beaconRound as number;
      const waiting = (await ann.client.waitFor<'event'>((message) => message.kind === 'event' && message.event.kind === 'round.beacon', 'round.beacon', { timeoutMs: 15_000 })).event as Event<'round.beacon'>;
      expect(waiting.beacon).toMatchObject({ round: beaconRound, signature: null });
      expect(waiting.beacon.waitingSince).toBeGreaterThanOrEqual(beaconEmittedAt(beaconRound, relay.chain) * 1000);
      // Stakes stay in escrow and betting of the next round stays shut while the round waits.
      expect((await server.operator.action(table.id, 'open')).status).toBe(409);
      expect((await server.operator.action(table.id, 'void', 'beacon late')).status).toBe(409);
      // A page that connects now starts from a snapshot saying what the round waits for, and since when.
      const late = await bettor(server.origin, table, 1, 'Late comer');
      const snapshot = await late.client.waitFor<'snapshot'>((message) => message.kind === 'snapshot', 'snapshot');
      expect(JSON.stringify(snapshot.snapshot)).toContain(`"waitingSince":${waiting.beacon.waitingSince}`);
      await late.client.close();
      // The dealer switches the table off the beacon for later rounds: announced, and this round still waits for R.
      await server.operator.mustAct(table.id, 'beacon-off');
      const switched = (await ann.client.waitForEvent('table.beacon')).event as Event<'table.beacon'>;
      expect(switched.beacon).toBeNull();
      expect(ann.client.received.some((message) => message.kind === 'event' && message.event.kind === 'round.result')).toBe(false);
    } finally {
      relay.release();
    }
    const result = (await ann.client.waitFor<'event'>((message) => message.kind === 'event' && message.event.kind === 'round.result' && message.event.round === 1, 'round.result', { timeoutMs: 15_000 })).event as Event<'round.result'>;
    const randomness = beaconRandomness(relay.signatureOf(freeze.beaconRound as number));
    expect(result.clientString).toBe(roundClientString(freeze.freeze as string, secretsString([ann.secret]), randomness));
    await ann.client.waitForEvent('round.settled', 1);
    // The next freeze names no beacon and resolves from the reveals alone.
    const next: Bettor = { ...ann, ...freshSecret(table, 2, ann) };
    const { freeze: secondFreeze } = await playToReveal(server.operator, table, next, 2);
    expect(secondFreeze).toMatchObject({ beaconChain: null, beaconRound: null });
    const second = (await ann.client.waitFor<'event'>((message) => message.kind === 'event' && message.event.kind === 'round.result' && message.event.round === 2, 'round.result', { timeoutMs: 15_000 })).event as Event<'round.result'>;
    expect(second.clientString).toBe(roundClientString(secondFreeze.freeze as string, secretsString([next.secret]), ''));
    await ann.client.close();
  });

  it('refuses a beacon on a pf1 table, and on a server that fetches none', async () => {
    const pf1 = await server.operator.call('POST', '/api/operator/tables', {
      name: 'Pf1 beacon', game: 'roulette-eu', minBetMinor: 100, maxSpotMinor: 1_000, maxRoundMinor: 10_000, fairness: 'pf1', beacon: true,
    });
    expect(pf1.status).toBe(400);
    const offline = await startTestServer();
    try {
      const refused = await offline.operator.call('POST', '/api/operator/tables', {
        name: 'No source', game: 'roulette-eu', minBetMinor: 100, maxSpotMinor: 1_000, maxRoundMinor: 10_000, fairness: 'pf2', beacon: true,
      });
      expect(refused.status).toBe(400);
      const table = await offline.operator.createTable({ name: 'Lan', fairness: 'pf2' });
      expect(table.beacon).toBeNull();
      expect((await offline.operator.action(table.id, 'beacon-on')).status).toBe(400);
    } finally {
      await offline.dispose();
    }
  });

  it('passes over a relay that serves a bad signature and takes the value from the next', { timeout: 30_000 }, async () => {
    const liar = await startTestBeacon({ period: PERIOD_SECONDS, secretKey: relay.secretKey, genesis: relay.chain.genesis });
    liar.behave('bad-signature');
    const both = await startTestServer({ beacon: { chain: relay.chain, relays: [liar.url, relay.url] } });
    try {
      const table = await createBeaconTable(both.operator, 'Two relays');
      const ann = await bettor(both.origin, table, 1, 'Ann');
      const { freeze } = await playToReveal(both.operator, table, ann, 1);
      const beaconRound = freeze.beaconRound as number;
      const result = (await ann.client.waitFor<'event'>((message) => message.kind === 'event' && message.event.kind === 'round.result' && message.event.round === 1, 'round.result', { timeoutMs: 15_000 })).event as Event<'round.result'>;
      expect(result.clientString).toBe(roundClientString(freeze.freeze as string, secretsString([ann.secret]), beaconRandomness(relay.signatureOf(beaconRound))));
      expect(liar.requests).toContain(`/${relay.chain.chainHash}/public/${beaconRound}`);
      await ann.client.close();
    } finally {
      await both.dispose();
      await liar.close();
    }
  });

  it('a SIGKILL while the round waits for its beacon resolves after the restart from the same R', { timeout: 60_000 }, async () => {
    const dataDir = scratchDir('pitboss-beacon-crash-');
    const chainFile = join(dataDir, 'chain.json');
    writeFileSync(chainFile, JSON.stringify(relay.info));
    const serveArguments = ['--beacon-chain', chainFile, '--beacon-relay', relay.url];
    const first = await startServe(dataDir, [], serveArguments);
    const operator = await consoleLogin(first.consoleUrl);
    const table = await createBeaconTable(operator, 'Crash while waiting');
    relay.holdFrom(relay.currentRound() + 1);
    let beaconRound: number;
    try {
      const ann = await bettor(first.origin, table, 1, 'Ann');
      const { freeze } = await playToReveal(operator, table, ann, 1);
      beaconRound = freeze.beaconRound as number;
      await ann.client.waitFor<'event'>((message) => message.kind === 'event' && message.event.kind === 'round.beacon', 'round.beacon', { timeoutMs: 15_000 });
      first.child.kill('SIGKILL');
      await first.exited;
    } finally {
      relay.release();
    }
    const second = await startServe(dataDir, [], serveArguments);
    try {
      const published = await settledProof(second.origin, table.id, 1);
      // No resume: the reveal set was durable before the kill, so R stands (R′ is only for a reopened window).
      expect(published.pf2?.statements.resumes ?? []).toEqual([]);
      expect(published.pf2?.beacon).toMatchObject({ round: beaconRound, signature: relay.signatureOf(beaconRound) });
      expect(verifyRound(published, { beaconChains: [relay.chain] })).toMatchObject({ ok: true });
      const secondOperator = await consoleLogin(second.consoleUrl);
      const dir = await exported(secondOperator, table.id, 1);
      expect((await verifyExport({ dir, beaconChains: [relay.chain] })).failures).toEqual([]);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('a SIGKILL inside the reveal window resumes under a signed pf2.resume with a new beacon round R′; R is never used', { timeout: 60_000 }, async () => {
    const dataDir = scratchDir('pitboss-beacon-resume-');
    const chainFile = join(dataDir, 'chain.json');
    writeFileSync(chainFile, JSON.stringify(relay.info));
    const serveArguments = ['--beacon-chain', chainFile, '--beacon-relay', relay.url];
    const first = await startServe(dataDir, [], serveArguments);
    const operator = await consoleLogin(first.consoleUrl);
    const table = await operator.createTable({ name: 'Resume', fairness: 'pf2', revealWindowMs: 5_000, beacon: true });
    const session = await joinTable(first.origin, inviteOf(table), 'Ann');
    const secret = randomBytes(16).toString('hex');
    const commitment = roundCommitment(table.id, 1, session.reference, secret);
    const before = await PlayerClient.connect(first.origin, session.token);
    await operator.mustAct(table.id, 'open');
    expect(await before.request({ kind: 'bet.place', round: 1, bets: [{ betId: 'k1', spot: 'red', amountMinor: 100 }], commitment })).toMatchObject({ kind: 'ack' });
    await operator.mustAct(table.id, 'close');
    const freeze = ((await before.waitForEvent('round.frozen', 1)).event as Event<'round.frozen'>).statement;
    const beaconRound = freeze.beaconRound as number;
    // Killed before anyone revealed: the window is open, the reveal set not closed.
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startServe(dataDir, [], serveArguments);
    try {
      const ann = await PlayerClient.connect(second.origin, session.token);
      // The table resumed the round as it loaded; a page that connects after learns R′ from the signed resume in its snapshot.
      const snapshot = await ann.waitFor<'snapshot'>((message) => message.kind === 'snapshot', 'snapshot');
      const resume = snapshot.snapshot.round?.pf2?.resume ?? null;
      if (resume === null) throw new Error(`no signed resume in the snapshot: ${JSON.stringify(snapshot.snapshot.round)}`);
      const welcome = await ann.waitFor<'welcome'>((message) => message.kind === 'welcome', 'welcome');
      expect(verifyStatement(resume, hexToBytes(welcome.statementKey))).toBe(true);
      const beaconRoundAfter = beaconRoundFor(resume.resumedAt as number, 5_000, relay.chain);
      expect(resume).toMatchObject({ kind: 'pf2.resume', freeze: freeze.freeze, beaconRound: beaconRoundAfter });
      expect(snapshot.snapshot.round?.pf2?.beacon).toMatchObject({ round: beaconRoundAfter, signature: null });
      expect(beaconRoundAfter).toBeGreaterThanOrEqual(beaconRound);
      expect(await ann.request({ kind: 'pf2.reveal', round: 1, secret })).toMatchObject({ kind: 'ack' });
      const revealed = ((await ann.waitForEvent('round.revealed', 1)).event as Event<'round.revealed'>).statement;
      expectClosedBeforeEmission(revealed, beaconRoundAfter);
      const published = await settledProof(second.origin, table.id, 1);
      expect(published.pf2?.beacon).toMatchObject({ round: beaconRoundAfter, signature: relay.signatureOf(beaconRoundAfter) });
      expect(published.clientString).toBe(roundClientString(freeze.freeze as string, secretsString([secret]), beaconRandomness(relay.signatureOf(beaconRoundAfter))));
      expect(verifyRound(published, { beaconChains: [relay.chain] })).toMatchObject({ ok: true });
      await ann.close();
      const dir = await exported(await consoleLogin(second.consoleUrl), table.id, 1);
      expect((await verifyExport({ dir, beaconChains: [relay.chain] })).failures).toEqual([]);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});

/** The round's public proof once it has an outcome: polled (state, not a sleep), at most 30 s. */
async function settledProof(origin: string, tableId: string, round: number): Promise<RoundProof> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const reply = await request<RoundProof>(origin, 'GET', `/api/tables/${tableId}/rounds/${round}/proof`);
    if (reply.status === 200 && reply.body.outcome !== null) return reply.body;
    if (Date.now() > deadline) throw new Error(`round ${round} has no outcome after 30 s: ${reply.status} ${JSON.stringify(reply.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A bettor's fresh secret and commitment for another round. */
function freshSecret(table: OperatorTable, round: number, who: Bettor): Pick<Bettor, 'secret' | 'commitment'> {
  const secret = randomBytes(16).toString('hex');
  return { secret, commitment: roundCommitment(table.id, round, who.reference, secret) };
}
