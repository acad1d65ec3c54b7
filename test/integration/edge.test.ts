// The edge: unauthenticated, malformed, oversized and out-of-phase input is
// refused with a clear code and changes nothing; reconnecting keeps the seat
// and the bets; a retried bet is never placed twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_OPERATOR_PATH, WS_PLAYER_PATH, type LedgerSummaryResponse, type OperatorTable } from '../../src/shared/api.ts';
import { Limits, PROTOCOL_VERSION } from '../../src/shared/protocol.ts';
import { routes } from '../../src/main/server/route-table.ts';
import { inviteOf, joinTable, PlayerClient, request, startTestServer, upgradeStatus, type TestServer } from '../support/harness.ts';

let server: TestServer;
let table: OperatorTable;

beforeAll(async () => {
  server = await startTestServer();
  table = await server.operator.createTable({ name: 'Edge', minBetMinor: 100, maxSpotMinor: 10_000, maxRoundMinor: 20_000 });
});
afterAll(async () => {
  await server.dispose();
});

async function ledgerState(): Promise<{ transfers: number; sum: number }> {
  const summary = await server.operator.call<LedgerSummaryResponse>('GET', '/api/operator/ledger');
  return { transfers: summary.body.transferCount, sum: summary.body.sumMinor };
}


const wsUrl = (path: string): string => `${server.origin.replace('http', 'ws')}${path}`;

describe('authentication at the upgrade', () => {
  it('refuses players without a valid token with 401 before any socket exists', async () => {
    expect(await upgradeStatus(wsUrl(WS_PLAYER_PATH), [PROTOCOL_VERSION])).toBe(401);
    expect(await upgradeStatus(wsUrl(WS_PLAYER_PATH), [PROTOCOL_VERSION, 'auth.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'])).toBe(401);
    expect(await upgradeStatus(wsUrl(WS_PLAYER_PATH), ['auth.whatever-token-here'])).toBe(400);
    expect(await upgradeStatus(wsUrl(WS_OPERATOR_PATH), [])).toBe(401);
    expect(await upgradeStatus(wsUrl('/ws/elsewhere'), [])).toBe(404);
  });

  it('accepts a real session and never echoes the token back as the protocol', async () => {
    const session = await joinTable(server.origin, inviteOf(table), 'Token');
    const client = await PlayerClient.connect(server.origin, session.token);
    expect(client.socket.protocol).toBe(PROTOCOL_VERSION);
    await client.close();
  });

  it('keeps every operator and auditor route to operators', async () => {
    const session = await joinTable(server.origin, inviteOf(table), 'Mallory');
    const asPlayer = { Authorization: `Bearer ${session.token}` };
    const operatorRoutes = routes.filter((route) => route.operator);
    expect(operatorRoutes.length).toBeGreaterThanOrEqual(16);
    for (const route of operatorRoutes) {
      // A concrete path for the route's pattern: every parameter filled with a plausible id.
      const path = route.pattern.source
        .replace(/^\^|\$$/g, '')
        .replace(/\(\\d\{1,15\}\)/g, '1')
        .replace(/\(\[[^\]]+\]\+\)/g, table.id)
        .replace(/\\\//g, '/');
      expect(route.pattern.test(path), `${route.method} ${path}`).toBe(true);
      const body = route.method === 'POST' ? {} : undefined;
      for (const headers of [{}, asPlayer]) {
        const reply = await request(server.origin, route.method, path, body, headers);
        expect(reply.status, `${route.method} ${path} as ${'Authorization' in headers ? 'a player' : 'anonymous'}`).toBe(401);
      }
    }
    expect((await request(server.origin, 'GET', '/metrics', undefined, { 'X-Forwarded-For': '198.51.100.4', ...asPlayer })).status).toBe(401);
    // A cross-site page cannot drive the console with the operator's cookie.
    const crossSite = await request(server.origin, 'POST', `/api/operator/tables/${table.id}/actions`, { action: 'open' }, {
      Cookie: server.operator.cookie,
      Origin: 'http://evil.example',
    });
    expect(crossSite.status).toBe(401);
  });

  it('exchanges a one-time console link for a cookie exactly once', async () => {
    const link = new URL(server.pitboss.issueConsoleUrl());
    const first = await request(server.origin, 'GET', `${link.pathname}${link.search}`);
    expect(first.status).toBe(302);
    const second = await request(server.origin, 'GET', `${link.pathname}${link.search}`);
    expect(second.status).toBe(401);
  });
});

describe('bad input over the socket', () => {
  it('answers every malformed or out-of-phase message with a code and changes nothing', async () => {
    const session = await joinTable(server.origin, inviteOf(table), 'Fuzzy');
    const client = await PlayerClient.connect(server.origin, session.token);
    const before = await ledgerState();

    const expectError = async (message: Record<string, unknown> & { kind: string }, code: string) => {
      const reply = await client.request(message);
      expect(reply, JSON.stringify(message)).toMatchObject({ kind: 'error', code });
    };
    // Idle table: no round to bet on.
    await expectError({ kind: 'bet.place', round: 1, bets: [{ betId: 'x1', spot: 'red', amountMinor: 100 }] }, 'wrong_phase');
    await server.operator.mustAct(table.id, 'open');
    const round = (await client.waitForEvent('round.opened')).event;
    const number = 'round' in round ? round.round : 0;
    const bet = (fields: Record<string, unknown>) => ({
      kind: 'bet.place',
      round: number,
      bets: [{ betId: 'x1', spot: 'red', amountMinor: 100, ...fields }],
    });
    await expectError(bet({ amountMinor: -100 }), 'bad_message');
    await expectError(bet({ amountMinor: 100.5 }), 'bad_message');
    await expectError(bet({ amountMinor: 0 }), 'bad_message');
    await expectError(bet({ amountMinor: 1e300 }), 'bad_message');
    await expectError(bet({ amountMinor: '100' }), 'bad_message');
    await expectError(bet({ betId: 'has space' }), 'bad_message');
    await expectError(bet({ extra: true }), 'bad_message');
    await expectError(bet({ spot: 'straight:37' }), 'unknown_spot');
    await expectError(bet({ spot: '__proto__' }), 'unknown_spot');
    await expectError(bet({ amountMinor: 99 }), 'below_minimum');
    await expectError(bet({ amountMinor: 10_001 }), 'above_spot_limit');
    await expectError({ kind: 'bet.place', round: number + 1, bets: [{ betId: 'x1', spot: 'red', amountMinor: 100 }] }, 'wrong_round');
    await expectError(
      {
        kind: 'bet.place',
        round: number,
        bets: [
          { betId: 'x1', spot: 'red', amountMinor: 10_000 },
          { betId: 'x2', spot: 'black', amountMinor: 10_000 },
          { betId: 'x3', spot: 'odd', amountMinor: 100 },
        ],
      },
      'above_round_limit',
    );
    await expectError(
      {
        kind: 'bet.place',
        round: number,
        bets: [
          { betId: 'x1', spot: 'red', amountMinor: 100 },
          { betId: 'x1', spot: 'black', amountMinor: 100 },
        ],
      },
      'duplicate_bet_id',
    );
    await expectError({ kind: 'teleport', requestId: 'r1' }, 'bad_message');
    await expectError({ kind: 'seed.set', clientSeed: 'no spaces allowed' }, 'bad_message');
    await expectError({ kind: 'bet.cancel', round: number, betIds: ['never-placed'] }, 'not_found');

    // Frames that are not even a message.
    const fromIndex = client.received.length;
    client.sendRaw('this is not json');
    client.sendRaw(Buffer.from([1, 2, 3]), { binary: true });
    client.sendRaw('null');
    client.sendRaw('[]');
    for (const label of ['not JSON', 'binary', 'null', 'array']) {
      await client.waitFor(
        (message) => message.kind === 'error' && message.code === 'bad_message' && client.received.indexOf(message) >= fromIndex,
        label,
      );
    }
    const errors = client.received.slice(fromIndex).filter((message) => message.kind === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(4);

    expect(await ledgerState()).toEqual(before);
    const me = await request<{ balanceMinor: number }>(server.origin, 'GET', '/api/me', undefined, {
      Authorization: `Bearer ${session.token}`,
    });
    expect(me.body.balanceMinor).toBe(100_000);

    // A frame over maxPayloadBytes closes the socket (1009) and still changes nothing.
    client.sendRaw(JSON.stringify({ kind: 'ping', requestId: 'big', clientTime: 1, pad: 'x'.repeat(Limits.maxPayloadBytes) }));
    expect(await client.waitForClose()).toBe(1009);
    expect(await ledgerState()).toEqual(before);
    await server.operator.mustAct(table.id, 'void');
  });

  it('rate limits a flood and then disconnects it', async () => {
    const session = await joinTable(server.origin, inviteOf(table), 'Flood');
    const client = await PlayerClient.connect(server.origin, session.token);
    for (let index = 0; index < Limits.messageBurst + 100; index += 1) {
      client.sendRaw(JSON.stringify({ kind: 'ping', requestId: `p${index}`, clientTime: index }));
    }
    await client.waitFor((message) => message.kind === 'error' && message.code === 'rate_limited', 'rate limit');
    expect(await client.waitForClose()).toBe(4004);
  });

  it('refuses bets beyond the balance and a stranger cannot bet for another seat', async () => {
    const rich = await joinTable(server.origin, inviteOf(table), 'Rich');
    const poor = await joinTable(server.origin, inviteOf(table), 'Poor');
    const debit = await server.operator.call('POST', `/api/operator/players/${poor.playerId}/cashier`, {
      direction: 'debit',
      amountMinor: 99_950,
      note: 'cash out',
      idempotencyKey: 'poor-out-1',
    });
    expect(debit).toMatchObject({ status: 200, body: { balanceMinor: 50 } });
    const poorClient = await PlayerClient.connect(server.origin, poor.token);
    await server.operator.mustAct(table.id, 'open');
    const opened = await poorClient.waitForEvent('round.opened');
    const number = 'round' in opened.event ? opened.event.round : 0;
    expect(await poorClient.bet(number, [{ betId: 'p1', spot: 'red', amountMinor: 100 }])).toMatchObject({
      kind: 'error',
      code: 'insufficient_funds',
    });
    // Bets only ever land on the sender's own seat: the message has no player field to forge.
    expect(
      await poorClient.request({ kind: 'bet.place', round: number, playerId: rich.playerId, bets: [{ betId: 'p2', spot: 'red', amountMinor: 100 }] }),
    ).toMatchObject({ kind: 'error', code: 'bad_message' });
    await server.operator.mustAct(table.id, 'void');
    await poorClient.close();
  });
});

describe('reconnecting', () => {
  it('lands in the same seat with the same bets, and a retried bet is not placed twice', async () => {
    const session = await joinTable(server.origin, inviteOf(table), 'Flaky');
    const first = await PlayerClient.connect(server.origin, session.token);
    await server.operator.mustAct(table.id, 'open');
    const opened = await first.waitForEvent('round.opened');
    const number = 'round' in opened.event ? opened.event.round : 0;
    const bets = [
      { betId: 'keep-1', spot: 'straight:7', amountMinor: 500 },
      { betId: 'keep-2', spot: 'dozen:1', amountMinor: 1_500 },
    ];
    expect(await first.bet(number, bets)).toMatchObject({ kind: 'ack', balanceMinor: 98_000 });
    first.socket.terminate();
    await first.waitForClose();

    const second = await PlayerClient.connect(server.origin, session.token);
    const snapshot = second.received.find((message) => message.kind === 'snapshot');
    if (snapshot?.kind !== 'snapshot') throw new Error('no snapshot');
    expect(snapshot.snapshot.round).toMatchObject({ round: number, phase: 'betting' });
    const mine = snapshot.snapshot.bets.filter((bet) => bet.playerId === session.playerId);
    expect(mine.map(({ betId, spot, amountMinor }) => ({ betId, spot, amountMinor }))).toEqual(bets);
    const welcome = second.received.find((message) => message.kind === 'welcome');
    expect(welcome).toMatchObject({ playerId: session.playerId, balanceMinor: 98_000 });

    // The client did not see the ack before the drop, so it retries with the same ids.
    expect(await second.bet(number, bets)).toMatchObject({ kind: 'ack', balanceMinor: 98_000 });
    // Reusing an id for a different bet is refused.
    expect(await second.bet(number, [{ betId: 'keep-1', spot: 'red', amountMinor: 500 }])).toMatchObject({
      kind: 'error',
      code: 'duplicate_bet_id',
    });
    // A third connection replaces the second, which is told why.
    const third = await PlayerClient.connect(server.origin, session.token);
    expect(await second.waitForClose()).toBe(4005);
    await server.operator.mustAct(table.id, 'void');
    await third.waitFor((message) => message.kind === 'balance' && message.balanceMinor === 100_000, 'refund');
    await third.close();
  });
});

describe('cashier', () => {
  it('credits and debits with a note, idempotently, never below zero', async () => {
    const session = await joinTable(server.origin, inviteOf(table), 'Casey');
    const path = `/api/operator/players/${session.playerId}/cashier`;
    const credit = { direction: 'credit', amountMinor: 2_550, note: 'chips in', idempotencyKey: 'c-1' };
    expect(await server.operator.call('POST', path, credit)).toMatchObject({ status: 200, body: { balanceMinor: 102_550 } });
    expect(await server.operator.call('POST', path, credit)).toMatchObject({ status: 200, body: { balanceMinor: 102_550 } });
    expect(await server.operator.call('POST', path, { ...credit, amountMinor: 1 })).toMatchObject({
      status: 409,
      body: { error: { code: 'idempotency_conflict' } },
    });
    expect(
      await server.operator.call('POST', path, { direction: 'debit', amountMinor: 102_551, note: 'too much', idempotencyKey: 'd-1' }),
    ).toMatchObject({ status: 409, body: { error: { code: 'insufficient_funds' } } });
    expect(await server.operator.call('POST', path, { ...credit, amountMinor: 10.5, idempotencyKey: 'c-2' })).toMatchObject({
      status: 400,
    });
    expect(await server.operator.call('POST', path, { ...credit, note: '', idempotencyKey: 'c-3' })).toMatchObject({ status: 400 });
    const lines = await request<{ lines: { kind: string; note: string }[] }>(server.origin, 'GET', '/api/me/ledger', undefined, {
      Authorization: `Bearer ${session.token}`,
    });
    expect(lines.body.lines[0]).toMatchObject({ kind: 'cashier_credit', note: 'chips in' });
    expect((await ledgerState()).sum).toBe(0);
  });
});
