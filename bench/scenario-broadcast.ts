// Scenario 2, broadcast: R rounds (after W warm-up rounds) of open → close →
// spin; per round, when each client process saw round.result and
// round.settled. The latency from the server's emit is computed at the end,
// once the server's observers hand over their precise emit times.
import { measureRound, type RoundMeasure } from './fleet.ts';
import { log, sleep } from './log.ts';
import { watchLoad } from './machine.ts';
import type { BenchOptions } from './options.ts';
import { stopProfile, type ProfileSummary } from './profile.ts';
import type { PitbossRun } from './scenario-players.ts';

export const seenWaitMs = 20_000;

export type BroadcastOutcome = { rounds: RoundMeasure[]; measuredRounds: Set<number>; ms: number };

export async function broadcastRounds(options: BenchOptions, run: PitbossRun, profiles: ProfileSummary[]): Promise<BroadcastOutcome> {
  const { server, fleet, act } = run;
  server.send({ type: 'phase', name: 'broadcast' });
  if (options.profile) server.send({ type: 'profile-start', name: 'broadcast' });
  const load = watchLoad('pitboss broadcast rounds');
  const rounds: RoundMeasure[] = [];
  const measuredRounds = new Set<number>();
  const started = performance.now();
  const total = options.warmupRounds + options.rounds;
  for (let index = 0; index < total; index += 1) {
    const opened = await act('open');
    const round = opened.table.round?.round ?? 0;
    await fleet.seen('round.opened', round, seenWaitMs);
    await act('close');
    await fleet.seen('round.closed', round, seenWaitMs);
    await sleep(options.roundGapMs);
    await act('spin');
    const [result] = await Promise.all([fleet.seen('round.result', round, seenWaitMs), fleet.seen('round.settled', round, seenWaitMs)]);
    rounds.push(measureRound(round, result, undefined));
    if (index >= options.warmupRounds) measuredRounds.add(round);
    if ((index + 1) % 20 === 0) log(`Pitboss round ${index + 1}/${total}`);
  }
  const ms = performance.now() - started;
  load();
  if (options.profile) profiles.push(await stopProfile(server, 'broadcast'));
  return { rounds, measuredRounds, ms };
}
