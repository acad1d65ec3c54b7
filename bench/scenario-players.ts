// Scenario 1, players: the real server in its own process (server-process.ts)
// with a manual roulette table; N players join over HTTP (bounded
// concurrency), then connect from P client processes; server RSS before and
// after. Its counterpart `finishPitboss` collects the server's figures once
// every scenario ran, lets everyone hang up and stops the server.
import { join } from 'node:path';
import { Child, type BaselineChild, type ServerChild } from './child.ts';
import type { ClientEvent } from './client-messages.ts';
import { Fleet, withEmit, type RoundMeasure } from './fleet.ts';
import { http, inParallel } from './http.ts';
import { log, repositoryRoot, sleep } from './log.ts';
import type { BenchOptions } from './options.ts';
import type { RoundEmit, ServerEvent } from './server-process.ts';

export type TableReply = { table: { id: string; inviteUrl: string; round: { round: number } | null } };
export type MemoryReply = Extract<ServerEvent, { type: 'memory' }>;
export type StatsReply = Extract<ServerEvent, { type: 'stats' }>;

/** What the later scenarios drive: the server child, the table and the fleet of players. */
export type PitbossRun = {
  server: ServerChild;
  origin: string;
  operatorHeaders: Record<string, string>;
  tableId: string;
  fleet: Fleet;
  /** An operator action on the table (open, close, spin). */
  act(action: string): Promise<TableReply>;
  memory(): Promise<MemoryReply>;
};

/** What the finally block must stop if a scenario fails. */
export type Running = { server?: ServerChild; fleet?: Fleet; baseline?: BaselineChild; baselineFleet?: Fleet };

export type PlayersOutcome = {
  joinMs: number;
  connectMs: number;
  gatewayAfterConnect: StatsReply['gateway'] | null;
  memoryBeforeJoin: MemoryReply;
  memoryBeforeConnect: MemoryReply;
  memoryConnected: MemoryReply;
  kibPerPlayer: number;
};

// pf1, named: the bench has always measured pf1 rounds (seeds broadcast, a spin after the close), whatever the default.
const benchTable = { name: 'Bench roulette', game: 'roulette-eu', minBetMinor: 100, maxSpotMinor: 50_000, maxRoundMinor: 200_000, joinCreditMinor: 100_000, autoCycle: false, fairness: 'pf1' };

export async function seatPlayers(
  options: BenchOptions,
  setup: { dataDir: string; profileDir: string | null; lifetimeMs: number; running: Running },
): Promise<{ run: PitbossRun; outcome: PlayersOutcome }> {
  const N = options.players;
  const server: ServerChild = new Child('server', 'server-process.ts', ['--expose-gc']);
  setup.running.server = server;
  server.send({ type: 'init', dataDir: setup.dataDir, staticDir: join(repositoryRoot, 'out/renderer'), maxLifetimeMs: setup.lifetimeMs, profileDir: setup.profileDir });
  const ready = await server.next('ready', 30_000);
  const origin = ready.origin;
  if (!origin.startsWith('http://127.0.0.1:')) throw new Error(`the server listens on ${origin}, not on 127.0.0.1`);
  const operatorHeaders = ready.operatorHeaders;
  log(`Pitboss at ${origin} (pid ${ready.pid}, node ${ready.node})`);

  const created = await http<TableReply>(origin, 'POST', '/api/operator/tables', benchTable, operatorHeaders);
  if (created.status !== 201) throw new Error(`create table: ${created.status} ${JSON.stringify(created.body)}`);
  const tableId = created.body.table.id;
  const invite = new URLSearchParams(new URL(created.body.table.inviteUrl).hash.slice(1)).get('invite') ?? '';
  const act = async (action: string): Promise<TableReply> => {
    const reply = await http<TableReply>(origin, 'POST', `/api/operator/tables/${tableId}/actions`, { action }, operatorHeaders);
    if (reply.status !== 200) throw new Error(`${action}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  const memory = (): Promise<MemoryReply> => server.request({ type: 'memory', gc: true }, 'memory');
  const memoryBeforeJoin = await memory();

  server.send({ type: 'phase', name: 'join' });
  const joinStarted = performance.now();
  const tokens = await inParallel(N, options.joinConcurrency, async (index) => {
    const reply = await http<{ token: string }>(origin, 'POST', '/api/join', { invite, name: `p${index}` });
    if (reply.status !== 201) throw new Error(`join ${index}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.token;
  });
  const joinMs = performance.now() - joinStarted;
  log(`${N} players joined in ${(joinMs / 1000).toFixed(1)} s (${Math.round(N / (joinMs / 1000))}/s)`);
  const memoryBeforeConnect = await memory();

  server.send({ type: 'phase', name: 'connect' });
  const fleet = new Fleet('pitboss', Math.min(options.clientProcesses, N), setup.lifetimeMs);
  setup.running.fleet = fleet;
  await fleet.ready();
  const connected = await fleet.connect(`${origin.replace(/^http/, 'ws')}/ws/player`, N, tokens, options.connectConcurrency);
  log(`${connected.open}/${N} players connected in ${(connected.ms / 1000).toFixed(1)} s${connected.failed > 0 ? `, failures ${JSON.stringify(connected.failures)}` : ''}`);
  if (connected.open < N) throw new Error(`only ${connected.open} of ${N} players connected: ${JSON.stringify(connected.failures)}`);
  // Quiet: every player seated and every queued byte handed to the kernel.
  let gatewayAfterConnect: StatsReply['gateway'] | null = null;
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const stats = await server.request({ type: 'stats' }, 'stats');
    gatewayAfterConnect = stats.gateway;
    if (stats.gateway.players >= N && stats.gateway.bufferedBytes === 0 && stats.gateway.lagging === 0) break;
    await sleep(250);
  }
  await sleep(1_000);
  const memoryConnected = await memory();
  const kibPerPlayer = (memoryConnected.memory.rss - memoryBeforeConnect.memory.rss) / N / 1024;
  log(`server RSS ${(memoryBeforeConnect.memory.rss / 2 ** 20).toFixed(0)} → ${(memoryConnected.memory.rss / 2 ** 20).toFixed(0)} MiB: ${kibPerPlayer.toFixed(2)} KiB per connected player`);
  return {
    run: { server, origin, operatorHeaders, tableId, fleet, act, memory },
    outcome: { joinMs, connectMs: connected.ms, gatewayAfterConnect, memoryBeforeJoin, memoryBeforeConnect, memoryConnected, kibPerPlayer },
  };
}

export type PitbossFinal = {
  finalStats: StatsReply;
  clientStats: Extract<ClientEvent, { type: 'stats' }>[];
  /** The server's own /metrics, for cross-checking (absent on builds without it). */
  serverMetrics: string[] | null;
  /** Precise emit times of every round, from the server's observers: `${kind}:${round}`. */
  emits: Map<string, RoundEmit>;
  /** The measured broadcast rounds, now with the server's emit times. */
  measured: RoundMeasure[];
  perClient: Extract<ClientEvent, { type: 'final' }>[];
  payloadSample: string | null;
  memoryAfterDisconnect: MemoryReply;
};

export async function finishPitboss(run: PitbossRun, broadcastRounds: RoundMeasure[], measuredRounds: Set<number>, running: Running): Promise<PitbossFinal> {
  run.server.send({ type: 'phase', name: 'after' });
  const finalStats = await run.server.request({ type: 'stats' }, 'stats');
  const clientStats = await Promise.all(run.fleet.clients.map((client) => client.request({ type: 'stats' }, 'stats')));
  const scraped = await http<string>(run.origin, 'GET', '/metrics', undefined, run.operatorHeaders).catch(() => null);
  const serverMetrics =
    scraped?.status === 200 && typeof scraped.body === 'string'
      ? scraped.body.split('\n').filter((line) => line.startsWith('pitboss_') && !line.includes('_bucket{')).slice(0, 200)
      : null;
  const emits = new Map<string, RoundEmit>(finalStats.rounds.map((emit) => [`${emit.kind}:${emit.round}`, emit]));
  // The server's emit times arrive at the end: the per-round latencies are computed now.
  const measured = broadcastRounds
    .filter((measure) => measuredRounds.has(measure.round))
    .map((measure) => {
      const emit = emits.get(`round.result:${measure.round}`);
      return emit ? withEmit(measure, emit) : measure;
    });
  const perClient = await run.fleet.finish(Object.fromEntries(measured.map((measure) => [String(measure.round), measure.emitPrecise])));
  const payloadSample = run.fleet.sample;

  // Everyone hangs up first: what RSS stays is memory the process kept, not per-player state.
  await run.fleet.stop();
  running.fleet = undefined;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    if ((await run.memory()).memory.players === 0) break;
    await sleep(250);
  }
  await sleep(1_000);
  const memoryAfterDisconnect = await run.memory();
  await run.server.stop({ type: 'stop' }, 20_000);
  log('Pitboss stopped');
  return { finalStats, clientStats, serverMetrics, emits, measured, perClient, payloadSample, memoryAfterDisconnect };
}
