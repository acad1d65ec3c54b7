// /metrics through prom-client: every series the docs and dashboards name is
// still there with its type, next to prom-client's default process metrics,
// and each server in a process counts in a registry of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlayerClient, inviteOf, joinTable, startTestServer, type TestServer } from '../support/harness.ts';

type MetricType = 'counter' | 'gauge' | 'histogram';

/**
 * The one list: each metric /metrics has promised (README's "Health and
 * operations", the console's health figures, the names scrapers alert on), its
 * type, and the labelled series that must be present. Dropping or retyping one
 * fails here.
 */
const promised: { name: string; type: MetricType; series?: string[] }[] = [
  { name: 'pitboss_players_connected', type: 'gauge' },
  { name: 'pitboss_operators_connected', type: 'gauge' },
  { name: 'pitboss_lagging_clients', type: 'gauge' },
  { name: 'pitboss_buffered_bytes', type: 'gauge' },
  { name: 'pitboss_slow_disconnects_total', type: 'counter' },
  { name: 'pitboss_messages_total', type: 'counter', series: ['pitboss_messages_total{direction="in"}', 'pitboss_messages_total{direction="out"}'] },
  { name: 'pitboss_bets_total', type: 'counter', series: ['pitboss_bets_total{result="acknowledged"}', 'pitboss_bets_total{result="rejected"}'] },
  { name: 'pitboss_rounds_total', type: 'counter', series: ['pitboss_rounds_total{phase="settled"}', 'pitboss_rounds_total{phase="voided"}'] },
  { name: 'pitboss_round_phase', type: 'gauge' },
  {
    name: 'pitboss_bet_ack_seconds',
    type: 'histogram',
    series: ['pitboss_bet_ack_seconds_bucket{le="0.0005"}', 'pitboss_bet_ack_seconds_bucket{le="5"}', 'pitboss_bet_ack_seconds_bucket{le="+Inf"}', 'pitboss_bet_ack_seconds_sum', 'pitboss_bet_ack_seconds_count'],
  },
  {
    name: 'pitboss_db_commit_seconds',
    type: 'histogram',
    series: ['pitboss_db_commit_seconds_bucket{le="0.0005"}', 'pitboss_db_commit_seconds_bucket{le="5"}', 'pitboss_db_commit_seconds_bucket{le="+Inf"}', 'pitboss_db_commit_seconds_sum', 'pitboss_db_commit_seconds_count'],
  },
  { name: 'pitboss_player_latency_seconds', type: 'gauge' },
  { name: 'pitboss_event_loop_lag_seconds', type: 'gauge', series: ['pitboss_event_loop_lag_seconds{quantile="0.5"}', 'pitboss_event_loop_lag_seconds{quantile="0.99"}'] },
  { name: 'process_resident_memory_bytes', type: 'gauge', series: ['process_resident_memory_bytes'] },
  { name: 'process_heap_used_bytes', type: 'gauge', series: ['process_heap_used_bytes'] },
  // prom-client's default process metrics.
  { name: 'process_cpu_seconds_total', type: 'counter', series: ['process_cpu_seconds_total'] },
  { name: 'process_cpu_user_seconds_total', type: 'counter' },
  { name: 'process_cpu_system_seconds_total', type: 'counter' },
  { name: 'process_start_time_seconds', type: 'gauge', series: ['process_start_time_seconds'] },
  { name: 'nodejs_eventloop_lag_seconds', type: 'gauge', series: ['nodejs_eventloop_lag_seconds'] },
  { name: 'nodejs_eventloop_lag_p99_seconds', type: 'gauge' },
  { name: 'nodejs_heap_size_used_bytes', type: 'gauge', series: ['nodejs_heap_size_used_bytes'] },
  { name: 'nodejs_active_handles_total', type: 'gauge' },
  { name: 'nodejs_gc_duration_seconds', type: 'histogram' },
  { name: 'nodejs_version_info', type: 'gauge' },
];

async function scrape(origin: string): Promise<{ contentType: string | null; text: string }> {
  const response = await fetch(`${origin}/metrics`);
  expect(response.status).toBe(200);
  return { contentType: response.headers.get('content-type'), text: await response.text() };
}

/** The value of one series, e.g. 'pitboss_bets_total{result="acknowledged"}'. */
function valueOf(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  if (line === undefined) throw new Error(`no ${series} in /metrics`);
  return Number(line.slice(series.length + 1));
}

let first: TestServer;
let second: TestServer;
beforeAll(async () => {
  [first, second] = await Promise.all([startTestServer(), startTestServer()]);
});
afterAll(async () => {
  await Promise.all([first.dispose(), second.dispose()]);
});

describe('/metrics through prom-client', () => {
  it('metrics: /metrics carries every metric the docs and console name, with its type, and the default process metrics', async () => {
    const { contentType, text } = await scrape(first.origin);
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const types = new Map<string, string>();
    for (const match of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) types.set(match[1] ?? '', match[2] ?? '');
    for (const { name, type, series = [] } of promised) {
      expect(types.get(name), name).toBe(type);
      for (const one of series) expect(Number.isFinite(valueOf(text, one)), one).toBe(true);
    }
    expect(valueOf(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(valueOf(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('metrics: two servers in one process each count their own bets, rounds and tables', async () => {
    const table = await first.operator.createTable({ name: 'Counted' });
    const session = await joinTable(first.origin, inviteOf(table), 'Mira');
    const client = await PlayerClient.connect(first.origin, session.token);
    try {
      await first.operator.mustAct(table.id, 'open');
      expect(await client.bet(1, [{ betId: 'm1', spot: 'red', amountMinor: 100 }])).toMatchObject({ kind: 'ack' });
      const counted = (await scrape(first.origin)).text;
      const other = (await scrape(second.origin)).text;
      expect(valueOf(counted, 'pitboss_bets_total{result="acknowledged"}')).toBe(1);
      expect(valueOf(other, 'pitboss_bets_total{result="acknowledged"}')).toBe(0);
      expect(valueOf(counted, 'pitboss_players_connected')).toBe(1);
      expect(valueOf(other, 'pitboss_players_connected')).toBe(0);
      expect(counted).toContain(`pitboss_round_phase{table="${table.id}",phase="betting"} 1`);
      expect(other).not.toContain(`table="${table.id}"`);
      // The process's metrics are the same process on both.
      expect(valueOf(other, 'process_start_time_seconds')).toBe(valueOf(counted, 'process_start_time_seconds'));
    } finally {
      await client.close();
    }
  });
});
