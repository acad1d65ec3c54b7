// A table's results history is read in two places, the public history route
// and the table's snapshot (rebuilt from storage at start): both follow one
// rule (shared/round-history.ts), settled rounds only at their settledAt, so
// they show the same list, before and after a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryResponse, OperatorTable } from '../../src/shared/api.ts';
import type { HistoryEntry } from '../../src/shared/protocol.ts';
import { PlayerClient, inviteOf, joinTable, request, startTestServer, type TestServer } from '../support/harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.dispose();
});

async function publicHistory(origin: string, tableId: string): Promise<HistoryEntry[]> {
  const reply = await request<HistoryResponse>(origin, 'GET', `/api/tables/${tableId}/history`);
  expect(reply.status).toBe(200);
  return reply.body.history;
}

async function snapshotHistory(origin: string, token: string): Promise<HistoryEntry[]> {
  const client = await PlayerClient.connect(origin, token);
  const snapshot = client.received.find((message) => message.kind === 'snapshot');
  await client.close();
  if (snapshot?.kind !== 'snapshot') throw new Error('no snapshot');
  return snapshot.snapshot.history;
}

describe('round history', () => {
  it('the public history and the snapshot show the same settled rounds, at their settledAt, after a restart too', async () => {
    const table: OperatorTable = await server.operator.createTable({ name: 'History' });
    const session = await joinTable(server.origin, inviteOf(table), 'Reader');
    const watcher = await PlayerClient.connect(server.origin, session.token);
    // Round 1 settles, round 2 is voided, round 3 settles, round 4 is left open.
    for (const [round, ending] of [[1, 'spin'], [2, 'void'], [3, 'spin']] as const) {
      await server.operator.mustAct(table.id, 'open');
      await server.operator.mustAct(table.id, 'close');
      await server.operator.mustAct(table.id, ending);
      await watcher.waitForEvent(ending === 'spin' ? 'round.settled' : 'round.voided', round);
    }
    await server.operator.mustAct(table.id, 'open');
    await watcher.close();

    const stored = server.pitboss.services.tableStore.recentRounds(table.id, 10);
    expect(stored.map((row) => [row.number, row.phase])).toEqual([[4, 'betting'], [3, 'settled'], [2, 'voided'], [1, 'settled']]);
    const expected = [3, 1]
      .map((number) => stored.find((row) => row.number === number)!)
      .reverse()
      .map((row) => ({ round: row.number, outcome: row.outcome, settledAt: row.settledAt }));
    expect(expected.every((entry) => typeof entry.settledAt === 'number' && entry.settledAt > 0 && entry.outcome !== null)).toBe(true);

    expect(await publicHistory(server.origin, table.id)).toEqual(expected);
    expect(await snapshotHistory(server.origin, session.token)).toEqual(expected);

    await server.stop();
    const again = await startTestServer({ dataDir: server.dataDir });
    try {
      expect(await publicHistory(again.origin, table.id)).toEqual(expected);
      expect(await snapshotHistory(again.origin, session.token)).toEqual(expected);
    } finally {
      await again.stop();
    }
  });
});
