// Item 14 of issue #10: a page on a name that the attacker's DNS then
// resolves to 127.0.0.1 is same-origin with itself and reaches this server
// from loopback. The operator side (its API and socket, /metrics, the console
// login and page) answers only at this server's own names; players' routes
// answer any name a LAN player uses.
import { request as httpRequest } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_SECRET_HEADER, OPERATOR_SUBPROTOCOL_PREFIX, WS_OPERATOR_PATH, type OperatorTable } from '../../src/shared/api.ts';
import { PROTOCOL_VERSION } from '../../src/shared/protocol.ts';
import { inviteOf, startTestServer, upgradeStatus, type TestServer } from '../support/harness.ts';

let server: TestServer;
let table: OperatorTable;

beforeAll(async () => {
  server = await startTestServer();
  table = await server.operator.createTable({ name: 'Rebound' });
});
afterAll(async () => {
  await server.dispose();
});

type Reply = { status: number; body: string };

/** An HTTP request to the server's loopback address with whatever Host header a rebound page would send. */
function sendWithHost(origin: string, host: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply> {
  const target = new URL(origin);
  return new Promise((resolveReply, rejectReply) => {
    const outgoing = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        headers: { ...headers, Host: host, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        timeout: 5_000,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolveReply({ status: response.statusCode ?? 0, body: text }));
        response.on('error', rejectReply);
      },
    );
    outgoing.on('error', rejectReply);
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer to ${method} ${path}`)));
    outgoing.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

function operatorUpgrade(host: string): Promise<number> {
  return upgradeStatus(`${server.origin.replace('http', 'ws')}${WS_OPERATOR_PATH}`, [PROTOCOL_VERSION, `${OPERATOR_SUBPROTOCOL_PREFIX}${server.operator.secret}`], {
    Cookie: server.operator.cookie,
    Host: host,
  });
}

describe('item 14: DNS rebinding', () => {
  it('item 14: a forged Host header gets 421 from every operator route, /metrics and the console, and no operator socket', async () => {
    const port = new URL(server.origin).port;
    const credential = { Cookie: server.operator.cookie, [OPERATOR_SECRET_HEADER]: server.operator.secret };
    for (const forged of [`rebind.evil.example:${port}`, 'rebind.evil.example', `192.168.7.7:${port}`, `localhost.evil.example:${port}`]) {
      for (const path of ['/api/operator/tables', '/api/operator/ledger', '/metrics', '/console/', '/console/login?token=AAAAAAAAAAAAAAAAAAAAAAAA']) {
        const reply = await sendWithHost(server.origin, forged, 'GET', path, credential);
        expect(reply.status, `${forged} ${path}`).toBe(421);
        expect(reply.body).toContain("this machine's own names");
      }
      const act = await sendWithHost(server.origin, forged, 'POST', `/api/operator/tables/${table.id}/actions`, credential, { action: 'open' });
      expect(act.status).toBe(421);
      expect(await operatorUpgrade(forged)).toBe(401);
    }
    // Nothing happened at the table.
    const tables = await server.operator.call<{ tables: OperatorTable[] }>('GET', '/api/operator/tables');
    expect(tables.body.tables.find((candidate) => candidate.id === table.id)?.round).toBeNull();

    // A console link sent to a rebound name is not spent: it still works at this machine's name.
    const link = new URL(server.pitboss.issueConsoleUrl());
    expect((await sendWithHost(server.origin, `rebind.evil.example:${port}`, 'GET', `${link.pathname}${link.search}`)).status).toBe(421);
    expect((await sendWithHost(server.origin, `127.0.0.1:${port}`, 'GET', `${link.pathname}${link.search}`)).status).toBe(302);
  });

  it('item 14: loopback names answer the operator; players keep every name', async () => {
    const port = new URL(server.origin).port;
    const credential = { Cookie: server.operator.cookie, [OPERATOR_SECRET_HEADER]: server.operator.secret };
    for (const own of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost', `[::1]:${port}`, `127.8.9.10:${port}`, `LOCALHOST:${port}`]) {
      expect((await sendWithHost(server.origin, own, 'GET', '/api/operator/tables', credential)).status, own).toBe(200);
      expect((await sendWithHost(server.origin, own, 'GET', '/metrics')).status, own).toBe(200);
    }
    expect(await operatorUpgrade(`localhost:${port}`)).toBe(101);
    // A LAN player reaches the server at whatever name or address they were given.
    for (const [index, name] of [`192.168.7.7:${port}`, `pitboss.lan:${port}`].entries()) {
      expect((await sendWithHost(server.origin, name, 'GET', '/api/tables')).status).toBe(200);
      expect((await sendWithHost(server.origin, name, 'POST', '/api/join', {}, { invite: inviteOf(table), name: `Lan player ${index + 1}` })).status).toBe(201);
    }
  });

  it('item 14: the public URL\'s host counts as the server\'s own; with --operator-remote so do this machine\'s addresses', async () => {
    const remote = await startTestServer({ publicUrl: 'https://table.example.com', operatorAllowRemote: true });
    try {
      const credential = { Cookie: remote.operator.cookie, [OPERATOR_SECRET_HEADER]: remote.operator.secret };
      expect((await sendWithHost(remote.origin, 'table.example.com', 'GET', '/api/operator/tables', credential)).status).toBe(200);
      expect((await sendWithHost(remote.origin, 'other.example.com', 'GET', '/api/operator/tables', credential)).status).toBe(421);
      // An address that is not this machine's is refused even with remote operators allowed.
      expect((await sendWithHost(remote.origin, '198.51.100.7:7300', 'GET', '/api/operator/tables', credential)).status).toBe(421);
      const lan = Object.values(networkInterfaces()).flat().find((entry) => entry && !entry.internal && entry.family === 'IPv4');
      if (lan) expect((await sendWithHost(remote.origin, `${lan.address}:7300`, 'GET', '/api/operator/tables', credential)).status).toBe(200);
    } finally {
      await remote.dispose();
    }
    // Without --operator-remote, a LAN address of this machine is not an operator name.
    const lan = Object.values(networkInterfaces()).flat().find((entry) => entry && !entry.internal && entry.family === 'IPv4');
    if (lan) {
      const credential = { Cookie: server.operator.cookie, [OPERATOR_SECRET_HEADER]: server.operator.secret };
      expect((await sendWithHost(server.origin, lan.address, 'GET', '/api/operator/tables', credential)).status).toBe(421);
    }
  });
});
