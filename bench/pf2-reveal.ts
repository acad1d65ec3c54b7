// `npm run bench:pf2 -- [--bettors 1000,2500,5000,10000] [--window-ms 5000] [--per-process 2500]`:
// how a pf2 round's close, freeze and reveal behave on loopback, and what
// its frames weigh next to pf1's. The real server runs in this process
// (startPitboss, synchronous=FULL) on 127.0.0.1:0 with a fresh data folder;
// the bettors run in child processes (pf2-bettors.ts, `--per-process` each),
// so the server's event loop is measured without the clients' work. Each
// bettor joins over HTTP, holds a real `ws` socket, bets once with its
// commitment, and reveals once its own frozen lines arrive and its
// commitment line checks out.
//
// Measured per bettor count, once under pf1 and once under pf2: the longest
// event-loop turn of the server from the close until the freeze is announced
// and from the close until the reveal set (monitorEventLoopDelay at 1 ms
// resolution: a turn shows as the lateness of its timer), which piece made
// it (task-timer.ts: the longest freeze step, the task that records the
// freeze, each event's fan-out to every socket, the close call itself), the
// freeze's build time (close → round.frozen handed out), freeze → last
// reveal acknowledged (CLOCK_MONOTONIC across processes, see
// client-process.ts), and the bytes of every frame from round.closed to
// round.settled. The last lines printed are a table of it. A measurement,
// never a test.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, type ELDHistogram } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createTableSchema } from '../src/shared/api.ts';
import { startPitboss } from '../src/main/server/pitboss.ts';
import type { EventEnvelope } from '../src/main/tables/table-events.ts';
import { Cause } from '../src/main/tables/round-cause.ts';
import { monotonicMs } from './histogram.ts';
import { TaskTimer } from './task-timer.ts';
import type { BettorsCommand, BettorsEvent, FrameWeights } from './pf2-bettors.ts';

const { values } = parseArgs({
  options: { bettors: { type: 'string', default: '1000,2500,5000,10000' }, 'window-ms': { type: 'string', default: '5000' }, 'per-process': { type: 'string', default: '2500' } },
});
const sizes = (values.bettors ?? '').split(',').map(Number);
const revealWindowMs = Number(values['window-ms']);
const perProcess = Number(values['per-process']);
if (sizes.some((size) => !Number.isSafeInteger(size) || size < 1 || size > 20_000) || !(revealWindowMs >= 500 && revealWindowMs <= 5_000) || !(perProcess >= 1)) {
  throw new Error('--bettors takes positive integers up to 20000 (comma separated), --window-ms 500..5000, --per-process a positive integer');
}
const joinTimeoutMs = 300_000;
const roundTimeoutMs = 120_000;

/** A bettors process and its next message of a type. */
class Bettors {
  readonly child: ChildProcess;
  readonly #waiters: { type: string; resolve: (event: BettorsEvent) => void }[] = [];

  constructor() {
    this.child = fork(resolve(import.meta.dirname, 'pf2-bettors.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (event: BettorsEvent) => {
      const index = this.#waiters.findIndex((waiter) => waiter.type === event.type);
      if (index >= 0) this.#waiters.splice(index, 1)[0]?.resolve(event);
    });
  }

  next<T extends BettorsEvent['type']>(type: T, timeoutMs: number): Promise<Extract<BettorsEvent, { type: T }>> {
    return new Promise((resolveEvent, rejectEvent) => {
      const timer = setTimeout(() => rejectEvent(new Error(`bettors process ${this.child.pid}: no ${type} within ${timeoutMs} ms`)), timeoutMs);
      const exited = (code: number | null): void => rejectEvent(new Error(`bettors process ${this.child.pid} exited (${code}) before ${type}`));
      this.child.once('exit', exited);
      this.#waiters.push({
        type,
        resolve: (event) => {
          clearTimeout(timer);
          this.child.off('exit', exited);
          resolveEvent(event as Extract<BettorsEvent, { type: T }>);
        },
      });
    });
  }

  send(command: BettorsCommand): void {
    this.child.send(command);
  }

  /** Ends the process by its PID and waits for it. */
  async end(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((done) => this.child.once('exit', () => done()));
    this.child.kill('SIGTERM');
    await exited;
  }
}

/** When each round event was handed to the sockets (monotonic ms) and how long the fan-out took. */
type Published = Map<string, { at: number; fanOutMs: number; sent: number }>;

/** A loop-delay histogram that stops once `kind` is handed out and its turn is over. */
type Window = { kind: string; histogram: ELDHistogram };

function watchPublished(published: Published, windows: readonly Window[], tasks: TaskTimer) {
  return (envelope: EventEnvelope, sent: number, durationMs: number): void => {
    const { kind } = envelope.event;
    tasks.published(kind);
    if (published.has(kind)) return;
    // The freeze's steps all ran before the task that records it and hands round.frozen out.
    if (kind === 'round.frozen') tasks.longestStepBeforeFreezeMs = tasks.longestQuietMs;
    published.set(kind, { at: monotonicMs(), fanOutMs: Math.round(durationMs * 10) / 10, sent });
    // A 1 ms timer set now fires after the histogram's own, which records the turn this event was handed out in.
    for (const window of windows) if (window.kind === kind) setTimeout(() => window.histogram.disable(), 1);
  };
}

function mergeFrames(all: FrameWeights[]): Record<string, { count: number; meanBytes: number; maxBytes: number }> {
  const merged: FrameWeights = {};
  for (const frames of all) {
    for (const [kind, weight] of Object.entries(frames)) {
      const into = (merged[kind] ??= { count: 0, sumBytes: 0, maxBytes: 0 });
      into.count += weight.count;
      into.sumBytes += weight.sumBytes;
      into.maxBytes = Math.max(into.maxBytes, weight.maxBytes);
    }
  }
  return Object.fromEntries(Object.entries(merged).map(([kind, weight]) => [kind, { count: weight.count, meanBytes: Math.round(weight.sumBytes / weight.count), maxBytes: weight.maxBytes }]));
}

function tenths(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** The longest turn the histogram saw, in ms (its max is the worst lateness of a 1 ms timer). */
function longestTurnMs(histogram: ELDHistogram): number {
  return Math.round(histogram.max / 1e5) / 10;
}

async function seatBettors(processes: Bettors[], origin: string, invite: string, tableId: string, fairness: 'pf1' | 'pf2', count: number): Promise<void> {
  for (const [index, bettors] of processes.entries()) {
    const first = index * perProcess;
    bettors.send({ type: 'join', origin, invite, tableId, fairness, first, count: Math.min(perProcess, count - first) });
  }
  await Promise.all(processes.map((bettors) => bettors.next('joined', joinTimeoutMs)));
  for (const bettors of processes) bettors.send({ type: 'bet' });
  const placed = await Promise.all(processes.map((bettors) => bettors.next('placed', roundTimeoutMs)));
  const refused = placed.reduce((sum, each) => sum + each.refused, 0);
  if (refused > 0) throw new Error(`${refused} bets were refused`);
}

async function run(fairness: 'pf1' | 'pf2', count: number): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-pf2-bench-'));
  const published: Published = new Map();
  // pf1 has no freeze: its close and draw are one call, so both windows end at its result.
  const toFreeze = monitorEventLoopDelay({ resolution: 1 });
  const toRevealSet = monitorEventLoopDelay({ resolution: 1 });
  const tasks = new TaskTimer();
  const windows: Window[] = [
    { kind: fairness === 'pf2' ? 'round.frozen' : 'round.result', histogram: toFreeze },
    { kind: fairness === 'pf2' ? 'round.revealed' : 'round.result', histogram: toRevealSet },
  ];
  const pitboss = await startPitboss({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    staticDir: resolve(import.meta.dirname, '../out/renderer'),
    // Every bettor comes from 127.0.0.1: the per-address limits are lifted, nothing else.
    joinRateLimit: { ratePerSecond: 1_000_000, burst: 1_000_000 },
    joinLimits: { joinsPerAddressPerDay: 1_000_000, joinsPerInvitePerDay: 1_000_000, joinCreditsPerAddressPerDay: 1_000_000, joinCreditsPerInvitePerDay: 1_000_000 },
    gatewayLimits: { upgradesPerSecond: 1_000_000, upgradeBurst: 1_000_000 },
    edgeLimits: { maxConnectionsPerAddress: 1_000_000, maxPendingHandshakesPerAddress: 1_000_000 },
    observers: { gateway: { published: watchPublished(published, windows, tasks) } },
  });
  const processes = Array.from({ length: Math.ceil(count / perProcess) }, () => new Bettors());
  try {
    const config = { name: `${fairness} bench`, game: 'roulette-eu', minBetMinor: 100, maxSpotMinor: 1_000_000, maxRoundMinor: 100_000_000, joinCreditMinor: 10_000, houseFloatMinor: 10_000_000_000, fairness, revealWindowMs };
    const table = pitboss.services.tables.create(createTableSchema.parse(config));
    const opened = table.open(Cause.Operator);
    if (!opened.ok) throw new Error(opened.message);
    await seatBettors(processes, pitboss.origin, table.inviteCode, table.id, fairness, count);
    published.clear();

    toFreeze.enable();
    toRevealSet.enable();
    // A loop-delay histogram records from its second tick on: it runs a while before the close.
    await new Promise((settle) => setTimeout(settle, 20));
    const reports = processes.map((bettors) => bettors.next('report', roundTimeoutMs));
    tasks.start();
    const closedAt = monotonicMs();
    table.close(Cause.Operator);
    const closeCallMs = monotonicMs() - closedAt;
    if (fairness === 'pf1') table.spin(Cause.Operator);
    const all = await Promise.all(reports).finally(() => tasks.stop());
    return {
      fairness,
      bettors: count,
      processes: processes.length,
      closeCallMs: tenths(closeCallMs),
      longestFreezeStepMs: fairness === 'pf2' ? tenths(tasks.longestStepBeforeFreezeMs) : null,
      longestTaskHandingOutMs: Object.fromEntries([...tasks.publishingMs].map(([kind, ms]) => [kind, tenths(ms)])),
      longestTurnToFreezeMs: longestTurnMs(toFreeze),
      longestTurnToRevealSetMs: longestTurnMs(toRevealSet),
      ...timesOf(published, closedAt, all.flatMap((report) => report.revealAcks)),
      settled: all.reduce((sum, report) => sum + report.settled, 0),
      badLines: all.reduce((sum, report) => sum + report.badLines, 0),
      fanOutMs: Object.fromEntries([...published].map(([kind, each]) => [kind, each.fanOutMs])),
      framesPerBettorFromCloseToSettled: mergeFrames(all.map((report) => report.frames)),
    };
  } finally {
    await Promise.all(processes.map((bettors) => bettors.end()));
    await pitboss.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function timesOf(published: Published, closedAt: number, revealAcks: readonly number[]): Record<string, number | null> {
  const frozenAt = published.get('round.frozen')?.at ?? null;
  const revealedAt = published.get('round.revealed')?.at ?? null;
  const settledAt = published.get('round.settled')?.at ?? null;
  const lastAck = revealAcks.length > 0 ? Math.max(...revealAcks) : null;
  const since = (from: number | null, to: number | null): number | null => (from === null || to === null ? null : Math.round(to - from));
  return {
    closeToFrozenMs: since(closedAt, frozenAt),
    freezeToLastRevealAckMs: since(frozenAt, lastAck),
    closeToRevealSetMs: since(closedAt, revealedAt),
    closeToSettledMs: since(closedAt, settledAt),
  };
}

type Frames = Record<string, { count: number; meanBytes: number; maxBytes: number }>;

/** One line per bettor count: the figures the report quotes, pf2 beside pf1. */
function summaryRow(pf1: Record<string, unknown>, pf2: Record<string, unknown>): string {
  const frames = (run: Record<string, unknown>): Frames => run.framesPerBettorFromCloseToSettled as Frames;
  const bytes = (run: Record<string, unknown>, kind: string): string => {
    const weight = frames(run)[kind];
    return weight === undefined ? '–' : weight.meanBytes === weight.maxBytes ? String(weight.meanBytes) : `${weight.meanBytes} (max ${weight.maxBytes})`;
  };
  const fanOut = (run: Record<string, unknown>, kind: string): unknown => (run.fanOutMs as Record<string, number>)[kind] ?? '–';
  const task = (run: Record<string, unknown>, kind: string): unknown => (run.longestTaskHandingOutMs as Record<string, number>)[kind] ?? '–';
  const cells = [
    pf2.bettors,
    `${String(pf2.closeCallMs)} (${String(fanOut(pf2, 'round.closed'))})`,
    pf2.longestFreezeStepMs,
    `${String(task(pf2, 'round.frozen'))} (${String(fanOut(pf2, 'round.frozen'))})`,
    pf2.longestTurnToFreezeMs,
    pf2.longestTurnToRevealSetMs,
    pf2.closeToFrozenMs,
    pf2.freezeToLastRevealAckMs,
    bytes(pf2, 'event:round.frozen'),
    bytes(pf2, 'event:round.revealed'),
    bytes(pf2, 'pf2.lines'),
    bytes(pf2, 'event:round.result'),
    bytes(pf1, 'event:round.result'),
    pf1.longestTurnToRevealSetMs,
    fanOut(pf1, 'round.result'),
  ];
  return `| ${cells.join(' | ')} |`;
}

const header = [
  '| bettors | pf2 close() call ms (round.closed fan-out) | longest freeze step ms | freeze record task ms (round.frozen fan-out)',
  '| longest turn close→frozen ms | longest turn close→reveal set ms | close→round.frozen ms | freeze→last reveal ack ms',
  '| round.frozen B | round.revealed B | pf2.lines B/bettor | pf2 round.result B | pf1 round.result B | pf1 longest turn close→result ms | pf1 round.result fan-out ms |',
].join(' ');
const rows: string[] = [];
for (const count of sizes) {
  const pf1 = await run('pf1', count);
  console.log(JSON.stringify(pf1, null, 2));
  const pf2 = await run('pf2', count);
  console.log(JSON.stringify(pf2, null, 2));
  rows.push(summaryRow(pf1, pf2));
}
console.log(['', header, `|${' --- |'.repeat(15)}`, ...rows].join('\n'));
