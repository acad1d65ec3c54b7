// A load-generating worker of `npm run bench`: opens M WebSocket connections
// to Pitboss (as players) or to the bare-ws baseline, timestamps the arrival
// of named table events, places bets on command and reports aggregates to
// the parent over IPC (never one message per received frame).
//
// Clocks. The server stamps events with `at` = Date.now(): whole
// milliseconds of the wall clock. Broadcasts to 5,000 clients take tens of
// milliseconds, so that 1 ms quantum (±1 ms on a difference of two stamps)
// is a few percent of the figure and enough to tilt a 1.15× ratio. So every
// process of the bench also reads CLOCK_MONOTONIC through process.hrtime:
// one system-wide clock on one machine, nanosecond resolution, never
// stepped or slewed per process. The server records it when it emits,
// the clients when a frame arrives, and the parent subtracts the two.
// (A wall clock anchored per process was tried first: its anchors differed
// by a millisecond or two between processes, enough to show negative
// latencies.) The plain Date.now() − at figures are kept for comparison.
//
// Only the frames a measurement needs are JSON-parsed (round phase events,
// acks, errors); everything else (snapshots, activity batches) is counted
// by kind and bytes only. The clients share two cores with the server, and
// a client that parsed 300 KB snapshots would measure itself, not the
// server. The baseline runs through exactly the same code.
import WebSocket from 'ws';
import { AUTH_SUBPROTOCOL_PREFIX, PROTOCOL_VERSION } from '../src/shared/protocol.ts';

// ---------------------------------------------------------------- shared helpers (also used by run.ts)

/** CLOCK_MONOTONIC in milliseconds (sub-microsecond resolution): the same clock in every process on this machine. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * CPU time (ms, user + system) of this thread so far: process.threadCpuUsage()
 * (Node ≥ 23.9) counts the main thread only, so time the process was not
 * scheduled, and GC helper threads, do not count. Falls back to the whole process.
 */
export function threadCpuMs(): number {
  const usage = typeof process.threadCpuUsage === 'function' ? process.threadCpuUsage() : process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * A log-bucketed latency histogram (0.5 % relative resolution from 10 µs to
 * minutes): bounded in size whatever the number of samples, mergeable, and
 * exact in count, sum, min and max.
 */
export type HistogramData = { count: number; sum: number; min: number; max: number; buckets: [number, number][] };

const bucketBase = Math.log(1.005);
const bucketFloorMs = 0.01;

export class Histogram {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  readonly #buckets = new Map<number, number>();

  add(valueMs: number): void {
    this.count += 1;
    this.sum += valueMs;
    if (valueMs < this.min) this.min = valueMs;
    if (valueMs > this.max) this.max = valueMs;
    const bucket = valueMs <= bucketFloorMs ? 0 : Math.ceil(Math.log(valueMs / bucketFloorMs) / bucketBase);
    this.#buckets.set(bucket, (this.#buckets.get(bucket) ?? 0) + 1);
  }

  merge(data: HistogramData): void {
    if (data.count === 0) return;
    this.count += data.count;
    this.sum += data.sum;
    this.min = Math.min(this.min, data.min);
    this.max = Math.max(this.max, data.max);
    for (const [bucket, count] of data.buckets) this.#buckets.set(bucket, (this.#buckets.get(bucket) ?? 0) + count);
  }

  /** Nearest-rank percentile (p in 0..1), reported as the bucket's upper edge clamped to [min, max]. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(p * this.count));
    let seen = 0;
    for (const bucket of [...this.#buckets.keys()].sort((a, b) => a - b)) {
      seen += this.#buckets.get(bucket) ?? 0;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, bucket === 0 ? bucketFloorMs : bucketFloorMs * Math.exp(bucket * bucketBase)));
    }
    return this.max;
  }

  data(): HistogramData {
    return { count: this.count, sum: this.sum, min: this.min, max: this.max, buckets: [...this.#buckets] };
  }

  static from(data: HistogramData): Histogram {
    const histogram = new Histogram();
    histogram.merge(data);
    return histogram;
  }
}

// ---------------------------------------------------------------- IPC messages

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

// ---------------------------------------------------------------- the worker

const trackedEvents = new Set(['round.opened', 'round.closed', 'round.result', 'round.settled']);
const ackTimelineBucketMs = 50;
const maxTimelineBuckets = 1_000;

type Connection = {
  index: number;
  socket: WebSocket;
  open: boolean;
  /** Storm: precise send time per bet index, NaN until sent; acks/errors resolve it. */
  sentAt: Float64Array;
  answered: Uint8Array;
};

type Tracker = {
  kind: string;
  round: number;
  count: number;
  at: number;
  first: number;
  last: number;
  maxDateNowLatency: number;
  reported: boolean;
  /** round.result only: every arrival (monotonic ms) and its Date.now() − at, for the per-client distributions at the end (bounded by M per round). */
  arrivals: Float64Array | null;
  dateNowLatencies: Float64Array | null;
};

type Storm = {
  round: number;
  startAt: number;
  planned: number;
  /** Slots handled by the sender (sent, or skipped because the connection was gone). */
  scheduled: number;
  sent: number;
  acked: number;
  errorCount: number;
  lost: number;
  errors: Record<string, number>;
  firstSend: number;
  lastSend: number;
  lastAck: number;
  ack: Histogram;
  sendLag: Histogram;
  ackTimeline: number[];
  deadline: number;
  done: boolean;
};

function runWorker(): void {
  const send = (message: ClientEvent): void => {
    if (process.connected) process.send?.(message);
  };
  const clock = monotonicMs;
  const connections: Connection[] = [];
  const trackers = new Map<string, Tracker>();
  const stats: ClientStats = { open: 0, closes: {}, frames: {}, errors: {} };
  let processIndex = 0;
  let sampleSent = false;
  let storm: Storm | null = null;
  let betsPerConnection = 0;

  // The parent gone means the run is over: never outlive it.
  process.on('disconnect', () => process.exit(0));

  const countFrame = (kind: string, bytes: number): void => {
    const entry = stats.frames[kind] ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += bytes;
    stats.frames[kind] = entry;
  };

  const report = (tracker: Tracker, partial: boolean): void => {
    tracker.reported = true;
    const message: SeenReport = {
      type: 'seen',
      processIndex,
      kind: tracker.kind,
      round: tracker.round,
      count: tracker.count,
      expected: stats.open,
      at: tracker.at,
      first: tracker.first,
      last: tracker.last,
      maxDateNowLatency: tracker.maxDateNowLatency,
      partial,
    };
    send(message);
    if (tracker.arrivals === null) trackers.delete(`${tracker.kind}:${tracker.round}`);
  };

  const checkComplete = (): void => {
    for (const tracker of trackers.values()) if (!tracker.reported && tracker.count >= stats.open) report(tracker, false);
  };

  const onEvent = (raw: Buffer, receivedAt: number, receivedDateNow: number, eventKind: string): void => {
    const text = raw.toString('utf8');
    const envelope = JSON.parse(text) as { at: number; event: { kind: string; round?: number } };
    const round = envelope.event.round ?? 0;
    const key = `${eventKind}:${round}`;
    let tracker = trackers.get(key);
    if (!tracker) {
      tracker = {
        kind: eventKind,
        round,
        count: 0,
        at: envelope.at,
        first: receivedAt,
        last: receivedAt,
        maxDateNowLatency: Number.NEGATIVE_INFINITY,
        reported: false,
        arrivals: eventKind === 'round.result' ? new Float64Array(connections.length).fill(Number.NaN) : null,
        dateNowLatencies: eventKind === 'round.result' ? new Float64Array(connections.length).fill(Number.NaN) : null,
      };
      trackers.set(key, tracker);
    }
    if (tracker.arrivals && tracker.count < tracker.arrivals.length) tracker.arrivals[tracker.count] = receivedAt;
    if (tracker.dateNowLatencies && tracker.count < tracker.dateNowLatencies.length) tracker.dateNowLatencies[tracker.count] = receivedDateNow - envelope.at;
    tracker.count += 1;
    tracker.last = receivedAt;
    tracker.maxDateNowLatency = Math.max(tracker.maxDateNowLatency, receivedDateNow - envelope.at);
    if (eventKind === 'round.result' && !sampleSent && round > 0) {
      sampleSent = true;
      send({
        type: 'seen',
        processIndex,
        kind: 'sample',
        round,
        count: 0,
        expected: 0,
        at: envelope.at,
        first: receivedAt,
        last: receivedAt,
        maxDateNowLatency: 0,
        sample: text,
        partial: true,
      });
    }
    if (!tracker.reported && tracker.count >= stats.open) report(tracker, false);
  };

  const onReply = (connection: Connection, raw: Buffer, receivedAt: number, isAck: boolean): void => {
    const message = JSON.parse(raw.toString('utf8')) as { requestId: string | null; code?: string };
    if (!isAck) stats.errors[message.code ?? '?'] = (stats.errors[message.code ?? '?'] ?? 0) + 1;
    const current = storm;
    if (!current || message.requestId === null) return;
    // requestId: s<round>-<bet index>
    const dash = message.requestId.indexOf('-');
    if (message.requestId.slice(1, dash) !== String(current.round)) return;
    const betIndex = Number(message.requestId.slice(dash + 1));
    if (!(betIndex >= 0 && betIndex < betsPerConnection) || connection.answered[betIndex] === 1) return;
    connection.answered[betIndex] = 1;
    if (isAck) {
      current.acked += 1;
      current.ack.add(receivedAt - (connection.sentAt[betIndex] ?? receivedAt));
      current.lastAck = Math.max(current.lastAck, receivedAt);
      const bucket = Math.floor((receivedAt - current.startAt) / ackTimelineBucketMs);
      if (bucket >= 0 && bucket < maxTimelineBuckets) current.ackTimeline[bucket] = (current.ackTimeline[bucket] ?? 0) + 1;
    } else {
      current.errorCount += 1;
      current.errors[message.code ?? '?'] = (current.errors[message.code ?? '?'] ?? 0) + 1;
    }
    maybeStormDone();
  };

  const onMessage = (connection: Connection, data: Buffer): void => {
    const receivedAt = clock();
    const receivedDateNow = Date.now();
    // Every server message starts {"kind":"<kind>": read the kind from the first bytes.
    const head = data.toString('latin1', 0, Math.min(data.length, 240));
    const kindEnd = head.indexOf('"', 9);
    const kind = head.startsWith('{"kind":"') && kindEnd > 9 ? head.slice(9, kindEnd) : '?';
    if (kind === 'event') {
      const marker = head.indexOf('"event":{"kind":"');
      const start = marker + 17;
      const eventKind = marker >= 0 ? head.slice(start, head.indexOf('"', start)) : '?';
      countFrame(`event:${eventKind}`, data.length);
      if (trackedEvents.has(eventKind)) onEvent(data, receivedAt, receivedDateNow, eventKind);
      return;
    }
    countFrame(kind, data.length);
    if (kind === 'ack' || kind === 'error') onReply(connection, data, receivedAt, kind === 'ack');
  };

  const connectAll = async (command: Extract<ClientCommand, { type: 'connect' }>): Promise<void> => {
    processIndex = command.processIndex;
    setTimeout(() => process.exit(3), command.maxLifetimeMs).unref();
    const started = clock();
    const failures: Record<string, number> = {};
    let next = 0;
    const connectOne = (index: number): Promise<void> =>
      new Promise((resolveConnect) => {
        const token = command.tokens?.[index];
        const protocols = token === undefined ? [PROTOCOL_VERSION] : [PROTOCOL_VERSION, AUTH_SUBPROTOCOL_PREFIX + token];
        const socket = new WebSocket(command.url, protocols, { perMessageDeflate: false, skipUTF8Validation: true, handshakeTimeout: 20_000 });
        const connection: Connection = { index, socket, open: false, sentAt: new Float64Array(0), answered: new Uint8Array(0) };
        let settled = false;
        const finish = (failure: string | null): void => {
          if (settled) return;
          settled = true;
          if (failure !== null) failures[failure] = (failures[failure] ?? 0) + 1;
          resolveConnect();
        };
        socket.on('message', (data: Buffer) => onMessage(connection, data));
        socket.once('open', () => {
          connection.open = true;
          stats.open += 1;
          connections.push(connection);
          finish(null);
        });
        socket.once('unexpected-response', (_request, response) => {
          finish(`http ${response.statusCode ?? '?'}`);
          socket.terminate();
        });
        socket.on('error', (error: Error) => finish(error.message.slice(0, 80)));
        socket.on('close', (code: number) => {
          stats.closes[String(code)] = (stats.closes[String(code)] ?? 0) + 1;
          if (connection.open) {
            connection.open = false;
            stats.open -= 1;
            loseUnanswered(connection);
            checkComplete();
            maybeStormDone();
          }
          finish(`closed ${code}`);
        });
      });
    const lane = async (): Promise<void> => {
      while (next < command.count) {
        const index = next;
        next += 1;
        await connectOne(index);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(command.concurrency, command.count)) }, () => lane()));
    connections.sort((a, b) => a.index - b.index);
    const failed = Object.values(failures).reduce((sum, count) => sum + count, 0);
    send({ type: 'connected', processIndex, open: stats.open, failed, failures, ms: clock() - started });
  };

  const maybeStormDone = (): void => {
    const current = storm;
    if (!current || current.done) return;
    const resolved = current.acked + current.errorCount + current.lost;
    if (current.scheduled >= current.planned && resolved >= current.sent) finishStorm(false);
  };

  /** A connection that closes mid-storm takes its unanswered bets with it: counted as lost. */
  const loseUnanswered = (connection: Connection): void => {
    const current = storm;
    if (!current || current.done) return;
    for (let bet = 0; bet < connection.answered.length; bet += 1) {
      if (connection.answered[bet] === 0 && !Number.isNaN(connection.sentAt[bet] ?? Number.NaN)) {
        connection.answered[bet] = 1;
        current.lost += 1;
      }
    }
  };

  const finishStorm = (timedOut: boolean): void => {
    const current = storm;
    if (!current || current.done) return;
    current.done = true;
    send({
      type: 'storm-done',
      processIndex,
      round: current.round,
      planned: current.planned,
      sent: current.sent,
      acked: current.acked,
      lost: current.lost,
      errors: current.errors,
      firstSend: current.firstSend,
      lastSend: current.lastSend,
      lastAck: current.lastAck,
      ack: current.ack.data(),
      sendLag: current.sendLag.data(),
      ackTimeline: Array.from(current.ackTimeline, (n) => n ?? 0),
      timedOut,
    });
  };

  const startStorm = (command: Extract<ClientCommand, { type: 'storm' }>): void => {
    const live = connections.filter((connection) => connection.open);
    const k = command.betsPerPlayer;
    betsPerConnection = k;
    for (const connection of live) {
      connection.sentAt = new Float64Array(k).fill(Number.NaN);
      connection.answered = new Uint8Array(k);
    }
    const slots = live.length * k;
    const current: Storm = {
      round: command.round,
      startAt: command.startAt,
      planned: slots,
      scheduled: 0,
      sent: 0,
      acked: 0,
      errorCount: 0,
      lost: 0,
      errors: {},
      firstSend: Number.NaN,
      lastSend: Number.NaN,
      lastAck: Number.NEGATIVE_INFINITY,
      ack: new Histogram(),
      sendLag: new Histogram(),
      ackTimeline: [],
      deadline: command.startAt + command.windowMs + command.timeoutMs,
      done: false,
    };
    storm = current;
    // Every bet gets a uniformly random moment in the window (seeded, so runs
    // repeat); a player's bets go out in time order. Like real players, most
    // first bets (which also record the player's seed) land early.
    const random = mulberry32(0x5eed + processIndex * 7919 + command.round);
    const plan: { at: number; connection: Connection; bet: number }[] = [];
    for (const connection of live) {
      const moments = Array.from({ length: k }, () => command.startAt + random() * command.windowMs).sort((a, b) => a - b);
      moments.forEach((at, bet) => plan.push({ at, connection, bet }));
    }
    plan.sort((a, b) => a.at - b.at);
    const scheduledAt = (slot: number): number => plan[slot]?.at ?? Number.POSITIVE_INFINITY;
    let slot = 0;
    const tick = (): void => {
      if (current.done) return;
      const now = clock();
      while (slot < slots && scheduledAt(slot) <= now) {
        const entry = plan[slot];
        const due = scheduledAt(slot);
        slot += 1;
        current.scheduled += 1;
        if (!entry?.connection.open) continue;
        const { connection, bet } = entry;
        const spot = command.spots[(connection.index + bet) % command.spots.length] ?? 'red';
        const frame = JSON.stringify({
          kind: 'bet.place',
          requestId: `s${command.round}-${bet}`,
          round: command.round,
          bets: [{ betId: `r${command.round}b${bet}`, spot, amountMinor: command.amountMinor }],
        });
        const sentAt = clock();
        connection.sentAt[bet] = sentAt;
        connection.socket.send(frame);
        current.sent += 1;
        if (Number.isNaN(current.firstSend)) current.firstSend = sentAt;
        current.lastSend = sentAt;
        current.sendLag.add(Math.max(0, sentAt - due));
      }
      if (slot < slots && now < current.deadline) {
        setTimeout(tick, Math.max(0, Math.min(1, scheduledAt(slot) - clock())));
      } else {
        current.scheduled = current.planned;
        maybeStormDone();
      }
    };
    setTimeout(tick, Math.max(0, command.startAt - clock()));
    // Bounded: whatever happens, the storm reports by its deadline.
    setTimeout(() => finishStorm(true), Math.max(0, current.deadline - clock()) + 50).unref();
  };

  process.on('message', (command: ClientCommand) => {
    switch (command.type) {
      case 'connect':
        connectAll(command).catch((error: unknown) => send({ type: 'fatal', message: String(error) }));
        return;
      case 'storm':
        startStorm(command);
        return;
      case 'stats':
        send({ type: 'stats', processIndex, stats });
        return;
      case 'finish': {
        const precise = new Histogram();
        const atBased = new Histogram();
        for (const tracker of trackers.values()) {
          if (tracker.kind !== 'round.result' || tracker.arrivals === null) continue;
          const emitted = command.emitPrecise[String(tracker.round)];
          if (emitted === undefined) continue;
          for (let index = 0; index < Math.min(tracker.count, tracker.arrivals.length); index += 1) {
            const arrival = tracker.arrivals[index] ?? Number.NaN;
            if (!Number.isNaN(arrival)) precise.add(arrival - emitted);
            const dateNowLatency = tracker.dateNowLatencies?.[index] ?? Number.NaN;
            if (!Number.isNaN(dateNowLatency)) atBased.add(Math.max(0, dateNowLatency));
          }
        }
        send({ type: 'final', processIndex, resultLatency: precise.data(), resultLatencyAtBased: atBased.data(), stats });
        return;
      }
      case 'close-all': {
        for (const connection of connections) if (connection.open) connection.socket.close(1000, 'bench over');
        setTimeout(() => {
          for (const connection of connections) connection.socket.terminate();
          send({ type: 'closed', processIndex });
        }, command.graceMs).unref();
        return;
      }
    }
  });
  send({ type: 'ready', pid: process.pid });
}

/** A small seeded PRNG (mulberry32): uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

if (import.meta.main) runWorker();
