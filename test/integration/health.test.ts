// Live health: Prometheus /metrics and the console's health samples reflect
// what really happened at the table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthResponse } from '../../src/shared/api.ts';
import { PlayerClient, inviteOf, joinTable, request, startTestServer, type TestServer } from '../support/harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.dispose();
});

function metricValue(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  if (!line) throw new Error(`no ${series} in /metrics`);
  return Number(line.slice(series.length + 1));
}

describe('live health', () => {
  it('counts connections, bets, rounds and commit times', async () => {
    const table = await server.operator.createTable({ name: 'Health' });
    const session = await joinTable(server.origin, inviteOf(table), 'Hana');
    const client = await PlayerClient.connect(server.origin, session.token);
    await server.operator.mustAct(table.id, 'open');
    await client.bet(1, [
      { betId: 'h1', spot: 'red', amountMinor: 100 },
      { betId: 'h2', spot: 'black', amountMinor: 100 },
    ]);
    expect(await client.bet(1, [{ betId: 'h3', spot: 'nowhere', amountMinor: 100 }])).toMatchObject({ kind: 'error' });
    await server.operator.mustAct(table.id, 'close');
    await server.operator.mustAct(table.id, 'spin');

    const metrics = await request<string>(server.origin, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    const text = metrics.body;
    expect(metricValue(text, 'pitboss_players_connected')).toBe(1);
    expect(metricValue(text, 'pitboss_bets_total{result="acknowledged"}')).toBe(2);
    expect(metricValue(text, 'pitboss_bets_total{result="rejected"}')).toBe(1);
    expect(metricValue(text, 'pitboss_rounds_total{phase="settled"}')).toBe(1);
    expect(metricValue(text, 'pitboss_bet_ack_seconds_count')).toBe(2);
    expect(metricValue(text, 'pitboss_db_commit_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(metricValue(text, 'pitboss_messages_total{direction="in"}')).toBe(2);
    expect(text).toContain(`pitboss_round_phase{table="${table.id}",phase="settled"} 1`);
    expect(metricValue(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);

    // The console's samples arrive once a second: wait for one that saw the player.
    let health: HealthResponse | null = null;
    for (let attempt = 0; attempt < 40 && !health?.samples.some((sample) => sample.connections === 1); attempt += 1) {
      health = (await server.operator.call<HealthResponse>('GET', '/api/operator/health')).body;
      if (!health.samples.some((sample) => sample.connections === 1)) await new Promise((resolveLater) => setTimeout(resolveLater, 100));
    }
    expect(health?.samples.some((sample) => sample.connections === 1)).toBe(true);
    expect(health?.players).toEqual([{ playerId: session.playerId, name: 'Hana', tableId: table.id, latencyMs: expect.any(Number) }]);
    expect(health?.alert).toBeNull();
    await client.close();
  });

  it('keeps /metrics from anyone a tunnel relays, and health from players', async () => {
    const relayed = await request(server.origin, 'GET', '/metrics', undefined, { 'X-Forwarded-For': '203.0.113.7' });
    expect(relayed.status).toBe(401);
    expect((await request(server.origin, 'GET', '/api/operator/health')).status).toBe(401);
  });
});
