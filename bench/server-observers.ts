// What the bench's server process learns about the running server, from its
// observer interfaces only (startPitboss `observers`; nothing is patched):
//
// - the gateway's `publishing` / `published`: time to serialize and hand one
//   event to every socket, per event kind, with the main thread's CPU time
//   and the GC pauses inside it; the precise emit time of round.result and
//   round.settled;
// - the table's `committed`: group-commit batch sizes and durations;
// - the table's `betRequestAnswered`: server-side time from a bet request's
//   arrival at the table to its commit (its ack is sent right after).
import { PerformanceObserver, performance } from 'node:perf_hooks';
import type { PitbossOptions } from '../src/main/server/pitboss-options.ts';
import type { EventEnvelope } from '../src/main/tables/table.ts';
import { Histogram, monotonicMs, threadCpuMs, type HistogramData } from './histogram.ts';

export type PublishStats = Record<string, { count: number; totalMs: number; cpuMs: number; maxMs: number; bytes: number; maxBytes: number }>;

export type RoundEmit = {
  round: number;
  kind: string;
  at: number;
  emitPrecise: number;
  publishMs: number;
  /** Main-thread CPU time during the hand-off: publishMs − cpuMs is time the thread was not running. */
  cpuMs: number;
  /** The main thread's cumulative CPU time (ms) when the hand-off started and ended. */
  cpuAtStart: number;
  cpuAtEnd: number;
  /** Garbage-collection pauses that overlapped the hand-off. */
  gcMs: number;
  bytes: number;
};

export type CommitStats = {
  commits: number;
  operations: number;
  maxBatch: number;
  duration: HistogramData;
  batch: HistogramData;
  /** Server-side: a bet request entering the table queue until its group commit is done (the ack is sent right after). */
  serverAck: HistogramData;
};

/** Bounded: the oldest entries go first. */
const maxRoundEmits = 1_000;
const maxGcPauses = 20_000;

export class ServerObservers {
  readonly publish: PublishStats = {};
  readonly rounds: RoundEmit[] = [];
  readonly #gcPauses: { start: number; end: number }[] = [];
  readonly #pendingGc: { emit: RoundEmit; start: number; end: number }[] = [];
  readonly #gcObserver: PerformanceObserver;
  #publishStart = { precise: 0, cpu: 0, perf: 0 };
  readonly #commitDuration = new Histogram();
  readonly #commitBatch = new Histogram();
  readonly #serverAck = new Histogram();
  readonly #commitTotals = { commits: 0, operations: 0, maxBatch: 0 };

  constructor() {
    // GC pauses (bounded ring), to tell a slow hand-off that collected garbage from one that was descheduled.
    this.#gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        this.#gcPauses.push({ start: entry.startTime, end: entry.startTime + entry.duration });
        if (this.#gcPauses.length > maxGcPauses) this.#gcPauses.shift();
      }
    });
    this.#gcObserver.observe({ entryTypes: ['gc'] });
  }

  /** For startPitboss: the bench watches beside the server's own metrics. */
  options(): NonNullable<PitbossOptions['observers']> {
    return {
      gateway: {
        publishing: () => {
          this.#publishStart = { precise: monotonicMs(), cpu: threadCpuMs(), perf: performance.now() };
        },
        published: (envelope, _sentCount, durationMs) => this.#published(envelope, durationMs),
      },
      table: {
        committed: (durationMs, operationCount) => this.#committed(durationMs, operationCount),
        betRequestAnswered: (_accepted, _betCount, waitedMs) => this.#serverAck.add(waitedMs),
        roundEnded: () => {},
      },
    };
  }

  commits(): CommitStats {
    return { ...this.#commitTotals, duration: this.#commitDuration.data(), batch: this.#commitBatch.data(), serverAck: this.#serverAck.data() };
  }

  /** GC entries arrive asynchronously: each round emit learns its GC time when the stats are read. */
  resolveGc(): void {
    for (const pending of this.#pendingGc.splice(0)) {
      pending.emit.gcMs = this.#gcPauses.reduce(
        (sum, pause) => sum + Math.max(0, Math.min(pending.end, pause.end) - Math.max(pending.start, pause.start)),
        0,
      );
    }
  }

  #published(envelope: EventEnvelope, durationMs: number): void {
    const start = this.#publishStart;
    const cpuAtEnd = threadCpuMs();
    const perfEnd = performance.now();
    // Sizes are measured after this turn, outside the timed path.
    setImmediate(() => {
      const bytes = Buffer.byteLength(JSON.stringify(envelope));
      const kind = envelope.event.kind;
      const entry = this.publish[kind] ?? { count: 0, totalMs: 0, cpuMs: 0, maxMs: 0, bytes: 0, maxBytes: 0 };
      entry.count += 1;
      entry.totalMs += durationMs;
      entry.cpuMs += cpuAtEnd - start.cpu;
      entry.maxMs = Math.max(entry.maxMs, durationMs);
      entry.bytes += bytes;
      entry.maxBytes = Math.max(entry.maxBytes, bytes);
      this.publish[kind] = entry;
      if ((kind !== 'round.result' && kind !== 'round.settled') || !('round' in envelope.event)) return;
      const emit: RoundEmit = {
        round: envelope.event.round,
        kind,
        at: envelope.at,
        emitPrecise: start.precise,
        publishMs: durationMs,
        cpuMs: cpuAtEnd - start.cpu,
        cpuAtStart: start.cpu,
        cpuAtEnd,
        gcMs: 0,
        bytes,
      };
      this.rounds.push(emit);
      if (this.rounds.length > maxRoundEmits) this.rounds.shift();
      this.#pendingGc.push({ emit, start: start.perf, end: perfEnd });
      if (this.#pendingGc.length > maxRoundEmits) this.#pendingGc.shift();
    });
  }

  #committed(durationMs: number, operationCount: number): void {
    this.#commitDuration.add(durationMs);
    this.#commitBatch.add(operationCount);
    this.#commitTotals.commits += 1;
    this.#commitTotals.operations += operationCount;
    this.#commitTotals.maxBatch = Math.max(this.#commitTotals.maxBatch, operationCount);
  }
}
