// The client processes as one fleet: connect N sockets spread over P
// processes, wait until every one saw an event, run the storm, collect the
// per-client latencies; and one round's delivery measured from their reports.
import type { ClientCommand, ClientEvent, SeenReport, StormReport } from './client-messages.ts';
import { Child, type ClientChild } from './child.ts';

export type RoundMeasure = {
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

export class Fleet {
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

export function splitEvenly(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0));
}

/** One round's delivery; the latencies need the server's monotonic emit time (NaN until it is known). */
export function measureRound(
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

export function withEmit(measure: RoundMeasure, emit: { emitPrecise: number; publishMs: number; cpuMs?: number; gcMs?: number }): RoundMeasure {
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
