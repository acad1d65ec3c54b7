// The IPC messages between `npm run bench` (run.ts) and its client
// processes (client-process.ts): commands down, aggregate reports up (never
// one message per received frame).
import type { HistogramData } from './histogram.ts';

export type ClientCommand =
  | {
      type: 'connect';
      processIndex: number;
      processCount: number;
      /** ws://127.0.0.1:port/path */
      url: string;
      /** Pitboss: one session token per connection. Baseline: null, and `count` connections. */
      tokens: string[] | null;
      count: number;
      concurrency: number;
      maxLifetimeMs: number;
    }
  | { type: 'storm'; round: number; startAt: number; windowMs: number; betsPerPlayer: number; amountMinor: number; spots: string[]; timeoutMs: number }
  | { type: 'stats' }
  /** Ends the run: per-round precise emit times let the worker turn its raw receive times into latencies. */
  | { type: 'finish'; emitPrecise: Record<string, number> }
  | { type: 'close-all'; graceMs: number };

export type SeenReport = {
  type: 'seen';
  processIndex: number;
  kind: string;
  round: number;
  count: number;
  /** Connections open when the report was made. */
  expected: number;
  at: number;
  /** Monotonic ms (see the header) of the first and last arrival in this process. */
  first: number;
  last: number;
  /** Largest Date.now() − at over the arrivals (whole ms, as the issue defines it). */
  maxDateNowLatency: number;
  /** Raw text of one arrival (round.result only, first time): the baseline replays these bytes. */
  sample?: string;
  partial: boolean;
};

export type StormReport = {
  type: 'storm-done';
  processIndex: number;
  round: number;
  planned: number;
  sent: number;
  acked: number;
  /** Sent on a connection that closed before the answer came. */
  lost: number;
  errors: Record<string, number>;
  /** Monotonic ms. */
  firstSend: number;
  lastSend: number;
  lastAck: number;
  ack: HistogramData;
  /** Actual send time minus scheduled send time: shows whether this worker kept to the schedule. */
  sendLag: HistogramData;
  /** Acks per 50 ms bucket from startAt. */
  ackTimeline: number[];
  timedOut: boolean;
};

export type ClientEvent =
  | { type: 'ready'; pid: number }
  | { type: 'connected'; processIndex: number; open: number; failed: number; failures: Record<string, number>; ms: number }
  | SeenReport
  | StormReport
  | { type: 'stats'; processIndex: number; stats: ClientStats }
  | { type: 'final'; processIndex: number; resultLatency: HistogramData; resultLatencyAtBased: HistogramData; stats: ClientStats }
  | { type: 'closed'; processIndex: number }
  | { type: 'fatal'; message: string };

export type ClientStats = {
  open: number;
  closes: Record<string, number>;
  frames: Record<string, { count: number; bytes: number }>;
  errors: Record<string, number>;
};
