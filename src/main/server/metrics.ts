// Live health: counters, gauges and histograms in the Prometheus text format
// (GET /metrics on the operator side), plus a one-second sampler that keeps
// the last few minutes for the console's health charts.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { HealthSample } from '../../shared/api.ts';

/** Upper bounds in seconds: sub-millisecond to a few seconds. */
const latencyBucketsSeconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export class Histogram {
  readonly #bounds: readonly number[];
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  constructor(bounds: readonly number[] = latencyBucketsSeconds) {
    this.#bounds = bounds;
    this.#counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    this.#sum += value;
    this.#count += 1;
    const index = this.#bounds.findIndex((bound) => value <= bound);
    if (index >= 0) this.#counts[index] = (this.#counts[index] ?? 0) + 1;
  }

  get count(): number {
    return this.#count;
  }

  render(name: string, help: string): string {
    const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
    let cumulative = 0;
    this.#bounds.forEach((bound, index) => {
      cumulative += this.#counts[index] ?? 0;
      lines.push(`${name}_bucket{le="${bound}"} ${cumulative}`);
    });
    lines.push(`${name}_bucket{le="+Inf"} ${this.#count}`, `${name}_sum ${this.#sum}`, `${name}_count ${this.#count}`);
    return lines.join('\n');
  }
}

/** Percentile of a small sample (nearest rank); null when empty. */
export function percentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? null;
}

export type GaugeSource = () => {
  playersConnected: number;
  operatorsConnected: number;
  laggingClients: number;
  bufferedBytes: number;
  slowDisconnects: number;
  latenciesMs: number[];
  roundPhases: { tableId: string; phase: string }[];
};

const healthHistoryLength = 300;

export class Metrics {
  messagesIn = 0;
  messagesOut = 0;
  betsAcknowledged = 0;
  betsRejected = 0;
  roundsSettled = 0;
  roundsVoided = 0;
  readonly betAckSeconds = new Histogram();
  readonly commitSeconds = new Histogram();
  readonly #loopDelay: ReturnType<typeof monitorEventLoopDelay>;
  readonly #gauges: GaugeSource;
  readonly #samples: HealthSample[] = [];
  #sampler: NodeJS.Timeout | null = null;
  #previous = { at: 0, messagesIn: 0, messagesOut: 0, bets: 0 };

  constructor(gauges: GaugeSource) {
    this.#gauges = gauges;
    this.#loopDelay = monitorEventLoopDelay({ resolution: 10 });
    this.#loopDelay.enable();
  }

  // TableObserver
  committed(durationMs: number): void {
    this.commitSeconds.observe(durationMs / 1000);
  }

  betRequestAnswered(accepted: boolean, betCount: number, waitedMs: number): void {
    if (accepted) this.betsAcknowledged += betCount;
    else this.betsRejected += betCount;
    this.betAckSeconds.observe(waitedMs / 1000);
  }

  roundEnded(phase: 'settled' | 'voided'): void {
    if (phase === 'settled') this.roundsSettled += 1;
    else this.roundsVoided += 1;
  }

  countMessages(direction: 'in' | 'out', count: number): void {
    if (direction === 'in') this.messagesIn += count;
    else this.messagesOut += count;
  }

  /** Starts the one-second sampler behind the console's health charts. */
  start(now: () => number): void {
    this.#previous = { at: now(), messagesIn: this.messagesIn, messagesOut: this.messagesOut, bets: this.betsAcknowledged };
    this.#sampler = setInterval(() => this.#sample(now()), 1_000);
    this.#sampler.unref();
  }

  stop(): void {
    if (this.#sampler) clearInterval(this.#sampler);
    this.#loopDelay.disable();
  }

  samples(): HealthSample[] {
    return [...this.#samples];
  }

  #sample(at: number): void {
    const gauges = this.#gauges();
    const seconds = Math.max(0.001, (at - this.#previous.at) / 1000);
    this.#samples.push({
      at,
      connections: gauges.playersConnected,
      messagesInPerSecond: Math.round((this.messagesIn - this.#previous.messagesIn) / seconds),
      messagesOutPerSecond: Math.round((this.messagesOut - this.#previous.messagesOut) / seconds),
      betsPerSecond: Math.round((this.betsAcknowledged - this.#previous.bets) / seconds),
      latencyP50Ms: percentile(gauges.latenciesMs, 0.5),
      latencyP99Ms: percentile(gauges.latenciesMs, 0.99),
      eventLoopLagP99Ms: Math.round(this.#loopDelay.percentile(99) / 1e4) / 100,
      laggingClients: gauges.laggingClients,
    });
    if (this.#samples.length > healthHistoryLength) this.#samples.shift();
    this.#previous = { at, messagesIn: this.messagesIn, messagesOut: this.messagesOut, bets: this.betsAcknowledged };
    this.#loopDelay.reset();
  }

  /** The Prometheus text exposition format, version 0.0.4. */
  render(): string {
    const gauges = this.#gauges();
    const memory = process.memoryUsage();
    const lines: string[] = [];
    const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number, labels = '') => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}${labels} ${value}`);
    };
    metric('pitboss_players_connected', 'gauge', 'Player WebSocket connections open now.', gauges.playersConnected);
    metric('pitboss_operators_connected', 'gauge', 'Console WebSocket connections open now.', gauges.operatorsConnected);
    metric('pitboss_lagging_clients', 'gauge', 'Players receiving coalesced state because they read too slowly.', gauges.laggingClients);
    metric('pitboss_buffered_bytes', 'gauge', 'Bytes queued for players and not yet sent.', gauges.bufferedBytes);
    metric('pitboss_slow_disconnects_total', 'counter', 'Players cut off for not reading past the hard buffer limit.', gauges.slowDisconnects);
    lines.push('# HELP pitboss_messages_total WebSocket messages, by direction.', '# TYPE pitboss_messages_total counter');
    lines.push(`pitboss_messages_total{direction="in"} ${this.messagesIn}`, `pitboss_messages_total{direction="out"} ${this.messagesOut}`);
    lines.push('# HELP pitboss_bets_total Bet requests, by result.', '# TYPE pitboss_bets_total counter');
    lines.push(`pitboss_bets_total{result="acknowledged"} ${this.betsAcknowledged}`, `pitboss_bets_total{result="rejected"} ${this.betsRejected}`);
    lines.push('# HELP pitboss_rounds_total Finished rounds, by how they ended.', '# TYPE pitboss_rounds_total counter');
    lines.push(`pitboss_rounds_total{phase="settled"} ${this.roundsSettled}`, `pitboss_rounds_total{phase="voided"} ${this.roundsVoided}`);
    lines.push('# HELP pitboss_round_phase The phase of each table\'s current round (1 = current).', '# TYPE pitboss_round_phase gauge');
    for (const { tableId, phase } of gauges.roundPhases) lines.push(`pitboss_round_phase{table="${tableId}",phase="${phase}"} 1`);
    lines.push(this.betAckSeconds.render('pitboss_bet_ack_seconds', 'From a bet request entering the queue to its acknowledgement (after commit).'));
    lines.push(this.commitSeconds.render('pitboss_db_commit_seconds', 'Duration of one group-commit transaction (synchronous=FULL).'));
    const player = (fraction: number) => percentile(gauges.latenciesMs, fraction);
    lines.push('# HELP pitboss_player_latency_seconds Players\' WebSocket round-trip time (ping/pong).', '# TYPE pitboss_player_latency_seconds gauge');
    for (const [quantile, value] of [['0.5', player(0.5)], ['0.99', player(0.99)]] as const) {
      if (value !== null) lines.push(`pitboss_player_latency_seconds{quantile="${quantile}"} ${value / 1000}`);
    }
    lines.push('# HELP pitboss_event_loop_lag_seconds Event-loop delay since the last sample.', '# TYPE pitboss_event_loop_lag_seconds gauge');
    lines.push(`pitboss_event_loop_lag_seconds{quantile="0.5"} ${this.#loopDelay.percentile(50) / 1e9}`);
    lines.push(`pitboss_event_loop_lag_seconds{quantile="0.99"} ${this.#loopDelay.percentile(99) / 1e9}`);
    metric('process_resident_memory_bytes', 'gauge', 'Resident memory of the server process.', memory.rss);
    metric('process_heap_used_bytes', 'gauge', 'V8 heap in use.', memory.heapUsed);
    return `${lines.join('\n')}\n`;
  }
}
