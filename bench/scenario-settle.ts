// Scenario 4, settlement: the storm round (N·k bets) is closed and spun once
// everything the storm queued towards the clients has drained; its
// settlement time is round.settled.at − round.result.at, ledger and audit
// record included, with the emit times the server's observers saw.
import type { SeenReport } from './client-messages.ts';
import { sleep } from './log.ts';
import type { BenchOptions } from './options.ts';
import { stopProfile, type ProfileSummary } from './profile.ts';
import { seenWaitMs } from './scenario-broadcast.ts';
import type { PitbossRun } from './scenario-players.ts';

type Seen = { reports: SeenReport[]; missing: number };

export type SettleOutcome = { resultSeen: Seen; settledSeen: Seen };

const settleWaitMs = 60_000;

export async function settleStormRound(options: BenchOptions, run: PitbossRun, round: number, profiles: ProfileSummary[]): Promise<SettleOutcome> {
  const { server, fleet, act } = run;
  server.send({ type: 'phase', name: 'settle' });
  // Everything the storm queued towards the clients drains before the draw is timed.
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const stats = await server.request({ type: 'stats' }, 'stats');
    if (stats.gateway.bufferedBytes === 0 && stats.gateway.lagging === 0) break;
    await sleep(250);
  }
  await act('close');
  await fleet.seen('round.closed', round, seenWaitMs);
  await sleep(500);
  if (options.profile) server.send({ type: 'profile-start', name: 'settle' });
  await act('spin');
  const [resultSeen, settledSeen] = await Promise.all([fleet.seen('round.result', round, settleWaitMs), fleet.seen('round.settled', round, settleWaitMs)]);
  if (options.profile) profiles.push(await stopProfile(server, 'settle'));
  return { resultSeen, settledSeen };
}
