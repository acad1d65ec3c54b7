// TLS on the LAN (https:// and wss://), and the rules about who counts as
// "this machine" when a tunnel or proxy forwards requests.
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PLAYER_PATH, createTableSchema } from '../../src/shared/api.ts';
import { AUTH_SUBPROTOCOL_PREFIX, PROTOCOL_VERSION } from '../../src/shared/protocol.ts';
import { selfSignedTls } from '../../src/main/server/tls.ts';
import { inviteOf, request, startTestServer } from '../support/harness.ts';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function httpsJson(url: string, ca: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: unknown }> {
  return new Promise((resolveRequest, rejectRequest) => {
    const outgoing = httpsRequest(
      url,
      { method: init.method ?? 'GET', ca, headers: init.body ? { 'Content-Type': 'application/json' } : {} },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolveRequest({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    outgoing.on('error', rejectRequest);
    outgoing.end(init.body ? JSON.stringify(init.body) : undefined);
  });
}

describe('TLS', () => {
  it('serves https and wss with a self-signed certificate kept across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-tls-'));
    folders.push(dataDir);
    const tls = await selfSignedTls(dataDir);
    expect(await selfSignedTls(dataDir)).toEqual(tls);
    const server = await startTestServer({ dataDir, tls });
    try {
      expect(server.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      // Plain fetch (the harness's operator client) refuses a self-signed certificate: so would a browser, until trusted.
      await expect(server.operator.createTable({ name: 'Refused' })).rejects.toThrow();
      const table = server.pitboss.services.tables.create(
        createTableSchema.parse({ name: 'Secure', game: 'roulette-eu', minBetMinor: 100, maxSpotMinor: 1_000, maxRoundMinor: 1_000, joinCreditMinor: 500 }),
      );
      const invite = table.inviteCode;
      const joined = await httpsJson(`${server.origin}/api/join`, tls.cert, { method: 'POST', body: { invite, name: 'Tess' } });
      expect(joined.status).toBe(201);
      const token = (joined.body as { token: string }).token;
      const socket = new WebSocket(`${server.origin.replace('https', 'wss')}${WS_PLAYER_PATH}`, [PROTOCOL_VERSION, AUTH_SUBPROTOCOL_PREFIX + token], { ca: tls.cert });
      const welcome = await new Promise<{ kind: string; balanceMinor: number }>((resolveMessage, rejectMessage) => {
        socket.once('message', (data) => resolveMessage(JSON.parse(data.toString())));
        socket.once('error', rejectMessage);
      });
      expect(welcome).toMatchObject({ kind: 'welcome', balanceMinor: 500 });
      socket.close();
    } finally {
      await server.dispose();
    }
  });
});

describe('forwarded requests', () => {
  it('never treats a request relayed by a local tunnel as the operator, and keys limits on the trusted client', async () => {
    const server = await startTestServer({ trustProxy: true, joinRateLimit: { ratePerSecond: 0.001, burst: 2 } });
    try {
      const tables = await server.operator.call('GET', '/api/operator/tables');
      expect(tables.status).toBe(200);
      const relayed = await request(server.origin, 'GET', '/api/operator/tables', undefined, {
        Cookie: server.operator.cookie,
        'X-Forwarded-For': '203.0.113.9',
      });
      expect(relayed.status).toBe(401);
      const table = await server.operator.createTable({ name: 'Proxy' });
      const join = (name: string, from: string) =>
        request(server.origin, 'POST', '/api/join', { invite: inviteOf(table), name }, { 'X-Forwarded-For': from });
      expect((await join('One', '198.51.100.1')).status).toBe(201);
      expect((await join('Two', '198.51.100.1')).status).toBe(201);
      expect((await join('Three', '198.51.100.1')).status).toBe(429);
      // Another client behind the same tunnel has its own allowance.
      expect((await join('Four', '198.51.100.2')).status).toBe(201);
    } finally {
      await server.dispose();
    }
  });
});
