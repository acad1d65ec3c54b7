// 1,000 players dropped at once mid-round, some with a bet in flight whose
// ack they never saw. They all reconnect at once (resuming from their last
// seq, or from a fresh snapshot when the replay buffer no longer reaches),
// retry what was unacknowledged with the same ids, and land in exactly the
// right state: every bet present once, every balance exact after the spin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rouletteSpots } from '../../src/shared/games/roulette.ts';
import type { JoinResponse } from '../../src/shared/api.ts';
import { PlayerClient, inviteOf, joinTable, startTestServer, type TestServer } from '../support/harness.ts';

const playerCount = 1_000;
const concurrency = 100;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    joinRateLimit: { ratePerSecond: 10_000, burst: 10_000 },
    gatewayLimits: { upgradesPerSecond: 10_000, upgradeBurst: 10_000 },
    // Every client is 127.0.0.1: a thousand of them need more than one address's share.
    edgeLimits: { maxConnectionsPerAddress: 10_000, maxPendingHandshakesPerAddress: 1_000 },
  });
});
afterAll(async () => {
  await server.dispose();
});

async function inBatches<T, R>(items: T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map((item, offset) => work(item, start + offset)))));
  }
  return results;
}

function returned(spot: string, amountMinor: number, pocket: number): number {
  const definition = rouletteSpots.get(spot)!;
  return definition.pockets.includes(pocket) ? amountMinor * (definition.payout + 1) : 0;
}

describe('a reconnect storm', () => {
  it(`puts ${playerCount} dropped players back in the right state with no bet lost or doubled`, async () => {
    const table = await server.operator.createTable({ name: 'Storm', maxRoundMinor: 100_000 });
    const invite = inviteOf(table);
    const indexes = Array.from({ length: playerCount }, (_, index) => index);
    const sessions: JoinResponse[] = await inBatches(indexes, concurrency, (index) => joinTable(server.origin, invite, `P${index}`));
    let clients = await inBatches(sessions, concurrency, (session) => PlayerClient.connect(server.origin, session.token));
    await server.operator.mustAct(table.id, 'open');
    await Promise.all(clients.map((client) => client.waitForEvent('round.opened', 1)));

    const firstBet = (index: number) => ({ betId: `first-${index}`, spot: index % 2 === 0 ? 'red' : 'black', amountMinor: 1_000 });
    const secondBet = (index: number) => ({ betId: `second-${index}`, spot: `straight:${index % 37}`, amountMinor: 100 });
    const firstAcks = await Promise.all(clients.map((client, index) => client.bet(1, [firstBet(index)])));
    expect(firstAcks.every((reply) => reply.kind === 'ack' && reply.balanceMinor === 99_000)).toBe(true);

    // Every third player sends a second bet and loses the connection before the ack arrives.
    const inFlight = new Set(indexes.filter((index) => index % 3 === 0));
    const lastSeqs = clients.map((client) => client.lastSeq());
    for (const index of inFlight) {
      clients[index]!.sendRaw(JSON.stringify({ kind: 'bet.place', requestId: `retry-${index}`, round: 1, bets: [secondBet(index)] }));
    }
    for (const client of clients) client.socket.terminate();
    await Promise.all(clients.map((client) => client.waitForClose()));

    // All at once: resume from the last seq each had applied.
    const startedAt = performance.now();
    clients = await Promise.all(
      sessions.map((session, index) => PlayerClient.connect(server.origin, session.token, { since: lastSeqs[index]! })),
    );
    console.log(`${playerCount} clients reconnected in ${(performance.now() - startedAt).toFixed(0)} ms`);

    // Each one can rebuild its bets: from a snapshot, or from the events it missed.
    let resumedFromReplay = 0;
    clients.forEach((client, index) => {
      const welcome = client.received.find((message) => message.kind === 'welcome');
      expect(welcome).toMatchObject({ playerId: sessions[index]!.playerId });
      const snapshot = client.received.find((message) => message.kind === 'snapshot');
      if (snapshot?.kind === 'snapshot') {
        const mine = snapshot.snapshot.bets.filter((bet) => bet.playerId === sessions[index]!.playerId).map((bet) => bet.betId);
        expect(mine[0]).toBe(`first-${index}`);
      } else {
        resumedFromReplay += 1;
        // Resumed: whatever it receives continues its sequence with no gap and no repeat.
        const firstEvent = client.received.find((message) => message.kind === 'event');
        if (firstEvent?.kind === 'event') expect(firstEvent.seq).toBe(lastSeqs[index]! + 1);
      }
    });
    console.log(`${resumedFromReplay} resumed from the replay buffer, ${playerCount - resumedFromReplay} from a snapshot`);

    // The unacknowledged bets are retried with the same ids: placed once, whether or not the first try landed.
    const retries = await Promise.all(
      [...inFlight].map((index) => clients[index]!.request({ kind: 'bet.place', requestId: `retry-${index}`, round: 1, bets: [secondBet(index)] })),
    );
    expect(retries.every((reply) => reply.kind === 'ack' && reply.balanceMinor === 98_900)).toBe(true);

    await server.operator.mustAct(table.id, 'close');
    await server.operator.mustAct(table.id, 'spin');
    const result = await clients[0]!.waitForEvent('round.result', 1);
    const outcome = result.event.kind === 'round.result' ? result.event.outcome : null;
    if (!outcome || !('pocket' in outcome)) throw new Error('expected a roulette outcome');

    await Promise.all(
      clients.map(async (client, index) => {
        const first = firstBet(index);
        let stake = first.amountMinor;
        let expected = 100_000 - first.amountMinor + returned(first.spot, first.amountMinor, outcome.pocket);
        if (inFlight.has(index)) {
          const second = secondBet(index);
          stake += second.amountMinor;
          expected += -second.amountMinor + returned(second.spot, second.amountMinor, outcome.pocket);
        }
        const settlement = await client.waitFor((message) => message.kind === 'settlement' && message.round === 1, 'settlement');
        expect(settlement).toMatchObject({ stakeMinor: stake, balanceMinor: expected });
      }),
    );
    const ledger = server.pitboss.services.ledger;
    expect(ledger.verify()).toEqual({ ok: true, problems: [] });
    const bets = server.pitboss.services.db.prepare('SELECT count(*) AS count FROM bets').get() as { count: number };
    expect(bets.count).toBe(playerCount + inFlight.size);
    await Promise.all(clients.map((client) => client.close()));
  }, 120_000);
});

describe('resuming too far behind', () => {
  it('gets a fresh snapshot when the replay buffer no longer reaches back', async () => {
    const small = await startTestServer({ gatewayLimits: { replayEventsPerTable: 2 } });
    try {
      const table = await small.operator.createTable({ name: 'Short memory' });
      const session = await joinTable(small.origin, inviteOf(table), 'Late');
      const client = await PlayerClient.connect(small.origin, session.token);
      const since = client.lastSeq();
      client.socket.terminate();
      await client.waitForClose();
      await small.operator.mustAct(table.id, 'open');
      await small.operator.mustAct(table.id, 'close');
      await small.operator.mustAct(table.id, 'spin');
      const back = await PlayerClient.connect(small.origin, session.token, { since });
      const snapshot = await back.waitFor((message) => message.kind === 'snapshot', 'snapshot');
      expect(snapshot.kind === 'snapshot' && snapshot.snapshot.round).toMatchObject({ round: 1, phase: 'settled' });
      await back.close();
    } finally {
      await small.dispose();
    }
  });
});
