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
// The server is watched through its observer interfaces (server-observers.ts),
// never by patching its methods; this process adds event-loop delay and CPU
// per phase of the run and, optionally, per-phase CPU profiles through the
// inspector.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startPitboss, type Pitboss } from '../src/main/server/pitboss.ts';
import { OPERATOR_COOKIE, OPERATOR_SECRET_HEADER } from '../src/shared/api.ts';
import { monotonicMs } from './histogram.ts';
import { ServerObservers, type CommitStats, type PublishStats, type RoundEmit } from './server-observers.ts';

export type { CommitStats, PublishStats, RoundEmit } from './server-observers.ts';

export type ServerCommand =
  | { type: 'memory'; gc: boolean }
  | { type: 'count-bets'; tableId: string; round: number }
  | { type: 'stats' }
  | { type: 'phase'; name: string }
  | { type: 'profile-start'; name: string }
  | { type: 'profile-stop'; name: string }
  | { type: 'stop' };

export type MemorySample = { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number; players: number };

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
      commits: CommitStats;
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
  const observers = new ServerObservers();
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
    observers: observers.options(),
  });
  const { services } = pitboss;
  const operator = services.operatorSessions.createSession();
  const operatorHeaders = { Cookie: `${OPERATOR_COOKIE}=${operator.session}`, [OPERATOR_SECRET_HEADER]: operator.secret };

  const gateway = services.gateway;

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
          observers.resolveGc();
          send({ type: 'stats', gateway: gateway.stats(), publish: observers.publish, rounds: observers.rounds, commits: observers.commits(), phases });
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
