// The run's figures as the table on stdout and the closing notes that say
// what bounds each missed target.
import { join } from 'node:path';
import type { Summary } from './histogram.ts';
import type { MachineLoad } from './machine.ts';
import type { ProfileSummary } from './profile.ts';

export const targets = { broadcastRatioP99: 1.15, stormBets: 20_000, stormAckP99Ms: 100, settleMs: 250, settleBets: 20_000, kibPerPlayer: 15 };

export type PublishSummary = { count: number; meanMs: number; meanCpuMs: number; maxMs: number; meanBytes: number; maxBytes: number };

export type Results = {
  runSeconds: number;
  machine: { load: MachineLoad[] };
  parameters: { players: number; rounds: number; betsPerPlayer: number; clientProcesses: number; stormWindowMs: number };
  pass: { broadcast: boolean; storm: boolean; settle: boolean; memory: boolean };
  broadcast: Summary & {
    dateNowBased: Summary;
    perClient: Summary;
    serverPublishMs: Summary;
    serverPublishCpuMs: Summary;
    serverPublishGcMs: Summary;
    settledPublishMs: Summary;
    settledEmittedAfterResultMs: Summary;
    ratioP99: number;
    ratioP50: number;
    cpuRatioP50: number;
    payloadBytes: number;
    incompleteRounds: number;
  };
  baseline: Summary & { dateNowBased: Summary; perClient: Summary; serverPublishMs: Summary; serverPublishCpuMs: Summary; incompleteRounds: number; kibPerClient: number };
  storm: {
    betsPerSec: number;
    ackP50Ms: number;
    ackP99Ms: number;
    ackMaxMs: number;
    planned: number;
    sent: number;
    acked: number;
    lost: number;
    errors: Record<string, number>;
    committed: number;
    allAckedCommitted: boolean;
    synchronous: string;
    firstSendToLastAckMs: number;
    clientSendLagP99Ms: number;
    serverAckMs: Summary;
    groupCommit: {
      commits: number;
      operations: number;
      batchP50: number;
      batchMax: number;
      commitP50Ms: number;
      commitP99Ms: number;
      commitMaxMs: number;
      commitTotalMs: number;
    };
    serverCpuPercent: number | null;
    serverLoopDelayMaxMs: number | null;
    activityPublish: Record<string, PublishSummary>;
    ackTimeline50ms: number[];
  };
  settle: {
    ms: number;
    preciseMs: number;
    cpuMs: number;
    bets: number;
    resultPublishMs: number;
    resultPublishCpuMs: number;
    resultBytes: number;
    settleWorkMs: number;
    settleWorkCpuMs: number;
    settledPublishMs: number;
    maxLoopStallMs: number | null;
  };
  memory: {
    kibPerPlayer: number;
    rssBeforeConnectMiB: number;
    rssConnectedMiB: number;
    rssAfterEveryoneLeftMiB: number;
    heapUsedBeforeConnectMiB: number;
    heapUsedConnectedMiB: number;
    heapTotalBeforeConnectMiB: number;
    heapTotalConnectedMiB: number;
    liveHeapKibPerPlayer: number;
    baselineKibPerClient: number;
  };
  rounds: { pitboss: { round: number; lastMs: number }[]; baseline: { round: number; lastMs: number }[] };
  profiles: ProfileSummary[];
  notes: string[];
};

export const fmt = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/** What bounds each missed target, from the run's own instrumentation. */
export function closingNotes(results: Results): string[] {
  const notes: string[] = [];
  const { broadcast, baseline, storm, settle, memory } = results;
  if (!results.pass.broadcast) {
    notes.push(
      `Broadcast p99 ${fmt(broadcast.p99Ms)} ms is ${fmt(broadcast.ratioP99, 2)}× the bare-ws baseline (${fmt(baseline.p99Ms)} ms); target ≤ ${targets.broadcastRatioP99}× (${fmt(baseline.p99Ms * targets.broadcastRatioP99)} ms), missed by ${fmt(broadcast.p99Ms - baseline.p99Ms * targets.broadcastRatioP99)} ms. ` +
        `The last client hears it right after the server's send loop ends, so the figure is the loop: hand-off of round.result to all sockets p50 ${fmt(broadcast.serverPublishMs.p50Ms)} / p99 ${fmt(broadcast.serverPublishMs.p99Ms)} ms ` +
        `(server CPU in it p50 ${fmt(broadcast.serverPublishCpuMs.p50Ms)} / p99 ${fmt(broadcast.serverPublishCpuMs.p99Ms)} ms, GC p99 ${fmt(broadcast.serverPublishGcMs.p99Ms)} ms) vs baseline ${fmt(baseline.serverPublishMs.p50Ms)} / ${fmt(baseline.serverPublishMs.p99Ms)} ms (CPU ${fmt(baseline.serverPublishCpuMs.p50Ms)} / ${fmt(baseline.serverPublishCpuMs.p99Ms)} ms); ` +
        `Pitboss then emits round.settled ${fmt(broadcast.settledEmittedAfterResultMs.p50Ms)} ms later (p50) and hands it to every socket too (${fmt(broadcast.settledPublishMs.p50Ms)} ms), which competes for the same two cores while clients are still reading round.result. ` +
        (broadcast.cpuRatioP50 <= targets.broadcastRatioP99
          ? `Per hand-off the server spends ${fmt(broadcast.cpuRatioP50, 2)}× the bare-ws CPU, so the gap is time the server was not running (four client processes and anything else on two cores), not extra work.`
          : `Per hand-off the server spends ${fmt(broadcast.cpuRatioP50, 2)}× the bare-ws CPU.`),
    );
  }
  if (!results.pass.storm) {
    const reasons: string[] = [];
    if (storm.acked < storm.planned) reasons.push(`${storm.planned - storm.acked} of ${storm.planned} bets not acknowledged (errors ${JSON.stringify(storm.errors)}, lost ${storm.lost})`);
    if (!storm.allAckedCommitted) reasons.push(`committed ${storm.committed} ≠ acked ${storm.acked}`);
    if (storm.planned < targets.stormBets) reasons.push(`this run planned ${storm.planned} bets, below the ${targets.stormBets} of the target (use the defaults)`);
    if (storm.ackP99Ms > targets.stormAckP99Ms) reasons.push(`ack p99 ${fmt(storm.ackP99Ms)} ms > ${targets.stormAckP99Ms} ms (by ${fmt(storm.ackP99Ms - targets.stormAckP99Ms)} ms)`);
    const seeds = storm.activityPublish['seed.recorded'];
    const placed = storm.activityPublish['bets.placed'];
    notes.push(
      `Storm: ${reasons.join('; ')}. Server side, a bet waits ${fmt(storm.serverAckMs.p50Ms)} ms p50 / ${fmt(storm.serverAckMs.p99Ms)} ms p99 from arrival to ack; ` +
        `${storm.groupCommit.commits} group commits (batch p50 ${fmt(storm.groupCommit.batchP50, 0)}, max ${storm.groupCommit.batchMax}), each p50 ${fmt(storm.groupCommit.commitP50Ms)} ms, p99 ${fmt(storm.groupCommit.commitP99Ms)} ms, ${fmt(storm.groupCommit.commitTotalMs, 0)} ms in all; ` +
        `server CPU ${fmt(storm.serverCpuPercent ?? Number.NaN, 0)} % of one core, event-loop delay up to ${fmt(storm.serverLoopDelayMaxMs ?? Number.NaN)} ms. ` +
        `Activity batches during the storm: seed.recorded ${seeds?.count ?? 0}× (mean ${fmt((seeds?.meanBytes ?? 0) / 1024)} KiB to every player, ${fmt(seeds?.meanMs ?? Number.NaN)} ms each, ${fmt(seeds?.meanCpuMs ?? Number.NaN)} on CPU), ` +
        `bets.placed ${placed?.count ?? 0}× (${fmt((placed?.meanBytes ?? 0) / 1024)} KiB, ${fmt(placed?.meanMs ?? Number.NaN)} ms each, ${fmt(placed?.meanCpuMs ?? Number.NaN)} on CPU); the event loop runs nothing else meanwhile, so bets queue behind them.`,
    );
  }
  if (!results.pass.settle) {
    const verdict =
      settle.ms > targets.settleMs
        ? `missed by ${fmt(settle.ms - targets.settleMs, 0)} ms`
        : `in time, but with fewer than the ${targets.settleBets} bets of the target`;
    notes.push(
      `Settlement of ${settle.bets} bets took ${fmt(settle.ms, 0)} ms (target ${targets.settleMs} ms, ${verdict}): ` +
        `round.result hand-off to every player ${fmt(settle.resultPublishMs)} ms (${fmt(settle.resultPublishCpuMs)} ms on CPU; a ${fmt(settle.resultBytes / 1024)} KiB frame, because its clientString lists every player's seed), ` +
        `then the settlement itself (${settle.bets} bets' ledger transfers, payouts, the audit record, in bounded steps) ${fmt(settle.settleWorkMs)} ms (${fmt(settle.settleWorkCpuMs)} ms on CPU). ` +
        `On an idle core the same work is ${fmt(settle.cpuMs, 0)} ms of CPU; the longest event-loop stall while settling was ${fmt(settle.maxLoopStallMs ?? Number.NaN)} ms.`,
    );
  }
  if (!results.pass.memory) {
    notes.push(
      `Memory: ${fmt(memory.kibPerPlayer, 2)} KiB RSS per connected player (target ${targets.kibPerPlayer}, over by ${fmt(memory.kibPerPlayer - targets.kibPerPlayer, 2)} KiB); ` +
        `live JS heap only ${fmt(memory.liveHeapKibPerPlayer, 2)} KiB per player (${fmt(memory.heapUsedBeforeConnectMiB)} → ${fmt(memory.heapUsedConnectedMiB)} MiB used, ${fmt(memory.heapTotalBeforeConnectMiB)} → ${fmt(memory.heapTotalConnectedMiB)} MiB committed); ` +
        `RSS ${fmt(memory.rssBeforeConnectMiB)} → ${fmt(memory.rssConnectedMiB)} MiB, and ${fmt(memory.rssAfterEveryoneLeftMiB)} MiB after every player left` +
        (memory.rssAfterEveryoneLeftMiB - memory.rssBeforeConnectMiB >= 0.5 * (memory.rssConnectedMiB - memory.rssBeforeConnectMiB)
          ? ' (so most of the growth is memory the process kept from the connect-time and round traffic, not per-player state); '
          : '; ') +
        `a bare ws server holds ${fmt(memory.baselineKibPerClient, 2)} KiB per client.`,
    );
  }
  for (const profile of results.profiles) {
    const top = profile.topSelf.slice(0, 5).map((entry) => `${entry.function} ${fmt(entry.percent)}%`).join('; ');
    const categories = profile.byCategory.slice(0, 6).map((entry) => `${entry.category} ${fmt(entry.percent)}%`).join(', ');
    notes.push(`Profile (${profile.phase}, ${fmt(profile.totalMs, 0)} ms busy): ${categories}. Top self time: ${top}.`);
  }
  const busy = results.machine.load.filter((entry) => entry.otherCores >= 0.2);
  if (busy.length > 0) {
    notes.push(
      `The machine was shared while measuring: other processes used ${busy.map((entry) => `${fmt(entry.otherCores, 2)} cores during ${entry.phase}`).join(', ')} ` +
        `(load average ${fmt(Math.max(...busy.map((entry) => entry.loadAverage1m)), 1)}), so latencies include time the bench was not scheduled; the server CPU figures do not.`,
    );
  }
  if (notes.length === 0) notes.push('Every target met.');
  return notes;
}

export function printTable(results: Results, outDir: string): void {
  const { broadcast, baseline, storm, settle, memory } = results;
  const rows: [string, string, string, string, string][] = [
    ['Metric', 'Pitboss', 'Baseline (bare ws)', 'Target', 'Result'],
    ['Broadcast p50, last client (ms)', fmt(broadcast.p50Ms), fmt(baseline.p50Ms), '', `${fmt(broadcast.ratioP50, 2)}×`],
    ['Broadcast p99, last client (ms)', fmt(broadcast.p99Ms), fmt(baseline.p99Ms), `≤ ${targets.broadcastRatioP99}× baseline`, `${fmt(broadcast.ratioP99, 2)}× ${results.pass.broadcast ? 'PASS' : 'MISS'}`],
    ['Broadcast max, last client (ms)', fmt(broadcast.maxMs), fmt(baseline.maxMs), '', ''],
    ['Broadcast p99, Date.now()−at (ms)', fmt(broadcast.dateNowBased.p99Ms), fmt(baseline.dateNowBased.p99Ms), '', ''],
    ['Per-client p50 / p99 (ms)', `${fmt(broadcast.perClient.p50Ms)} / ${fmt(broadcast.perClient.p99Ms)}`, `${fmt(baseline.perClient.p50Ms)} / ${fmt(baseline.perClient.p99Ms)}`, '', ''],
    ['Server hand-off to all sockets p50 (ms)', fmt(broadcast.serverPublishMs.p50Ms), fmt(baseline.serverPublishMs.p50Ms), '', ''],
    [
      '  of it on CPU, p50 / p99 (ms)',
      `${fmt(broadcast.serverPublishCpuMs.p50Ms)} / ${fmt(broadcast.serverPublishCpuMs.p99Ms)}`,
      `${fmt(baseline.serverPublishCpuMs.p50Ms)} / ${fmt(baseline.serverPublishCpuMs.p99Ms)}`,
      '',
      `${fmt(broadcast.serverPublishCpuMs.p50Ms / baseline.serverPublishCpuMs.p50Ms, 2)}×`,
    ],
    ['Storm bets acked / planned', `${storm.acked} / ${storm.planned}`, '', `all, ≥ ${targets.stormBets}`, storm.acked === storm.planned && storm.planned >= targets.stormBets ? 'PASS' : 'MISS'],
    ['Storm bets committed (sync FULL)', `${storm.committed} (${storm.synchronous})`, '', '= acked', storm.allAckedCommitted ? 'PASS' : 'MISS'],
    ['Storm bets acknowledged per second', String(storm.betsPerSec), '', '', ''],
    ['Storm ack p50 / p99 (ms)', `${fmt(storm.ackP50Ms)} / ${fmt(storm.ackP99Ms)}`, '', `p99 ≤ ${targets.stormAckP99Ms}`, storm.ackP99Ms <= targets.stormAckP99Ms ? 'PASS' : 'MISS'],
    ['  server side: arrival → ack p50 / p99 (ms)', `${fmt(storm.serverAckMs.p50Ms)} / ${fmt(storm.serverAckMs.p99Ms)}`, '', '', ''],
    ['Settlement (ms, bets)', `${fmt(settle.ms, 0)} (${settle.bets})`, '', `≤ ${targets.settleMs}, ≥ ${targets.settleBets} bets`, results.pass.settle ? 'PASS' : 'MISS'],
    ['  of it on CPU (ms, main thread)', fmt(settle.cpuMs, 0), '', '', ''],
    ['RSS per connected player (KiB)', fmt(memory.kibPerPlayer, 2), fmt(memory.baselineKibPerClient, 2), `≤ ${targets.kibPerPlayer}`, results.pass.memory ? 'PASS' : 'MISS'],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]): string => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  const out: string[] = [];
  out.push('');
  out.push(
    `Pitboss bench — ${results.parameters.players} players, ${results.parameters.rounds} rounds, ${results.parameters.betsPerPlayer} bets/player, ${results.parameters.clientProcesses} client processes, ${results.runSeconds.toFixed(0)} s`,
  );
  out.push(line(rows[0]!));
  out.push(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows.slice(1)) out.push(line(row));
  out.push('');
  for (const note of results.notes) out.push(`• ${note}`);
  out.push('');
  out.push(`wrote ${join(outDir, 'results.json')} and ${join(outDir, 'results.svg')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
