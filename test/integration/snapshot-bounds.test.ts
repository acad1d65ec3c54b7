// Issue #10 item 11: a snapshot holds the players present (this player
// first, at most Limits.maxSnapshotPlayers) and says how many are present;
// players who left are forgotten, so joining costs O(present), never
// O(everyone ever seen). Sizes are printed for the closing note; what is
// asserted is the bound, not a speed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Limits, type TableSnapshot } from '../../src/shared/protocol.ts';
import { PlayerClient, inviteOf, joinTable, startTestServer, type TestServer } from '../support/harness.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    joinRateLimit: { ratePerSecond: 1_000, burst: 1_000 },
    gatewayLimits: { upgradesPerSecond: 1_000, upgradeBurst: 1_000 },
  });
});
afterAll(async () => {
  await server.dispose();
});

function snapshotOf(client: PlayerClient): TableSnapshot {
  const message = client.received.find((candidate) => candidate.kind === 'snapshot');
  if (message?.kind !== 'snapshot') throw new Error('no snapshot');
  return message.snapshot;
}

describe('item 11: snapshots do not grow with everyone ever seen', () => {
  it('item 11: a snapshot lists the players present, this player first, and forgets those who left', async () => {
    const table = await server.operator.createTable({ name: 'Busy roulette' });
    const invite = inviteOf(table);
    // 30 players come and go; 3 stay.
    for (let index = 0; index < 30; index++) {
      const session = await joinTable(server.origin, invite, `Visitor ${index}`);
      const client = await PlayerClient.connect(server.origin, session.token);
      await client.close();
    }
    const stayers = [];
    for (const name of ['Ann', 'Ben', 'Cat']) {
      const session = await joinTable(server.origin, invite, name);
      stayers.push({ session, client: await PlayerClient.connect(server.origin, session.token) });
    }
    const last = stayers.at(-1);
    if (!last) throw new Error('no players');
    const snapshot = snapshotOf(last.client);
    expect(snapshot.players[0]).toMatchObject({ playerId: last.session.playerId, connected: true });
    expect(snapshot.players.map((player) => player.name).sort()).toEqual(['Ann', 'Ben', 'Cat']);
    expect(snapshot.playerCount).toBe(3);
    // One leaves: the others hear it with the new count.
    const first = stayers[0];
    if (!first) throw new Error('no players');
    await first.client.close();
    const left = await last.client.waitFor(
      (message) => message.kind === 'event' && message.event.kind === 'player.left' && message.event.playerIds.includes(first.session.playerId),
      'player.left',
    );
    expect(left.kind === 'event' && left.event.kind === 'player.left' && left.event.playerCount).toBe(2);
    await Promise.all(stayers.slice(1).map((stayer) => stayer.client.close()));
  });

  it('item 11: the snapshot size is bounded at 5,000 present players and after 50,000 joins', async () => {
    const created = await server.operator.createTable({ name: 'Huge roulette' });
    const table = server.pitboss.services.tables.get(created.id);
    if (!table) throw new Error('no table');
    const names = (playerId: string) => playerId;
    const sizeOf = (viewer: string | null) => Buffer.byteLength(JSON.stringify(table.snapshot(viewer, names)));
    for (let index = 0; index < 5_000; index++) table.seatConnected({ playerId: `present-${index}`, name: `Present ${index}`, connected: true });
    const atFiveThousand = table.snapshot('present-4999', names);
    expect(atFiveThousand.playerCount).toBe(5_000);
    expect(atFiveThousand.players).toHaveLength(Limits.maxSnapshotPlayers);
    expect(atFiveThousand.players[0]?.playerId).toBe('present-4999');
    const presentBytes = sizeOf('present-4999');
    for (let index = 0; index < 50_000; index++) {
      table.seatConnected({ playerId: `passing-${index}`, name: `Passing ${index}`, connected: true });
      table.seatDisconnected(`passing-${index}`);
    }
    const afterJoins = table.snapshot(null, names);
    expect(afterJoins.playerCount).toBe(5_000);
    expect(afterJoins.players.some((player) => player.playerId.startsWith('passing-'))).toBe(false);
    const afterBytes = sizeOf(null);
    console.log(`snapshot: ${presentBytes} bytes at 5,000 present players; ${afterBytes} bytes after 50,000 more joins and leaves`);
    expect(afterBytes).toBeLessThanOrEqual(presentBytes);
  });
});
