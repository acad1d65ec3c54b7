// 100,000 random and mutated frames against the real server: no crash, every
// frame answered with a code (or the socket closed by design), no change to
// money, bets or rounds.
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerSummaryResponse } from '../../src/shared/api.ts';
import { runFuzz } from '../support/fuzz-run.ts';
import { PlayerClient, inviteOf, joinTable, startTestServer, type TestServer } from '../support/harness.ts';

const messages = Number(process.env.FUZZ_MESSAGES ?? 100_000);
const connections = 8;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    gatewayLimits: { messagesPerSecond: 1_000_000, messageBurst: 1_000_000, upgradesPerSecond: 1_000, upgradeBurst: 1_000 },
  });
});
afterAll(async () => {
  await server.dispose();
});

function stateOfMoney() {
  const { db } = server.pitboss.services;
  const count = (sql: string) => (db.prepare(sql).get() as { count: number }).count;
  return {
    transfers: count('SELECT count(*) AS count FROM transfers'),
    bets: count('SELECT count(*) AS count FROM bets'),
    rounds: count("SELECT count(*) AS count FROM rounds WHERE phase = 'closed'"),
    players: count('SELECT count(*) AS count FROM players'),
  };
}

describe('fuzzing the player socket', () => {
  it(`survives ${messages} hostile frames and changes nothing`, async () => {
    const table = await server.operator.createTable({ name: 'Fuzz' });
    const sessions = await Promise.all(Array.from({ length: connections }, (_, index) => joinTable(server.origin, inviteOf(table), `Fuzz${index}`)));
    // A round that took bets and then closed: every bet frame is out of phase, however well-formed.
    await server.operator.mustAct(table.id, 'open');
    const bettor = await PlayerClient.connect(server.origin, sessions[0]!.token);
    expect(await bettor.bet(1, [{ betId: 'real-1', spot: 'red', amountMinor: 500 }])).toMatchObject({ kind: 'ack' });
    await bettor.close();
    await server.operator.mustAct(table.id, 'close');
    const before = stateOfMoney();
    const ledgerBefore = await server.operator.call<LedgerSummaryResponse>('GET', '/api/operator/ledger');

    const seed = Number(process.env.FUZZ_SEED ?? randomInt(1, 2 ** 31));
    console.log(`fuzz seed ${seed} (set FUZZ_SEED to replay)`);
    const startedAt = performance.now();
    const tally = await runFuzz({ origin: server.origin, tokens: sessions.map((session) => session.token), round: 1, messages, seed, deadlineMs: 240_000 });
    const seconds = (performance.now() - startedAt) / 1000;
    console.log(`fuzz: ${tally.sent} frames in ${seconds.toFixed(1)} s (${Math.round(tally.sent / seconds)}/s): ${tally.errors} errors, ${tally.acks} acks or pongs, ${tally.closes} closes by design`, tally.byKind);

    expect(tally.sent).toBeGreaterThanOrEqual(messages);
    expect(tally.answered + tally.closes).toBe(tally.sent);
    expect(stateOfMoney()).toEqual(before);
    const ledgerAfter = await server.operator.call<LedgerSummaryResponse>('GET', '/api/operator/ledger');
    expect(ledgerAfter.body).toEqual(ledgerBefore.body);
    // Still serving: the round spins and settles the one real bet.
    await server.operator.mustAct(table.id, 'spin');
    expect(server.pitboss.services.ledger.verify().ok).toBe(true);
  }, 300_000);
});
