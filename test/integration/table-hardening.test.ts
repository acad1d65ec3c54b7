// Issue #10, items 3, 4, 6 (caps) and 16: what a player can do to a table's
// bets. A player cannot occupy the ids the server gives the stakes of
// blackjack decisions; a request that fails inside a group commit (a fault
// injected through SQLite itself) is rolled back alone and answered
// `internal`, and a commit that fails answers the whole batch `internal`,
// with memory and disk still equal; bets taken back count toward the
// per-player cap; a bet id taken back cannot be placed again. Real server on
// a loopback port, real sockets, real SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperatorTable, RoundProof } from '../../src/shared/api.ts';
import { Limits, type TableEvent, type TableSnapshot } from '../../src/shared/protocol.ts';
import { PlayerClient, inviteOf, joinTable, request, startTestServer, type TestServer } from '../support/harness.ts';

const START_MINOR = 100_000;

let server: TestServer;

beforeAll(async () => {
  // One player sends hundreds of requests in a few seconds, and a few players join from one address.
  server = await startTestServer({
    gatewayLimits: { messagesPerSecond: 10_000, messageBurst: 10_000 },
    joinRateLimit: { ratePerSecond: 100, burst: 100 },
  });
});
afterAll(async () => {
  await server.dispose();
});

type Player = { client: PlayerClient; token: string; playerId: string };

async function seat(table: OperatorTable, name: string): Promise<Player> {
  const session = await joinTable(server.origin, inviteOf(table), name, `seed-${name}`);
  return { client: await PlayerClient.connect(server.origin, session.token), token: session.token, playerId: session.playerId };
}

async function roulette(name: string): Promise<OperatorTable> {
  return server.operator.createTable({ name, game: 'roulette-eu', joinCreditMinor: START_MINOR });
}

/** Opens a round and returns its number, as the player's socket announced it. */
async function open(table: OperatorTable, player: Player): Promise<number> {
  const from = player.client.received.length;
  await server.operator.mustAct(table.id, 'open');
  const opened = await player.client.waitFor((message) => message.kind === 'event' && message.event.kind === 'round.opened', 'round.opened', {
    fromIndex: from,
  });
  return opened.kind === 'event' && opened.event.kind === 'round.opened' ? opened.event.round : 0;
}

/** Closes and draws a roulette round; resolves with its round.settled event. */
async function spin(table: OperatorTable, player: Player, round: number): Promise<Extract<TableEvent, { kind: 'round.settled' }>> {
  await server.operator.mustAct(table.id, 'close');
  await server.operator.mustAct(table.id, 'spin');
  const settled = await player.client.waitForEvent('round.settled', round);
  if (settled.event.kind !== 'round.settled') throw new Error('not a settlement');
  return settled.event;
}

async function balanceOf(player: Player): Promise<number> {
  const me = await request<{ balanceMinor: number }>(server.origin, 'GET', '/api/me', undefined, { Authorization: `Bearer ${player.token}` });
  expect(me.status).toBe(200);
  return me.body.balanceMinor;
}

type BetOnDisk = { betId: string; playerId: string; spot: string; amountMinor: number; cancelled: boolean; payoutMinor: number | null };

function betsOnDisk(tableId: string, round: number): BetOnDisk[] {
  return server.pitboss.services.db
    .prepare(
      `SELECT b.bet_id AS betId, b.player_id AS playerId, b.spot, b.amount_minor AS amountMinor,
              b.cancelled_at IS NOT NULL AS cancelled, b.payout_minor AS payoutMinor
         FROM bets b JOIN rounds r ON r.id = b.round_id
        WHERE r.table_id = ? AND r.number = ? ORDER BY b.id`,
    )
    .all(tableId, round)
    .map((row) => {
      const bet = row as Omit<BetOnDisk, 'cancelled'> & { cancelled: number };
      return { ...bet, cancelled: bet.cancelled === 1 };
    });
}

function liveOnDisk(tableId: string, round: number): BetOnDisk[] {
  return betsOnDisk(tableId, round).filter((bet) => !bet.cancelled);
}

function spotTotalsOf(bets: BetOnDisk[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const bet of bets) totals[bet.spot] = (totals[bet.spot] ?? 0) + bet.amountMinor;
  return totals;
}

function transferCount(): number {
  return (server.pitboss.services.db.prepare('SELECT count(*) AS n FROM transfers').get() as { n: number }).n;
}

function transfersWithKey(key: string): number {
  return (server.pitboss.services.db.prepare('SELECT count(*) AS n FROM transfers WHERE idempotency_key = ?').get(key) as { n: number }).n;
}

/** What the table holds in memory, as a fresh connection's snapshot shows it. */
async function snapshotOf(player: Player): Promise<TableSnapshot> {
  player.client = await PlayerClient.connect(server.origin, player.token);
  const snapshot = player.client.received.find((message) => message.kind === 'snapshot');
  if (snapshot?.kind !== 'snapshot') throw new Error('no snapshot');
  return snapshot.snapshot;
}

/** The number of group commits so far (every batch observes one). */
async function commitCount(): Promise<number> {
  const text = await server.pitboss.services.metrics.registry.getSingleMetricAsString('pitboss_db_commit_seconds');
  const count = /^pitboss_db_commit_seconds_count (\d+)$/m.exec(text)?.[1];
  if (count === undefined) throw new Error('no pitboss_db_commit_seconds_count');
  return Number(count);
}

describe('table hardening', () => {
  it('item 3: an id in the server namespace ("__…") is refused at the edge, and the server ids a double takes cannot be occupied', async () => {
    // (a) A client id beginning with "__" is refused as a bad message, for a bet and for a cancel, and nothing moves.
    {
      const table = await roulette('Reserved ids');
      const ivy = await seat(table, 'Ivy');
      const round = await open(table, ivy);
      const transfersBefore = transferCount();
      expect(await ivy.client.bet(round, [{ betId: '__x', spot: 'red', amountMinor: 100 }])).toMatchObject({ kind: 'error', code: 'bad_message' });
      expect(await ivy.client.request({ kind: 'bet.cancel', round, betIds: ['__x'] })).toMatchObject({ kind: 'error', code: 'bad_message' });
      expect(betsOnDisk(table.id, round)).toEqual([]);
      expect(transferCount()).toBe(transfersBefore);
      expect(await balanceOf(ivy)).toBe(START_MINOR);
      await ivy.client.close();
    }

    // (b) The attack on the old ids: place and cancel every id the old code would have tried for a double, then double.
    const table = await server.operator.createTable({
      name: 'Reserved ids blackjack',
      game: 'blackjack',
      joinCreditMinor: START_MINOR,
      houseFloatMinor: 10_000_000,
      decisionMs: 30_000,
    });
    const pia = await seat(table, 'Pia');
    let doubled = false;
    for (let attempt = 0; attempt < 30 && !doubled; attempt++) {
      const round = await open(table, pia);
      const oldBase = `bj-r${round}-double-1-0`;
      const oldIds = [oldBase, ...Array.from({ length: 99 }, (_, index) => `${oldBase}-${index + 2}`)];
      for (let start = 0; start < oldIds.length; start += Limits.maxBetsPerMessage) {
        const chunk = oldIds.slice(start, start + Limits.maxBetsPerMessage);
        expect(await pia.client.bet(round, chunk.map((betId) => ({ betId, spot: 'behind:2', amountMinor: 100 })))).toMatchObject({ kind: 'ack' });
        expect(await pia.client.request({ kind: 'bet.cancel', round, betIds: chunk })).toMatchObject({ kind: 'ack' });
      }
      expect(await pia.client.bet(round, [{ betId: `main-${round}`, spot: 'seat:1', amountMinor: 1_000 }])).toMatchObject({ kind: 'ack' });
      await server.operator.mustAct(table.id, 'close');
      let from = pia.client.received.length;
      await server.operator.mustAct(table.id, 'spin');
      // Play the round: decline insurance, double when offered, else stand, until its result.
      for (let step = 0; step < 20; step++) {
        const message = await pia.client.waitFor(
          (candidate) =>
            candidate.kind === 'event' &&
            (candidate.event.kind === 'blackjack.turn' || candidate.event.kind === 'round.result') &&
            candidate.event.round === round,
          `play event of round ${round}`,
          { fromIndex: from },
        );
        from = pia.client.received.indexOf(message) + 1;
        const event = message.kind === 'event' ? message.event : null;
        if (event?.kind !== 'blackjack.turn') break;
        const turn = event.turn;
        if (turn.phase === 'done') continue;
        if (turn.phase === 'insurance') {
          expect(await pia.client.request({ kind: 'blackjack.decide', round, seat: 1, hand: 0, action: 'no-insurance' })).toMatchObject({ kind: 'ack' });
          continue;
        }
        const action = turn.actions.includes('double') ? 'double' : 'stand';
        // The next turn is published before the ack: keep reading from before the request.
        from = pia.client.received.length;
        const reply = await pia.client.request({ kind: 'blackjack.decide', round, seat: turn.seat, hand: turn.hand, action });
        expect(reply, `${action} in round ${round}`).toMatchObject({ kind: 'ack' });
        if (action === 'double') doubled = true;
      }
      await pia.client.waitForEvent('round.settled', round);
      if (!doubled) continue;
      // The double was booked, the round settled, and the server still answers.
      const proof = await request<RoundProof>(server.origin, 'GET', `/api/tables/${table.id}/rounds/${round}/proof`);
      expect(proof.status).toBe(200);
      expect(proof.body.phase).toBe('settled');
      expect(proof.body.bets.map((bet) => bet.spot).sort()).toEqual(['double:1:0', 'seat:1']);
      const doubleRow = liveOnDisk(table.id, round).find((bet) => bet.spot === 'double:1:0');
      expect(doubleRow?.betId.startsWith('__'), doubleRow?.betId).toBe(true);
      expect(oldIds).not.toContain(doubleRow?.betId);
      expect((await request(server.origin, 'GET', '/api/tables')).status).toBe(200);
      expect(server.pitboss.services.ledger.verify()).toEqual({ ok: true, problems: [] });
    }
    expect(doubled, 'no round in 30 offered a double').toBe(true);
    await pia.client.close();
  });

  it('item 4: a request that fails inside a group commit is rolled back alone and answered internal; a failed commit answers its whole batch internal; memory follows the disk', async () => {
    const { db, ledger } = server.pitboss.services;
    const table = await roulette('Faults');
    const [ann, ben, wat] = await Promise.all(['Ann', 'Ben', 'Wat'].map((name) => seat(table, name))) as [Player, Player, Player];
    const round = await open(table, ann);
    expect(await ann.client.bet(round, [{ betId: 'a0', spot: 'red', amountMinor: 100 }])).toMatchObject({ kind: 'ack' });
    expect(await ben.client.bet(round, [{ betId: 'b0', spot: 'black', amountMinor: 200 }])).toMatchObject({ kind: 'ack' });
    const annBefore = await balanceOf(ann);
    const benBefore = await balanceOf(ben);

    // --- One request throws while it is applied: SQLite refuses the insert of the bet row 'boom'.
    db.exec(`CREATE TEMP TRIGGER fault_boom BEFORE INSERT ON main.bets WHEN NEW.bet_id = 'boom' BEGIN SELECT RAISE(ABORT, 'injected'); END`);
    try {
      const commitsBefore = await commitCount();
      // Both frames are written before either reply is awaited: they arrive in one turn and share one group commit.
      const annReply = ann.client.bet(round, [
        { betId: 'a1', spot: 'red', amountMinor: 300 },
        { betId: 'boom', spot: 'red', amountMinor: 400 },
      ]);
      const benReply = ben.client.bet(round, [{ betId: 'b1', spot: 'black', amountMinor: 500 }]);
      expect(await annReply).toMatchObject({ kind: 'error', code: 'internal' });
      expect(await benReply).toMatchObject({ kind: 'ack', balanceMinor: benBefore - 500 });
      expect((await commitCount()) - commitsBefore, 'the two requests shared one group commit').toBe(1);
    } finally {
      db.exec('DROP TRIGGER IF EXISTS temp.fault_boom');
    }
    // Ann's whole request was rolled back (a1 with boom); Ben's commit stands.
    expect(await balanceOf(ann)).toBe(annBefore);
    expect(await balanceOf(ben)).toBe(benBefore - 500);
    expect(transfersWithKey(`bet:${ann.playerId}:boom`)).toBe(0);
    expect(transfersWithKey(`bet:${ann.playerId}:a1`)).toBe(0);
    expect(transfersWithKey(`bet:${ben.playerId}:b1`)).toBe(1);
    const live = liveOnDisk(table.id, round);
    expect(live.map((bet) => bet.betId)).toEqual(['a0', 'b0', 'b1']);
    expect(betsOnDisk(table.id, round)).toHaveLength(3);
    // Memory equals the disk.
    let snapshot = await snapshotOf(wat);
    expect(snapshot.betCount).toBe(live.length);
    expect(snapshot.spotTotals).toEqual(spotTotalsOf(live));
    expect(snapshot.spotTotals).toEqual({ red: 100, black: 700 });
    // The server keeps serving: a later bet, and the spin, whose settlement is what the disk holds.
    expect(await ann.client.bet(round, [{ betId: 'a2', spot: 'red', amountMinor: 300 }])).toMatchObject({ kind: 'ack', balanceMinor: annBefore - 300 });
    const settled = await spin(table, ann, round);
    const final = liveOnDisk(table.id, round);
    expect(final.map((bet) => bet.betId)).toEqual(['a0', 'b0', 'b1', 'a2']);
    expect(settled.betCount).toBe(final.length);
    expect(settled.stakeMinor).toBe(final.reduce((sum, bet) => sum + bet.amountMinor, 0));
    expect(settled.payoutMinor).toBe(final.reduce((sum, bet) => sum + (bet.payoutMinor ?? 0), 0));
    const paidTo = (player: Player) => final.filter((bet) => bet.playerId === player.playerId).reduce((sum, bet) => sum + (bet.payoutMinor ?? 0), 0);
    expect(await balanceOf(ann)).toBe(annBefore - 300 + paidTo(ann));
    expect(await balanceOf(ben)).toBe(benBefore - 500 + paidTo(ben));
    expect(ledger.verify()).toEqual({ ok: true, problems: [] });

    // --- The commit itself fails: every bet row inserts a row that breaks a deferred foreign key, checked at COMMIT.
    const next = await open(table, ann);
    expect(await ann.client.bet(next, [{ betId: 'c0', spot: 'red', amountMinor: 100 }])).toMatchObject({ kind: 'ack' });
    const annAt = await balanceOf(ann);
    const benAt = await balanceOf(ben);
    const transfersAt = transferCount();
    db.exec(`
      CREATE TEMP TABLE fault_parent (id INTEGER PRIMARY KEY);
      CREATE TEMP TABLE fault_child (parent INTEGER REFERENCES fault_parent (id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TEMP TRIGGER fault_commit AFTER INSERT ON main.bets BEGIN INSERT INTO fault_child (parent) VALUES (NEW.id); END;
    `);
    try {
      const commitsBefore = await commitCount();
      const annReply = ann.client.bet(next, [{ betId: 'c1', spot: 'red', amountMinor: 200 }]);
      const benReply = ben.client.bet(next, [{ betId: 'd1', spot: 'black', amountMinor: 300 }]);
      expect(await annReply).toMatchObject({ kind: 'error', code: 'internal' });
      expect(await benReply).toMatchObject({ kind: 'error', code: 'internal' });
      expect((await commitCount()) - commitsBefore, 'the two requests shared one group commit').toBe(1);
    } finally {
      db.exec('DROP TRIGGER IF EXISTS temp.fault_commit; DROP TABLE IF EXISTS temp.fault_child; DROP TABLE IF EXISTS temp.fault_parent;');
    }
    // Nothing of that batch is on disk, in memory or in a wallet.
    expect(betsOnDisk(table.id, next).map((bet) => bet.betId)).toEqual(['c0']);
    expect(transferCount()).toBe(transfersAt);
    expect(await balanceOf(ann)).toBe(annAt);
    expect(await balanceOf(ben)).toBe(benAt);
    snapshot = await snapshotOf(wat);
    expect(snapshot.betCount).toBe(1);
    expect(snapshot.spotTotals).toEqual({ red: 100 });
    // The trigger gone, the same requests (retried as the error invites) are placed.
    expect(await ann.client.bet(next, [{ betId: 'c1', spot: 'red', amountMinor: 200 }])).toMatchObject({ kind: 'ack', balanceMinor: annAt - 200 });
    expect(await ben.client.bet(next, [{ betId: 'd1', spot: 'black', amountMinor: 300 }])).toMatchObject({ kind: 'ack', balanceMinor: benAt - 300 });
    snapshot = await snapshotOf(wat);
    expect(snapshot.betCount).toBe(3);
    expect(snapshot.spotTotals).toEqual(spotTotalsOf(liveOnDisk(table.id, next)));
    const settledNext = await spin(table, ann, next);
    expect(settledNext.betCount).toBe(3);
    expect(ledger.verify()).toEqual({ ok: true, problems: [] });
    await Promise.all([ann, ben, wat].map((player) => player.client.close()));
  });

  it('item 6: bets taken back count toward the per-player cap of a round; the cap resets next round', async () => {
    const cap = Limits.maxBetsPerRoundPerPlayer;
    const chunk = Limits.maxBetsPerMessage;
    const table = await roulette('Churn');
    const cam = await seat(table, 'Cam');
    const round = await open(table, cam);
    let placed = 0;
    const place = (count: number) => {
      const bets = Array.from({ length: count }, (_, index) => ({ betId: `churn-${placed + index}`, spot: 'red', amountMinor: 100 }));
      return cam.client.bet(round, bets);
    };
    // Place and take back, chunk after chunk, until the placements reach the cap; no bet stays live.
    while (placed < cap) {
      const count = Math.min(chunk, cap - placed);
      // A request that would carry the count over the cap is refused whole.
      if (placed + chunk > cap) expect(await place(chunk)).toMatchObject({ kind: 'error', code: 'too_many_bets' });
      expect(await place(count)).toMatchObject({ kind: 'ack' });
      placed += count;
      expect(await cam.client.request({ kind: 'bet.cancel', round, betIds: [] })).toMatchObject({ kind: 'ack', balanceMinor: START_MINOR });
    }
    expect(liveOnDisk(table.id, round)).toEqual([]);
    expect(betsOnDisk(table.id, round)).toHaveLength(cap);
    // Nothing is live, yet the next placement is refused: the round's placements are used up.
    const transfersBefore = transferCount();
    const refused = await place(1);
    expect(refused).toMatchObject({ kind: 'error', code: 'too_many_bets' });
    expect(refused.kind === 'error' && refused.message).toMatch(/taken back/);
    expect(transferCount()).toBe(transfersBefore);
    expect(await balanceOf(cam)).toBe(START_MINOR);
    expect(betsOnDisk(table.id, round)).toHaveLength(cap);
    // The next round starts from zero.
    await spin(table, cam, round);
    const next = await open(table, cam);
    expect(await cam.client.bet(next, [{ betId: 'next-1', spot: 'red', amountMinor: 100 }])).toMatchObject({ kind: 'ack', balanceMinor: START_MINOR - 100 });
    await cam.client.close();
  });

  it('item 16: a bet id placed and taken back cannot be placed again, in that round or a later one; a retried live bet is acknowledged and applied once', async () => {
    const table = await roulette('Taken back');
    const rey = await seat(table, 'Rey');
    const round = await open(table, rey);
    expect(await rey.client.bet(round, [{ betId: 'x', spot: 'red', amountMinor: 100 }])).toMatchObject({ kind: 'ack', balanceMinor: START_MINOR - 100 });
    expect(await rey.client.request({ kind: 'bet.cancel', round, betIds: ['x'] })).toMatchObject({ kind: 'ack', balanceMinor: START_MINOR });
    const transfersBefore = transferCount();

    const refusedAgain = async (forRound: number, bet: { spot: string; amountMinor: number }) => {
      const reply = await rey.client.bet(forRound, [{ betId: 'x', ...bet }]);
      expect(reply, `x on ${bet.spot} ${bet.amountMinor} in round ${forRound}`).toMatchObject({ kind: 'error', code: 'duplicate_bet_id' });
      expect(reply.kind === 'error' && reply.message).toMatch(/taken back/);
    };
    // The same bet again, and another spot and amount under the same id: refused, nothing moves.
    await refusedAgain(round, { spot: 'red', amountMinor: 100 });
    await refusedAgain(round, { spot: 'black', amountMinor: 500 });
    expect(transferCount()).toBe(transfersBefore);
    expect(await balanceOf(rey)).toBe(START_MINOR);
    expect(betsOnDisk(table.id, round)).toMatchObject([{ betId: 'x', cancelled: true }]);

    // A live bet retried (same id, spot and amount) is acknowledged again and booked once; changed, it is refused.
    const live = { betId: 'y', spot: 'red', amountMinor: 200 };
    expect(await rey.client.bet(round, [live])).toMatchObject({ kind: 'ack', balanceMinor: START_MINOR - 200 });
    expect(await rey.client.bet(round, [live])).toMatchObject({ kind: 'ack', balanceMinor: START_MINOR - 200 });
    expect(await rey.client.bet(round, [{ ...live, amountMinor: 300 }])).toMatchObject({ kind: 'error', code: 'duplicate_bet_id' });
    expect(transferCount()).toBe(transfersBefore + 1);
    expect(transfersWithKey(`bet:${rey.playerId}:y`)).toBe(1);
    expect(liveOnDisk(table.id, round).map((bet) => bet.betId)).toEqual(['y']);
    const snapshot = await snapshotOf(rey);
    expect(snapshot.betCount).toBe(1);
    expect(snapshot.spotTotals).toEqual({ red: 200 });

    // A later round: the taken-back id is still refused.
    await spin(table, rey, round);
    const balance = await balanceOf(rey);
    const transfersAfterSpin = transferCount();
    const next = await open(table, rey);
    await refusedAgain(next, { spot: 'red', amountMinor: 100 });
    expect(transferCount()).toBe(transfersAfterSpin);
    expect(await balanceOf(rey)).toBe(balance);
    expect(betsOnDisk(table.id, next)).toEqual([]);
    await rey.client.close();
  });

  it('item 6: take-backs are rate limited on their own budget (Limits.cancelBurst, then Limits.cancelsPerSecond)', async () => {
    const table = await roulette('Cancel budget');
    const tia = await seat(table, 'Tia');
    const round = await open(table, tia);
    // Sent back to back: the burst is answered, the rest is refused until the budget refills.
    const replies = await Promise.all(
      Array.from({ length: Limits.cancelBurst + 10 }, () => tia.client.request({ kind: 'bet.cancel', round, betIds: [] })),
    );
    const acked = replies.filter((reply) => reply.kind === 'ack').length;
    const limited = replies.filter((reply) => reply.kind === 'error' && reply.code === 'rate_limited').length;
    expect(acked + limited).toBe(replies.length);
    expect(acked).toBeGreaterThanOrEqual(Limits.cancelBurst);
    expect(limited).toBeGreaterThanOrEqual(1);
    // Placing is not held up by the take-back budget.
    expect(await tia.client.bet(round, [{ betId: 'after-cancels', spot: 'red', amountMinor: 100 }])).toMatchObject({ kind: 'ack' });
  });
});
