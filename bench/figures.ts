// results.json: every scenario's raw outcome turned into the run's figures,
// with the verdict against each target and the closing notes.
import { cpus, platform, release, totalmem } from 'node:os';
import { round2 } from './histogram.ts';
import { broadcastFigures, publishOf, stormFigures } from './figures-traffic.ts';
import { measureRound } from './fleet.ts';
import type { MachineLoad } from './machine.ts';
import type { BenchOptions } from './options.ts';
import type { ProfileSummary } from './profile.ts';
import { closingNotes, targets } from './report.ts';
import type { BaselineOutcome } from './scenario-baseline.ts';
import type { BroadcastOutcome } from './scenario-broadcast.ts';
import type { PitbossFinal, PlayersOutcome } from './scenario-players.ts';
import type { SettleOutcome } from './scenario-settle.ts';
import type { StormOutcome } from './scenario-storm.ts';

export type RunOutcome = {
  options: BenchOptions;
  source: { commit: string; uncommittedSrc: string[] } | null;
  machineLoad: MachineLoad[];
  players: PlayersOutcome;
  broadcast: BroadcastOutcome;
  storm: StormOutcome;
  settle: SettleOutcome;
  final: PitbossFinal;
  baseline: BaselineOutcome;
  profiles: ProfileSummary[];
  profileDir: string | null;
};

/** The raised per-address limits of server-process.ts, recorded with the figures. */
const raisedLimits = {
  joinRateLimit: { ratePerSecond: 1_000_000, burst: 1_000_000 },
  joinLimits: { joinsPerAddressPerDay: 1_000_000, joinsPerInvitePerDay: 1_000_000, joinCreditsPerAddressPerDay: 1_000_000, joinCreditsPerInvitePerDay: 1_000_000 },
  gatewayLimits: { upgradesPerSecond: 1_000_000, upgradeBurst: 1_000_000 },
  edgeLimits: { maxConnectionsPerAddress: 1_000_000, maxPendingHandshakesPerAddress: 1_000_000 },
  note: 'per-address limits only (every client is 127.0.0.1); per-connection message limits and buffer limits are the product defaults',
};

export function buildResults(outcome: RunOutcome, runSeconds: number) {
  const { options, players, final, baseline, storm } = outcome;
  const N = options.players;
  const phases = final.finalStats.phases;
  const traffic = broadcastFigures(final, baseline, outcome.broadcast.ms);
  const stormed = stormFigures(storm, phases, N * options.betsPerPlayer);
  const settle = settleFigures(outcome);
  const kibPerPlayer = players.kibPerPlayer;
  const baselineKib = (baseline.memoryAfter.memory.rss - baseline.memoryBefore.memory.rss) / N / 1024;
  const { committed } = storm;
  const verdict = {
    broadcast: traffic.ratioP99 <= targets.broadcastRatioP99,
    storm:
      stormed.allAcked &&
      stormed.figures.allAckedCommitted &&
      committed.synchronous === 2 &&
      stormed.figures.ackP99Ms <= targets.stormAckP99Ms &&
      N * options.betsPerPlayer >= targets.stormBets,
    settle: settle.ms <= targets.settleMs && committed.committed >= targets.settleBets,
    memory: kibPerPlayer <= targets.kibPerPlayer,
  };
  const results = {
    timestamp: new Date().toISOString(),
    source: outcome.source,
    runSeconds: round2(runSeconds),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '?',
      memoryGiB: round2(totalmem() / 2 ** 30),
      platform: `${platform()} ${release()}`,
      node: process.version,
      dataDir: 'os.tmpdir() (same filesystem as the checkout here)',
      /** CPU used by processes outside this bench while each phase ran: the clients share the machine with them. */
      load: outcome.machineLoad,
    },
    parameters: {
      players: N,
      rounds: options.rounds,
      warmupRounds: options.warmupRounds,
      betsPerPlayer: options.betsPerPlayer,
      clientProcesses: Math.min(options.clientProcesses, N),
      stormWindowMs: options.stormWindowMs,
      roundGapMs: options.roundGapMs,
      joinConcurrency: options.joinConcurrency,
      connectConcurrency: options.connectConcurrency,
      raisedLimits,
    },
    targets,
    pass: verdict,
    broadcast: traffic.broadcast,
    baseline: { ...traffic.baselineBroadcast, kibPerClient: round2(baselineKib) },
    storm: stormed.figures,
    settle,
    memory: memoryFigures(players, final, N, baselineKib),
    setup: {
      joinSeconds: round2(players.joinMs / 1000),
      connectSeconds: round2(players.connectMs / 1000),
      gatewayAfterConnect: players.gatewayAfterConnect,
      gatewayAtEnd: final.finalStats.gateway,
      clientCloses: mergeRecords(final.clientStats.map((entry) => entry.stats.closes)),
      clientErrors: mergeRecords(final.clientStats.map((entry) => entry.stats.errors)),
      framesToClients: mergeFrames(final.clientStats.map((entry) => entry.stats.frames)),
    },
    server: {
      phases: phases.map((phase) => ({
        ...phase,
        wallMs: round2(phase.wallMs),
        cpuUserMs: round2(phase.cpuUserMs),
        cpuSystemMs: round2(phase.cpuSystemMs),
        loopDelayP99Ms: round2(phase.loopDelayP99Ms),
        loopDelayMaxMs: round2(phase.loopDelayMaxMs),
      })),
      publish: Object.fromEntries(Object.keys(final.finalStats.publish).map((kind) => [kind, publishOf(final.finalStats.publish, kind)])),
    },
    rounds: {
      pitboss: final.measured.map((measure) => ({
        round: measure.round,
        lastMs: round2(measure.lastMs),
        publishMs: round2(measure.publishMs),
        cpuMs: round2(measure.cpuMs),
        gcMs: round2(measure.gcMs),
      })),
      baseline: baseline.measured.map((measure) => ({
        round: measure.round,
        lastMs: round2(measure.lastMs),
        publishMs: round2(measure.publishMs),
        cpuMs: round2(measure.cpuMs),
      })),
    },
    serverMetrics: final.serverMetrics,
    profiles: outcome.profiles,
    profileDir: outcome.profileDir,
    notes: [] as string[],
  };
  results.notes = closingNotes(results);
  return results;
}

function settleFigures(outcome: RunOutcome) {
  const { storm, settle, final } = outcome;
  const resultEmit = final.emits.get(`round.result:${storm.round}`);
  const settledEmit = final.emits.get(`round.settled:${storm.round}`);
  const ms =
    resultEmit && settledEmit
      ? settledEmit.at - resultEmit.at
      : (settle.settledSeen.reports[0]?.at ?? Number.NaN) - (settle.resultSeen.reports[0]?.at ?? Number.NaN);
  const precise = resultEmit && settledEmit ? settledEmit.emitPrecise - resultEmit.emitPrecise : Number.NaN;
  const settlePhase = final.finalStats.phases.find((phase) => phase.name === 'settle');
  return {
    ms,
    preciseMs: round2(precise),
    bets: storm.committed.committed,
    definition: 'round.settled.at − round.result.at of the storm round (server clock); includes the round.result broadcast to every player, the settlement (ledger transfers + payouts + audit record, in bounded steps)',
    resultPublishMs: round2(resultEmit?.publishMs ?? Number.NaN),
    resultBytes: resultEmit?.bytes ?? 0,
    resultPublishCpuMs: round2(resultEmit?.cpuMs ?? Number.NaN),
    settleWorkMs: round2(precise - (resultEmit?.publishMs ?? 0)),
    /** Main-thread CPU from the end of the round.result hand-off to the emit of round.settled: the settlement itself. */
    settleWorkCpuMs: round2(resultEmit && settledEmit ? settledEmit.cpuAtStart - resultEmit.cpuAtEnd : Number.NaN),
    /** What settle.ms would be on an otherwise idle core: main-thread CPU from round.result's emit to round.settled's. */
    cpuMs: round2(resultEmit && settledEmit ? settledEmit.cpuAtStart - resultEmit.cpuAtStart : Number.NaN),
    settledPublishMs: round2(settledEmit?.publishMs ?? Number.NaN),
    /** The longest the server's event loop was held during the settle phase (the settlement runs in steps). */
    maxLoopStallMs: settlePhase ? round2(settlePhase.loopDelayMaxMs) : null,
    resultLastClientMs: round2(measureRound(storm.round, settle.resultSeen, resultEmit).lastMs),
  };
}

function memoryFigures(players: PlayersOutcome, final: PitbossFinal, N: number, baselineKib: number) {
  const { memoryBeforeJoin, memoryBeforeConnect, memoryConnected } = players;
  const after = final.memoryAfterDisconnect.memory;
  const mib = (bytes: number): number => round2(bytes / 2 ** 20);
  return {
    kibPerPlayer: round2(players.kibPerPlayer),
    rssBeforeJoinMiB: mib(memoryBeforeJoin.memory.rss),
    rssBeforeConnectMiB: mib(memoryBeforeConnect.memory.rss),
    rssConnectedMiB: mib(memoryConnected.memory.rss),
    heapUsedBeforeConnectMiB: mib(memoryBeforeConnect.memory.heapUsed),
    heapUsedConnectedMiB: mib(memoryConnected.memory.heapUsed),
    heapTotalBeforeConnectMiB: mib(memoryBeforeConnect.memory.heapTotal),
    heapTotalConnectedMiB: mib(memoryConnected.memory.heapTotal),
    externalBeforeConnectMiB: mib(memoryBeforeConnect.memory.external),
    externalConnectedMiB: mib(memoryConnected.memory.external),
    liveHeapKibPerPlayer: round2((memoryConnected.memory.heapUsed - memoryBeforeConnect.memory.heapUsed) / N / 1024),
    rssAfterEveryoneLeftMiB: mib(after.rss),
    heapUsedAfterEveryoneLeftMiB: mib(after.heapUsed),
    kibPerPlayerIncludingJoin: round2((memoryConnected.memory.rss - memoryBeforeJoin.memory.rss) / N / 1024),
    gcBeforeSampling: memoryConnected.gcAvailable,
    baselineKibPerClient: round2(baselineKib),
  };
}

function mergeRecords(records: Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const record of records) for (const [key, n] of Object.entries(record)) merged[key] = (merged[key] ?? 0) + n;
  return merged;
}

function mergeFrames(records: Record<string, { count: number; bytes: number }>[]): Record<string, { count: number; mib: number }> {
  const merged: Record<string, { count: number; bytes: number }> = {};
  for (const record of records) {
    for (const [key, entry] of Object.entries(record)) {
      const into = merged[key] ?? { count: 0, bytes: 0 };
      into.count += entry.count;
      into.bytes += entry.bytes;
      merged[key] = into;
    }
  }
  return Object.fromEntries(Object.entries(merged).map(([key, entry]) => [key, { count: entry.count, mib: round2(entry.bytes / 2 ** 20) }]));
}
