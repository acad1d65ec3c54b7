// The Pitboss side of `npm run bench`: a child process that runs the real
// server (startPitboss, the same code `npm run serve` runs) on 127.0.0.1:0
// with a fresh data folder, and answers the parent over IPC.
//
// Durability is the product's: the database is opened by the product code
// with journal_mode=WAL and synchronous=FULL, and nothing here touches it.
// Only the per-address limits are raised, explicitly: every bench client
// comes from 127.0.0.1, and the product's join limit (0.5/s per address)
// and upgrade limit (5/s per address) would otherwise throttle 5,000 players
// from one address, and so would the per-address connection caps (256 open,
// 16 pending). The per-connection message limit stays the product's.
//
// Instrumentation wraps public methods on the live instances (nothing in
// src/ changes): Gateway.publish (time to serialize and hand one event to
// every socket, per event kind; precise emit time of round.result and
// round.settled), Table.placeBets / Table.flush (group-commit batch sizes
// and durations, server-side time from a bet's arrival to its ack) and
// Table.spin. Optionally it records per-phase CPU profiles through the
// inspector.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join, resolve } from 'node:path';
import { PerformanceObserver, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startPitboss, type Pitboss } from '../src/main/server/pitboss.ts';
import { OPERATOR_COOKIE, OPERATOR_SECRET_HEADER } from '../src/shared/api.ts';
import type { EventEnvelope, Table } from '../src/main/tables/table.ts';
import { Histogram, monotonicMs, threadCpuMs, type HistogramData } from './client-process.ts';

export type ServerCommand =
  | { type: 'memory'; gc: boolean }
  | { type: 'instrument-table'; tableId: string }
  | { type: 'count-bets'; tableId: string; round: number }
  | { type: 'stats' }
  | { type: 'phase'; name: string }
  | { type: 'profile-start'; name: string }
  | { type: 'profile-stop'; name: string }
  | { type: 'stop' };

export type MemorySample = { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number; players: number };

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

export type FlushStats = {
  flushes: number;
  operations: number;
  maxBatch: number;
  /** Main-thread CPU in all flushes (the fsync wait is not CPU). */
  cpuMs: number;
  duration: HistogramData;
  batch: HistogramData;
  /** Server-side: a bet request entering the table queue until its promise resolves (the ack is sent right after). */
  serverAck: HistogramData;
};

export type PhaseStats = {
  name: string;
  wallMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
};

export type ServerEvent =
  | { type: 'ready'; origin: string; operatorHeaders: Record<string, string>; pid: number; node: string }
  | { type: 'memory'; memory: MemorySample; gcAvailable: boolean }
  | { type: 'instrumented'; tableId: string }
  | {
      type: 'bets';
      tableId: string;
      round: number;
      committed: number;
      stakeMinor: number;
      withStakeTransfer: number;
      synchronous: number;
      journalMode: string;
    }
  | {
      type: 'stats';
      gateway: ReturnType<Pitboss['services']['gateway']['stats']>;
      publish: PublishStats;
      rounds: RoundEmit[];
      flush: FlushStats;
      spins: { round: number; ms: number; cpuMs: number }[];
      phases: PhaseStats[];
    }
  | { type: 'profile'; name: string; file: string }
  | { type: 'stopped' }
  | { type: 'fatal'; message: string };

type Init = { type: 'init'; dataDir: string; staticDir: string; maxLifetimeMs: number; profileDir: string | null };

/** Every bench player joins one table from 127.0.0.1: the per-address and per-invite join caps are raised like the join rate. */
const benchJoinLimits = {
  joinsPerAddressPerDay: 1_000_000,
  joinsPerInvitePerDay: 1_000_000,
  joinCreditsPerAddressPerDay: 1_000_000,
  joinCreditsPerInvitePerDay: 1_000_000,
};

const send = (message: ServerEvent): void => {
  if (process.connected) process.send?.(message);
};

async function main(init: Init): Promise<void> {
  setTimeout(() => process.exit(3), init.maxLifetimeMs).unref();
  const clock = monotonicMs;
  const pitboss = await startPitboss({
    host: '127.0.0.1',
    port: 0,
    dataDir: init.dataDir,
    staticDir: init.staticDir,
    // Raised on purpose (see the header): every bench client shares one address.
    joinRateLimit: { ratePerSecond: 1_000_000, burst: 1_000_000 },
    joinLimits: benchJoinLimits,
    gatewayLimits: { upgradesPerSecond: 1_000_000, upgradeBurst: 1_000_000 },
    edgeLimits: { maxConnectionsPerAddress: 1_000_000, maxPendingHandshakesPerAddress: 1_000_000 },
  });
  const { services } = pitboss;
  const operator = services.operatorSessions.createSession();
  const operatorHeaders = { Cookie: `${OPERATOR_COOKIE}=${operator.session}`, [OPERATOR_SECRET_HEADER]: operator.secret };

  // ------------------------------------------------------------ instrumentation
  const publishStats: PublishStats = {};
  const roundEmits: RoundEmit[] = [];
  const gateway = services.gateway;
  // GC pauses (bounded ring), to tell a slow hand-off that collected garbage from one that was descheduled.
  const gcPauses: { start: number; end: number }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcPauses.push({ start: entry.startTime, end: entry.startTime + entry.duration });
      if (gcPauses.length > 20_000) gcPauses.shift();
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const gcOverlap = (start: number, end: number): number =>
    gcPauses.reduce((sum, pause) => sum + Math.max(0, Math.min(end, pause.end) - Math.max(start, pause.start)), 0);
  const pendingGc: { emit: RoundEmit; start: number; end: number }[] = [];
  const originalPublish = gateway.publish.bind(gateway);
  gateway.publish = (envelope: EventEnvelope): void => {
    const emitPrecise = clock();
    const cpuAtStart = threadCpuMs();
    const perfStart = performance.now();
    const started = process.hrtime.bigint();
    originalPublish(envelope);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const perfEnd = performance.now();
    const cpuAtEnd = threadCpuMs();
    // Sizes are measured after this turn, outside the timed path.
    setImmediate(() => {
      const bytes = Buffer.byteLength(JSON.stringify(envelope));
      const kind = envelope.event.kind;
      const entry = publishStats[kind] ?? { count: 0, totalMs: 0, cpuMs: 0, maxMs: 0, bytes: 0, maxBytes: 0 };
      entry.count += 1;
      entry.totalMs += ms;
      entry.cpuMs += cpuAtEnd - cpuAtStart;
      entry.maxMs = Math.max(entry.maxMs, ms);
      entry.bytes += bytes;
      entry.maxBytes = Math.max(entry.maxBytes, bytes);
      publishStats[kind] = entry;
      if ((kind === 'round.result' || kind === 'round.settled') && 'round' in envelope.event) {
        const emit: RoundEmit = {
          round: envelope.event.round,
          kind,
          at: envelope.at,
          emitPrecise,
          publishMs: ms,
          cpuMs: cpuAtEnd - cpuAtStart,
          cpuAtStart,
          cpuAtEnd,
          gcMs: 0,
          bytes,
        };
        roundEmits.push(emit);
        if (roundEmits.length > 1_000) roundEmits.shift();
        // GC entries arrive asynchronously: resolved when the stats are read.
        pendingGc.push({ emit, start: perfStart, end: perfEnd });
        if (pendingGc.length > 1_000) pendingGc.shift();
      }
    });
  };

  const flushDuration = new Histogram();
  const flushBatch = new Histogram();
  const serverAck = new Histogram();
  const flushTotals = { flushes: 0, operations: 0, maxBatch: 0, cpuMs: 0 };
  const spins: { round: number; ms: number; cpuMs: number }[] = [];
  let queued = 0;
  const instrumentTable = (table: Table): void => {
    const originalPlace = table.placeBets.bind(table);
    table.placeBets = (...args: Parameters<Table['placeBets']>) => {
      queued += 1;
      const arrived = process.hrtime.bigint();
      return originalPlace(...args).then((result) => {
        serverAck.add(Number(process.hrtime.bigint() - arrived) / 1e6);
        return result;
      });
    };
    const originalFlush = table.flush.bind(table);
    table.flush = (): void => {
      const batch = queued;
      queued = 0;
      const started = process.hrtime.bigint();
      const cpuBefore = threadCpuMs();
      originalFlush();
      if (batch === 0) return;
      flushTotals.cpuMs += threadCpuMs() - cpuBefore;
      flushDuration.add(Number(process.hrtime.bigint() - started) / 1e6);
      flushBatch.add(batch);
      flushTotals.flushes += 1;
      flushTotals.operations += batch;
      flushTotals.maxBatch = Math.max(flushTotals.maxBatch, batch);
    };
    const originalSpin = table.spin.bind(table);
    table.spin = (actor: Parameters<Table['spin']>[0]) => {
      const round = table.roundView()?.round ?? 0;
      const started = process.hrtime.bigint();
      const cpuBefore = threadCpuMs();
      const result = originalSpin(actor);
      spins.push({ round, ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: threadCpuMs() - cpuBefore });
      if (spins.length > 1_000) spins.shift();
      return result;
    };
  };

  // Event-loop delay and CPU per phase of the run.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const phases: PhaseStats[] = [];
  let phase = { name: 'start', startedAt: clock(), cpu: process.cpuUsage() };
  const endPhase = (): void => {
    const cpu = process.cpuUsage(phase.cpu);
    phases.push({
      name: phase.name,
      wallMs: clock() - phase.startedAt,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      loopDelayP50Ms: loopDelay.count > 0 ? loopDelay.percentile(50) / 1e6 : 0,
      loopDelayP99Ms: loopDelay.count > 0 ? loopDelay.percentile(99) / 1e6 : 0,
      loopDelayMaxMs: loopDelay.count > 0 ? loopDelay.max / 1e6 : 0,
    });
    loopDelay.reset();
  };

  const countBets = services.db.prepare<[string, number], { committed: number; stake: number; withTransfer: number }>(
    `SELECT COUNT(*) AS committed, COALESCE(SUM(b.amount_minor), 0) AS stake, COUNT(t.id) AS withTransfer
       FROM bets b LEFT JOIN transfers t ON t.id = b.stake_transfer_id
      WHERE b.round_id = (SELECT id FROM rounds WHERE table_id = ? AND number = ?) AND b.cancelled_at IS NULL`,
  );

  let session: Session | null = null;
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    try {
      await pitboss.close();
    } finally {
      send({ type: 'stopped' });
      process.exit(0);
    }
  };
  // The parent gone means the run is over: close the database cleanly and leave.
  process.on('disconnect', () => void stop());

  process.on('message', (command: ServerCommand) => {
    const handle = async (): Promise<void> => {
      switch (command.type) {
        case 'memory': {
          const collect = (globalThis as { gc?: () => void }).gc;
          if (command.gc && collect) {
            collect();
            collect();
          }
          const usage = process.memoryUsage();
          send({
            type: 'memory',
            memory: {
              rss: usage.rss,
              heapUsed: usage.heapUsed,
              heapTotal: usage.heapTotal,
              external: usage.external,
              arrayBuffers: usage.arrayBuffers,
              players: gateway.stats().players,
            },
            gcAvailable: collect !== undefined,
          });
          return;
        }
        case 'instrument-table': {
          const table = services.tables.get(command.tableId);
          if (!table) throw new Error(`no table ${command.tableId}`);
          instrumentTable(table);
          send({ type: 'instrumented', tableId: command.tableId });
          return;
        }
        case 'count-bets': {
          const row = countBets.get(command.tableId, command.round);
          send({
            type: 'bets',
            tableId: command.tableId,
            round: command.round,
            committed: row?.committed ?? 0,
            stakeMinor: row?.stake ?? 0,
            withStakeTransfer: row?.withTransfer ?? 0,
            synchronous: Number(services.db.pragma('synchronous', { simple: true })),
            journalMode: String(services.db.pragma('journal_mode', { simple: true })),
          });
          return;
        }
        case 'stats':
          // Publishes record their figures in a setImmediate of their own; let those queued so far run first
          // (a request can arrive while a long spin() is still sending).
          await new Promise<void>((resolveTurn) => setImmediate(() => setImmediate(resolveTurn)));
          for (const pending of pendingGc.splice(0)) pending.emit.gcMs = gcOverlap(pending.start, pending.end);
          send({
            type: 'stats',
            gateway: gateway.stats(),
            publish: publishStats,
            rounds: roundEmits,
            flush: { ...flushTotals, duration: flushDuration.data(), batch: flushBatch.data(), serverAck: serverAck.data() },
            spins,
            phases,
          });
          return;
        case 'phase':
          endPhase();
          phase = { name: command.name, startedAt: clock(), cpu: process.cpuUsage() };
          return;
        case 'profile-start':
          if (!init.profileDir) return;
          session ??= new Session();
          session.connect();
          await session.post('Profiler.enable');
          await session.post('Profiler.setSamplingInterval', { interval: 1_000 });
          await session.post('Profiler.start');
          return;
        case 'profile-stop': {
          if (!init.profileDir || !session) return;
          const { profile } = await session.post('Profiler.stop');
          await session.post('Profiler.disable');
          session.disconnect();
          session = null;
          const file = join(init.profileDir, `${command.name}.cpuprofile`);
          writeFileSync(file, JSON.stringify(profile));
          send({ type: 'profile', name: command.name, file });
          return;
        }
        case 'stop':
          endPhase();
          await stop();
          return;
      }
    };
    handle().catch((error: unknown) => send({ type: 'fatal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
  });

  send({ type: 'ready', origin: pitboss.origin, operatorHeaders, pid: process.pid, node: process.version });
}

if (import.meta.main) {
  process.once('message', (init: Init) => {
    main({ ...init, staticDir: resolve(init.staticDir) }).catch((error: unknown) => {
      send({ type: 'fatal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    });
  });
}
