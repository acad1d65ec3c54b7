// Issue #10, the network edge: request targets the URL parser rejects,
// resets after a refusal, X-Forwarded-For written by the client, and one
// address holding many idle connections. Every test talks raw TCP to the
// real server on loopback and then checks that it still serves.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_OPERATOR_PATH, WS_PLAYER_PATH, type OperatorTable } from '../../src/shared/api.ts';
import { PROTOCOL_VERSION } from '../../src/shared/protocol.ts';
import { PlayerClient, inviteOf, joinTable, request, startTestServer, type TestServer } from '../support/harness.ts';

function open(port: number): Promise<Socket> {
  return new Promise((resolveOpen, rejectOpen) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolveOpen(socket));
    socket.once('error', rejectOpen);
  });
}

/** Sends raw bytes and resolves with the status of the reply (0 when the server closed without one). */
async function rawStatus(port: number, text: string): Promise<number> {
  const socket = await open(port);
  return new Promise((resolveStatus) => {
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.once('close', () => resolveStatus(Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0)));
    socket.end(text);
  });
}

function upgradeText(target: string, headers: Record<string, string> = {}): string {
  const lines = [
    `GET ${target} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Writes an upgrade and resets the connection: at once, or once the refusal has arrived. */
async function upgradeThenReset(port: number, text: string, when: 'at-once' | 'after-refusal'): Promise<void> {
  const socket = await open(port);
  socket.on('error', () => {});
  const closed = new Promise<void>((resolveClose) => socket.once('close', () => resolveClose()));
  socket.write(text);
  if (when === 'at-once') socket.resetAndDestroy();
  else socket.once('data', () => socket.resetAndDestroy());
  await closed;
}

// An exception thrown into the event loop in this process ends `npm run serve`; here it is recorded and fails the test.
const uncaught: unknown[] = [];
const recordUncaught = (error: unknown): void => {
  uncaught.push(error);
};
beforeAll(() => {
  process.on('uncaughtException', recordUncaught);
});
afterAll(() => {
  process.off('uncaughtException', recordUncaught);
});

async function stillServes(server: TestServer, table: OperatorTable, name: string): Promise<void> {
  expect(uncaught).toEqual([]);
  expect((await request(server.origin, 'GET', '/api/tables')).status).toBe(200);
  const session = await joinTable(server.origin, inviteOf(table), name);
  const client = await PlayerClient.connect(server.origin, session.token);
  await client.close();
}

describe('item 1 and item 2: a refused or unparsable upgrade never stops the server', () => {
  let server: TestServer;
  let table: OperatorTable;
  beforeAll(async () => {
    server = await startTestServer({
      joinRateLimit: { ratePerSecond: 1_000, burst: 1_000 },
      gatewayLimits: { upgradesPerSecond: 1_000, upgradeBurst: 1_000 },
    });
    table = await server.operator.createTable({ name: 'Edge hardening' });
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('item 1: a request target the URL parser rejects gets 400, as an upgrade and as a request, and the server still serves', async () => {
    for (const target of ['http://a:99999/', 'http://[/']) {
      expect(await rawStatus(server.pitboss.port, upgradeText(target)), `upgrade ${target}`).toBe(400);
      expect(await rawStatus(server.pitboss.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`), `GET ${target}`).toBe(400);
    }
    await stillServes(server, table, 'After bad targets');
  });

  const refusals: { status: number; text: string }[] = [
    { status: 400, text: upgradeText(WS_PLAYER_PATH, { 'Sec-WebSocket-Protocol': 'auth.AAAAAAAAAAAAAAAAAAAA' }) },
    { status: 401, text: upgradeText(WS_PLAYER_PATH, { 'Sec-WebSocket-Protocol': `${PROTOCOL_VERSION}, auth.AAAAAAAAAAAAAAAAAAAA` }) },
    { status: 401, text: upgradeText(WS_OPERATOR_PATH) },
    { status: 403, text: upgradeText(WS_PLAYER_PATH, { Origin: 'https://evil.example' }) },
    { status: 404, text: upgradeText('/ws/elsewhere') },
  ];
  it('item 2: every refusal (400, 401, 403, 404) followed by a client reset, 5 times each at two moments, leaves the server serving', async () => {
    for (const refusal of refusals) {
      expect(await rawStatus(server.pitboss.port, refusal.text)).toBe(refusal.status);
      for (let attempt = 0; attempt < 5; attempt += 1) {
        await upgradeThenReset(server.pitboss.port, refusal.text, 'at-once');
        await upgradeThenReset(server.pitboss.port, refusal.text, 'after-refusal');
      }
    }
    await stillServes(server, table, 'After resets');
  });

  it('item 2: a 429 refusal followed by a client reset, 5 times at two moments, leaves the server serving', async () => {
    const limited = await startTestServer({ gatewayLimits: { upgradesPerSecond: 0.001, upgradeBurst: 1 } });
    try {
      const text = upgradeText('/ws/elsewhere');
      expect(await rawStatus(limited.pitboss.port, text)).toBe(404);
      expect(await rawStatus(limited.pitboss.port, text)).toBe(429);
      for (let attempt = 0; attempt < 5; attempt += 1) {
        await upgradeThenReset(limited.pitboss.port, text, 'at-once');
        await upgradeThenReset(limited.pitboss.port, text, 'after-refusal');
      }
      expect((await request(limited.origin, 'GET', '/api/tables')).status).toBe(200);
      expect(uncaught).toEqual([]);
    } finally {
      await limited.dispose();
    }
  });

  it('item 2: a request the HTTP parser rejects is answered 400, and a reset in the middle of one changes nothing', async () => {
    expect(await rawStatus(server.pitboss.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n')).toBe(400);
    expect(await rawStatus(server.pitboss.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toBe(431);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await upgradeThenReset(server.pitboss.port, 'GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n', 'at-once');
      await upgradeThenReset(server.pitboss.port, 'GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n', 'after-refusal');
    }
    await stillServes(server, table, 'After parser errors');
  });
});

describe('item 8: behind a trusted proxy the address is the one the proxy added', () => {
  it('item 8: the rightmost X-Forwarded-For entry is the address limits key on; a client-written leftmost entry changes nothing', async () => {
    const server = await startTestServer({
      trustProxy: true,
      joinRateLimit: { ratePerSecond: 0.001, burst: 2 },
      gatewayLimits: { upgradesPerSecond: 0.001, upgradeBurst: 2 },
    });
    try {
      const table = await server.operator.createTable({ name: 'Proxy' });
      const join = (name: string, forwardedFor: string) =>
        request(server.origin, 'POST', '/api/join', { invite: inviteOf(table), name }, { 'X-Forwarded-For': forwardedFor });
      // The client writes a fresh "address" each time; the proxy appends the one it saw.
      expect((await join('One', '10.0.0.1, 198.51.100.1')).status).toBe(201);
      expect((await join('Two', '10.0.0.2, 198.51.100.1')).status).toBe(201);
      expect((await join('Three', '10.0.0.3, 198.51.100.1')).status).toBe(429);
      // Another client behind the proxy has its own allowance, however the header starts.
      expect((await join('Four', '198.51.100.1, 198.51.100.2')).status).toBe(201);
      // Garbage where the proxy's entry should be counts as the proxy itself, not as a new client each time.
      expect((await join('Five', 'not-an-address')).status).toBe(201);
      expect((await join('Six', '198.51.100.9, [garbage')).status).toBe(201);
      expect((await join('Seven', 'x'.repeat(100))).status).toBe(429);

      const upgrade = (forwardedFor: string) => rawStatus(server.pitboss.port, upgradeText('/ws/elsewhere', { 'X-Forwarded-For': forwardedFor }));
      expect(await upgrade('10.0.0.1, 198.51.100.50')).toBe(404);
      expect(await upgrade('10.0.0.2, 198.51.100.50')).toBe(404);
      expect(await upgrade('10.0.0.3, 198.51.100.50')).toBe(429);
      expect(await upgrade('198.51.100.50, 198.51.100.51')).toBe(404);
    } finally {
      await server.dispose();
    }
  });
});

describe('item 9: connections per address', () => {
  const headersTimeoutMs = 2_000;

  function closedAfterMs(socket: Socket, since: number): Promise<{ ms: number; bytes: number }> {
    let bytes = 0;
    socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
    socket.on('error', () => {});
    return new Promise((resolveClose) => socket.once('close', () => resolveClose({ ms: performance.now() - since, bytes })));
  }

  it('item 9: one address cannot hold more than maxConnectionsPerAddress connections; idle ones close within headersTimeoutMs and a new player then joins and bets', async () => {
    const server = await startTestServer({
      edgeLimits: { maxConnectionsPerAddress: 20, maxPendingHandshakesPerAddress: 20, headersTimeoutMs },
    });
    try {
      // Nothing else has connected yet (fetch would keep a connection alive): the idle ones are all there is.
      const startedAt = performance.now();
      const idle = await Promise.all(Array.from({ length: 20 }, () => open(server.pitboss.port)));
      const idleClosed = idle.map((socket) => closedAfterMs(socket, startedAt));
      const extraAt = performance.now();
      const extra = await closedAfterMs(await open(server.pitboss.port), extraAt);
      expect(extra.bytes).toBe(0);
      expect(extra.ms).toBeLessThan(headersTimeoutMs / 2);

      const closes = await Promise.all(idleClosed);
      const slowest = Math.max(...closes.map((close) => close.ms));
      console.log(`item 9: idle connections closed after ${Math.min(...closes.map((close) => close.ms)).toFixed(0)}-${slowest.toFixed(0)} ms (headersTimeoutMs ${headersTimeoutMs})`);
      for (const close of closes) expect(close.ms).toBeGreaterThanOrEqual(headersTimeoutMs * 0.9);
      expect(slowest).toBeLessThan(headersTimeoutMs + 3_000);

      const table = await server.operator.createTable({ name: 'Crowded' });
      const session = await joinTable(server.origin, inviteOf(table), 'Latecomer');
      const player = await PlayerClient.connect(server.origin, session.token);
      await server.operator.mustAct(table.id, 'open');
      expect((await player.bet(1, [{ betId: 'after-idle', spot: 'red', amountMinor: 100 }])).kind).toBe('ack');
      await player.close();
    } finally {
      await server.dispose();
    }
  });

  it('item 9: one address cannot hold more than maxPendingHandshakesPerAddress connections that have not sent a request', async () => {
    const server = await startTestServer({
      edgeLimits: { maxConnectionsPerAddress: 20, maxPendingHandshakesPerAddress: 5, headersTimeoutMs },
    });
    try {
      const pending = await Promise.all(Array.from({ length: 5 }, () => open(server.pitboss.port)));
      for (const socket of pending) socket.on('error', () => {});
      const refusedAt = performance.now();
      const refused = await closedAfterMs(await open(server.pitboss.port), refusedAt);
      expect(refused.bytes).toBe(0);
      expect(refused.ms).toBeLessThan(headersTimeoutMs / 2);
      // One of them completes a request (and stays open, keep-alive): it is no longer pending, so there is room for one more.
      const answered = new Promise<string>((resolveReply) => pending[0]!.once('data', (chunk: Buffer) => resolveReply(chunk.toString('latin1'))));
      pending[0]!.write('GET /api/tables HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      expect(await answered).toMatch(/^HTTP\/1\.1 200/);
      const admitted = await open(server.pitboss.port);
      const admittedClose = closedAfterMs(admitted, performance.now());
      const reply = new Promise<string>((resolveReply) => admitted.once('data', (chunk: Buffer) => resolveReply(chunk.toString('latin1'))));
      admitted.write('GET /api/tables HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      expect(await reply).toMatch(/^HTTP\/1\.1 200/);
      await admittedClose;
      for (const socket of pending) socket.destroy();
    } finally {
      await server.dispose();
    }
  });
});
