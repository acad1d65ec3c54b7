// Clients that stop reading: they get coalesced state (one snapshot when they
// catch up) instead of every event, and past a hard limit they are closed
// with TooSlow, and cut off if they do not read the close in time. Server
// memory for them stays bounded, and the readers keep getting every event in
// order.
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, type ServerMessage } from '../../src/shared/protocol.ts';
import { PlayerClient, inviteOf, joinTable, startTestServer, type TestServer } from '../support/harness.ts';

const softBufferedBytes = 64 * 1024;
const hardBufferedBytes = 256 * 1024;
const slowCount = 10;
const eventCount = 5_000;

const floodLimits = { softBufferedBytes, hardBufferedBytes, messagesPerSecond: 100_000, messageBurst: 100_000, upgradesPerSecond: 1_000, upgradeBurst: 1_000 };
const manyClients = {
  joinRateLimit: { ratePerSecond: 1_000, burst: 1_000 },
  edgeLimits: { maxConnectionsPerAddress: 10_000, maxPendingHandshakesPerAddress: 1_000 },
};

let server: TestServer;
beforeAll(async () => {
  // A long grace: the flooder below reads again before it ends, so it must see the close frame.
  server = await startTestServer({ gatewayLimits: { ...floodLimits, tooSlowCloseGraceMs: 60_000 }, ...manyClients });
});
afterAll(async () => {
  await server.dispose();
});

/** Sends pings without reading the replies until the server counts one more slow disconnect. */
async function floodUntilCutOff(server: TestServer, flooder: PlayerClient): Promise<void> {
  const { gateway } = server.pitboss.services;
  const before = gateway.stats().slowDisconnects;
  for (let index = 0; index < 60_000 && gateway.stats().slowDisconnects === before; index += 1) {
    flooder.sendRaw(JSON.stringify({ kind: 'ping', requestId: `p${index}`, clientTime: index }));
    if (index % 1_000 === 0) await new Promise((resolveLater) => setTimeout(resolveLater, 1));
  }
  // The last pings may still be on their way: wait for the server to read them.
  for (let waited = 0; waited < 1_000 && gateway.stats().slowDisconnects === before; waited += 1) {
    await new Promise((resolveLater) => setTimeout(resolveLater, 10));
  }
  expect(gateway.stats().slowDisconnects).toBe(before + 1);
}

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

    // A frozen client that keeps sending requests piles up replies: past the hard limit it is
    // closed with TooSlow, which it reads once it reads again (the page then says why, and stays).
    const flooder = slow[1]!;
    const closed = flooder.waitForClose();
    await floodUntilCutOff(server, flooder);
    transportOf(flooder).resume();
    expect(await closed).toBe(CloseCode.TooSlow);
    expect(gateway.stats().slowDisconnects).toBeGreaterThan(0);
  }, 120_000);

  it('a client closed as too slow that never reads again is cut off after tooSlowCloseGraceMs', async () => {
    const tooSlowCloseGraceMs = 300;
    const small = await startTestServer({ gatewayLimits: { ...floodLimits, tooSlowCloseGraceMs }, ...manyClients });
    try {
      const { gateway } = small.pitboss.services;
      const table = await small.operator.createTable({ name: 'Frozen' });
      const session = await joinTable(small.origin, inviteOf(table), 'Frozen');
      const frozen = await PlayerClient.connect(small.origin, session.token);
      const closed = frozen.waitForClose();
      transportOf(frozen).pause();
      await floodUntilCutOff(small, frozen);
      // Closing, not yet gone: it has the grace to read its close frame.
      expect(gateway.isConnected(session.playerId)).toBe(true);
      const cutAt = Date.now();
      for (let waited = 0; waited < 1_000 && gateway.isConnected(session.playerId); waited += 1) {
        await new Promise((resolveLater) => setTimeout(resolveLater, 10));
      }
      // Gone after the grace, long before ws's own 30-second close timeout.
      expect(gateway.isConnected(session.playerId)).toBe(false);
      expect(Date.now() - cutAt).toBeLessThan(10_000);
      expect(gateway.stats().bufferedBytes).toBe(0);
      // The close frame sat behind the unread backlog and went down with it.
      transportOf(frozen).resume();
      expect(await closed).toBe(1006);
    } finally {
      await small.dispose();
    }
  }, 60_000);
});
