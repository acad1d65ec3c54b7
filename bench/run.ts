// `npm run bench`: drives the headless Pitboss server on loopback from
// separate client processes and compares it with a bare `ws` broadcast.
//
//   node bench/run.ts [--players 5000] [--rounds 100] [--bets-per-player 4] [--client-processes 4]
//                     [--warmup-rounds 2] [--storm-window-ms 1000] [--timeout-s 290] [--profile] [--out bench]
//   node bench/run.ts --chart-from bench/results.json      (only redraws results.svg)
//
// --profile records a CPU profile of the server per phase (broadcast, storm,
// settle) into a temp folder (printed; kept) and summarizes the top functions
// in the notes; the profiler slows the server, so do not compare those
// figures with a run without it.
//
// Phases (each child process bounded in lifetime, everything on 127.0.0.1):
//   1. server child (bench/server-process.ts): the real startPitboss with a
//      temp data folder (WAL, synchronous=FULL as in production), per-address
//      limits raised; an operator session; a manual roulette table.
//   2. N players join over HTTP (bounded concurrency), then connect from P
//      client children (bench/client-process.ts); server RSS before/after.
//   3. R rounds of open → close → spin: the time from round.result's emit to
//      the last of the N clients receiving it.
//   4. The storm round: every player places k bets spread over one second
//      while betting is open; ack latency, acks per second; the bets in the
//      database must equal the acks. Then close + spin: settlement time
//      (round.settled.at − round.result.at) with N·k bets, ledger included.
//   5. Pitboss stops; the baseline child (bench/baseline-server.ts) serves
//      the same number of fresh clients and broadcasts the same bytes for
//      the same number of rounds.
// Prints a table, writes bench/results.json and bench/results.svg.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, loadavg, totalmem, tmpdir, platform, release } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Histogram, monotonicMs, type ClientCommand, type ClientEvent, type HistogramData, type SeenReport, type StormReport } from './client-process.ts';
import type { BaselineCommand, BaselineEvent } from './baseline-server.ts';
import type { FlushStats, PhaseStats, PublishStats, RoundEmit, ServerCommand, ServerEvent } from './server-process.ts';

const benchDir = import.meta.dirname;
const repositoryRoot = resolve(benchDir, '..');

// ---------------------------------------------------------------- options

const { values: flags } = parseArgs({
  options: {
    players: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '100' },
    'bets-per-player': { type: 'string', default: '4' },
    'client-processes': { type: 'string', default: '4' },
    'warmup-rounds': { type: 'string', default: '2' },
    'storm-window-ms': { type: 'string', default: '1000' },
    'round-gap-ms': { type: 'string', default: '25' },
    'join-concurrency': { type: 'string', default: '32' },
    'connect-concurrency': { type: 'string', default: '64' },
    'timeout-s': { type: 'string', default: '290' },
    profile: { type: 'boolean', default: false },
    out: { type: 'string', default: benchDir },
    /** Only redraw results.svg (into --out) from an existing results.json. */
    'chart-from': { type: 'string' },
  },
  strict: true,
});

function positiveInteger(name: string, raw: string | undefined, min = 1): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${raw}`);
  return value;
}

const options = {
  players: positiveInteger('players', flags.players),
  rounds: positiveInteger('rounds', flags.rounds),
  betsPerPlayer: positiveInteger('bets-per-player', flags['bets-per-player']),
  clientProcesses: positiveInteger('client-processes', flags['client-processes']),
  warmupRounds: positiveInteger('warmup-rounds', flags['warmup-rounds'], 0),
  stormWindowMs: positiveInteger('storm-window-ms', flags['storm-window-ms']),
  roundGapMs: positiveInteger('round-gap-ms', flags['round-gap-ms'], 0),
  joinConcurrency: positiveInteger('join-concurrency', flags['join-concurrency']),
  connectConcurrency: positiveInteger('connect-concurrency', flags['connect-concurrency']),
  timeoutS: positiveInteger('timeout-s', flags['timeout-s']),
  profile: flags.profile ?? false,
  out: resolve(flags.out ?? benchDir),
};

const targets = { broadcastRatioP99: 1.15, stormBets: 20_000, stormAckP99Ms: 100, settleMs: 250, settleBets: 20_000, kibPerPlayer: 15 };

const clock = monotonicMs;
const runStarted = clock();
const elapsed = (): string => `${((clock() - runStarted) / 1000).toFixed(1).padStart(6)} s`;
const log = (message: string): void => {
  process.stderr.write(`[bench ${elapsed()}] ${message}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

// ---------------------------------------------------------------- child processes

const children = new Set<ChildProcess>();

function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Temp folders to remove however the run ends. */
const temporaryDirs = new Set<string>();

// Whatever ends this process, no child outlives it and no temp data stays behind.
process.on('exit', () => {
  killAll();
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping every child`);
    killAll();
    process.exit(130);
  });
}

type Waiter<Event> = {
  match: (event: Event) => boolean;
  resolve: (event: Event) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
};

/** A forked child speaking typed IPC; messages wait in an inbox until someone asks for them. */
class Child<Command, Event extends { type: string }> {
  readonly name: string;
  readonly process: ChildProcess;
  readonly #inbox: Event[] = [];
  #waiters: Waiter<Event>[] = [];
  #failure: Error | null = null;
  onEvent: ((event: Event) => boolean) | null = null;

  constructor(name: string, file: string, execArgv: string[] = []) {
    this.name = name;
    this.process = fork(join(benchDir, file), [], {
      execArgv: ['--disable-warning=ExperimentalWarning', ...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    children.add(this.process);
    this.process.on('message', (event: Event) => {
      if (event.type === 'fatal') {
        this.#fail(new Error(`${name}: ${(event as { message?: string }).message ?? 'fatal'}`));
        return;
      }
      if (this.onEvent?.(event)) return;
      const waiter = this.#waiters.find((candidate) => candidate.match(event));
      if (waiter) {
        this.#waiters = this.#waiters.filter((candidate) => candidate !== waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(event);
        return;
      }
      this.#inbox.push(event);
    });
    this.process.on('exit', (code, signal) => {
      children.delete(this.process);
      this.#fail(new Error(`${name} exited (code ${code}, signal ${signal})`));
    });
    this.process.on('error', (error) => this.#fail(error));
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  send(command: Command): void {
    if (this.process.connected) this.process.send(command as object);
  }

  next<Type extends Event['type']>(
    type: Type,
    timeoutMs: number,
    where: (event: Extract<Event, { type: Type }>) => boolean = () => true,
  ): Promise<Extract<Event, { type: Type }>> {
    const match = (event: Event): boolean => event.type === type && where(event as Extract<Event, { type: Type }>);
    const index = this.#inbox.findIndex(match);
    if (index >= 0) return Promise.resolve(this.#inbox.splice(index, 1)[0] as Extract<Event, { type: Type }>);
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolveNext, rejectNext) => {
      const waiter: Waiter<Event> = {
        match,
        resolve: (event) => resolveNext(event as Extract<Event, { type: Type }>),
        reject: rejectNext,
        timer: setTimeout(() => {
          this.#waiters = this.#waiters.filter((candidate) => candidate !== waiter);
          rejectNext(new Error(`${this.name}: no "${type}" within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.#waiters.push(waiter);
    });
  }

  async request<Type extends Event['type']>(command: Command, type: Type, timeoutMs = 30_000): Promise<Extract<Event, { type: Type }>> {
    const reply = this.next(type, timeoutMs);
    this.send(command);
    return reply;
  }

  /** Asks nicely (the command, or closing the IPC channel, which the children exit on), then SIGKILL after the grace period. */
  async stop(command: Command | null, graceMs: number): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolveExit) => this.process.once('exit', () => resolveExit()));
    if (command !== null) this.send(command);
    else if (this.process.connected) this.process.disconnect();
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    const waiting = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiting) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}

type ServerChild = Child<ServerCommand | { type: 'init'; dataDir: string; staticDir: string; maxLifetimeMs: number; profileDir: string | null }, ServerEvent>;
type ClientChild = Child<ClientCommand, ClientEvent>;
type BaselineChild = Child<BaselineCommand | { type: 'init'; maxLifetimeMs: number }, BaselineEvent>;

// ---------------------------------------------------------------- HTTP

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function http<T>(origin: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const url = new URL(path, origin);
  if (url.hostname !== '127.0.0.1') throw new Error(`refusing to talk to ${url.hostname}: the bench stays on 127.0.0.1`);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolveHttp, rejectHttp) => {
    const outgoing = httpRequest(
      url,
      {
        method,
        agent,
        timeout: 30_000,
        headers: { ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text.length > 0 ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          resolveHttp({ status: response.statusCode ?? 0, body: parsed as T });
        });
        response.on('error', rejectHttp);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${path}: timed out`)));
    outgoing.on('error', rejectHttp);
    outgoing.end(payload);
  });
}

async function inParallel<T>(count: number, concurrency: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, () => lane()));
  return results;
}

// ---------------------------------------------------------------- statistics

/** Nearest-rank percentile of raw values. */
function percentile(values: readonly number[], p: number): number {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  return finite[Math.min(finite.length - 1, Math.max(0, Math.ceil(p * finite.length) - 1))] ?? Number.NaN;
}

type Summary = { p50Ms: number; p99Ms: number; maxMs: number; meanMs: number; samples: number };

function summarize(values: readonly number[]): Summary {
  const finite = values.filter((value) => Number.isFinite(value));
  return {
    p50Ms: round2(percentile(finite, 0.5)),
    p99Ms: round2(percentile(finite, 0.99)),
    maxMs: round2(finite.length > 0 ? Math.max(...finite) : Number.NaN),
    meanMs: round2(finite.length > 0 ? finite.reduce((sum, value) => sum + value, 0) / finite.length : Number.NaN),
    samples: finite.length,
  };
}

function summarizeHistogram(histogram: Histogram): Summary {
  return {
    p50Ms: round2(histogram.percentile(0.5)),
    p99Ms: round2(histogram.percentile(0.99)),
    maxMs: round2(histogram.count > 0 ? histogram.max : Number.NaN),
    meanMs: round2(histogram.count > 0 ? histogram.sum / histogram.count : Number.NaN),
    samples: histogram.count,
  };
}

function round2(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 100) / 100 : value;
}

function mergeHistograms(data: readonly HistogramData[]): Histogram {
  const merged = new Histogram();
  for (const entry of data) merged.merge(entry);
  return merged;
}

// ---------------------------------------------------------------- client fleet

type RoundMeasure = {
  round: number;
  at: number;
  /** Monotonic ms (see client-process.ts): the server's emit, the first and the last arrival over every client. */
  emitPrecise: number;
  firstArrival: number;
  lastArrival: number;
  publishMs: number;
  /** Server CPU time during the hand-off, and GC pauses inside it (Pitboss only). */
  cpuMs: number;
  gcMs: number;
  /** Last client receipt minus the precise emit time. */
  lastMs: number;
  firstMs: number;
  /** Max over clients of Date.now() − at (whole-ms clocks, as the issue words it). */
  lastDateNowMs: number;
  received: number;
  expected: number;
  complete: boolean;
};

class Fleet {
  readonly clients: ClientChild[] = [];
  sample: string | null = null;

  constructor(label: string, processCount: number, lifetimeMs: number) {
    for (let index = 0; index < processCount; index += 1) {
      const child: ClientChild = new Child(`${label}-client-${index}`, 'client-process.ts');
      child.onEvent = (event) => {
        if (event.type === 'seen' && event.kind === 'sample') {
          this.sample ??= event.sample ?? null;
          return true;
        }
        return false;
      };
      this.clients.push(child);
    }
    this.lifetimeMs = lifetimeMs;
  }

  readonly lifetimeMs: number;

  async ready(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.next('ready', 20_000)));
  }

  /** Spreads `count` connections (and tokens) over the workers; resolves when every worker is done trying. */
  async connect(url: string, count: number, tokens: string[] | null, concurrency: number): Promise<{ open: number; failed: number; failures: Record<string, number>; ms: number }> {
    const perProcess = splitEvenly(count, this.clients.length);
    let offset = 0;
    const replies = this.clients.map((client, index) => {
      const share = perProcess[index] ?? 0;
      const command: ClientCommand = {
        type: 'connect',
        processIndex: index,
        processCount: this.clients.length,
        url,
        tokens: tokens ? tokens.slice(offset, offset + share) : null,
        count: share,
        concurrency,
        maxLifetimeMs: this.lifetimeMs,
      };
      offset += share;
      return client.request(command, 'connected', 120_000);
    });
    const results = await Promise.all(replies);
    const failures: Record<string, number> = {};
    for (const result of results) for (const [reason, n] of Object.entries(result.failures)) failures[reason] = (failures[reason] ?? 0) + n;
    return {
      open: results.reduce((sum, result) => sum + result.open, 0),
      failed: results.reduce((sum, result) => sum + result.failed, 0),
      failures,
      ms: Math.max(...results.map((result) => result.ms)),
    };
  }

  /** Every worker's report that all its open connections saw `kind` of `round` (or a timeout). */
  async seen(kind: string, round: number, timeoutMs: number): Promise<{ reports: SeenReport[]; missing: number }> {
    const settled = await Promise.allSettled(
      this.clients.map((client) => client.next('seen', timeoutMs, (event) => event.kind === kind && event.round === round)),
    );
    const reports: SeenReport[] = [];
    let missing = 0;
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled') reports.push(outcome.value);
      else missing += 1;
    }
    return { reports, missing };
  }

  async storm(command: Extract<ClientCommand, { type: 'storm' }>, timeoutMs: number): Promise<StormReport[]> {
    const replies = this.clients.map((client) => client.next('storm-done', timeoutMs));
    for (const client of this.clients) client.send(command);
    return Promise.all(replies);
  }

  async finish(emitPrecise: Record<string, number>): Promise<Extract<ClientEvent, { type: 'final' }>[]> {
    return Promise.all(this.clients.map((client) => client.request({ type: 'finish', emitPrecise }, 'final', 30_000)));
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.clients.map(async (client) => {
        if (!client.alive) return;
        await client.request({ type: 'close-all', graceMs: 1_000 }, 'closed', 10_000).catch(() => undefined);
        await client.stop(null, 2_000);
      }),
    );
  }
}

function splitEvenly(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0));
}

/** One round's delivery; the latencies need the server's monotonic emit time (NaN until it is known). */
function measureRound(
  round: number,
  seen: { reports: SeenReport[]; missing: number },
  emit: { at: number; emitPrecise: number; publishMs: number; cpuMs?: number; gcMs?: number } | undefined,
): RoundMeasure {
  const reports = seen.reports;
  const received = reports.reduce((sum, report) => sum + report.count, 0);
  const expected = reports.reduce((sum, report) => sum + report.expected, 0);
  const measure: RoundMeasure = {
    round,
    at: emit?.at ?? reports[0]?.at ?? Number.NaN,
    emitPrecise: Number.NaN,
    firstArrival: reports.length > 0 ? Math.min(...reports.map((report) => report.first)) : Number.NaN,
    lastArrival: reports.length > 0 ? Math.max(...reports.map((report) => report.last)) : Number.NaN,
    publishMs: Number.NaN,
    cpuMs: Number.NaN,
    gcMs: Number.NaN,
    lastMs: Number.NaN,
    firstMs: Number.NaN,
    lastDateNowMs: reports.length > 0 ? Math.max(...reports.map((report) => report.maxDateNowLatency)) : Number.NaN,
    received,
    expected,
    complete: seen.missing === 0 && reports.every((report) => !report.partial) && received >= expected,
  };
  return emit ? withEmit(measure, emit) : measure;
}

function withEmit(measure: RoundMeasure, emit: { emitPrecise: number; publishMs: number; cpuMs?: number; gcMs?: number }): RoundMeasure {
  return {
    ...measure,
    emitPrecise: emit.emitPrecise,
    publishMs: emit.publishMs,
    cpuMs: emit.cpuMs ?? Number.NaN,
    gcMs: emit.gcMs ?? Number.NaN,
    lastMs: measure.lastArrival - emit.emitPrecise,
    firstMs: measure.firstArrival - emit.emitPrecise,
  };
}

// ---------------------------------------------------------------- profiles

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
type ProfileSummary = {
  phase: string;
  file: string;
  totalMs: number;
  byCategory: { category: string; ms: number; percent: number }[];
  topSelf: { function: string; ms: number; percent: number }[];
  topInclusive: { function: string; ms: number; percent: number }[];
};

function categoryOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'native/program';
  if (url.includes('/node_modules/ws/')) return 'ws';
  if (url.includes('/node_modules/better-sqlite3/')) return 'better-sqlite3';
  if (url.includes('/node_modules/zod/')) return 'zod';
  if (url.includes('/node_modules/@noble/')) return 'noble-hashes';
  if (url.includes('/src/main/tables/')) return 'src/main/tables';
  if (url.includes('/src/main/ledger/')) return 'src/main/ledger';
  if (url.includes('/src/main/server/')) return 'src/main/server';
  if (url.includes('/src/main/audit/')) return 'src/main/audit';
  if (url.includes('/src/')) return 'src (other)';
  if (url.includes('/bench/')) return 'bench instrumentation';
  if (url.startsWith('node:')) return 'node core';
  return url === '' ? `native (${functionName || 'anonymous'})` : 'other';
}

function frameLabel(frame: ProfileNode['callFrame']): string {
  const file = frame.url.replace(/^file:\/\//, '').replace(`${repositoryRoot}/`, '');
  return `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
}

function summarizeProfile(phase: string, file: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const total = [...selfUs.values()].reduce((sum, value) => sum + value, 0);
  const idle = [...selfUs].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((sum, [, value]) => sum + value, 0);
  const busy = Math.max(1, total - idle);
  const percentOfBusy = (us: number): number => Math.round((us / busy) * 1000) / 10;

  const categories = new Map<string, number>();
  const selfByLabel = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const category = categoryOf(node.callFrame);
    categories.set(category, (categories.get(category) ?? 0) + us);
    if (category === 'idle') continue;
    const label = frameLabel(node.callFrame);
    selfByLabel.set(label, (selfByLabel.get(label) ?? 0) + us);
  }
  // Inclusive: every sample counts once for each distinct function on its stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const labels = new Set<string>();
    for (let cursor: number | undefined = id, depth = 0; cursor !== undefined && depth < 500; cursor = parent.get(cursor), depth += 1) {
      const node = byId.get(cursor);
      if (!node || node.callFrame.functionName === '(root)' || node.callFrame.functionName === '(idle)') continue;
      labels.add(frameLabel(node.callFrame));
    }
    for (const label of labels) inclusive.set(label, (inclusive.get(label) ?? 0) + us);
  }
  const top = (map: Map<string, number>, count: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([label, us]) => ({ function: label, ms: Math.round(us / 100) / 10, percent: percentOfBusy(us) }));
  return {
    phase,
    file,
    totalMs: Math.round(busy / 100) / 10,
    byCategory: [...categories]
      .filter(([category]) => category !== 'idle')
      .sort((a, b) => b[1] - a[1])
      .map(([category, us]) => ({ category, ms: Math.round(us / 100) / 10, percent: percentOfBusy(us) })),
    topSelf: top(selfByLabel, 15),
    topInclusive: top(inclusive, 25),
  };
}

/** Which server code ran: the commit and any uncommitted changes under src/ (others work in this checkout too). */
function sourceState(): { commit: string; uncommittedSrc: string[] } | null {
  try {
    const git = (...args: string[]): string => execFileSync('git', ['-C', repositoryRoot, ...args], { encoding: 'utf8', timeout: 10_000 }).trim();
    const uncommittedSrc = git('status', '--porcelain', '--', 'src')
      .split('\n')
      .filter((line) => line.length > 0);
    return { commit: git('rev-parse', '--short', 'HEAD'), uncommittedSrc };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- machine load

/**
 * This run shares the machine: CPU that other processes take while a phase
 * is measured shows up as latency. Linux only (/proc); null elsewhere.
 */
type CpuMark = { at: number; busyTicks: number; ourTicks: number };

function readCpuMark(): CpuMark | null {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    const busyTicks = (fields[0] ?? 0) + (fields[1] ?? 0) + (fields[2] ?? 0) + (fields[5] ?? 0) + (fields[6] ?? 0) + (fields[7] ?? 0);
    let ourTicks = 0;
    for (const pid of [process.pid, ...[...children].map((child) => child.pid)]) {
      if (pid === undefined) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ourTicks += Number(after[11] ?? 0) + Number(after[12] ?? 0);
      } catch {
        // gone meanwhile
      }
    }
    return { at: clock(), busyTicks, ourTicks };
  } catch {
    return null;
  }
}

type MachineLoad = { phase: string; seconds: number; allCores: number; benchCores: number; otherCores: number; loadAverage1m: number };
const machineLoad: MachineLoad[] = [];

/** Measures `phase` from now until the returned function is called. */
function watchLoad(phase: string): () => void {
  const start = readCpuMark();
  return () => {
    const end = readCpuMark();
    if (!start || !end) return;
    const seconds = (end.at - start.at) / 1000;
    const ticksPerSecond = 100;
    const allCores = (end.busyTicks - start.busyTicks) / ticksPerSecond / seconds;
    const benchCores = (end.ourTicks - start.ourTicks) / ticksPerSecond / seconds;
    machineLoad.push({
      phase,
      seconds: round2(seconds),
      allCores: round2(allCores),
      benchCores: round2(benchCores),
      otherCores: round2(Math.max(0, allCores - benchCores)),
      loadAverage1m: round2(loadavg()[0] ?? 0),
    });
  };
}

// ---------------------------------------------------------------- the run

type TableReply = { table: { id: string; inviteUrl: string; round: { round: number } | null } };

async function main(): Promise<void> {
  const hardTimeout = setTimeout(() => {
    log(`hard timeout (${options.timeoutS} s): killing every child`);
    killAll();
    process.exit(2);
  }, options.timeoutS * 1000);
  const lifetimeMs = options.timeoutS * 1000 + 15_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-bench-'));
  temporaryDirs.add(dataDir);
  const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'pitboss-bench-profiles-')) : null;
  const N = options.players;
  const P = Math.min(options.clientProcesses, N);
  const k = options.betsPerPlayer;
  const R = options.rounds;
  const W = options.warmupRounds;
  log(`players ${N}, rounds ${R} (+${W} warm-up), bets/player ${k}, client processes ${P}, data ${dataDir}`);
  const source = sourceState();

  let pitbossFleet: Fleet | null = null;
  let baselineFleet: Fleet | null = null;
  let server: ServerChild | null = null;
  let baseline: BaselineChild | null = null;
  const profiles: ProfileSummary[] = [];

  try {
    // ------------------------------------------------------------ 1. server
    const serverChild: ServerChild = new Child('server', 'server-process.ts', ['--expose-gc']);
    server = serverChild;
    serverChild.send({ type: 'init', dataDir, staticDir: join(repositoryRoot, 'out/renderer'), maxLifetimeMs: lifetimeMs, profileDir });
    const ready = await serverChild.next('ready', 30_000);
    const origin = ready.origin;
    if (!origin.startsWith('http://127.0.0.1:')) throw new Error(`the server listens on ${origin}, not on 127.0.0.1`);
    const operatorHeaders = ready.operatorHeaders;
    log(`Pitboss at ${origin} (pid ${ready.pid}, node ${ready.node})`);

    const created = await http<TableReply>(
      origin,
      'POST',
      '/api/operator/tables',
      {
        name: 'Bench roulette',
        game: 'roulette-eu',
        minBetMinor: 100,
        maxSpotMinor: 50_000,
        maxRoundMinor: 200_000,
        joinCreditMinor: 100_000,
        autoCycle: false,
      },
      operatorHeaders,
    );
    if (created.status !== 201) throw new Error(`create table: ${created.status} ${JSON.stringify(created.body)}`);
    const tableId = created.body.table.id;
    const invite = new URL(created.body.table.inviteUrl).hash.replace('#invite=', '');
    await serverChild.request({ type: 'instrument-table', tableId }, 'instrumented');
    const act = async (action: string): Promise<TableReply> => {
      const reply = await http<TableReply>(origin, 'POST', `/api/operator/tables/${tableId}/actions`, { action }, operatorHeaders);
      if (reply.status !== 200) throw new Error(`${action}: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body;
    };
    const memory = async (child: ServerChild): Promise<Extract<ServerEvent, { type: 'memory' }>> => child.request({ type: 'memory', gc: true }, 'memory');
    const memoryBeforeJoin = await memory(serverChild);

    // ------------------------------------------------------------ 2. players
    serverChild.send({ type: 'phase', name: 'join' });
    const joinStarted = clock();
    const tokens = await inParallel(N, options.joinConcurrency, async (index) => {
      const reply = await http<{ token: string }>(origin, 'POST', '/api/join', { invite, name: `p${index}` });
      if (reply.status !== 201) throw new Error(`join ${index}: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body.token;
    });
    const joinMs = clock() - joinStarted;
    log(`${N} players joined in ${(joinMs / 1000).toFixed(1)} s (${Math.round(N / (joinMs / 1000))}/s)`);
    const memoryBeforeConnect = await memory(serverChild);

    serverChild.send({ type: 'phase', name: 'connect' });
    const pitbossClients = new Fleet('pitboss', P, lifetimeMs);
    pitbossFleet = pitbossClients;
    await pitbossClients.ready();
    const wsOrigin = origin.replace(/^http/, 'ws');
    const connected = await pitbossClients.connect(`${wsOrigin}/ws/player`, N, tokens, options.connectConcurrency);
    log(`${connected.open}/${N} players connected in ${(connected.ms / 1000).toFixed(1)} s${connected.failed > 0 ? `, failures ${JSON.stringify(connected.failures)}` : ''}`);
    if (connected.open < N) throw new Error(`only ${connected.open} of ${N} players connected: ${JSON.stringify(connected.failures)}`);
    // Quiet: every player seated and every queued byte handed to the kernel.
    let gatewayAfterConnect: Extract<ServerEvent, { type: 'stats' }>['gateway'] | null = null;
    for (let attempt = 0; attempt < 60; attempt += 1) {
      const stats = await serverChild.request({ type: 'stats' }, 'stats');
      gatewayAfterConnect = stats.gateway;
      if (stats.gateway.players >= N && stats.gateway.bufferedBytes === 0 && stats.gateway.lagging === 0) break;
      await sleep(250);
    }
    await sleep(1_000);
    const memoryConnected = await memory(serverChild);
    const kibPerPlayer = (memoryConnected.memory.rss - memoryBeforeConnect.memory.rss) / N / 1024;
    log(`server RSS ${(memoryBeforeConnect.memory.rss / 2 ** 20).toFixed(0)} → ${(memoryConnected.memory.rss / 2 ** 20).toFixed(0)} MiB: ${kibPerPlayer.toFixed(2)} KiB per connected player`);

    // ------------------------------------------------------------ 3. broadcast rounds
    serverChild.send({ type: 'phase', name: 'broadcast' });
    if (options.profile) serverChild.send({ type: 'profile-start', name: 'broadcast' });
    const broadcastLoad = watchLoad('pitboss broadcast rounds');
    const waitMs = 20_000;
    const pitbossRounds: RoundMeasure[] = [];
    const measuredRounds = new Set<number>();
    const broadcastStarted = clock();
    for (let index = 0; index < W + R; index += 1) {
      const opened = await act('open');
      const round = opened.table.round?.round ?? 0;
      await pitbossClients.seen('round.opened', round, waitMs);
      await act('close');
      await pitbossClients.seen('round.closed', round, waitMs);
      await sleep(options.roundGapMs);
      await act('spin');
      const [result] = await Promise.all([pitbossClients.seen('round.result', round, waitMs), pitbossClients.seen('round.settled', round, waitMs)]);
      pitbossRounds.push(measureRound(round, result, undefined));
      if (index >= W) measuredRounds.add(round);
      if ((index + 1) % 20 === 0) log(`Pitboss round ${index + 1}/${W + R}`);
    }
    const broadcastMs = clock() - broadcastStarted;
    broadcastLoad();
    if (options.profile) profiles.push(summarizeProfile('broadcast', (await serverChild.request({ type: 'profile-stop', name: 'broadcast' }, 'profile')).file));

    // ------------------------------------------------------------ 4. storm + settlement
    serverChild.send({ type: 'phase', name: 'storm' });
    const stormOpen = await act('open');
    const stormRound = stormOpen.table.round?.round ?? 0;
    await pitbossClients.seen('round.opened', stormRound, waitMs);
    await sleep(200);
    if (options.profile) serverChild.send({ type: 'profile-start', name: 'storm' });
    const stormLoad = watchLoad('storm');
    const stormTimeoutMs = 30_000;
    const stormStartAt = clock() + 300;
    log(`storm: ${N}×${k} bets over ${options.stormWindowMs} ms in round ${stormRound}`);
    const stormReports = await pitbossClients.storm(
      {
        type: 'storm',
        round: stormRound,
        startAt: stormStartAt,
        windowMs: options.stormWindowMs,
        betsPerPlayer: k,
        amountMinor: 100,
        spots: ['red', 'black', 'odd', 'even', 'dozen:2', 'column:3', 'straight:17', 'split:0-1', 'corner:1-2-4-5', 'low', 'high'],
        timeoutMs: stormTimeoutMs,
      },
      options.stormWindowMs + stormTimeoutMs + 10_000,
    );
    stormLoad();
    if (options.profile) profiles.push(summarizeProfile('storm', (await serverChild.request({ type: 'profile-stop', name: 'storm' }, 'profile')).file));
    const committed = await serverChild.request({ type: 'count-bets', tableId, round: stormRound }, 'bets');
    const stormStats = await serverChild.request({ type: 'stats' }, 'stats');
    log(`storm: ${stormReports.reduce((sum, report) => sum + report.acked, 0)} acked, ${committed.committed} committed (synchronous=${committed.synchronous}, journal ${committed.journalMode})`);

    serverChild.send({ type: 'phase', name: 'settle' });
    // Everything the storm queued towards the clients drains before the draw is timed.
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const stats = await serverChild.request({ type: 'stats' }, 'stats');
      if (stats.gateway.bufferedBytes === 0 && stats.gateway.lagging === 0) break;
      await sleep(250);
    }
    await act('close');
    await pitbossClients.seen('round.closed', stormRound, waitMs);
    await sleep(500);
    if (options.profile) serverChild.send({ type: 'profile-start', name: 'settle' });
    await act('spin');
    const [stormResultSeen, stormSettledSeen] = await Promise.all([
      pitbossClients.seen('round.result', stormRound, 60_000),
      pitbossClients.seen('round.settled', stormRound, 60_000),
    ]);
    if (options.profile) profiles.push(summarizeProfile('settle', (await serverChild.request({ type: 'profile-stop', name: 'settle' }, 'profile')).file));
    serverChild.send({ type: 'phase', name: 'after' });
    const finalStats = await serverChild.request({ type: 'stats' }, 'stats');
    const clientStats = await Promise.all(pitbossClients.clients.map((client) => client.request({ type: 'stats' }, 'stats')));
    // The server's own /metrics, for cross-checking (absent on builds without it).
    const scraped = await http<string>(origin, 'GET', '/metrics', undefined, operatorHeaders).catch(() => null);
    const serverMetrics =
      scraped?.status === 200 && typeof scraped.body === 'string'
        ? scraped.body.split('\n').filter((line) => line.startsWith('pitboss_') && !line.includes('_bucket{')).slice(0, 200)
        : null;

    // Precise emit times of every round, from the server's own instrumentation.
    const emits = new Map<string, RoundEmit>(finalStats.rounds.map((emit) => [`${emit.kind}:${emit.round}`, emit]));
    // The server's emit times arrive at the end: the per-round latencies are computed now.
    const pitbossMeasured = pitbossRounds
      .filter((measure) => measuredRounds.has(measure.round))
      .map((measure) => {
        const emit = emits.get(`round.result:${measure.round}`);
        return emit ? withEmit(measure, emit) : measure;
      });
    const pitbossFinal = await pitbossClients.finish(Object.fromEntries(pitbossMeasured.map((measure) => [String(measure.round), measure.emitPrecise])));
    const stormResultEmit = emits.get(`round.result:${stormRound}`);
    const stormSettledEmit = emits.get(`round.settled:${stormRound}`);
    const payloadSample = pitbossClients.sample;

    // ------------------------------------------------------------ 5. stop Pitboss
    // Everyone hangs up first: what RSS stays is memory the process kept, not per-player state.
    await pitbossClients.stop();
    pitbossFleet = null;
    for (let attempt = 0; attempt < 40; attempt += 1) {
      if ((await memory(serverChild)).memory.players === 0) break;
      await sleep(250);
    }
    await sleep(1_000);
    const memoryAfterDisconnect = await memory(serverChild);
    await serverChild.stop({ type: 'stop' }, 20_000);
    const serverPhases: PhaseStats[] = finalStats.phases;
    log('Pitboss stopped');

    // ------------------------------------------------------------ 6. baseline
    if (!payloadSample) throw new Error('no round.result sample was captured for the baseline');
    const baselineChild: BaselineChild = new Child('baseline', 'baseline-server.ts', ['--expose-gc']);
    baseline = baselineChild;
    baselineChild.send({ type: 'init', maxLifetimeMs: lifetimeMs });
    const baselineReady = await baselineChild.next('ready', 30_000);
    if (!baselineReady.url.startsWith('ws://127.0.0.1:')) throw new Error(`baseline at ${baselineReady.url}`);
    const baselineMemoryBefore = await baselineChild.request({ type: 'memory', gc: true }, 'memory');
    const baselineClients = new Fleet('baseline', P, lifetimeMs);
    baselineFleet = baselineClients;
    await baselineClients.ready();
    const baselineConnected = await baselineClients.connect(baselineReady.url, N, null, options.connectConcurrency);
    if (baselineConnected.open < N) throw new Error(`baseline: only ${baselineConnected.open} of ${N} connected: ${JSON.stringify(baselineConnected.failures)}`);
    await sleep(1_000);
    const baselineMemoryAfter = await baselineChild.request({ type: 'memory', gc: true }, 'memory');
    baselineChild.send({ type: 'payload', template: payloadSample });
    log(`baseline at ${baselineReady.url}: ${baselineConnected.open} clients, payload ${Buffer.byteLength(payloadSample)} bytes`);
    const baselineRounds: RoundMeasure[] = [];
    const baselineLoad = watchLoad('baseline broadcast rounds');
    const baselineMeasured = new Set<number>();
    for (let index = 0; index < W + R; index += 1) {
      const round = index + 1;
      await sleep(options.roundGapMs);
      const seen = baselineClients.seen('round.result', round, waitMs);
      const sent = await baselineChild.request({ type: 'broadcast', round }, 'broadcasted');
      const measure = measureRound(round, await seen, sent);
      baselineRounds.push(measure);
      if (index >= W) baselineMeasured.add(round);
    }
    baselineLoad();
    const baselineMeasuredRounds = baselineRounds.filter((measure) => baselineMeasured.has(measure.round));
    const baselineFinal = await baselineClients.finish(Object.fromEntries(baselineMeasuredRounds.map((measure) => [String(measure.round), measure.emitPrecise])));
    await baselineChild.stop({ type: 'stop' }, 5_000);
    await baselineClients.stop();
    baselineFleet = null;
    log('baseline stopped');

    // ------------------------------------------------------------ 7. figures
    const broadcast = summarize(pitbossMeasured.map((measure) => measure.lastMs));
    const broadcastDateNow = summarize(pitbossMeasured.map((measure) => measure.lastDateNowMs));
    const baselineSummary = summarize(baselineMeasuredRounds.map((measure) => measure.lastMs));
    const baselineDateNow = summarize(baselineMeasuredRounds.map((measure) => measure.lastDateNowMs));
    const perClient = summarizeHistogram(mergeHistograms(pitbossFinal.map((entry) => entry.resultLatency)));
    const baselinePerClient = summarizeHistogram(mergeHistograms(baselineFinal.map((entry) => entry.resultLatency)));
    const ratioP99 = broadcast.p99Ms / baselineSummary.p99Ms;
    const ratioP50 = broadcast.p50Ms / baselineSummary.p50Ms;
    const publishOf = (publish: PublishStats, kind: string): PublishSummary => {
      const entry = publish[kind];
      return entry
        ? {
            count: entry.count,
            meanMs: round2(entry.totalMs / entry.count),
            meanCpuMs: round2(entry.cpuMs / entry.count),
            maxMs: round2(entry.maxMs),
            meanBytes: Math.round(entry.bytes / entry.count),
            maxBytes: entry.maxBytes,
          }
        : { count: 0, meanMs: Number.NaN, meanCpuMs: Number.NaN, maxMs: Number.NaN, meanBytes: 0, maxBytes: 0 };
    };
    const pitbossResultPublish = summarize(pitbossMeasured.map((measure) => measure.publishMs));
    const pitbossCpu = summarize(pitbossMeasured.map((measure) => measure.cpuMs));
    const baselineCpu = summarize(baselineMeasuredRounds.map((measure) => measure.cpuMs));
    const baselinePublish = summarize(baselineMeasuredRounds.map((measure) => measure.publishMs));
    const settledPublish = summarize(
      pitbossMeasured.map((measure) => emits.get(`round.settled:${measure.round}`)?.publishMs ?? Number.NaN),
    );
    const settledGap = summarize(
      pitbossMeasured.map((measure) => (emits.get(`round.settled:${measure.round}`)?.emitPrecise ?? Number.NaN) - measure.emitPrecise),
    );

    const stormAck = mergeHistograms(stormReports.map((report) => report.ack));
    const stormSendLag = mergeHistograms(stormReports.map((report) => report.sendLag));
    const sent = stormReports.reduce((sum, report) => sum + report.sent, 0);
    const planned = stormReports.reduce((sum, report) => sum + report.planned, 0);
    const acked = stormReports.reduce((sum, report) => sum + report.acked, 0);
    const lost = stormReports.reduce((sum, report) => sum + report.lost, 0);
    const stormErrors: Record<string, number> = {};
    for (const report of stormReports) for (const [code, n] of Object.entries(report.errors)) stormErrors[code] = (stormErrors[code] ?? 0) + n;
    const firstSend = Math.min(...stormReports.map((report) => report.firstSend));
    const lastSend = Math.max(...stormReports.map((report) => report.lastSend));
    const lastAck = Math.max(...stormReports.map((report) => report.lastAck));
    const betsPerSec = acked / ((lastAck - firstSend) / 1000);
    const ackTimeline: number[] = [];
    for (const report of stormReports) {
      Array.from(report.ackTimeline, (n) => n ?? 0).forEach((n, bucket) => (ackTimeline[bucket] = (ackTimeline[bucket] ?? 0) + n));
    }
    const stormSummary = summarizeHistogram(stormAck);
    const flush: FlushStats = stormStats.flush;
    const flushDuration = Histogram.from(flush.duration);
    const flushBatch = Histogram.from(flush.batch);
    const serverAck = Histogram.from(flush.serverAck);
    const stormPhase = serverPhases.find((phase) => phase.name === 'storm');

    const settleMs =
      stormResultEmit && stormSettledEmit
        ? stormSettledEmit.at - stormResultEmit.at
        : (stormSettledSeen.reports[0]?.at ?? Number.NaN) - (stormResultSeen.reports[0]?.at ?? Number.NaN);
    const settlePrecise = stormResultEmit && stormSettledEmit ? stormSettledEmit.emitPrecise - stormResultEmit.emitPrecise : Number.NaN;
    const stormSpin = finalStats.spins.find((spin) => spin.round === stormRound);
    const settleMeasure = measureRound(stormRound, stormResultSeen, stormResultEmit);

    const baselineKib = (baselineMemoryAfter.memory.rss - baselineMemoryBefore.memory.rss) / N / 1024;
    const allAcked = acked === planned && planned === N * k && lost === 0 && Object.keys(stormErrors).length === 0;
    const committedMatches = committed.committed === acked && committed.withStakeTransfer === committed.committed;
    const verdict = {
      broadcast: ratioP99 <= targets.broadcastRatioP99,
      storm: allAcked && committedMatches && committed.synchronous === 2 && stormSummary.p99Ms <= targets.stormAckP99Ms && N * k >= targets.stormBets,
      settle: settleMs <= targets.settleMs && committed.committed >= targets.settleBets,
      memory: kibPerPlayer <= targets.kibPerPlayer,
    };

    const results = {
      timestamp: new Date().toISOString(),
      source,
      runSeconds: round2((clock() - runStarted) / 1000),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? '?',
        memoryGiB: round2(totalmem() / 2 ** 30),
        platform: `${platform()} ${release()}`,
        node: process.version,
        dataDir: 'os.tmpdir() (same filesystem as the checkout here)',
        /** CPU used by processes outside this bench while each phase ran: the clients share the machine with them. */
        load: machineLoad,
      },
      parameters: {
        players: N,
        rounds: R,
        warmupRounds: W,
        betsPerPlayer: k,
        clientProcesses: P,
        stormWindowMs: options.stormWindowMs,
        roundGapMs: options.roundGapMs,
        joinConcurrency: options.joinConcurrency,
        connectConcurrency: options.connectConcurrency,
        raisedLimits: {
          joinRateLimit: { ratePerSecond: 1_000_000, burst: 1_000_000 },
          joinLimits: { joinsPerAddressPerDay: 1_000_000, joinsPerInvitePerDay: 1_000_000, joinCreditsPerAddressPerDay: 1_000_000, joinCreditsPerInvitePerDay: 1_000_000 },
          gatewayLimits: { upgradesPerSecond: 1_000_000, upgradeBurst: 1_000_000 },
          edgeLimits: { maxConnectionsPerAddress: 1_000_000, maxPendingHandshakesPerAddress: 1_000_000 },
          note: 'per-address limits only (every client is 127.0.0.1); per-connection message limits and buffer limits are the product defaults',
        },
      },
      targets,
      pass: verdict,
      broadcast: {
        ...broadcast,
        definition: 'per round: last of N clients to receive round.result, minus the server emit time, both read from CLOCK_MONOTONIC (process.hrtime, one clock for every process on this machine); p50/p99/max over rounds',
        dateNowBased: broadcastDateNow,
        perClient,
        perClientDateNowBased: summarizeHistogram(mergeHistograms(pitbossFinal.map((entry) => entry.resultLatencyAtBased))),
        firstClient: summarize(pitbossMeasured.map((measure) => measure.firstMs)),
        serverPublishMs: pitbossResultPublish,
        serverPublishCpuMs: pitbossCpu,
        serverPublishGcMs: summarize(pitbossMeasured.map((measure) => measure.gcMs)),
        settledPublishMs: settledPublish,
        settledEmittedAfterResultMs: settledGap,
        incompleteRounds: pitbossMeasured.filter((measure) => !measure.complete).length,
        payloadBytes: Buffer.byteLength(payloadSample),
        ratioP99: round2(ratioP99),
        ratioP50: round2(ratioP50),
        /** Server main-thread CPU per round.result hand-off, Pitboss over bare ws (p50): insensitive to the scheduling noise of a shared machine. */
        cpuRatioP50: round2(pitbossCpu.p50Ms / baselineCpu.p50Ms),
        phaseSeconds: round2(broadcastMs / 1000),
      },
      baseline: {
        ...baselineSummary,
        dateNowBased: baselineDateNow,
        perClient: baselinePerClient,
        perClientDateNowBased: summarizeHistogram(mergeHistograms(baselineFinal.map((entry) => entry.resultLatencyAtBased))),
        firstClient: summarize(baselineMeasuredRounds.map((measure) => measure.firstMs)),
        serverPublishMs: baselinePublish,
        serverPublishCpuMs: baselineCpu,
        incompleteRounds: baselineMeasuredRounds.filter((measure) => !measure.complete).length,
        kibPerClient: round2(baselineKib),
      },
      storm: {
        betsPerSec: Math.round(betsPerSec),
        ackP50Ms: stormSummary.p50Ms,
        ackP99Ms: stormSummary.p99Ms,
        ackMaxMs: stormSummary.maxMs,
        ackMeanMs: stormSummary.meanMs,
        planned,
        sent,
        acked,
        lost,
        errors: stormErrors,
        committed: committed.committed,
        committedWithStakeTransfer: committed.withStakeTransfer,
        committedStakeMinor: committed.stakeMinor,
        allAckedCommitted: committedMatches,
        synchronous: committed.synchronous === 2 ? 'FULL' : String(committed.synchronous),
        journalMode: committed.journalMode,
        sendSpanMs: round2(lastSend - firstSend),
        firstSendToLastAckMs: round2(lastAck - firstSend),
        clientSendLagP99Ms: round2(stormSendLag.percentile(0.99)),
        serverAckMs: summarizeHistogram(serverAck),
        groupCommit: {
          flushes: flush.flushes,
          operations: flush.operations,
          batchP50: round2(flushBatch.percentile(0.5)),
          batchMax: flush.maxBatch,
          flushP50Ms: round2(flushDuration.percentile(0.5)),
          flushP99Ms: round2(flushDuration.percentile(0.99)),
          flushMaxMs: round2(flushDuration.max),
          flushTotalMs: round2(flushDuration.sum),
          flushCpuTotalMs: round2(flush.cpuMs),
        },
        serverCpuPercent: stormPhase ? round2(((stormPhase.cpuUserMs + stormPhase.cpuSystemMs) / stormPhase.wallMs) * 100) : null,
        serverLoopDelayMaxMs: stormPhase ? round2(stormPhase.loopDelayMaxMs) : null,
        activityPublish: {
          'bets.placed': publishOf(stormStats.publish, 'bets.placed'),
          'seed.recorded': publishOf(stormStats.publish, 'seed.recorded'),
        },
        ackTimeline50ms: Array.from(ackTimeline, (n) => n ?? 0),
      },
      settle: {
        ms: settleMs,
        preciseMs: round2(settlePrecise),
        bets: committed.committed,
        definition: 'round.settled.at − round.result.at of the storm round (server clock); includes the round.result broadcast to every player, the settlement transaction (ledger transfers + payouts + audit record, one fsync)',
        resultPublishMs: round2(stormResultEmit?.publishMs ?? Number.NaN),
        resultBytes: stormResultEmit?.bytes ?? 0,
        resultPublishCpuMs: round2(stormResultEmit?.cpuMs ?? Number.NaN),
        settleWorkMs: round2(settlePrecise - (stormResultEmit?.publishMs ?? 0)),
        /** Main-thread CPU from the end of the round.result hand-off to the emit of round.settled: the settlement itself. */
        settleWorkCpuMs: round2(stormResultEmit && stormSettledEmit ? stormSettledEmit.cpuAtStart - stormResultEmit.cpuAtEnd : Number.NaN),
        /** What settle.ms would be on an otherwise idle core: main-thread CPU from round.result's emit to round.settled's. */
        cpuMs: round2(stormResultEmit && stormSettledEmit ? stormSettledEmit.cpuAtStart - stormResultEmit.cpuAtStart : Number.NaN),
        settledPublishMs: round2(stormSettledEmit?.publishMs ?? Number.NaN),
        spinTotalMs: round2(stormSpin?.ms ?? Number.NaN),
        spinCpuMs: round2(stormSpin?.cpuMs ?? Number.NaN),
        resultLastClientMs: round2(settleMeasure.lastMs),
      },
      memory: {
        kibPerPlayer: round2(kibPerPlayer),
        rssBeforeJoinMiB: round2(memoryBeforeJoin.memory.rss / 2 ** 20),
        rssBeforeConnectMiB: round2(memoryBeforeConnect.memory.rss / 2 ** 20),
        rssConnectedMiB: round2(memoryConnected.memory.rss / 2 ** 20),
        heapUsedBeforeConnectMiB: round2(memoryBeforeConnect.memory.heapUsed / 2 ** 20),
        heapUsedConnectedMiB: round2(memoryConnected.memory.heapUsed / 2 ** 20),
        heapTotalBeforeConnectMiB: round2(memoryBeforeConnect.memory.heapTotal / 2 ** 20),
        heapTotalConnectedMiB: round2(memoryConnected.memory.heapTotal / 2 ** 20),
        externalBeforeConnectMiB: round2(memoryBeforeConnect.memory.external / 2 ** 20),
        externalConnectedMiB: round2(memoryConnected.memory.external / 2 ** 20),
        liveHeapKibPerPlayer: round2((memoryConnected.memory.heapUsed - memoryBeforeConnect.memory.heapUsed) / N / 1024),
        rssAfterEveryoneLeftMiB: round2(memoryAfterDisconnect.memory.rss / 2 ** 20),
        heapUsedAfterEveryoneLeftMiB: round2(memoryAfterDisconnect.memory.heapUsed / 2 ** 20),
        kibPerPlayerIncludingJoin: round2((memoryConnected.memory.rss - memoryBeforeJoin.memory.rss) / N / 1024),
        gcBeforeSampling: memoryConnected.gcAvailable,
        baselineKibPerClient: round2(baselineKib),
      },
      setup: {
        joinSeconds: round2(joinMs / 1000),
        connectSeconds: round2(connected.ms / 1000),
        gatewayAfterConnect,
        gatewayAtEnd: finalStats.gateway,
        clientCloses: mergeRecords(clientStats.map((entry) => entry.stats.closes)),
        clientErrors: mergeRecords(clientStats.map((entry) => entry.stats.errors)),
        framesToClients: mergeFrames(clientStats.map((entry) => entry.stats.frames)),
      },
      server: {
        phases: serverPhases.map((phase) => ({
          ...phase,
          wallMs: round2(phase.wallMs),
          cpuUserMs: round2(phase.cpuUserMs),
          cpuSystemMs: round2(phase.cpuSystemMs),
          loopDelayP99Ms: round2(phase.loopDelayP99Ms),
          loopDelayMaxMs: round2(phase.loopDelayMaxMs),
        })),
        publish: Object.fromEntries(Object.keys(finalStats.publish).map((kind) => [kind, publishOf(finalStats.publish, kind)])),
      },
      rounds: {
        pitboss: pitbossMeasured.map((measure) => ({
          round: measure.round,
          lastMs: round2(measure.lastMs),
          publishMs: round2(measure.publishMs),
          cpuMs: round2(measure.cpuMs),
          gcMs: round2(measure.gcMs),
        })),
        baseline: baselineMeasuredRounds.map((measure) => ({
          round: measure.round,
          lastMs: round2(measure.lastMs),
          publishMs: round2(measure.publishMs),
          cpuMs: round2(measure.cpuMs),
        })),
      },
      serverMetrics,
      profiles,
      profileDir,
      notes: [] as string[],
    };
    results.notes = closingNotes(results);
    results.runSeconds = round2((clock() - runStarted) / 1000);

    mkdirSync(options.out, { recursive: true });
    writeFileSync(join(options.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(join(options.out, 'results.svg'), chart(results));
    printTable(results);
    clearTimeout(hardTimeout);
  } finally {
    await Promise.allSettled([
      pitbossFleet?.stop(),
      baselineFleet?.stop(),
      server?.stop({ type: 'stop' }, 10_000),
      baseline?.stop({ type: 'stop' }, 3_000),
    ]);
    killAll();
    agent.destroy();
    rmSync(dataDir, { recursive: true, force: true });
    if (profileDir && readdirSync(profileDir).length === 0) rmSync(profileDir, { recursive: true, force: true });
  }
}

function mergeRecords(records: Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const record of records) for (const [key, n] of Object.entries(record)) merged[key] = (merged[key] ?? 0) + n;
  return merged;
}

function mergeFrames(records: Record<string, { count: number; bytes: number }>[]): Record<string, { count: number; mib: number }> {
  const merged: Record<string, { count: number; bytes: number }> = {};
  for (const record of records) {
    for (const [key, entry] of Object.entries(record)) {
      const into = merged[key] ?? { count: 0, bytes: 0 };
      into.count += entry.count;
      into.bytes += entry.bytes;
      merged[key] = into;
    }
  }
  return Object.fromEntries(Object.entries(merged).map(([key, entry]) => [key, { count: entry.count, mib: round2(entry.bytes / 2 ** 20) }]));
}

// ---------------------------------------------------------------- report

type PublishSummary = { count: number; meanMs: number; meanCpuMs: number; maxMs: number; meanBytes: number; maxBytes: number };

type Results = {
  runSeconds: number;
  machine: { load: MachineLoad[] };
  parameters: { players: number; rounds: number; betsPerPlayer: number; clientProcesses: number; stormWindowMs: number };
  pass: { broadcast: boolean; storm: boolean; settle: boolean; memory: boolean };
  broadcast: Summary & {
    dateNowBased: Summary;
    perClient: Summary;
    serverPublishMs: Summary;
    serverPublishCpuMs: Summary;
    serverPublishGcMs: Summary;
    settledPublishMs: Summary;
    settledEmittedAfterResultMs: Summary;
    ratioP99: number;
    ratioP50: number;
    cpuRatioP50: number;
    payloadBytes: number;
    incompleteRounds: number;
  };
  baseline: Summary & { dateNowBased: Summary; perClient: Summary; serverPublishMs: Summary; serverPublishCpuMs: Summary; incompleteRounds: number; kibPerClient: number };
  storm: {
    betsPerSec: number;
    ackP50Ms: number;
    ackP99Ms: number;
    ackMaxMs: number;
    planned: number;
    sent: number;
    acked: number;
    lost: number;
    errors: Record<string, number>;
    committed: number;
    allAckedCommitted: boolean;
    synchronous: string;
    firstSendToLastAckMs: number;
    clientSendLagP99Ms: number;
    serverAckMs: Summary;
    groupCommit: {
      flushes: number;
      operations: number;
      batchP50: number;
      batchMax: number;
      flushP50Ms: number;
      flushP99Ms: number;
      flushMaxMs: number;
      flushTotalMs: number;
      flushCpuTotalMs: number;
    };
    serverCpuPercent: number | null;
    serverLoopDelayMaxMs: number | null;
    activityPublish: Record<string, PublishSummary>;
    ackTimeline50ms: number[];
  };
  settle: {
    ms: number;
    preciseMs: number;
    cpuMs: number;
    bets: number;
    resultPublishMs: number;
    resultPublishCpuMs: number;
    resultBytes: number;
    settleWorkMs: number;
    settleWorkCpuMs: number;
    settledPublishMs: number;
    spinTotalMs: number;
    spinCpuMs: number;
  };
  memory: {
    kibPerPlayer: number;
    rssBeforeConnectMiB: number;
    rssConnectedMiB: number;
    rssAfterEveryoneLeftMiB: number;
    heapUsedBeforeConnectMiB: number;
    heapUsedConnectedMiB: number;
    heapTotalBeforeConnectMiB: number;
    heapTotalConnectedMiB: number;
    liveHeapKibPerPlayer: number;
    baselineKibPerClient: number;
  };
  rounds: { pitboss: { round: number; lastMs: number }[]; baseline: { round: number; lastMs: number }[] };
  profiles: ProfileSummary[];
  notes: string[];
};

const fmt = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/** What bounds each missed target, from the run's own instrumentation. */
function closingNotes(results: Results): string[] {
  const notes: string[] = [];
  const { broadcast, baseline, storm, settle, memory } = results;
  if (!results.pass.broadcast) {
    notes.push(
      `Broadcast p99 ${fmt(broadcast.p99Ms)} ms is ${fmt(broadcast.ratioP99, 2)}× the bare-ws baseline (${fmt(baseline.p99Ms)} ms); target ≤ ${targets.broadcastRatioP99}× (${fmt(baseline.p99Ms * targets.broadcastRatioP99)} ms), missed by ${fmt(broadcast.p99Ms - baseline.p99Ms * targets.broadcastRatioP99)} ms. ` +
        `The last client hears it right after the server's send loop ends, so the figure is the loop: hand-off of round.result to all sockets p50 ${fmt(broadcast.serverPublishMs.p50Ms)} / p99 ${fmt(broadcast.serverPublishMs.p99Ms)} ms ` +
        `(server CPU in it p50 ${fmt(broadcast.serverPublishCpuMs.p50Ms)} / p99 ${fmt(broadcast.serverPublishCpuMs.p99Ms)} ms, GC p99 ${fmt(broadcast.serverPublishGcMs.p99Ms)} ms) vs baseline ${fmt(baseline.serverPublishMs.p50Ms)} / ${fmt(baseline.serverPublishMs.p99Ms)} ms (CPU ${fmt(baseline.serverPublishCpuMs.p50Ms)} / ${fmt(baseline.serverPublishCpuMs.p99Ms)} ms); ` +
        `Pitboss then emits round.settled ${fmt(broadcast.settledEmittedAfterResultMs.p50Ms)} ms later (p50) and hands it to every socket too (${fmt(broadcast.settledPublishMs.p50Ms)} ms), which competes for the same two cores while clients are still reading round.result. ` +
        (broadcast.cpuRatioP50 <= targets.broadcastRatioP99
          ? `Per hand-off the server spends ${fmt(broadcast.cpuRatioP50, 2)}× the bare-ws CPU, so the gap is time the server was not running (four client processes and anything else on two cores), not extra work.`
          : `Per hand-off the server spends ${fmt(broadcast.cpuRatioP50, 2)}× the bare-ws CPU.`),
    );
  }
  if (!results.pass.storm) {
    const reasons: string[] = [];
    if (storm.acked < storm.planned) reasons.push(`${storm.planned - storm.acked} of ${storm.planned} bets not acknowledged (errors ${JSON.stringify(storm.errors)}, lost ${storm.lost})`);
    if (!storm.allAckedCommitted) reasons.push(`committed ${storm.committed} ≠ acked ${storm.acked}`);
    if (storm.planned < targets.stormBets) reasons.push(`this run planned ${storm.planned} bets, below the ${targets.stormBets} of the target (use the defaults)`);
    if (storm.ackP99Ms > targets.stormAckP99Ms) reasons.push(`ack p99 ${fmt(storm.ackP99Ms)} ms > ${targets.stormAckP99Ms} ms (by ${fmt(storm.ackP99Ms - targets.stormAckP99Ms)} ms)`);
    const seeds = storm.activityPublish['seed.recorded'];
    const placed = storm.activityPublish['bets.placed'];
    notes.push(
      `Storm: ${reasons.join('; ')}. Server side, a bet waits ${fmt(storm.serverAckMs.p50Ms)} ms p50 / ${fmt(storm.serverAckMs.p99Ms)} ms p99 from arrival to ack; ` +
        `${storm.groupCommit.flushes} group commits (batch p50 ${fmt(storm.groupCommit.batchP50, 0)}, max ${storm.groupCommit.batchMax}), flush p50 ${fmt(storm.groupCommit.flushP50Ms)} ms, p99 ${fmt(storm.groupCommit.flushP99Ms)} ms, ${fmt(storm.groupCommit.flushTotalMs, 0)} ms in all (${fmt(storm.groupCommit.flushCpuTotalMs, 0)} ms on CPU); ` +
        `server CPU ${fmt(storm.serverCpuPercent ?? Number.NaN, 0)} % of one core, event-loop delay up to ${fmt(storm.serverLoopDelayMaxMs ?? Number.NaN)} ms. ` +
        `Activity batches during the storm: seed.recorded ${seeds?.count ?? 0}× (mean ${fmt((seeds?.meanBytes ?? 0) / 1024)} KiB to every player, ${fmt(seeds?.meanMs ?? Number.NaN)} ms each, ${fmt(seeds?.meanCpuMs ?? Number.NaN)} on CPU), ` +
        `bets.placed ${placed?.count ?? 0}× (${fmt((placed?.meanBytes ?? 0) / 1024)} KiB, ${fmt(placed?.meanMs ?? Number.NaN)} ms each, ${fmt(placed?.meanCpuMs ?? Number.NaN)} on CPU); the event loop runs nothing else meanwhile, so bets queue behind them.`,
    );
  }
  if (!results.pass.settle) {
    const verdict =
      settle.ms > targets.settleMs
        ? `missed by ${fmt(settle.ms - targets.settleMs, 0)} ms`
        : `in time, but with fewer than the ${targets.settleBets} bets of the target`;
    notes.push(
      `Settlement of ${settle.bets} bets took ${fmt(settle.ms, 0)} ms (target ${targets.settleMs} ms, ${verdict}): ` +
        `round.result hand-off to every player ${fmt(settle.resultPublishMs)} ms (${fmt(settle.resultPublishCpuMs)} ms on CPU; a ${fmt(settle.resultBytes / 1024)} KiB frame, because its clientString lists every player's seed), ` +
        `then the settlement itself (one transaction: ${settle.bets} bets' ledger transfers, payouts, the audit record; one fsync) ${fmt(settle.settleWorkMs)} ms (${fmt(settle.settleWorkCpuMs)} ms on CPU). ` +
        `On an idle core the same work is ${fmt(settle.cpuMs, 0)} ms of CPU. spin() in all ${fmt(settle.spinTotalMs)} ms (${fmt(settle.spinCpuMs)} CPU) including round.settled and the private settlement messages.`,
    );
  }
  if (!results.pass.memory) {
    notes.push(
      `Memory: ${fmt(memory.kibPerPlayer, 2)} KiB RSS per connected player (target ${targets.kibPerPlayer}, over by ${fmt(memory.kibPerPlayer - targets.kibPerPlayer, 2)} KiB); ` +
        `live JS heap only ${fmt(memory.liveHeapKibPerPlayer, 2)} KiB per player (${fmt(memory.heapUsedBeforeConnectMiB)} → ${fmt(memory.heapUsedConnectedMiB)} MiB used, ${fmt(memory.heapTotalBeforeConnectMiB)} → ${fmt(memory.heapTotalConnectedMiB)} MiB committed); ` +
        `RSS ${fmt(memory.rssBeforeConnectMiB)} → ${fmt(memory.rssConnectedMiB)} MiB, and ${fmt(memory.rssAfterEveryoneLeftMiB)} MiB after every player left` +
        (memory.rssAfterEveryoneLeftMiB - memory.rssBeforeConnectMiB >= 0.5 * (memory.rssConnectedMiB - memory.rssBeforeConnectMiB)
          ? ' (so most of the growth is memory the process kept from the connect-time and round traffic, not per-player state); '
          : '; ') +
        `a bare ws server holds ${fmt(memory.baselineKibPerClient, 2)} KiB per client.`,
    );
  }
  for (const profile of results.profiles) {
    const top = profile.topSelf.slice(0, 5).map((entry) => `${entry.function} ${fmt(entry.percent)}%`).join('; ');
    const categories = profile.byCategory.slice(0, 6).map((entry) => `${entry.category} ${fmt(entry.percent)}%`).join(', ');
    notes.push(`Profile (${profile.phase}, ${fmt(profile.totalMs, 0)} ms busy): ${categories}. Top self time: ${top}.`);
  }
  const busy = results.machine.load.filter((entry) => entry.otherCores >= 0.2);
  if (busy.length > 0) {
    notes.push(
      `The machine was shared while measuring: other processes used ${busy.map((entry) => `${fmt(entry.otherCores, 2)} cores during ${entry.phase}`).join(', ')} ` +
        `(load average ${fmt(Math.max(...busy.map((entry) => entry.loadAverage1m)), 1)}), so latencies include time the bench was not scheduled; the server CPU figures do not.`,
    );
  }
  if (notes.length === 0) notes.push('Every target met.');
  return notes;
}

function printTable(results: Results): void {
  const { broadcast, baseline, storm, settle, memory } = results;
  const rows: [string, string, string, string, string][] = [
    ['Metric', 'Pitboss', 'Baseline (bare ws)', 'Target', 'Result'],
    ['Broadcast p50, last client (ms)', fmt(broadcast.p50Ms), fmt(baseline.p50Ms), '', `${fmt(broadcast.ratioP50, 2)}×`],
    ['Broadcast p99, last client (ms)', fmt(broadcast.p99Ms), fmt(baseline.p99Ms), `≤ ${targets.broadcastRatioP99}× baseline`, `${fmt(broadcast.ratioP99, 2)}× ${results.pass.broadcast ? 'PASS' : 'MISS'}`],
    ['Broadcast max, last client (ms)', fmt(broadcast.maxMs), fmt(baseline.maxMs), '', ''],
    ['Broadcast p99, Date.now()−at (ms)', fmt(broadcast.dateNowBased.p99Ms), fmt(baseline.dateNowBased.p99Ms), '', ''],
    ['Per-client p50 / p99 (ms)', `${fmt(broadcast.perClient.p50Ms)} / ${fmt(broadcast.perClient.p99Ms)}`, `${fmt(baseline.perClient.p50Ms)} / ${fmt(baseline.perClient.p99Ms)}`, '', ''],
    ['Server hand-off to all sockets p50 (ms)', fmt(broadcast.serverPublishMs.p50Ms), fmt(baseline.serverPublishMs.p50Ms), '', ''],
    [
      '  of it on CPU, p50 / p99 (ms)',
      `${fmt(broadcast.serverPublishCpuMs.p50Ms)} / ${fmt(broadcast.serverPublishCpuMs.p99Ms)}`,
      `${fmt(baseline.serverPublishCpuMs.p50Ms)} / ${fmt(baseline.serverPublishCpuMs.p99Ms)}`,
      '',
      `${fmt(broadcast.serverPublishCpuMs.p50Ms / baseline.serverPublishCpuMs.p50Ms, 2)}×`,
    ],
    ['Storm bets acked / planned', `${storm.acked} / ${storm.planned}`, '', `all, ≥ ${targets.stormBets}`, storm.acked === storm.planned && storm.planned >= targets.stormBets ? 'PASS' : 'MISS'],
    ['Storm bets committed (sync FULL)', `${storm.committed} (${storm.synchronous})`, '', '= acked', storm.allAckedCommitted ? 'PASS' : 'MISS'],
    ['Storm bets acknowledged per second', String(storm.betsPerSec), '', '', ''],
    ['Storm ack p50 / p99 (ms)', `${fmt(storm.ackP50Ms)} / ${fmt(storm.ackP99Ms)}`, '', `p99 ≤ ${targets.stormAckP99Ms}`, storm.ackP99Ms <= targets.stormAckP99Ms ? 'PASS' : 'MISS'],
    ['  server side: arrival → ack p50 / p99 (ms)', `${fmt(storm.serverAckMs.p50Ms)} / ${fmt(storm.serverAckMs.p99Ms)}`, '', '', ''],
    ['Settlement (ms, bets)', `${fmt(settle.ms, 0)} (${settle.bets})`, '', `≤ ${targets.settleMs}, ≥ ${targets.settleBets} bets`, results.pass.settle ? 'PASS' : 'MISS'],
    ['  of it on CPU (ms, main thread)', fmt(settle.cpuMs, 0), '', '', ''],
    ['RSS per connected player (KiB)', fmt(memory.kibPerPlayer, 2), fmt(memory.baselineKibPerClient, 2), `≤ ${targets.kibPerPlayer}`, results.pass.memory ? 'PASS' : 'MISS'],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]): string => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  const out: string[] = [];
  out.push('');
  out.push(
    `Pitboss bench — ${results.parameters.players} players, ${results.parameters.rounds} rounds, ${results.parameters.betsPerPlayer} bets/player, ${results.parameters.clientProcesses} client processes, ${results.runSeconds.toFixed(0)} s`,
  );
  out.push(line(rows[0]!));
  out.push(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows.slice(1)) out.push(line(row));
  out.push('');
  for (const note of results.notes) out.push(`• ${note}`);
  out.push('');
  out.push(`wrote ${join(options.out, 'results.json')} and ${join(options.out, 'results.svg')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------- chart (hand-drawn SVG)

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A "nice" axis maximum and tick step for values up to `max`. */
function niceScale(max: number, ticks = 5): { top: number; step: number } {
  const safe = Number.isFinite(max) && max > 0 ? max : 1;
  const rough = safe / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude);
  return { top: Math.ceil(safe / step) * step, step };
}

function chart(results: Results): string {
  const width = 1200;
  const height = 860;
  const parts: string[] = [];
  const text = (x: number, y: number, content: string, attributes = ''): void => {
    parts.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escapeXml(content)}</text>`);
  };
  const colors = { pitboss: '#2563eb', baseline: '#9ca3af', target: '#dc2626', pass: '#16a34a', miss: '#dc2626', grid: '#e5e7eb', axis: '#374151' };

  type Panel = { x: number; y: number; w: number; h: number };
  const frame = (panel: Panel, title: string, subtitle: string): { left: number; top: number; right: number; bottom: number } => {
    parts.push(`<rect x="${panel.x}" y="${panel.y}" width="${panel.w}" height="${panel.h}" fill="#ffffff" stroke="#d1d5db" rx="6"/>`);
    text(panel.x + 14, panel.y + 24, title, 'font-size="15" font-weight="600" fill="#111827"');
    text(panel.x + 14, panel.y + 42, subtitle, 'font-size="11" fill="#6b7280"');
    return { left: panel.x + 56, top: panel.y + 66, right: panel.x + panel.w - 16, bottom: panel.y + panel.h - 40 };
  };
  const yAxis = (area: { left: number; top: number; right: number; bottom: number }, top: number, step: number, unit: string): ((value: number) => number) => {
    const scale = (value: number): number => area.bottom - (Math.min(value, top) / top) * (area.bottom - area.top);
    for (let tick = 0; tick <= top + step / 2; tick += step) {
      const y = scale(tick);
      parts.push(`<line x1="${area.left}" y1="${y.toFixed(1)}" x2="${area.right}" y2="${y.toFixed(1)}" stroke="${colors.grid}"/>`);
      text(area.left - 6, y + 4, `${Number(tick.toPrecision(6))}`, 'font-size="10" fill="#6b7280" text-anchor="end"');
    }
    text(area.left - 6, area.top - 10, unit, 'font-size="10" fill="#6b7280" text-anchor="end"');
    parts.push(`<line x1="${area.left}" y1="${area.bottom}" x2="${area.right}" y2="${area.bottom}" stroke="${colors.axis}"/>`);
    return scale;
  };
  const legend = (x: number, y: number, entries: [string, string][]): void => {
    entries.forEach(([label, color], index) => {
      const lx = x + index * 130;
      parts.push(`<rect x="${lx}" y="${y - 9}" width="12" height="10" fill="${color}"/>`);
      text(lx + 17, y, label, 'font-size="11" fill="#374151"');
    });
  };

  const { broadcast, baseline, storm, settle, memory } = results;

  // Panel 1: broadcast summary, grouped bars.
  {
    const area = frame({ x: 20, y: 60, w: 560, h: 370 }, 'round.result: emit → LAST client received', `${results.parameters.players} clients, ${results.parameters.rounds} rounds; p50/p99/max over rounds; per-client p99 over every delivery`);
    const groups: [string, number, number][] = [
      ['p50', broadcast.p50Ms, baseline.p50Ms],
      ['p99', broadcast.p99Ms, baseline.p99Ms],
      ['max', broadcast.maxMs, baseline.maxMs],
      ['per-client p99', broadcast.perClient.p99Ms, baseline.perClient.p99Ms],
    ];
    const { top, step } = niceScale(Math.max(...groups.flatMap(([, a, b]) => [a, b]), baseline.p99Ms * targets.broadcastRatioP99) * 1.1);
    const scale = yAxis(area, top, step, 'ms');
    const groupWidth = (area.right - area.left) / groups.length;
    groups.forEach(([label, pitboss, bare], index) => {
      const gx = area.left + index * groupWidth;
      const barWidth = groupWidth * 0.3;
      for (const [offset, value, color] of [[0.17, pitboss, colors.pitboss], [0.53, bare, colors.baseline]] as const) {
        const x = gx + groupWidth * offset;
        const y = scale(Number.isFinite(value) ? value : 0);
        parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(area.bottom - y).toFixed(1)}" fill="${color}"/>`);
        text(x + barWidth / 2, y - 4, fmt(value), 'font-size="10" fill="#111827" text-anchor="middle"');
      }
      text(gx + groupWidth / 2, area.bottom + 16, label, 'font-size="11" fill="#374151" text-anchor="middle"');
    });
    const targetY = scale(baseline.p99Ms * targets.broadcastRatioP99);
    const p99x = area.left + groupWidth;
    parts.push(`<line x1="${p99x}" y1="${targetY.toFixed(1)}" x2="${p99x + groupWidth}" y2="${targetY.toFixed(1)}" stroke="${colors.target}" stroke-width="2" stroke-dasharray="6 3"/>`);
    legend(area.left, area.bottom + 32, [['Pitboss', colors.pitboss], ['bare ws', colors.baseline]]);
    const keyX = area.left + 260;
    parts.push(`<line x1="${keyX}" y1="${area.bottom + 28}" x2="${keyX + 18}" y2="${area.bottom + 28}" stroke="${colors.target}" stroke-width="2" stroke-dasharray="6 3"/>`);
    text(keyX + 22, area.bottom + 32, `p99 target ${fmt(baseline.p99Ms * targets.broadcastRatioP99)} ms`, `font-size="11" fill="${colors.target}"`);
    text(area.right, area.top - 42, `p99 ratio ${fmt(broadcast.ratioP99, 2)}× — ${results.pass.broadcast ? 'PASS' : 'MISS'}`, `font-size="12" font-weight="600" fill="${results.pass.broadcast ? colors.pass : colors.miss}" text-anchor="end"`);
  }

  // Panel 2: per-round series.
  {
    const area = frame({ x: 620, y: 60, w: 560, h: 370 }, 'Last-client latency per round', 'each point: one round, emit → last of N clients received round.result');
    const series: [string, number[], string][] = [
      ['Pitboss', results.rounds.pitboss.map((entry) => entry.lastMs), colors.pitboss],
      ['bare ws', results.rounds.baseline.map((entry) => entry.lastMs), colors.baseline],
    ];
    const all = series.flatMap(([, values]) => values).filter((value) => Number.isFinite(value));
    const { top, step } = niceScale(Math.max(...all, 1) * 1.05);
    const scale = yAxis(area, top, step, 'ms');
    const count = Math.max(...series.map(([, values]) => values.length), 2);
    const xOf = (index: number): number => area.left + (index / (count - 1)) * (area.right - area.left);
    for (const [, values, color] of series) {
      const points = values.map((value, index) => `${xOf(index).toFixed(1)},${scale(Number.isFinite(value) ? value : 0).toFixed(1)}`).join(' ');
      parts.push(`<polyline points="${points}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
    }
    text(area.left, area.bottom + 16, 'round 1', 'font-size="10" fill="#6b7280"');
    text(area.right, area.bottom + 16, `round ${count}`, 'font-size="10" fill="#6b7280" text-anchor="end"');
    legend(area.left, area.bottom + 32, series.map(([label, , color]) => [label, color] as [string, string]));
  }

  // Panel 3: storm acks over time + ack percentiles.
  {
    const area = frame(
      { x: 20, y: 460, w: 560, h: 370 },
      `Betting storm: ${storm.planned} bets in ${results.parameters.stormWindowMs} ms`,
      `acks per 50 ms from the storm start; ack p50 ${fmt(storm.ackP50Ms)} ms, p99 ${fmt(storm.ackP99Ms)} ms (target ≤ ${targets.stormAckP99Ms}); ${storm.betsPerSec} acked/s`,
    );
    const timeline = storm.ackTimeline50ms;
    const { top, step } = niceScale(Math.max(...timeline, 1) * 1.1);
    const scale = yAxis(area, top, step, 'acks');
    const buckets = Math.max(timeline.length, Math.ceil(results.parameters.stormWindowMs / 50) + 4);
    const barWidth = (area.right - area.left) / buckets;
    timeline.forEach((value, index) => {
      const y = scale(value);
      parts.push(`<rect x="${(area.left + index * barWidth).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, barWidth - 1).toFixed(1)}" height="${(area.bottom - y).toFixed(1)}" fill="${colors.pitboss}"/>`);
    });
    const windowEnd = area.left + (results.parameters.stormWindowMs / 50) * barWidth;
    parts.push(`<line x1="${windowEnd.toFixed(1)}" y1="${area.top}" x2="${windowEnd.toFixed(1)}" y2="${area.bottom}" stroke="${colors.target}" stroke-dasharray="4 3"/>`);
    text(windowEnd + 4, area.top + 10, 'end of send window', `font-size="10" fill="${colors.target}"`);
    text(area.left, area.bottom + 16, '0 ms', 'font-size="10" fill="#6b7280"');
    text(area.right, area.bottom + 16, `${buckets * 50} ms`, 'font-size="10" fill="#6b7280" text-anchor="end"');
    text(area.right, area.bottom + 32, `${storm.acked}/${storm.planned} acked, ${storm.committed} committed (sync ${storm.synchronous}) — ${results.pass.storm ? 'PASS' : 'MISS'}`, `font-size="12" font-weight="600" fill="${results.pass.storm ? colors.pass : colors.miss}" text-anchor="end"`);
  }

  // Panel 4: every target as measured / target.
  {
    const area = frame({ x: 620, y: 460, w: 560, h: 370 }, 'Targets: measured as a share of the target', 'green bar ending left of the dashed 100 % line: target met');
    const rows: [string, number, string][] = [
      ['broadcast p99 vs 1.15× bare ws', broadcast.ratioP99 / targets.broadcastRatioP99, `${fmt(broadcast.ratioP99, 2)}× (≤ ${targets.broadcastRatioP99}×)`],
      ['storm ack p99', storm.ackP99Ms / targets.stormAckP99Ms, `${fmt(storm.ackP99Ms)} ms (≤ ${targets.stormAckP99Ms})`],
      ['storm ack p50', storm.ackP50Ms / targets.stormAckP99Ms, `${fmt(storm.ackP50Ms)} ms (p99 target ${targets.stormAckP99Ms})`],
      [`settle (${settle.bets} bets)`, settle.ms / targets.settleMs, `${fmt(settle.ms, 0)} ms (≤ ${targets.settleMs})`],
      ['RSS per player', memory.kibPerPlayer / targets.kibPerPlayer, `${fmt(memory.kibPerPlayer, 2)} KiB (≤ ${targets.kibPerPlayer})`],
    ];
    // Log scale: a 60× miss and a 0.9× pass both stay readable.
    const maxShare = Math.max(2, ...rows.map(([, share]) => (Number.isFinite(share) ? share : 0)));
    const lowPercent = 10;
    const highPercent = 10 ** Math.ceil(Math.log10(maxShare * 100));
    const labelWidth = 190;
    const left = area.left - 40 + labelWidth;
    const plotRight = area.right - 130;
    const xOf = (share: number): number => {
      const percent = Math.min(highPercent, Math.max(lowPercent, share * 100));
      return left + ((Math.log10(percent) - Math.log10(lowPercent)) / (Math.log10(highPercent) - Math.log10(lowPercent))) * (plotRight - left);
    };
    for (let percent = lowPercent; percent <= highPercent; percent *= 10) {
      const x = xOf(percent / 100);
      parts.push(`<line x1="${x.toFixed(1)}" y1="${area.top - 6}" x2="${x.toFixed(1)}" y2="${area.bottom}" stroke="${colors.grid}"/>`);
      text(x, area.bottom + 16, `${percent} %`, `font-size="10" fill="${percent === 100 ? '#111827' : '#6b7280'}" text-anchor="middle"`);
    }
    const rowHeight = (area.bottom - area.top) / rows.length;
    rows.forEach(([label, share, valueText], index) => {
      const y = area.top + index * rowHeight + rowHeight * 0.2;
      const barHeight = rowHeight * 0.5;
      const ok = share <= 1;
      const end = xOf(Number.isFinite(share) ? share : 0);
      text(area.left - 40, y + barHeight * 0.7, label, 'font-size="11" fill="#374151"');
      parts.push(`<rect x="${left}" y="${y.toFixed(1)}" width="${Math.max(1, end - left).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${ok ? colors.pass : colors.miss}" opacity="0.85"/>`);
      text(area.right, y + barHeight * 0.7, valueText, 'font-size="10" fill="#111827" text-anchor="end"');
    });
    const hundred = xOf(1);
    parts.push(`<line x1="${hundred.toFixed(1)}" y1="${area.top - 6}" x2="${hundred.toFixed(1)}" y2="${area.bottom}" stroke="${colors.axis}" stroke-width="1.5" stroke-dasharray="6 3"/>`);
    text(plotRight, area.bottom + 30, 'log scale', 'font-size="10" fill="#6b7280" text-anchor="end"');
  }

  const header = `Pitboss bench — ${results.parameters.players} players, ${results.parameters.rounds} rounds, ${results.parameters.betsPerPlayer} bets/player, ${results.parameters.clientProcesses} client processes (all on 127.0.0.1, one 2-core machine)`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#f9fafb"/>`,
    `<text x="20" y="36" font-size="18" font-weight="700" fill="#111827">${escapeXml(header)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

const chartFrom = flags['chart-from'];
const run = chartFrom
  ? async (): Promise<void> => {
      const results = JSON.parse(readFileSync(resolve(chartFrom), 'utf8')) as Results;
      mkdirSync(options.out, { recursive: true });
      writeFileSync(join(options.out, 'results.svg'), chart(results));
      log(`drew ${join(options.out, 'results.svg')} from ${chartFrom}`);
    }
  : main;

run().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    killAll();
    process.exit(1);
  },
);
