// The broadcast and storm figures of results.json, from what the clients
// reported and what the server's observers saw.
import { Histogram, mergeHistograms, round2, summarize, summarizeHistogram } from './histogram.ts';
import type { PublishSummary } from './report.ts';
import type { BaselineOutcome } from './scenario-baseline.ts';
import type { PitbossFinal } from './scenario-players.ts';
import type { StormOutcome } from './scenario-storm.ts';
import type { PhaseStats, PublishStats } from './server-process.ts';

export function publishOf(publish: PublishStats, kind: string): PublishSummary {
  const entry = publish[kind];
  return entry
    ? {
        count: entry.count,
        meanMs: round2(entry.totalMs / entry.count),
        meanCpuMs: round2(entry.cpuMs / entry.count),
        maxMs: round2(entry.maxMs),
        meanBytes: Math.round(entry.bytes / entry.count),
        maxBytes: entry.maxBytes,
      }
    : { count: 0, meanMs: Number.NaN, meanCpuMs: Number.NaN, maxMs: Number.NaN, meanBytes: 0, maxBytes: 0 };
}

export function broadcastFigures(final: PitbossFinal, baseline: BaselineOutcome, phaseMs: number) {
  const measured = final.measured;
  const broadcast = summarize(measured.map((measure) => measure.lastMs));
  const baselineSummary = summarize(baseline.measured.map((measure) => measure.lastMs));
  const pitbossCpu = summarize(measured.map((measure) => measure.cpuMs));
  const baselineCpu = summarize(baseline.measured.map((measure) => measure.cpuMs));
  const ratioP99 = broadcast.p99Ms / baselineSummary.p99Ms;
  const settledOf = (round: number) => final.emits.get(`round.settled:${round}`);
  return {
    broadcast: {
      ...broadcast,
      definition: 'per round: last of N clients to receive round.result, minus the server emit time, both read from CLOCK_MONOTONIC (process.hrtime, one clock for every process on this machine); p50/p99/max over rounds',
      dateNowBased: summarize(measured.map((measure) => measure.lastDateNowMs)),
      perClient: summarizeHistogram(mergeHistograms(final.perClient.map((entry) => entry.resultLatency))),
      perClientDateNowBased: summarizeHistogram(mergeHistograms(final.perClient.map((entry) => entry.resultLatencyAtBased))),
      firstClient: summarize(measured.map((measure) => measure.firstMs)),
      serverPublishMs: summarize(measured.map((measure) => measure.publishMs)),
      serverPublishCpuMs: pitbossCpu,
      serverPublishGcMs: summarize(measured.map((measure) => measure.gcMs)),
      settledPublishMs: summarize(measured.map((measure) => settledOf(measure.round)?.publishMs ?? Number.NaN)),
      settledEmittedAfterResultMs: summarize(measured.map((measure) => (settledOf(measure.round)?.emitPrecise ?? Number.NaN) - measure.emitPrecise)),
      incompleteRounds: measured.filter((measure) => !measure.complete).length,
      payloadBytes: Buffer.byteLength(final.payloadSample ?? ''),
      ratioP99: round2(ratioP99),
      ratioP50: round2(broadcast.p50Ms / baselineSummary.p50Ms),
      /** Server main-thread CPU per round.result hand-off, Pitboss over bare ws (p50): insensitive to the scheduling noise of a shared machine. */
      cpuRatioP50: round2(pitbossCpu.p50Ms / baselineCpu.p50Ms),
      phaseSeconds: round2(phaseMs / 1000),
    },
    baselineBroadcast: {
      ...baselineSummary,
      dateNowBased: summarize(baseline.measured.map((measure) => measure.lastDateNowMs)),
      perClient: summarizeHistogram(mergeHistograms(baseline.perClient.map((entry) => entry.resultLatency))),
      perClientDateNowBased: summarizeHistogram(mergeHistograms(baseline.perClient.map((entry) => entry.resultLatencyAtBased))),
      firstClient: summarize(baseline.measured.map((measure) => measure.firstMs)),
      serverPublishMs: summarize(baseline.measured.map((measure) => measure.publishMs)),
      serverPublishCpuMs: baselineCpu,
      incompleteRounds: baseline.measured.filter((measure) => !measure.complete).length,
    },
    ratioP99,
  };
}

export function stormFigures(storm: StormOutcome, phases: PhaseStats[], expectedBets: number) {
  const { reports, committed } = storm;
  const total = (pick: (report: (typeof reports)[number]) => number): number => reports.reduce((sum, report) => sum + pick(report), 0);
  const sent = total((report) => report.sent);
  const planned = total((report) => report.planned);
  const acked = total((report) => report.acked);
  const lost = total((report) => report.lost);
  const errors: Record<string, number> = {};
  for (const report of reports) for (const [code, n] of Object.entries(report.errors)) errors[code] = (errors[code] ?? 0) + n;
  const firstSend = Math.min(...reports.map((report) => report.firstSend));
  const lastSend = Math.max(...reports.map((report) => report.lastSend));
  const lastAck = Math.max(...reports.map((report) => report.lastAck));
  const ackTimeline: number[] = [];
  for (const report of reports) {
    Array.from(report.ackTimeline, (n) => n ?? 0).forEach((n, bucket) => (ackTimeline[bucket] = (ackTimeline[bucket] ?? 0) + n));
  }
  const ack = summarizeHistogram(mergeHistograms(reports.map((report) => report.ack)));
  const commits = storm.stats.commits;
  const commitDuration = Histogram.from(commits.duration);
  const commitBatch = Histogram.from(commits.batch);
  const phase = phases.find((entry) => entry.name === 'storm');
  const allAcked = acked === planned && planned === expectedBets && lost === 0 && Object.keys(errors).length === 0;
  const committedMatches = committed.committed === acked && committed.withStakeTransfer === committed.committed;
  return {
    allAcked,
    figures: {
      betsPerSec: Math.round(acked / ((lastAck - firstSend) / 1000)),
      ackP50Ms: ack.p50Ms,
      ackP99Ms: ack.p99Ms,
      ackMaxMs: ack.maxMs,
      ackMeanMs: ack.meanMs,
      planned,
      sent,
      acked,
      lost,
      errors,
      committed: committed.committed,
      committedWithStakeTransfer: committed.withStakeTransfer,
      committedStakeMinor: committed.stakeMinor,
      allAckedCommitted: committedMatches,
      synchronous: committed.synchronous === 2 ? 'FULL' : String(committed.synchronous),
      journalMode: committed.journalMode,
      sendSpanMs: round2(lastSend - firstSend),
      firstSendToLastAckMs: round2(lastAck - firstSend),
      clientSendLagP99Ms: round2(mergeHistograms(reports.map((report) => report.sendLag)).percentile(0.99)),
      serverAckMs: summarizeHistogram(Histogram.from(commits.serverAck)),
      groupCommit: {
        commits: commits.commits,
        operations: commits.operations,
        batchP50: round2(commitBatch.percentile(0.5)),
        batchMax: commits.maxBatch,
        commitP50Ms: round2(commitDuration.percentile(0.5)),
        commitP99Ms: round2(commitDuration.percentile(0.99)),
        commitMaxMs: round2(commitDuration.max),
        commitTotalMs: round2(commitDuration.sum),
      },
      serverCpuPercent: phase ? round2(((phase.cpuUserMs + phase.cpuSystemMs) / phase.wallMs) * 100) : null,
      serverLoopDelayMaxMs: phase ? round2(phase.loopDelayMaxMs) : null,
      activityPublish: {
        'bets.placed': publishOf(storm.stats.publish, 'bets.placed'),
        'seed.recorded': publishOf(storm.stats.publish, 'seed.recorded'),
      },
      ackTimeline50ms: Array.from(ackTimeline, (n) => n ?? 0),
    },
  };
}
