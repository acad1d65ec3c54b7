// pf2 over the real server and real sockets (docs/PF2.md): bets carry
// commitments, the close freezes them under a signed statement, each bettor
// gets its own lines with proofs, reveals are acknowledged with signed
// statements, the window closes into a signed reveal set, and the round
// draws from the client string that set fixes. A bettor who withholds is
// listed and the round still resolves; a frozen round is never voided.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditJob } from '../../src/shared/audit-api.ts';
import { canonicalize } from '../../src/shared/audit/canonical-json.ts';
import { verifyExport } from '../../src/main/verifier/verify-export.ts';
import { verifyProof } from '../../src/shared/fairness/merkle.ts';
import { roundClientString, roundCommitment, secretsDigest, secretsString, withheldDigest } from '../../src/shared/fairness/pf2.ts';
import { verifyStatement } from '../../src/shared/fairness/pf2-statements.ts';
import { gameRules } from '../../src/shared/games/index.ts';
import { Pf1Stream, hexToBytes } from '../../src/shared/fairness/pf1.ts';
import type { ServerMessage, WireStatement } from '../../src/shared/protocol.ts';
import { finishedJob, PlayerClient, inviteOf, joinTable, request, startTestServer, type TestServer } from '../support/harness.ts';
import type { RoundProof } from '../../src/shared/api.ts';
import { verifyRound } from '../../src/shared/fairness/verify-round.ts';

let server: TestServer;
const scratch: string[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.dispose();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** Exports the table's records and returns the folder. */
async function exported(on: TestServer, tableId: string): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'pitboss-pf2-')), 'out');
  scratch.push(join(dir, '..'));
  const started = await on.operator.call<{ job: AuditJob }>('POST', '/api/operator/audit/exports', { tableId, dir });
  expect(started.status).toBe(202);
  expect(await finishedJob(on.operator, started.body.job.id)).toMatchObject({ state: 'done', error: null });
  return dir;
}

/** A bettor's page, as pf2 names it: its reference (from the join) is the player in its commitment and lines. */
type Bettor = { client: PlayerClient; playerId: string; reference: string; secret: string; commitment: string };

async function bettor(invite: string, tableId: string, round: number, name: string, on: TestServer = server): Promise<Bettor> {
  const session = await joinTable(on.origin, invite, name);
  const client = await PlayerClient.connect(on.origin, session.token);
  const secret = randomBytes(16).toString('hex');
  return { client, playerId: session.playerId, reference: session.reference, secret, commitment: roundCommitment(tableId, round, session.reference, secret) };
}

function publicKey(on: TestServer = server): Uint8Array {
  return hexToBytes(on.pitboss.services.audit.key.publicKeyHex);
}

type Event<K extends string> = Extract<Extract<ServerMessage, { kind: 'event' }>['event'], { kind: K }>;

describe('pf2 round over real sockets', () => {
  it('freezes the bets, takes the reveals, lists the one who withheld, and draws from the client string the reveals fix', async () => {
    const created = await server.operator.createTable({ name: 'Pf2 roulette', fairness: 'pf2', revealWindowMs: 1_000 });
    await server.operator.mustAct(created.id, 'open');
    const ann = await bettor(inviteOf(created), created.id, 1, 'Ann');
    const bob = await bettor(inviteOf(created), created.id, 1, 'Bob');
    const cid = await bettor(inviteOf(created), created.id, 1, 'Cid');

    // A pf2 bet needs its commitment, and keeps the first one for the round.
    const bare = await ann.client.bet(1, [{ betId: 'a0', spot: 'red', amountMinor: 100 }]);
    expect(bare).toMatchObject({ kind: 'error', code: 'commitment_mismatch' });
    for (const [who, spot] of [[ann, 'red'], [bob, 'black'], [cid, 'odd']] as const) {
      const ack = await who.client.request({ kind: 'bet.place', round: 1, bets: [{ betId: `${spot}1`, spot, amountMinor: 100 }], commitment: who.commitment });
      expect(ack.kind).toBe('ack');
    }
    const other = roundCommitment(created.id, 1, ann.reference, randomBytes(16).toString('hex'));
    const switched = await ann.client.request({ kind: 'bet.place', round: 1, bets: [{ betId: 'a2', spot: 'even', amountMinor: 100 }], commitment: other });
    expect(switched).toMatchObject({ kind: 'error', code: 'commitment_mismatch' });
    const more = await ann.client.request({ kind: 'bet.place', round: 1, bets: [{ betId: 'a3', spot: 'even', amountMinor: 200 }], commitment: ann.commitment });
    // Each accepted request is acknowledged under its group commit's signed pf2.bets, with its own line proven into it.
    if (more.kind !== 'ack' || !more.acknowledgement) throw new Error(`no signed bet acknowledgement: ${JSON.stringify(more)}`);
    const batch = more.acknowledgement.statement;
    expect(verifyStatement(batch, publicKey())).toBe(true);
    expect(batch).toMatchObject({ kind: 'pf2.bets', table: created.id, round: 1 });
    expect(more.acknowledgement.lines.map((proof) => proof.line)).toEqual([`a|${ann.reference}|${ann.commitment}|a3|even|200|4`]);
    for (const proof of more.acknowledgement.lines) {
      expect(verifyProof({ index: proof.index, line: proof.line as string, path: proof.path as string[] }, batch.size as number, batch.root as string)).toBe(true);
    }
    // A page resending the same request after a reconnect is acknowledged again with the same line, signed again.
    const retried = await ann.client.request({ kind: 'bet.place', round: 1, bets: [{ betId: 'a3', spot: 'even', amountMinor: 200 }], commitment: ann.commitment });
    if (retried.kind !== 'ack' || !retried.acknowledgement) throw new Error(`no signed acknowledgement of a retry: ${JSON.stringify(retried)}`);
    expect(retried.acknowledgement.lines.map((proof) => proof.line)).toEqual(more.acknowledgement.lines.map((proof) => proof.line));
    expect(verifyStatement(retried.acknowledgement.statement, publicKey())).toBe(true);
    const extra = await ann.client.request({ kind: 'bet.place', round: 1, bets: [{ betId: 'a4', spot: 'low', amountMinor: 100 }], commitment: ann.commitment });
    expect(extra.kind).toBe('ack');
    const takeBack = await ann.client.request({ kind: 'bet.cancel', round: 1, betIds: ['a4'] });
    expect(takeBack.kind === 'ack' ? takeBack.acknowledgement?.lines.map((proof) => proof.line) : null).toEqual([`x|${ann.reference}|a4`]);
    // A take-back resent after a reconnect is acknowledged again with the same signed line, as a page checks it.
    const takeBackAgain = await ann.client.request({ kind: 'bet.cancel', round: 1, betIds: ['a4'] });
    expect(takeBackAgain.kind === 'ack' ? takeBackAgain.acknowledgement?.lines.map((proof) => proof.line) : null).toEqual([`x|${ann.reference}|a4`]);

    // No frame sent before the freeze carries any bettor's secret: nobody, the server included, has seen one.
    for (const who of [ann, bob, cid]) {
      const seen = JSON.stringify(who.client.received);
      for (const each of [ann, bob, cid]) expect(seen.includes(each.secret)).toBe(false);
    }

    await server.operator.mustAct(created.id, 'close');
    const frozenEvent = (await ann.client.waitForEvent('round.frozen', 1)).event as Event<'round.frozen'>;
    const freeze = frozenEvent.statement;
    expect(verifyStatement(freeze, publicKey())).toBe(true);
    expect(freeze).toMatchObject({ kind: 'pf2.freeze', table: created.id, round: 1, lines: 7, bettors: 3, bets: 4, revealWindowMs: 1_000, beaconRound: null });

    // Ann's private lines: her two bets and her commitment, each proven into the signed root.
    const lines = await ann.client.waitFor<'pf2.lines'>((message) => message.kind === 'pf2.lines', 'pf2.lines');
    expect(lines.freeze).toBe(freeze.freeze);
    expect(lines.lines.map((proof) => proof.line).sort()).toEqual(
      [`b|${ann.reference}|a3|even|200`, `b|${ann.reference}|red1|red|100`, `c|${ann.reference}|${ann.commitment}`].sort(),
    );
    for (const proof of [...lines.lines, ...lines.neighbours]) {
      if (proof.line === null || proof.path === null) continue;
      expect(verifyProof({ index: proof.index, line: proof.line, path: proof.path }, lines.size, freeze.freeze as string)).toBe(true);
    }

    // A frozen round is never voided; a wrong secret is refused; Cid withholds.
    const voided = await server.operator.action(created.id, 'void', 'too late');
    expect(voided).toMatchObject({ status: 409, body: { error: { code: 'wrong_phase' } } });
    const wrong = await bob.client.request({ kind: 'pf2.reveal', round: 1, secret: randomBytes(16).toString('hex') });
    expect(wrong).toMatchObject({ kind: 'error', code: 'bad_secret' });
    const acks: WireStatement[] = [];
    for (const who of [ann, bob]) {
      const ack = await who.client.request({ kind: 'pf2.reveal', round: 1, secret: who.secret });
      if (ack.kind !== 'ack' || !ack.statement) throw new Error(`no signed reveal acknowledgement: ${JSON.stringify(ack)}`);
      expect(verifyStatement(ack.statement, publicKey())).toBe(true);
      expect(ack.statement).toMatchObject({ kind: 'pf2.reveal', freeze: freeze.freeze, commitment: who.commitment });
      acks.push(ack.statement);
    }
    const again = await ann.client.request({ kind: 'pf2.reveal', round: 1, secret: ann.secret });
    expect(again.kind === 'ack' ? again.statement : null).toEqual(acks[0]);

    const revealed = ((await ann.client.waitForEvent('round.revealed', 1)).event as Event<'round.revealed'>).statement;
    expect(verifyStatement(revealed, publicKey())).toBe(true);
    const secrets = secretsString([ann.secret, bob.secret]);
    expect(revealed).toMatchObject({
      kind: 'pf2.revealed',
      freeze: freeze.freeze,
      revealed: 2,
      withheld: 1,
      withheldDigest: withheldDigest([cid.reference]),
      secretsDigest: secretsDigest(secrets),
    });
    expect(revealed.closedAt as number).toBeGreaterThanOrEqual(freeze.frozenAt as number);
    expect(revealed.closedAt as number).toBeLessThanOrEqual((freeze.frozenAt as number) + 1_000 + 250);

    const result = (await ann.client.waitForEvent('round.result', 1)).event as Event<'round.result'>;
    const clientString = roundClientString(freeze.freeze as string, secrets, '');
    expect(result.clientString).toBe(clientString);
    const drawn = gameRules('roulette-eu').draw(new Pf1Stream(hexToBytes(result.serverSeed), clientString, 1));
    expect(result.outcome).toEqual(drawn);
    await ann.client.waitForEvent('round.settled', 1);
    // Cid withheld, and his bet stands: it settles like the others.
    expect(server.pitboss.services.ledger.verify().ok).toBe(true);
    // The public proof carries the freeze, its lines and the reveal set, names players by reference only, and verifies.
    const proof = await request<RoundProof>(server.origin, 'GET', `/api/tables/${created.id}/rounds/1/proof`);
    expect(proof.status).toBe(200);
    expect(proof.body.pf2).toMatchObject({ freeze: freeze.freeze, withheld: [cid.reference] });
    expect(proof.body.pf2?.secrets).toEqual([ann.secret, bob.secret].sort());
    for (const who of [ann, bob, cid]) expect(JSON.stringify(proof.body)).not.toContain(who.playerId);
    expect(verifyRound(proof.body)).toMatchObject({ ok: true });
    for (const who of [ann, bob, cid]) await who.client.waitFor((message) => message.kind === 'pf2.receipt', 'pf2.receipt');
    for (const who of [ann, bob, cid]) await who.client.close();

    // The record carries the freeze, the reveals and who withheld; its export verifies, and a rewritten reveal does not.
    const dir = await exported(server, created.id);
    expect((await verifyExport({ dir })).failures).toEqual([]);
    const [line] = readFileSync(join(dir, 'records.jsonl'), 'utf8').trim().split('\n');
    const record = JSON.parse(line as string) as {
      hash: string;
      prevHash: string;
      pf2: { withheld: string[]; reveals: { reference: string; secret: string }[]; frozenLines: string[] };
    };
    // Every bettor, the one who withheld too, holds a signed receipt naming exactly this record.
    for (const who of [ann, bob, cid]) {
      const receipt = who.client.received.find((message) => message.kind === 'pf2.receipt');
      if (receipt?.kind !== 'pf2.receipt') throw new Error(`no receipt for ${who.reference}`);
      expect(verifyStatement(receipt.statement, publicKey())).toBe(true);
      expect(receipt.statement).toMatchObject({ kind: 'pf2.receipt', round: 1, recordHash: record.hash, previousHash: record.prevHash });
    }
    expect(record.pf2.withheld).toEqual([cid.reference]);
    expect(record.pf2.reveals.map((reveal) => reveal.reference).sort()).toEqual([ann.reference, bob.reference].sort());
    // No line names a player by id: they are named by their keyed references only.
    for (const who of [ann, bob, cid]) expect(JSON.stringify(lines)).not.toContain(who.playerId);
    expect(record.pf2.frozenLines).toHaveLength(7);
    record.pf2.reveals[0]!.secret = randomBytes(16).toString('hex');
    writeFileSync(join(dir, 'records.jsonl'), `${canonicalize(record)}\n`);
    const tampered = await verifyExport({ dir });
    expect(tampered.failures.map((failure) => failure.field)).toContain('pf2.reveals[0].secret');
  });

  it('auto-cycle closes a pf2 round on its timer, the reveals resolve it, and the next round opens by itself', async () => {
    const created = await server.operator.createTable({ name: 'Pf2 auto', fairness: 'pf2', bettingWindowMs: 3_000, lastCallMs: 0, resultPauseMs: 0 });
    const ann = await bettor(inviteOf(created), created.id, 1, 'Ann');
    // Auto-cycle on opens round 1 at once, with the announced close 3 s later.
    expect((await server.operator.action(created.id, 'auto-on')).status).toBe(200);
    await ann.client.waitForEvent('round.opened', 1);
    const ack = await ann.client.request({ kind: 'bet.place', round: 1, bets: [{ betId: 'auto1', spot: 'red', amountMinor: 100 }], commitment: ann.commitment });
    expect(ack.kind).toBe('ack');
    // Nobody closes it: the table's timer does, and the page's reveal closes the window at once.
    await ann.client.waitFor((message) => message.kind === 'pf2.lines' && message.round === 1, 'pf2.lines', { timeoutMs: 10_000 });
    expect(await ann.client.request({ kind: 'pf2.reveal', round: 1, secret: ann.secret })).toMatchObject({ kind: 'ack' });
    const revealed = (await ann.client.waitForEvent('round.revealed', 1)).event as Event<'round.revealed'>;
    expect(revealed.statement).toMatchObject({ revealed: 1, withheld: 0 });
    await ann.client.waitForEvent('round.settled', 1);
    await ann.client.waitForEvent('round.opened', 2);
    expect((await server.operator.action(created.id, 'auto-off')).status).toBe(200);
    await ann.client.close();
  });

  it('a round voided while betting is open is voided under a signed pf2.void, and its record verifies', async () => {
    const created = await server.operator.createTable({ name: 'Pf2 void', fairness: 'pf2' });
    await server.operator.mustAct(created.id, 'open');
    const ann = await bettor(inviteOf(created), created.id, 1, 'Ann');
    const ack = await ann.client.request({ kind: 'bet.place', round: 1, bets: [{ betId: 'v1', spot: 'red', amountMinor: 100 }], commitment: ann.commitment });
    expect(ack.kind).toBe('ack');
    expect((await server.operator.action(created.id, 'void', 'dealer changed the wheel')).status).toBe(200);
    const voided = (await ann.client.waitForEvent('round.voided', 1)).event as Event<'round.voided'>;
    if (!voided.statement) throw new Error('no signed pf2.void');
    expect(verifyStatement(voided.statement, publicKey())).toBe(true);
    expect(voided.statement).toMatchObject({ kind: 'pf2.void', table: created.id, round: 1, reason: 'dealer changed the wheel' });
    const dir = await exported(server, created.id);
    expect((await verifyExport({ dir })).failures).toEqual([]);
    await ann.client.close();
  });

  it('a void after the freeze is refused; a restart reopens the reveal window with the reveals that were durable, and the round resolves', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-pf2-restart-'));
    scratch.push(dataDir);
    let first = await startTestServer({ dataDir });
    const created = await first.operator.createTable({ name: 'Pf2 restart', fairness: 'pf2', revealWindowMs: 2_000 });
    await first.operator.mustAct(created.id, 'open');
    const ann = await bettor(inviteOf(created), created.id, 1, 'Ann', first);
    const bob = await bettor(inviteOf(created), created.id, 1, 'Bob', first);
    for (const who of [ann, bob]) {
      const ack = await who.client.request({ kind: 'bet.place', round: 1, bets: [{ betId: 'x1', spot: 'red', amountMinor: 100 }], commitment: who.commitment });
      expect(ack.kind).toBe('ack');
    }
    await first.operator.mustAct(created.id, 'close');
    await ann.client.waitForEvent('round.frozen', 1);
    expect((await first.operator.action(created.id, 'void', 'changed my mind')).status).toBe(409);
    expect(await ann.client.request({ kind: 'pf2.reveal', round: 1, secret: ann.secret })).toMatchObject({ kind: 'ack' });
    // The server stops inside the window: the round is left frozen, never voided.
    for (const who of [ann, bob]) await who.client.close();
    await first.stop();

    first = await startTestServer({ dataDir });
    try {
      const table = first.pitboss.services.tables.get(created.id);
      expect(table?.phase).toBe('closed');
      const session = await joinTable(first.origin, inviteOf(created), 'Watcher');
      const watcher = await PlayerClient.connect(first.origin, session.token);
      const view = watcher.received.find((message) => message.kind === 'snapshot');
      const pf2 = view?.kind === 'snapshot' ? view.snapshot.round?.pf2 : undefined;
      expect(pf2?.freeze?.kind).toBe('pf2.freeze');
      expect(pf2?.revealClosesAt).toBeGreaterThan(Date.now() - 1_000);
      // The window reopened with Ann's durable reveal counted (a count only: no secret before the close).
      expect(pf2?.revealedSoFar).toBe(1);
      expect(JSON.stringify(view)).not.toContain(ann.secret);
      const settled = (await watcher.waitForEvent('round.revealed', 1)).event as Event<'round.revealed'>;
      expect(verifyStatement(settled.statement, publicKey(first))).toBe(true);
      // Ann's reveal was durable before the stop and counts; Bob never revealed.
      expect(settled.statement).toMatchObject({ revealed: 1, withheld: 1, withheldDigest: withheldDigest([bob.reference]) });
      await watcher.waitForEvent('round.settled', 1);
      const dir = await exported(first, created.id);
      const report = await verifyExport({ dir });
      expect(report.failures).toEqual([]);
      const [line] = readFileSync(join(dir, 'records.jsonl'), 'utf8').trim().split('\n');
      const record = JSON.parse(line as string) as { pf2: { statements: { resumes: { kind: string }[] } } };
      expect(record.pf2.statements.resumes.map((resume) => resume.kind)).toEqual(['pf2.resume']);
      await watcher.close();
    } finally {
      await first.dispose();
    }
  });
});
