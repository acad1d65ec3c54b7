// Scenario 3, the betting storm: every player places k bets spread over one
// window while betting is open (client-storm.ts); ack latency and acks per
// second at the clients, and the bets in the database must equal the acks.
import type { StormReport } from './client-messages.ts';
import { monotonicMs } from './histogram.ts';
import { log, sleep } from './log.ts';
import { watchLoad } from './machine.ts';
import type { BenchOptions } from './options.ts';
import { stopProfile, type ProfileSummary } from './profile.ts';
import { seenWaitMs } from './scenario-broadcast.ts';
import type { PitbossRun, StatsReply } from './scenario-players.ts';
import type { ServerEvent } from './server-process.ts';

export type StormOutcome = {
  round: number;
  reports: StormReport[];
  committed: Extract<ServerEvent, { type: 'bets' }>;
  /** The server's figures right after the storm (its group commits, its publishes during the storm). */
  stats: StatsReply;
};

const stormSpots = ['red', 'black', 'odd', 'even', 'dozen:2', 'column:3', 'straight:17', 'split:0-1', 'corner:1-2-4-5', 'low', 'high'];
const stormTimeoutMs = 30_000;

export async function bettingStorm(options: BenchOptions, run: PitbossRun, profiles: ProfileSummary[]): Promise<StormOutcome> {
  const { server, fleet, act } = run;
  server.send({ type: 'phase', name: 'storm' });
  const opened = await act('open');
  const round = opened.table.round?.round ?? 0;
  await fleet.seen('round.opened', round, seenWaitMs);
  await sleep(200);
  if (options.profile) server.send({ type: 'profile-start', name: 'storm' });
  const load = watchLoad('storm');
  log(`storm: ${options.players}×${options.betsPerPlayer} bets over ${options.stormWindowMs} ms in round ${round}`);
  const reports = await fleet.storm(
    {
      type: 'storm',
      round,
      startAt: monotonicMs() + 300,
      windowMs: options.stormWindowMs,
      betsPerPlayer: options.betsPerPlayer,
      amountMinor: 100,
      spots: stormSpots,
      timeoutMs: stormTimeoutMs,
    },
    options.stormWindowMs + stormTimeoutMs + 10_000,
  );
  load();
  if (options.profile) profiles.push(await stopProfile(server, 'storm'));
  const committed = await server.request({ type: 'count-bets', tableId: run.tableId, round }, 'bets');
  const stats = await server.request({ type: 'stats' }, 'stats');
  log(`storm: ${reports.reduce((sum, report) => sum + report.acked, 0)} acked, ${committed.committed} committed (synchronous=${committed.synchronous}, journal ${committed.journalMode})`);
  return { round, reports, committed, stats };
}
