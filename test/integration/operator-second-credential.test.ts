// Item 7 of issue #10: cookies are scoped to a host, not a port, so any
// program listening on another port of 127.0.0.1 receives the operator
// cookie when the dealer opens its page. The cookie alone must operate
// nothing: operator requests and the operator socket also need the
// session's second secret, which the console login hands over only in the
// redirect's URL fragment (never sent to a server, never in a cookie).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  OPERATOR_SECRET_HEADER,
  OPERATOR_SUBPROTOCOL_PREFIX,
  WS_OPERATOR_PATH,
  type JoinResponse,
  type OperatorTable,
} from '../../src/shared/api.ts';
import { PROTOCOL_VERSION } from '../../src/shared/protocol.ts';
import { consoleLogin, inviteOf, joinTable, request, startTestServer, type OperatorClient, type TestServer } from '../support/harness.ts';

let server: TestServer;
let dealer: OperatorClient;
let table: OperatorTable;
let player: JoinResponse;

beforeAll(async () => {
  server = await startTestServer();
  // The dealer logs in the way a browser does: the one-time console link.
  dealer = await consoleLogin(server.pitboss.issueConsoleUrl());
  table = await server.operator.createTable({ name: 'Replay' });
  player = await joinTable(server.origin, inviteOf(table), 'Accomplice');
});
afterAll(async () => {
  await server.dispose();
});

const millions = { direction: 'credit', amountMinor: 1_000_000_000, note: 'replayed cookie' };

async function balanceOf(token: string): Promise<number> {
  const me = await request<{ balanceMinor: number }>(server.origin, 'GET', '/api/me', undefined, { Authorization: `Bearer ${token}` });
  return me.body.balanceMinor;
}

/** Opens the operator socket; resolves to 101 on open, else the refusal's status. */
function operatorUpgrade(protocols: string[], headers: Record<string, string>): Promise<{ status: number; socket: WebSocket | null }> {
  return new Promise((resolveUpgrade, rejectUpgrade) => {
    const socket = new WebSocket(`${server.origin.replace('http', 'ws')}${WS_OPERATOR_PATH}`, protocols, { headers });
    socket.once('unexpected-response', (_request, response) => {
      resolveUpgrade({ status: response.statusCode ?? 0, socket: null });
      socket.terminate();
    });
    socket.once('open', () => resolveUpgrade({ status: 101, socket }));
    socket.once('error', rejectUpgrade);
  });
}

describe('item 7: operator cookie on every local port', () => {
  it('item 7: a replayed operator cookie without the session secret cannot credit, act on a table or open the operator socket; with both it can', async () => {
    const before = await balanceOf(player.token);
    const cookieOnly = { Cookie: dealer.cookie };
    // What a program on another local port has: the cookie the browser sent it.
    const cashierPath = `/api/operator/players/${player.playerId}/cashier`;
    const credit = await request(server.origin, 'POST', cashierPath, { ...millions, idempotencyKey: 'replay-1' }, cookieOnly);
    expect(credit.status).toBe(401);
    const act = await request(server.origin, 'POST', `/api/operator/tables/${table.id}/actions`, { action: 'open' }, cookieOnly);
    expect(act.status).toBe(401);
    expect((await request(server.origin, 'GET', '/api/operator/players', undefined, cookieOnly)).status).toBe(401);
    expect((await operatorUpgrade([PROTOCOL_VERSION], cookieOnly)).status).toBe(401);
    // Another session's secret, or the cookie's own value, is no secret for this cookie.
    const mismatched = { ...cookieOnly, [OPERATOR_SECRET_HEADER]: server.operator.secret };
    expect((await request(server.origin, 'POST', cashierPath, { ...millions, idempotencyKey: 'replay-2' }, mismatched)).status).toBe(401);
    const cookieValue = dealer.cookie.split('=')[1] ?? '';
    expect((await operatorUpgrade([PROTOCOL_VERSION, `${OPERATOR_SUBPROTOCOL_PREFIX}${cookieValue}`], cookieOnly)).status).toBe(401);
    // The secret alone is not enough either.
    expect((await request(server.origin, 'GET', '/api/operator/players', undefined, { [OPERATOR_SECRET_HEADER]: dealer.secret })).status).toBe(401);
    expect(await balanceOf(player.token)).toBe(before);

    // The console, holding both, can.
    const paid = await dealer.call('POST', cashierPath, { ...millions, amountMinor: 5_000, idempotencyKey: 'dealer-1' });
    expect(paid.status).toBe(200);
    expect(await balanceOf(player.token)).toBe(before + 5_000);
    const opened = await operatorUpgrade([PROTOCOL_VERSION, `${OPERATOR_SUBPROTOCOL_PREFIX}${dealer.secret}`], { Cookie: dealer.cookie });
    expect(opened.status).toBe(101);
    // The server picks the protocol version, never echoes the secret.
    expect(opened.socket?.protocol).toBe(PROTOCOL_VERSION);
    const heard = new Promise<string>((resolveEvent) => opened.socket?.on('message', (data: Buffer) => resolveEvent(data.toString('utf8'))));
    expect((await dealer.action(table.id, 'open')).status).toBe(200);
    expect(JSON.parse(await heard)).toMatchObject({ kind: 'event', tableId: table.id, event: { kind: 'round.opened' } });
    opened.socket?.close();
  });

  it('item 7: the console login hands the secret over only in the redirect fragment, never in a cookie or a page', async () => {
    const link = new URL(server.pitboss.issueConsoleUrl());
    const login = await fetch(link, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const location = login.headers.get('location') ?? '';
    const secret = /^\/console\/#operator=([\w-]+)$/.exec(location)?.[1] ?? '';
    expect(secret).toMatch(/^[\w-]{32}$/);
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).not.toContain(secret);
    // Nothing a cookie-bearing request fetches carries the secret back.
    const cookie = setCookie.split(';')[0] ?? '';
    for (const path of ['/console/', '/api/operator/tables', '/metrics']) {
      const reply = await fetch(`${server.origin}${path}`, { headers: { Cookie: cookie } });
      expect(await reply.text(), path).not.toContain(secret);
    }
  });
});
