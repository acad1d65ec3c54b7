// `npm run bench:pf2 -- [--bettors 1000,5000] [--window-ms 5000]`: how long a
// pf2 round's reveal takes on loopback, and what its frames weigh next to
// pf1's. The real server runs in this process (startPitboss, synchronous=FULL)
// on 127.0.0.1:0 with a fresh data folder; each bettor joins over HTTP, holds
// a real `ws` socket, bets once with its commitment, and reveals the moment
// its own frozen lines arrive. Measured: freeze → last reveal acknowledged,
// freeze → reveal set announced, and the bytes of every frame of the close
// and the result, once under pf1 and once under pf2. The clients share the
// server's event loop, so the timings include their own work: an upper bound.
// Past a few thousand bettors the clients, sharing that loop, read too slowly
// and the server rightly closes them as too slow (4003): the run says so.
// A measurement, never a test.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { createTableSchema, WS_PLAYER_PATH, type JoinResponse } from '../src/shared/api.ts';
import { roundCommitment } from '../src/shared/fairness/pf2.ts';
import { AUTH_SUBPROTOCOL_PREFIX, PROTOCOL_VERSION, type ServerMessage } from '../src/shared/protocol.ts';
import { startPitboss, type Pitboss } from '../src/main/server/pitboss.ts';
import { Cause } from '../src/main/tables/round-cause.ts';

const { values } = parseArgs({ options: { bettors: { type: 'string', default: '1000,5000' }, 'window-ms': { type: 'string', default: '5000' } } });
const sizes = (values.bettors ?? '').split(',').map(Number);
const revealWindowMs = Number(values['window-ms']);
if (sizes.some((size) => !Number.isSafeInteger(size) || size < 1 || size > 20_000) || !(revealWindowMs >= 500 && revealWindowMs <= 5_000)) {
  throw new Error('--bettors takes positive integers up to 20000 (comma separated), --window-ms 500..5000');
}

type Bettor = { socket: WebSocket; join: JoinResponse; secret: string; frames: ServerMessage[]; bytes: Map<string, number[]> };

function kindOf(message: ServerMessage): string {
  return message.kind === 'event' ? `event:${message.event.kind}` : message.kind;
}

async function seat(pitboss: Pitboss, invite: string, index: number): Promise<Bettor> {
  const reply = await fetch(`${pitboss.origin}/api/join`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ invite, name: `Bettor ${index}` }) });
  if (reply.status !== 201) throw new Error(`join ${index}: ${reply.status} ${await reply.text()}`);
  const join = (await reply.json()) as JoinResponse;
  const socket = new WebSocket(`${pitboss.origin.replace(/^http/, 'ws')}${WS_PLAYER_PATH}`, [PROTOCOL_VERSION, AUTH_SUBPROTOCOL_PREFIX + join.token]);
  const bettor: Bettor = { socket, join, secret: randomBytes(16).toString('hex'), frames: [], bytes: new Map() };
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as ServerMessage;
    // Activity frames are only weighed: kept, 5,000 bettors' copies of every batch would fill the heap.
    if (!(message.kind === 'event' && message.event.kind === 'bets.placed')) bettor.frames.push(message);
    const list = bettor.bytes.get(kindOf(message)) ?? [];
    list.push(data.length);
    bettor.bytes.set(kindOf(message), list);
  });
  await new Promise<void>((resolveOpen, rejectOpen) => {
    socket.once('open', () => resolveOpen());
    socket.once('error', rejectOpen);
  });
  return bettor;
}

/** Resolves when `predicate` holds for a frame the bettor got (checked on each frame, bounded by `timeoutMs`). */
function frame(bettor: Bettor, predicate: (message: ServerMessage) => boolean, timeoutMs: number): Promise<ServerMessage> {
  const seen = bettor.frames.find(predicate);
  if (seen) return Promise.resolve(seen);
  if (bettor.socket.readyState !== WebSocket.OPEN) return Promise.reject(new Error(`the server closed bettor ${bettor.join.name}'s socket`));
  return new Promise((resolveFrame, rejectFrame) => {
    const timer = setTimeout(() => rejectFrame(new Error(`timed out waiting for a frame of ${bettor.join.name}`)), timeoutMs);
    const closed = (code: number): void => {
      clearTimeout(timer);
      rejectFrame(new Error(`the server closed ${bettor.join.name}'s socket (${code}) before the frame came`));
    };
    const listener = (data: Buffer): void => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      if (!predicate(message)) return;
      clearTimeout(timer);
      bettor.socket.off('message', listener);
      bettor.socket.off('close', closed);
      resolveFrame(message);
    };
    bettor.socket.on('message', listener);
    bettor.socket.once('close', closed);
  });
}

async function run(fairness: 'pf1' | 'pf2', count: number): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-pf2-bench-'));
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
  });
  try {
    const config = { name: `${fairness} bench`, game: 'roulette-eu', minBetMinor: 100, maxSpotMinor: 1_000_000, maxRoundMinor: 100_000_000, joinCreditMinor: 10_000, houseFloatMinor: 10_000_000_000, fairness, revealWindowMs };
    const table = pitboss.services.tables.create(createTableSchema.parse(config));
    const bettors: Bettor[] = [];
    for (let index = 0; index < count; index += 64) {
      bettors.push(...(await Promise.all(Array.from({ length: Math.min(64, count - index) }, (_, offset) => seat(pitboss, table.inviteCode, index + offset)))));
    }
    const opened = table.open(Cause.Operator);
    if (!opened.ok) throw new Error(opened.message);
    await Promise.all(
      bettors.map(async (bettor, index) => {
        const commitment = fairness === 'pf2' ? { commitment: roundCommitment(table.id, 1, bettor.join.reference, bettor.secret) } : {};
        bettor.socket.send(JSON.stringify({ kind: 'bet.place', requestId: 'bet', round: 1, bets: [{ betId: `b${index}`, spot: index % 2 ? 'red' : 'black', amountMinor: 100 }], ...commitment }));
        const ack = await frame(bettor, (message) => (message.kind === 'ack' || message.kind === 'error') && message.requestId === 'bet', 60_000);
        if (ack.kind !== 'ack') throw new Error(`bet of bettor ${index}: ${JSON.stringify(ack)}`);
      }),
    );
    for (const bettor of bettors) {
      bettor.bytes.clear();
      bettor.frames.length = 0;
    }
    // Each bettor reveals the moment its own lines arrive, as its page does once they check out.
    const reveals = fairness === 'pf2'
      ? bettors.map(async (bettor) => {
          await frame(bettor, (message) => message.kind === 'pf2.lines', 60_000);
          bettor.socket.send(JSON.stringify({ kind: 'pf2.reveal', requestId: 'reveal', round: 1, secret: bettor.secret }));
          await frame(bettor, (message) => message.kind === 'ack' && message.requestId === 'reveal', 60_000);
          return performance.now();
        })
      : [];
    const closedAt = performance.now();
    table.close(Cause.Operator);
    // The close runs in one turn: under pf2 it builds the tree, records the freeze and sends every bettor its lines.
    const closeCallMs = performance.now() - closedAt;
    if (fairness === 'pf1') table.spin(Cause.Operator);
    const revealedAt = await Promise.all(reveals);
    const announcedAt = fairness === 'pf2' ? (await frame(bettors[0] as Bettor, (message) => message.kind === 'event' && message.event.kind === 'round.revealed', 60_000), performance.now()) : null;
    await Promise.all(bettors.map((bettor) => frame(bettor, (message) => message.kind === 'event' && message.event.kind === 'round.settled', 120_000)));
    const frames: Record<string, { count: number; meanBytes: number; maxBytes: number }> = {};
    for (const kind of new Set(bettors.flatMap((bettor) => [...bettor.bytes.keys()]))) {
      const all = bettors.flatMap((bettor) => bettor.bytes.get(kind) ?? []);
      frames[kind] = { count: all.length, meanBytes: Math.round(all.reduce((sum, bytes) => sum + bytes, 0) / all.length), maxBytes: Math.max(...all) };
    }
    for (const bettor of bettors) bettor.socket.close();
    return {
      fairness,
      bettors: count,
      closeCallMs: Math.round(closeCallMs),
      freezeToLastRevealAckMs: revealedAt.length > 0 ? Math.round(Math.max(...revealedAt) - closedAt) : null,
      freezeToRevealSetMs: announcedAt === null ? null : Math.round(announcedAt - closedAt),
      closeToAllSettledMs: Math.round(performance.now() - closedAt),
      framesPerBettorFromCloseToSettled: frames,
    };
  } finally {
    await pitboss.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

for (const count of sizes) {
  for (const fairness of ['pf1', 'pf2'] as const) console.log(JSON.stringify(await run(fairness, count), null, 2));
}
