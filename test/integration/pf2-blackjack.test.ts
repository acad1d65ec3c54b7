// Blackjack under pf2 over the real server and real sockets (PF2.md §9):
// the seats are frozen and revealed like any pf2 round, the hand is dealt
// from the segmented shoe of the client string the reveals fix, every
// accepted decision is acknowledged with a signed pf2.decision, a seat
// owner who disconnects keeps the right to decide until the timer runs out
// (then the chart plays the hand, recorded as `absent`), bets behind settle
// on a hand of their own, and the record verifies. Replaying the record
// with the first seat played differently moves no other hand's cards.
import { randomBytes, sign as nodeSign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditJob } from '../../src/shared/audit-api.ts';
import { loadSigningKey } from '../../src/main/audit/signing-key.ts';
import { verifyExport } from '../../src/main/verifier/verify-export.ts';
import { canonicalize } from '../../src/shared/audit/canonical-json.ts';
import { hexToBytes } from '../../src/shared/fairness/pf1.ts';
import { roundCommitment } from '../../src/shared/fairness/pf2.ts';
import { verifyStatement } from '../../src/shared/fairness/pf2-statements.ts';
import { dealingOf } from '../../src/shared/games/blackjack-dealing.ts';
import { replayBlackjack, type BlackjackDecision } from '../../src/shared/games/blackjack-round.ts';
import { handReturnMinor } from '../../src/shared/games/blackjack.ts';
import type { BlackjackOutcome, ServerMessage, WireStatement } from '../../src/shared/protocol.ts';
import { finishedJob, inviteOf, joinTable, PlayerClient, startTestServer, type TestServer } from '../support/harness.ts';

let server: TestServer;
const scratch: string[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.dispose();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

type Bettor = { client: PlayerClient; reference: string; secret: string; commitment: string };
type Event<K extends string> = Extract<Extract<ServerMessage, { kind: 'event' }>['event'], { kind: K }>;

async function bettor(invite: string, tableId: string, name: string): Promise<Bettor> {
  const session = await joinTable(server.origin, invite, name);
  const client = await PlayerClient.connect(server.origin, session.token);
  const secret = randomBytes(16).toString('hex');
  return { client, reference: session.reference, secret, commitment: roundCommitment(tableId, 1, session.reference, secret) };
}

/** The cards decide whether a seat had a decision to make: an Ace up offers insurance; else only a dealer blackjack or a natural ends it at once. */
function hadToDecide(outcome: BlackjackOutcome, seat: number): boolean {
  const opening = outcome.seats.find((each) => each.seat === seat)?.hands[0]?.cards.slice(0, 2) ?? [];
  const natural = opening.some((card) => card.startsWith('A')) && opening.some((card) => /^(10|J|Q|K)/.test(card));
  return outcome.dealer.cards[0]!.startsWith('A') || (!outcome.dealer.blackjack && !natural);
}

function isTurn(message: ServerMessage): message is Extract<ServerMessage, { kind: 'event' }> & { event: Event<'blackjack.turn'> } {
  return message.kind === 'event' && message.event.kind === 'blackjack.turn';
}

/** Seat 1's owner plays: no insurance, hits below 15, else stands; every accepted decision carries its signed pf2.decision. */
async function playSeatOne(ann: Bettor): Promise<WireStatement[]> {
  const statements: WireStatement[] = [];
  let from = 0;
  for (let step = 0; step < 12; step++) {
    const message = await ann.client.waitFor(isTurn, 'a turn', { fromIndex: from, timeoutMs: 15_000 });
    from = ann.client.received.indexOf(message) + 1;
    if (!isTurn(message)) continue;
    const { turn, seats } = message.event;
    if (turn.phase === 'done') return statements;
    const mine = turn.phase === 'insurance' ? turn.seats.includes(1) : turn.seat === 1;
    if (!mine) continue;
    const total = seats.find((seat) => seat.seat === 1)?.hands[turn.phase === 'play' ? turn.hand : 0]?.total ?? 21;
    const action = turn.phase === 'insurance' ? 'no-insurance' : total < 15 ? 'hit' : 'stand';
    const hand = turn.phase === 'play' ? turn.hand : 0;
    const ack = await ann.client.request({ kind: 'blackjack.decide', round: 1, seat: 1, hand, action });
    if (ack.kind !== 'ack' || !ack.statement) throw new Error(`no signed decision acknowledgement: ${JSON.stringify(ack)}`);
    statements.push(ack.statement);
  }
  return statements;
}

describe('pf2 blackjack over real sockets', () => {
  it('deals the frozen seats from the segmented shoe, signs each decision, waits out an absent owner, and settles bets behind on their own hand', async () => {
    const created = await server.operator.createTable({ name: 'Pf2 blackjack', game: 'blackjack', fairness: 'pf2', revealWindowMs: 500, decisionMs: 3_000 });
    await server.operator.mustAct(created.id, 'open');
    const ann = await bettor(inviteOf(created), created.id, 'Ann');
    const bob = await bettor(inviteOf(created), created.id, 'Bob');
    const cid = await bettor(inviteOf(created), created.id, 'Cid');
    const place = (who: Bettor, betId: string, spot: string, amountMinor: number) =>
      who.client.request({ kind: 'bet.place', round: 1, bets: [{ betId, spot, amountMinor }], commitment: who.commitment });
    expect((await place(ann, 'a1', 'seat:1', 1_000)).kind).toBe('ack');
    expect((await place(bob, 'b1', 'seat:3', 1_000)).kind).toBe('ack');
    expect((await place(cid, 'c1', 'behind:1', 500)).kind).toBe('ack');
    expect((await place(cid, 'c3', 'behind:3', 500)).kind).toBe('ack');
    await server.operator.mustAct(created.id, 'close');
    await ann.client.waitForEvent('round.frozen', 1);
    for (const who of [ann, bob, cid]) expect((await who.client.request({ kind: 'pf2.reveal', round: 1, secret: who.secret })).kind).toBe('ack');
    // Bob leaves once the reveal set is fixed: his seat is still his to play until its timer runs out.
    await bob.client.waitForEvent('round.revealed', 1);
    await bob.client.close();

    const statements = await playSeatOne(ann);
    const key = hexToBytes(server.pitboss.services.audit.key.publicKeyHex);
    statements.forEach((statement, index) => {
      expect(verifyStatement(statement, key)).toBe(true);
      expect(statement).toMatchObject({ kind: 'pf2.decision', table: created.id, round: 1, seat: 1 });
      if (index > 0) expect(statement.seq as number).toBeGreaterThan(statements[index - 1]!.seq as number);
    });
    const result = (await cid.client.waitForEvent('round.result', 1)).event as Event<'round.result'>;
    const outcome = result.outcome as BlackjackOutcome;
    if (hadToDecide(outcome, 1)) expect(statements.length).toBeGreaterThan(0);
    // Each signed decision is in the record at its seq.
    for (const statement of statements) {
      expect(outcome.decisions[(statement.seq as number) - 1]).toEqual({ seat: 1, hand: statement.hand, action: statement.action });
    }
    // Bob's hand was decided by the table only when its timer ran out, recorded as an absent owner, never as his choice.
    const bobs = outcome.decisions.filter((decision) => decision.seat === 3);
    if (hadToDecide(outcome, 3)) expect(bobs.length).toBeGreaterThan(0);
    expect(bobs.every((decision) => decision.action === 'absent')).toBe(true);
    // Each of Bob's turns lasted its whole timer: the next turn came at its deadline, not when he left.
    const turns = cid.client.received.filter(isTurn);
    const awaitsBob = (turn: Event<'blackjack.turn'>['turn']) => (turn.phase === 'play' ? turn.seat === 3 : turn.phase === 'insurance' && turn.seats.includes(3));
    turns.forEach((message, index) => {
      const { turn, deadline } = message.event;
      const moved = turns.slice(index + 1).find((later) => !awaitsBob(later.event.turn));
      if (awaitsBob(turn) && moved !== undefined && deadline !== null) expect(moved.at).toBeGreaterThanOrEqual(deadline - 5);
    });
    for (const seat of outcome.seats) expect(seat.behind?.cards.slice(0, 2)).toHaveLength(2);

    // Cid's bets behind are paid on the hands the chart played for them.
    const settlement = await cid.client.waitFor<'settlement'>((message) => message.kind === 'settlement', 'settlement');
    const behindOf = (seat: number) => outcome.seats.find((each) => each.seat === seat)?.behind?.result ?? 'lose';
    expect(settlement).toMatchObject({ stakeMinor: 1_000, payoutMinor: handReturnMinor(500, behindOf(1)) + handReturnMinor(500, behindOf(3)) });

    // Seat 1 played any other way (stood at once): every other hand, the dealer and every bets-behind hand are the same cards.
    const inputs = { serverSeed: hexToBytes(result.serverSeed), clientString: result.clientString, round: 1, fairness: 'pf2' as const };
    const seats = outcome.seats.map((seat) => seat.seat);
    const annPlays = (decision: BlackjackDecision) => decision.seat === 1 && decision.action !== 'no-insurance';
    const firstPlay = outcome.decisions.findIndex(annPlays);
    const standing = outcome.decisions.flatMap((decision, index): BlackjackDecision[] =>
      !annPlays(decision) ? [decision] : index === firstPlay ? [{ seat: 1, hand: 0, action: 'stand' }] : [],
    );
    const otherWay = replayBlackjack(seats, standing, dealingOf(inputs));
    const others = (each: BlackjackOutcome) => ({
      dealer: each.dealer.cards,
      bob: each.seats.find((seat) => seat.seat === 3)?.hands.map((hand) => hand.cards),
      behind: each.seats.map((seat) => seat.behind?.cards),
    });
    expect(others(otherWay)).toEqual(others(outcome));

    await ann.client.waitFor((message) => message.kind === 'pf2.receipt', 'pf2.receipt');
    for (const who of [ann, cid]) await who.client.close();
    const dir = join(mkdtempSync(join(tmpdir(), 'pitboss-pf2-blackjack-')), 'out');
    scratch.push(join(dir, '..'));
    const started = await server.operator.call<{ job: AuditJob }>('POST', '/api/operator/audit/exports', { tableId: created.id, dir });
    expect(await finishedJob(server.operator, started.body.job.id)).toMatchObject({ state: 'done', error: null });
    expect((await verifyExport({ dir })).failures).toEqual([]);
    // Ann's signed decisions, held against the record, agree with it; one the record contradicts is the proof.
    const held = statements.map((statement, index) => ({ source: `ann.json#${index}`, statement }));
    const checked = await verifyExport({ dir, receipts: held });
    expect(checked.failures).toEqual([]);
    expect(checked.pf2?.statementsChecked).toBe(statements.length);
    if (statements.length > 0) {
      const body = Object.fromEntries(Object.entries(statements[0]!).filter(([member]) => member !== 'sig'));
      const other = { ...body, action: body.action === 'hit' ? 'stand' : 'hit' };
      const key = loadSigningKey(server.dataDir).privateKey;
      const forged = { ...other, sig: nodeSign(null, Buffer.from(canonicalize(other)), key).toString('base64') };
      const contradicted = await verifyExport({ dir, receipts: [{ source: 'ann.json#forged', statement: forged }] });
      expect(contradicted.failures.map((failure) => failure.field)).toEqual([`outcome.decisions[${(body.seq as number) - 1}]`]);
    }
  });
});
