// Live health. Owns the server's Prometheus metrics (GET /metrics on the
// operator side), kept by prom-client in a registry of this server's own so
// two servers in one process never share a counter, and the one-second
// sampler that keeps the last few minutes for the console's health charts
// (that history is ours: the console has no Prometheus behind it).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { HealthSample } from '../../shared/api.ts';
import { percentile } from '../../shared/percentile.ts';

/** Upper bounds in seconds: sub-millisecond to a few seconds. */
const latencyBucketsSeconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

const healthHistoryLength = 300;

export type GaugeSource = () => {
  playersConnected: number;
  operatorsConnected: number;
  laggingClients: number;
  bufferedBytes: number;
  slowDisconnects: number;
  latenciesMs: number[];
  roundPhases: { tableId: string; phase: string }[];
};

let processMetrics: Registry | null = null;

/**
 * prom-client's default process metrics (CPU, memory, event-loop lag, GC,
 * handles), collected once per process: they describe the process, not one
 * server, and collecting them starts monitors that are never stopped. Every
 * server's /metrics shows them next to its own.
 */
function processRegistry(): Registry {
  if (processMetrics === null) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

export class Metrics {
  /** This server's own metrics (not the process's). */
  readonly registry = new Registry();
  /** What /metrics serves: this server's metrics and the process's. */
  readonly #exposed: Registry;
  readonly #messages: Counter<'direction'>;
  readonly #bets: Counter<'result'>;
  readonly #rounds: Counter<'phase'>;
  readonly #betAckSeconds: Histogram;
  readonly #commitSeconds: Histogram;
  readonly #refreshed: {
    playersConnected: Gauge;
    operatorsConnected: Gauge;
    laggingClients: Gauge;
    bufferedBytes: Gauge;
    slowDisconnects: Counter;
    roundPhase: Gauge<'table' | 'phase'>;
    playerLatency: Gauge<'quantile'>;
    eventLoopLag: Gauge<'quantile'>;
    heapUsed: Gauge;
  };
  readonly #loopDelay: ReturnType<typeof monitorEventLoopDelay>;
  readonly #gauges: GaugeSource;
  readonly #samples: HealthSample[] = [];
  #sampler: NodeJS.Timeout | null = null;
  // Acknowledged bets and messages so far: the sampler's rates need them now, and prom-client's counters read asynchronously.
  readonly #totals = { messagesIn: 0, messagesOut: 0, bets: 0 };
  #previous = { at: 0, messagesIn: 0, messagesOut: 0, bets: 0 };

  constructor(gauges: GaugeSource) {
    this.#gauges = gauges;
    this.#loopDelay = monitorEventLoopDelay({ resolution: 10 });
    this.#loopDelay.enable();
    const registers = [this.registry];
    const gauge = (name: string, help: string) => new Gauge({ name, help, registers });
    this.#refreshed = {
      playersConnected: gauge('pitboss_players_connected', 'Player WebSocket connections open now.'),
      operatorsConnected: gauge('pitboss_operators_connected', 'Console WebSocket connections open now.'),
      laggingClients: gauge('pitboss_lagging_clients', 'Players receiving coalesced state because they read too slowly.'),
      bufferedBytes: gauge('pitboss_buffered_bytes', 'Bytes queued for players and not yet sent.'),
      slowDisconnects: new Counter({
        name: 'pitboss_slow_disconnects_total',
        help: 'Players cut off for not reading past the hard buffer limit.',
        registers,
      }),
      roundPhase: new Gauge({
        name: 'pitboss_round_phase',
        help: "The phase of each table's current round (1 = current).",
        labelNames: ['table', 'phase'],
        registers,
      }),
      playerLatency: new Gauge({
        name: 'pitboss_player_latency_seconds',
        help: "Players' WebSocket round-trip time (ping/pong).",
        labelNames: ['quantile'],
        registers,
      }),
      eventLoopLag: new Gauge({
        name: 'pitboss_event_loop_lag_seconds',
        help: 'Event-loop delay since the last sample.',
        labelNames: ['quantile'],
        registers,
      }),
      heapUsed: gauge('process_heap_used_bytes', 'V8 heap in use.'),
    };
    this.#messages = new Counter({ name: 'pitboss_messages_total', help: 'WebSocket messages, by direction.', labelNames: ['direction'], registers });
    this.#bets = new Counter({ name: 'pitboss_bets_total', help: 'Bet requests, by result.', labelNames: ['result'], registers });
    this.#rounds = new Counter({ name: 'pitboss_rounds_total', help: 'Finished rounds, by how they ended.', labelNames: ['phase'], registers });
    // Every labelled series is there from the start, at 0, so a scraper sees a rate of 0 rather than no series.
    for (const direction of ['in', 'out']) this.#messages.inc({ direction }, 0);
    for (const result of ['acknowledged', 'rejected']) this.#bets.inc({ result }, 0);
    for (const phase of ['settled', 'voided']) this.#rounds.inc({ phase }, 0);
    this.#betAckSeconds = new Histogram({
      name: 'pitboss_bet_ack_seconds',
      help: 'From a bet request entering the queue to its acknowledgement (after commit).',
      buckets: latencyBucketsSeconds,
      registers,
    });
    this.#commitSeconds = new Histogram({
      name: 'pitboss_db_commit_seconds',
      help: 'Duration of one group-commit transaction (synchronous=FULL).',
      buckets: latencyBucketsSeconds,
      registers,
    });
    this.#exposed = Registry.merge([processRegistry(), this.registry]);
  }

  // TableObserver
  committed(durationMs: number): void {
    this.#commitSeconds.observe(durationMs / 1000);
  }

  betRequestAnswered(accepted: boolean, betCount: number, waitedMs: number): void {
    this.#bets.inc({ result: accepted ? 'acknowledged' : 'rejected' }, betCount);
    if (accepted) this.#totals.bets += betCount;
    this.#betAckSeconds.observe(waitedMs / 1000);
  }

  roundEnded(phase: 'settled' | 'voided'): void {
    this.#rounds.inc({ phase });
  }

  countMessages(direction: 'in' | 'out', count: number): void {
    this.#messages.inc({ direction }, count);
    if (direction === 'in') this.#totals.messagesIn += count;
    else this.#totals.messagesOut += count;
  }

  /** Starts the one-second sampler behind the console's health charts. */
  start(now: () => number): void {
    this.#previous = { at: now(), ...this.#totals };
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
    const totals = this.#totals;
    const seconds = Math.max(0.001, (at - this.#previous.at) / 1000);
    this.#samples.push({
      at,
      connections: gauges.playersConnected,
      messagesInPerSecond: Math.round((totals.messagesIn - this.#previous.messagesIn) / seconds),
      messagesOutPerSecond: Math.round((totals.messagesOut - this.#previous.messagesOut) / seconds),
      betsPerSecond: Math.round((totals.bets - this.#previous.bets) / seconds),
      latencyP50Ms: percentile(gauges.latenciesMs, 0.5),
      latencyP99Ms: percentile(gauges.latenciesMs, 0.99),
      eventLoopLagP99Ms: Math.round(this.#loopDelay.percentile(99) / 1e4) / 100,
      laggingClients: gauges.laggingClients,
    });
    if (this.#samples.length > healthHistoryLength) this.#samples.shift();
    this.#previous = { at, ...totals };
    this.#loopDelay.reset();
  }

  /** The content type of what render() returns (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.#exposed.contentType;
  }

  /** The text /metrics serves: the live figures are read once, then prom-client writes them out. */
  async render(): Promise<string> {
    const gauges = this.#gauges();
    const refreshed = this.#refreshed;
    refreshed.playersConnected.set(gauges.playersConnected);
    refreshed.operatorsConnected.set(gauges.operatorsConnected);
    refreshed.laggingClients.set(gauges.laggingClients);
    refreshed.bufferedBytes.set(gauges.bufferedBytes);
    // The gateway keeps this total; the counter only reports it.
    refreshed.slowDisconnects.reset();
    refreshed.slowDisconnects.inc(gauges.slowDisconnects);
    // Only the tables that exist now, each in its current phase.
    refreshed.roundPhase.reset();
    for (const { tableId, phase } of gauges.roundPhases) refreshed.roundPhase.set({ table: tableId, phase }, 1);
    refreshed.playerLatency.reset();
    for (const [quantile, fraction] of [['0.5', 0.5], ['0.99', 0.99]] as const) {
      const valueMs = percentile(gauges.latenciesMs, fraction);
      if (valueMs !== null) refreshed.playerLatency.set({ quantile }, valueMs / 1000);
    }
    refreshed.eventLoopLag.set({ quantile: '0.5' }, this.#loopDelay.percentile(50) / 1e9);
    refreshed.eventLoopLag.set({ quantile: '0.99' }, this.#loopDelay.percentile(99) / 1e9);
    refreshed.heapUsed.set(process.memoryUsage().heapUsed);
    return this.#exposed.metrics();
  }
}
