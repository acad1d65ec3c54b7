// Scenario 5, the baseline: a bare `ws` server (baseline-server.ts) serves
// the same number of fresh clients and broadcasts the same round.result bytes
// for the same number of rounds, measured by the same client code.
import { Child, type BaselineChild } from './child.ts';
import type { ClientEvent } from './client-messages.ts';
import { Fleet, measureRound, type RoundMeasure } from './fleet.ts';
import { log, sleep } from './log.ts';
import { watchLoad } from './machine.ts';
import type { BenchOptions } from './options.ts';
import { seenWaitMs } from './scenario-broadcast.ts';
import type { Running } from './scenario-players.ts';
import type { BaselineEvent } from './baseline-server.ts';

type BaselineMemory = Extract<BaselineEvent, { type: 'memory' }>;

export type BaselineOutcome = {
  memoryBefore: BaselineMemory;
  memoryAfter: BaselineMemory;
  measured: RoundMeasure[];
  perClient: Extract<ClientEvent, { type: 'final' }>[];
};

export async function bareWsBaseline(options: BenchOptions, payloadSample: string, lifetimeMs: number, running: Running): Promise<BaselineOutcome> {
  const N = options.players;
  const baseline: BaselineChild = new Child('baseline', 'baseline-server.ts', ['--expose-gc']);
  running.baseline = baseline;
  baseline.send({ type: 'init', maxLifetimeMs: lifetimeMs });
  const ready = await baseline.next('ready', 30_000);
  if (!ready.url.startsWith('ws://127.0.0.1:')) throw new Error(`baseline at ${ready.url}`);
  const memoryBefore = await baseline.request({ type: 'memory', gc: true }, 'memory');
  const fleet = new Fleet('baseline', Math.min(options.clientProcesses, N), lifetimeMs);
  running.baselineFleet = fleet;
  await fleet.ready();
  const connected = await fleet.connect(ready.url, N, null, options.connectConcurrency);
  if (connected.open < N) throw new Error(`baseline: only ${connected.open} of ${N} connected: ${JSON.stringify(connected.failures)}`);
  await sleep(1_000);
  const memoryAfter = await baseline.request({ type: 'memory', gc: true }, 'memory');
  baseline.send({ type: 'payload', template: payloadSample });
  log(`baseline at ${ready.url}: ${connected.open} clients, payload ${Buffer.byteLength(payloadSample)} bytes`);
  const rounds: RoundMeasure[] = [];
  const load = watchLoad('baseline broadcast rounds');
  const measuredRounds = new Set<number>();
  for (let index = 0; index < options.warmupRounds + options.rounds; index += 1) {
    const round = index + 1;
    await sleep(options.roundGapMs);
    const seen = fleet.seen('round.result', round, seenWaitMs);
    const sent = await baseline.request({ type: 'broadcast', round }, 'broadcasted');
    rounds.push(measureRound(round, await seen, sent));
    if (index >= options.warmupRounds) measuredRounds.add(round);
  }
  load();
  const measured = rounds.filter((measure) => measuredRounds.has(measure.round));
  const perClient = await fleet.finish(Object.fromEntries(measured.map((measure) => [String(measure.round), measure.emitPrecise])));
  await baseline.stop({ type: 'stop' }, 5_000);
  await fleet.stop();
  running.baselineFleet = undefined;
  log('baseline stopped');
  return { memoryBefore, memoryAfter, measured, perClient };
}
