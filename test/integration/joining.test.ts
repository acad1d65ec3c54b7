// Who may join a table and how often (issue #10, items 8, 12 and 15): the
// daily caps on joins and welcome chips, kicks and revokes that hold, and
// names that cannot imitate staff or another player. Each server here runs
// with the product's join caps (the harness raises them for other tests) and
// a clock the test moves, so cool-downs and UTC days pass without waiting.
import { afterEach, describe, expect, it } from 'vitest';
import type { JoinResponse, OperatorPlayersResponse } from '../../src/shared/api.ts';
import { AUTH_SUBPROTOCOL_PREFIX, CloseCode, ErrorCode, Limits, PROTOCOL_VERSION } from '../../src/shared/protocol.ts';
import { WS_PLAYER_PATH } from '../../src/shared/api.ts';
import type { JoinLimits } from '../../src/main/players/join-rules.ts';
import { inviteOf, PlayerClient, request, startTestServer, upgradeStatus, type ApiReply, type TestServer } from '../support/harness.ts';

const hourMs = 60 * 60 * 1000;
const credit = 100_000;
const servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.dispose()));
});

type Clock = { offsetMs: number };

async function serverWith(joinLimits: Partial<JoinLimits> = {}, dataDir?: string, clock: Clock = { offsetMs: 0 }): Promise<TestServer> {
  const server = await startTestServer({
    joinLimits,
    // The join rate (per second) is not under test here; the daily caps are.
    joinRateLimit: { ratePerSecond: 1_000, burst: 1_000 },
    now: () => Date.now() + clock.offsetMs,
    ...(dataDir === undefined ? {} : { dataDir }),
  });
  servers.push(server);
  return server;
}

type ErrorBody = { error: { code: string; message: string } };

function join(server: TestServer, invite: string, name: string, browserId?: string): Promise<ApiReply<JoinResponse & ErrorBody>> {
  return request<JoinResponse & ErrorBody>(server.origin, 'POST', '/api/join', { invite, name, ...(browserId ? { browserId } : {}) });
}

async function joined(server: TestServer, invite: string, name: string, browserId?: string): Promise<JoinResponse> {
  const reply = await join(server, invite, name, browserId);
  if (reply.status !== 201) throw new Error(`join ${name}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

async function balanceOf(server: TestServer, token: string): Promise<number> {
  const reply = await request<{ balanceMinor: number }>(server.origin, 'GET', '/api/me', undefined, { Authorization: `Bearer ${token}` });
  return reply.body.balanceMinor;
}

/** Sum of the wallets at a table: everything the join credit put there, since nobody has bet. */
async function chipsAtTable(server: TestServer, tableId: string): Promise<number> {
  const reply = await server.operator.call<OperatorPlayersResponse>('GET', `/api/operator/players?tableId=${tableId}`);
  return reply.body.players.reduce((sum, player) => sum + player.balanceMinor, 0);
}

function playerUpgradeStatus(server: TestServer, token: string): Promise<number> {
  return upgradeStatus(`${server.origin.replace('http', 'ws')}${WS_PLAYER_PATH}`, [PROTOCOL_VERSION, AUTH_SUBPROTOCOL_PREFIX + token]);
}

const browser = (label: string): string => `browser-${label}`.padEnd(24, '0');

describe('item 8: join caps', () => {
  it('item 8: many joins from one address mint join credit at most joinCreditsPerAddressPerDay times, and stop at joinsPerAddressPerDay', async () => {
    const server = await serverWith({ joinsPerAddressPerDay: 12 });
    const table = await server.operator.createTable({ name: 'Farm', joinCreditMinor: credit });
    const invite = inviteOf(table);
    const replies: JoinResponse[] = [];
    for (let index = 0; index < 12; index++) replies.push(await joined(server, invite, `Farmer${index}`, browser(`f${index}`)));
    expect(replies.filter((reply) => reply.joinCredit.amountMinor > 0)).toHaveLength(2);
    expect(replies.at(-1)?.joinCredit).toEqual({ amountMinor: 0, withheld: expect.stringMatching(/network/) as unknown });
    expect(await chipsAtTable(server, table.id)).toBe(2 * credit);

    const refused = await join(server, invite, 'Farmer12', browser('f12'));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe(ErrorCode.RateLimited);
    expect(await chipsAtTable(server, table.id)).toBe(2 * credit);
  });

  it('item 8: an invite pays at most joinCreditsPerInvitePerDay and admits at most joinsPerInvitePerDay joins a day', async () => {
    const server = await serverWith({ joinCreditsPerAddressPerDay: 100, joinCreditsPerInvitePerDay: 3, joinsPerInvitePerDay: 5 });
    const table = await server.operator.createTable({ name: 'Leaked', joinCreditMinor: credit });
    const invite = inviteOf(table);
    const replies: JoinResponse[] = [];
    for (let index = 0; index < 5; index++) replies.push(await joined(server, invite, `Guest${index}`, browser(`g${index}`)));
    expect(replies.map((reply) => reply.joinCredit.amountMinor)).toEqual([credit, credit, credit, 0, 0]);
    expect(replies[4]?.joinCredit.withheld).toMatch(/all its welcome chips/);
    expect((await join(server, invite, 'Guest5', browser('g5'))).status).toBe(429);
    expect(await chipsAtTable(server, table.id)).toBe(3 * credit);
  });
});

describe('item 12: moderation that holds', () => {
  it('item 12: a kicked session is refused at the upgrade for the cool-down the dealer picked, then admitted', async () => {
    const clock = { offsetMs: 0 };
    const server = await serverWith({}, undefined, clock);
    const table = await server.operator.createTable({ name: 'Kick' });
    const invite = inviteOf(table);
    const session = await joined(server, invite, 'Rowdy', browser('rowdy'));
    const client = await PlayerClient.connect(server.origin, session.token);
    const closed = new Promise<{ code: number; reason: string }>((resolveClose) =>
      client.socket.once('close', (code, reason) => resolveClose({ code, reason: reason.toString() })),
    );

    const moderation = `/api/operator/players/${session.playerId}/moderation`;
    expect((await server.operator.call('POST', moderation, { action: 'kick', kickCooldownMs: 24 * hourMs + 1 })).status, 'over 24 h').toBe(400);
    expect(client.closeCode).toBeNull();
    const kick = await server.operator.call('POST', moderation, { action: 'kick', kickCooldownMs: 10 * 60_000 });
    expect(kick.status).toBe(204);
    const close = await closed;
    expect(close.code).toBe(CloseCode.Kicked);
    expect(close.reason).toMatch(/come back in 10 minutes/);

    // At once, and near the end of the cool-down: the session stays out, and so does its browser under a new name.
    expect(await playerUpgradeStatus(server, session.token)).toBe(401);
    const rejoin = await join(server, invite, 'Rowdy Again', browser('rowdy'));
    expect(rejoin.status).toBe(403);
    expect(rejoin.body.error.code).toBe(ErrorCode.Kicked);
    expect(rejoin.body.error.message).toMatch(/come back in 10 minutes/);
    clock.offsetMs = 9 * 60_000;
    expect(await playerUpgradeStatus(server, session.token)).toBe(401);
    const players = await server.operator.call<OperatorPlayersResponse>('GET', `/api/operator/players?tableId=${table.id}`);
    expect(players.body.players[0]?.kickedUntil).toBeGreaterThan(Date.now());

    clock.offsetMs = 10 * 60_000 + 1;
    expect(await playerUpgradeStatus(server, session.token)).toBe(101);
    expect((await join(server, invite, 'Rowdy Again', browser('rowdy'))).status).toBe(201);
  });

  it('item 12: a revoked player cannot rejoin from the same browser, nor from a private window on the same address', async () => {
    const clock = { offsetMs: 0 };
    const server = await serverWith({}, undefined, clock);
    const table = await server.operator.createTable({ name: 'Revoke', joinCreditMinor: credit });
    const invite = inviteOf(table);
    const troll = await joined(server, invite, 'Troll', browser('troll'));
    const revoke = await server.operator.call('POST', `/api/operator/players/${troll.playerId}/moderation`, { action: 'revoke' });
    expect(revoke.status).toBe(204);
    expect(await playerUpgradeStatus(server, troll.token)).toBe(401);

    const sameBrowser = await join(server, invite, 'Nice Person', browser('troll'));
    expect(sameBrowser.status).toBe(403);
    expect(sameBrowser.body.error.code).toBe(ErrorCode.Barred);
    const privateWindow = await join(server, invite, 'Other Person', browser('private'));
    expect(privateWindow.status).toBe(403);
    const noBrowserId = await join(server, invite, 'Script Person');
    expect(noBrowserId.status).toBe(403);

    // Another table of the same dealer is not affected.
    const other = await server.operator.createTable({ name: 'Elsewhere' });
    expect((await join(server, inviteOf(other), 'Troll', browser('troll'))).status).toBe(201);

    // The address is barred for a day (addresses are shared and reassigned); the browser for good.
    clock.offsetMs = 25 * hourMs;
    expect((await join(server, invite, 'Other Person', browser('private'))).status).toBe(201);
    expect((await join(server, invite, 'Nice Person', browser('troll'))).status).toBe(403);
  });

  it('item 12: join credit is paid once per browser per table per UTC day, across names, private windows and restarts', async () => {
    const clock = { offsetMs: 0 };
    const server = await serverWith({}, undefined, clock);
    const table = await server.operator.createTable({ name: 'Daily', joinCreditMinor: credit });
    const invite = inviteOf(table);
    const first = await joined(server, invite, 'Ann', browser('ann'));
    expect(first.joinCredit).toEqual({ amountMinor: credit, withheld: null });
    expect(await balanceOf(server, first.token)).toBe(credit);

    const renamed = await joined(server, invite, 'Annie', browser('ann'));
    expect(renamed.joinCredit.amountMinor).toBe(0);
    expect(renamed.joinCredit.withheld).toMatch(/this browser/);
    expect(await balanceOf(server, renamed.token)).toBe(0);

    const privateWindow = await joined(server, invite, 'Anne', browser('ann-private'));
    expect(privateWindow.joinCredit.amountMinor).toBe(credit);
    const secondPrivateWindow = await joined(server, invite, 'Anna', browser('ann-private-2'));
    expect(secondPrivateWindow.joinCredit.amountMinor).toBe(0);
    expect(await chipsAtTable(server, table.id)).toBe(2 * credit);

    // The rule is on disk: a restart forgets none of it.
    await server.stop();
    const restarted = await serverWith({}, server.dataDir, clock);
    const afterRestart = await joined(restarted, invite, 'Annika', browser('ann'));
    expect(afterRestart.joinCredit.amountMinor).toBe(0);

    // The next UTC day the same browser is welcome to its chips again.
    const nextDay = Math.ceil(Date.now() / (24 * hourMs)) * 24 * hourMs;
    clock.offsetMs = nextDay - Date.now() + 1_000;
    const tomorrow = await joined(restarted, invite, 'Anouk', browser('ann'));
    expect(tomorrow.joinCredit.amountMinor).toBe(credit);
  });
});

describe('item 15: names', () => {
  async function nameTable(clock: Clock = { offsetMs: 0 }): Promise<{ server: TestServer; invite: string }> {
    const server = await serverWith({ joinsPerAddressPerDay: 100 }, undefined, clock);
    const table = await server.operator.createTable({ name: 'Names' });
    return { server, invite: inviteOf(table) };
  }

  it('item 15: a name is stored normalised: NFKC, trimmed, inner whitespace collapsed', async () => {
    const { server, invite } = await nameTable();
    expect((await joined(server, invite, '  Bea \t  Trice  ')).name).toBe('Bea Trice');
    expect((await joined(server, invite, 'Ｋｉｍ')).name).toBe('Kim');
  });

  it('item 15: a name already at the table is refused, case-insensitively and after normalising', async () => {
    const clock = { offsetMs: 0 };
    const { server, invite } = await nameTable(clock);
    await joined(server, invite, 'Alice');
    for (const twin of ['Alice', 'alice', ' ALICE ', 'Ａｌｉｃｅ', 'A.lice']) {
      const reply = await join(server, invite, twin);
      expect(reply.status, twin).toBe(409);
      expect(reply.body.error.code, twin).toBe(ErrorCode.NameTaken);
    }
    // A revoked player's name stays theirs: nobody takes it over once the address may join again.
    const bob = await joined(server, invite, 'Bob');
    await server.operator.call('POST', `/api/operator/players/${bob.playerId}/moderation`, { action: 'revoke' });
    clock.offsetMs = 25 * hourMs;
    expect((await join(server, invite, 'bob', browser('new-bob'))).body.error.code).toBe(ErrorCode.NameTaken);
  });

  it('item 15: staff names are refused, look-alikes included', async () => {
    const { server, invite } = await nameTable();
    for (const staff of ['Dealer', 'Ｄｅａｌｅｒ', 'the croupier', 'ADMIN2', 'Pit Boss', 'd.e.a.l.e.r', 'Support', 'System', 'House']) {
      const reply = await join(server, invite, staff);
      expect(reply.status, staff).toBe(400);
      expect(reply.body.error.message, staff).toMatch(/kept for the staff/);
    }
  });

  it('item 15: control, format and mixed-script characters are refused', async () => {
    const { server, invite } = await nameTable();
    for (const hidden of ['Al\u200Bice', 'Bob\u0007', 'Eve\u202Etxt', 'Zoe\u2060', '\u0410lice']) {
      const reply = await join(server, invite, hidden);
      expect(reply.status, JSON.stringify(hidden)).toBe(400);
      expect(reply.body.error.code).toBe(ErrorCode.BadMessage);
    }
  });

  it('item 15: a name over Limits.maxNameLength is refused with a clear error, not cut', async () => {
    const { server, invite } = await nameTable();
    const long = 'Carolina Maximiliana de Souza';
    expect([...long].length).toBeGreaterThan(Limits.maxNameLength);
    const reply = await join(server, invite, long);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(new RegExp(`limit is ${Limits.maxNameLength}`));
    const players = await server.operator.call<OperatorPlayersResponse>('GET', '/api/operator/players');
    expect(players.body.players.map((player) => player.name)).toEqual([]);
    expect((await joined(server, invite, 'Carolina Maximiliana')).name).toBe('Carolina Maximiliana');
  });
});
