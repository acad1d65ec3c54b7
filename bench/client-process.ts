// A load-generating worker of `npm run bench`: opens M WebSocket connections
// to Pitboss (as players) or to the bare-ws baseline, timestamps the arrival
// of named table events, places bets on command and reports aggregates to
// the parent over IPC (never one message per received frame); the storm
// itself is client-storm.ts, the messages client-messages.ts.
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
import type { ClientCommand, ClientEvent, ClientStats, SeenReport } from './client-messages.ts';
import { StormRun, type Connection } from './client-storm.ts';
import { Histogram, monotonicMs } from './histogram.ts';

const trackedEvents = new Set(['round.opened', 'round.closed', 'round.result', 'round.settled']);

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
  let storm: StormRun | null = null;

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
    if (message.requestId !== null) storm?.answered(connection, message.requestId, receivedAt, isAck ? null : (message.code ?? '?'));
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
            storm?.connectionClosed(connection);
            checkComplete();
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

  process.on('message', (command: ClientCommand) => {
    switch (command.type) {
      case 'connect':
        connectAll(command).catch((error: unknown) => send({ type: 'fatal', message: String(error) }));
        return;
      case 'storm':
        storm = new StormRun(command, connections, processIndex, send);
        storm.start();
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

if (import.meta.main) runWorker();
