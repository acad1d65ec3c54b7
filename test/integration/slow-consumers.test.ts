// Clients that stop reading: they get coalesced state (one snapshot when they
// catch up) instead of every event, and past a hard limit they are cut off.
// Server memory for them stays bounded, and the readers keep getting every
// event in order.
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../src/shared/protocol.ts';
import { PlayerClient, inviteOf, joinTable, startTestServer, type TestServer } from '../support/harness.ts';

const softBufferedBytes = 64 * 1024;
const hardBufferedBytes = 256 * 1024;
const slowCount = 10;
const eventCount = 5_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    gatewayLimits: { softBufferedBytes, hardBufferedBytes, messagesPerSecond: 100_000, messageBurst: 100_000, upgradesPerSecond: 1_000, upgradeBurst: 1_000 },
    joinRateLimit: { ratePerSecond: 1_000, burst: 1_000 },
    edgeLimits: { maxConnectionsPerAddress: 10_000, maxPendingHandshakesPerAddress: 1_000 },
  });
});
afterAll(async () => {
  await server.dispose();
});

function transportOf(client: PlayerClient): Socket {
  // The TCP socket under the WebSocket: pausing it is what a frozen phone does.
  const transport = (client.socket as unknown as { _socket: Socket })._socket;
  if (!(transport instanceof Socket)) throw new Error('no TCP socket under the client');
  return transport;
}

describe('slow consumers', () => {
  it('keep server memory bounded and do not hold back the readers', async () => {
    const table = await server.operator.createTable({ name: 'Slow' });
    const sessions = await Promise.all(Array.from({ length: slowCount + 1 }, (_, index) => joinTable(server.origin, inviteOf(table), `S${index}`)));
    const [fast, ...slow] = await Promise.all(sessions.map((session) => PlayerClient.connect(server.origin, session.token)));
    if (!fast) throw new Error('no clients');
    // Let the arrivals broadcast go out, then freeze the slow ones.
    await server.operator.mustAct(table.id, 'open');
    await Promise.all([fast, ...slow].map((client) => client.waitForEvent('round.opened', 1)));
    for (const client of slow) transportOf(client).pause();

    const { gateway } = server.pitboss.services;
    const padding = 'x'.repeat(4_000);
    const firstSeq = fast.lastSeq() + 1;
    let maxBuffered = 0;
    for (let index = 0; index < eventCount; index += 1) {
      gateway.publish({
        kind: 'event',
        tableId: table.id,
        seq: firstSeq + index,
        at: Date.now(),
        event: { kind: 'round.voided', round: 1, reason: padding },
      });
      if (index % 50 === 0) {
        maxBuffered = Math.max(maxBuffered, gateway.stats().bufferedBytes);
        // Let sockets flush as they would between real events.
        await new Promise((resolveLater) => setImmediate(resolveLater));
      }
    }
    const stats = gateway.stats();
    const published = eventCount * (padding.length + 120);
    console.log(
      `slow consumers: ${(published / 1024 / 1024).toFixed(1)} MiB published to each of ${slowCount} frozen clients; ` +
        `server-side unsent bytes peaked at ${(maxBuffered / 1024).toFixed(0)} KiB for all of them together ` +
        `(${stats.lagging} lagging, ${stats.slowDisconnects} cut off)`,
    );
    // Bounded: never more than the hard limit (plus the frame that crossed it) per client.
    expect(maxBuffered).toBeLessThanOrEqual((slowCount + 1) * (hardBufferedBytes + 8_192));
    expect(stats.lagging).toBeGreaterThan(0);

    // The reader got every event, in order, without gaps.
    const lastSeq = firstSeq + eventCount - 1;
    await fast.waitFor((message) => message.kind === 'event' && message.seq === lastSeq, 'the last event', { timeoutMs: 30_000 });
    const seqs = fast.received.filter((message): message is Extract<ServerMessage, { kind: 'event' }> => message.kind === 'event' && message.seq >= firstSeq).map((message) => message.seq);
    expect(seqs).toEqual(Array.from({ length: eventCount }, (_, index) => firstSeq + index));

    // A frozen client that wakes up gets one coalesced snapshot, not the backlog.
    const waking = slow[0]!;
    transportOf(waking).resume();
    await server.operator.mustAct(table.id, 'close');
    const snapshot = await waking.waitFor((message) => message.kind === 'snapshot' && message.snapshot.seq >= firstSeq, 'a coalesced snapshot', { timeoutMs: 30_000 });
    expect(snapshot.kind === 'snapshot' && snapshot.snapshot.round?.phase).toBe('closed');
    const eventsReceived = waking.received.filter((message) => message.kind === 'event' && message.seq >= firstSeq).length;
    expect(eventsReceived).toBeLessThan(eventCount);
    expect(gateway.stats().coalescedSnapshots).toBeGreaterThan(0);

    // A frozen client that keeps sending requests piles up replies: past the hard limit it is cut off.
    const flooder = slow[1]!;
    const closed = flooder.waitForClose();
    for (let index = 0; index < 60_000 && flooder.closeCode === null; index += 1) {
      flooder.sendRaw(JSON.stringify({ kind: 'ping', requestId: `p${index}`, clientTime: index }));
      if (index % 1_000 === 0) await new Promise((resolveLater) => setTimeout(resolveLater, 1));
    }
    transportOf(flooder).resume();
    expect(await closed).toBe(1006);
    expect(gateway.stats().slowDisconnects).toBeGreaterThan(0);
  }, 120_000);
});
