// The HTTP fuzzer's whole run, shared by `npm run fuzz:http` and the test:
// a real server on loopback with a table that has taken a bet, the fuzz,
// then the checks: the server still answers, nothing in the database moved,
// and a fresh player can still join and bet.
import { PlayerClient, inviteOf, joinTable, request, startTestServer } from './harness.ts';
import { runHttpFuzz, type HttpFuzzTally } from './http-fuzz.ts';

export type State = { transfers: number; rounds: number; bets: number; players: number };

export type HttpFuzzReport = { tally: HttpFuzzTally; seconds: number; before: State; after: State; freshPlayerBet: boolean; problems: string[] };

export async function fuzzHttpServer(options: { cases: number; seed: number; concurrency: number }): Promise<HttpFuzzReport> {
  // Every fuzz connection is 127.0.0.1: the per-address limits would refuse most of them before they reach the code under test.
  const server = await startTestServer({
    joinRateLimit: { ratePerSecond: 1_000_000, burst: 1_000_000 },
    gatewayLimits: { upgradesPerSecond: 1_000_000, upgradeBurst: 1_000_000 },
    edgeLimits: { maxConnectionsPerAddress: 100_000, maxPendingHandshakesPerAddress: 100_000 },
  });
  try {
    const { db } = server.pitboss.services;
    const count = (sql: string): number => (db.prepare(sql).get() as { count: number }).count;
    const state = (): State => ({
      transfers: count('SELECT count(*) AS count FROM transfers'),
      rounds: count('SELECT count(*) AS count FROM rounds'),
      bets: count('SELECT count(*) AS count FROM bets'),
      players: count('SELECT count(*) AS count FROM players'),
    });
    const table = await server.operator.createTable({ name: 'HTTP fuzz' });
    const regular = await joinTable(server.origin, inviteOf(table), 'Regular');
    // A round that took a bet and closed: upgrades with the real token land on a table with state to guard.
    await server.operator.mustAct(table.id, 'open');
    const bettor = await PlayerClient.connect(server.origin, regular.token);
    await bettor.bet(1, [{ betId: 'before-fuzz', spot: 'red', amountMinor: 500 }]);
    await bettor.close();
    await server.operator.mustAct(table.id, 'close');
    const before = state();

    const startedAt = performance.now();
    const tally = await runHttpFuzz({ port: server.pitboss.port, cases: options.cases, seed: options.seed, concurrency: options.concurrency, playerToken: regular.token });
    const seconds = (performance.now() - startedAt) / 1000;
    const after = state();

    const problems = [...tally.problems];
    if ((await request(server.origin, 'GET', '/api/tables')).status !== 200) problems.push('GET /api/tables no longer answers 200');
    if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`the database changed: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
    await server.operator.mustAct(table.id, 'spin');
    await server.operator.mustAct(table.id, 'open');
    const fresh = await joinTable(server.origin, inviteOf(table), 'Fresh');
    const player = await PlayerClient.connect(server.origin, fresh.token);
    const reply = await player.bet(2, [{ betId: 'after-fuzz', spot: 'black', amountMinor: 100 }]);
    await player.close();
    const freshPlayerBet = reply.kind === 'ack';
    if (!freshPlayerBet) problems.push(`a fresh player could not bet after the fuzz: ${JSON.stringify(reply)}`);
    return { tally, seconds, before, after, freshPlayerBet, problems };
  } finally {
    await server.dispose();
  }
}
