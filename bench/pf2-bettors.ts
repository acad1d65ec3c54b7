// A client process of `npm run bench:pf2` (pf2-reveal.ts): joins K bettors
// over HTTP, holds a real `ws` socket for each, bets once on command (with
// its commitment under pf2), and when its own frozen lines arrive checks its
// commitment line against the freeze and reveals, as the player page does.
// From each bettor's round.closed on it weighs every frame by kind, and it
// reports aggregates to the parent over IPC: never one message per frame.
// Out of process so the server's turns are measured without the clients'.
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { WS_PLAYER_PATH, type JoinResponse } from '../src/shared/api.ts';
import { verifyProof } from '../src/shared/fairness/merkle.ts';
import { roundCommitment } from '../src/shared/fairness/pf2.ts';
import { AUTH_SUBPROTOCOL_PREFIX, PROTOCOL_VERSION, type ServerMessage } from '../src/shared/protocol.ts';
import { monotonicMs } from './histogram.ts';

export type BettorsCommand =
  | { type: 'join'; origin: string; invite: string; tableId: string; fairness: 'pf1' | 'pf2'; first: number; count: number }
  | { type: 'bet' }
  /** Reports now, before every bettor saw the round settle (it reports by itself when they have). */
  | { type: 'report' };

export type FrameWeights = Record<string, { count: number; sumBytes: number; maxBytes: number }>;

export type BettorsEvent =
  | { type: 'joined' }
  | { type: 'placed'; refused: number }
  | {
      type: 'report';
      settled: number;
      /** Monotonic ms of each bettor's acknowledged reveal (pf2). */
      revealAcks: number[];
      badLines: number;
      closes: Record<string, number>;
      frames: FrameWeights;
    };

type Bettor = { socket: WebSocket; join: JoinResponse; secret: string; weighing: boolean };

const joinConcurrency = 32;
const kindPattern = /"kind":"([^"]+)"/g;

/** The frame's kind from its first bytes (event frames by their event's kind), without parsing the whole frame. */
function kindOf(data: Buffer): string {
  const head = data.toString('latin1', 0, Math.min(data.length, 200));
  const kinds = [...head.matchAll(kindPattern)].map((match) => match[1] as string);
  return kinds[0] === 'event' ? `event:${kinds[1] ?? '?'}` : (kinds[0] ?? '?');
}

function runBettors(): void {
  const send = (event: BettorsEvent): void => {
    if (process.connected) process.send?.(event);
  };
  const bettors: Bettor[] = [];
  const revealAcks: number[] = [];
  const frames: FrameWeights = {};
  const closes: Record<string, number> = {};
  let settled = 0;
  let badLines = 0;
  let round = { tableId: '', fairness: 'pf2' as 'pf1' | 'pf2' };

  // The parent gone means the run is over: never outlive it.
  process.on('disconnect', () => process.exit(0));

  const report = (): void => send({ type: 'report', settled, revealAcks, badLines, closes, frames });

  const weigh = (bettor: Bettor, kind: string, bytes: number): void => {
    if (kind === 'event:round.closed') bettor.weighing = true;
    if (!bettor.weighing) return;
    const weight = (frames[kind] ??= { count: 0, sumBytes: 0, maxBytes: 0 });
    weight.count += 1;
    weight.sumBytes += bytes;
    weight.maxBytes = Math.max(weight.maxBytes, bytes);
  };

  const linesArrived = (bettor: Bettor, message: Extract<ServerMessage, { kind: 'pf2.lines' }>): void => {
    const own = message.lines.find((proof) => proof.line?.startsWith(`c|${bettor.join.reference}|`));
    const proven = own !== undefined && verifyProof({ index: own.index, line: own.line as string, path: own.path as string[] }, message.size, message.freeze);
    if (!proven) badLines += 1;
    bettor.socket.send(JSON.stringify({ kind: 'pf2.reveal', requestId: 'reveal', round: 1, secret: bettor.secret }));
  };

  const received = (bettor: Bettor, data: Buffer): void => {
    const kind = kindOf(data);
    weigh(bettor, kind, data.length);
    if (kind === 'pf2.lines') linesArrived(bettor, JSON.parse(data.toString()) as Extract<ServerMessage, { kind: 'pf2.lines' }>);
    else if (kind === 'event:round.settled') {
      settled += 1;
      // Every bettor of this process saw the round settle: the round is over here.
      if (settled === bettors.length) report();
    }
    else if (kind === 'ack' && data.includes('"requestId":"reveal"')) revealAcks.push(monotonicMs());
  };

  const seat = async (origin: string, invite: string, index: number): Promise<void> => {
    const reply = await fetch(`${origin}/api/join`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ invite, name: `Bettor ${index}` }) });
    if (reply.status !== 201) throw new Error(`join ${index}: ${reply.status} ${await reply.text()}`);
    const join = (await reply.json()) as JoinResponse;
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}${WS_PLAYER_PATH}`, [PROTOCOL_VERSION, AUTH_SUBPROTOCOL_PREFIX + join.token]);
    const bettor: Bettor = { socket, join, secret: randomBytes(16).toString('hex'), weighing: false };
    socket.on('message', (data: Buffer) => received(bettor, data));
    socket.on('close', (code) => {
      closes[String(code)] = (closes[String(code)] ?? 0) + 1;
    });
    await new Promise<void>((opened, failed) => {
      socket.once('open', () => opened());
      socket.once('error', failed);
    });
    bettors.push(bettor);
  };

  const join = async (command: Extract<BettorsCommand, { type: 'join' }>): Promise<void> => {
    round = { tableId: command.tableId, fairness: command.fairness };
    for (let offset = 0; offset < command.count; offset += joinConcurrency) {
      const indices = Array.from({ length: Math.min(joinConcurrency, command.count - offset) }, (_, index) => command.first + offset + index);
      await Promise.all(indices.map((index) => seat(command.origin, command.invite, index)));
    }
    send({ type: 'joined' });
  };

  const bet = async (): Promise<void> => {
    const acks = bettors.map(
      (bettor, index) =>
        new Promise<boolean>((answered) => {
          const listener = (data: Buffer): void => {
            if (!data.includes('"requestId":"bet"')) return;
            bettor.socket.off('message', listener);
            answered(kindOf(data) === 'ack');
          };
          bettor.socket.on('message', listener);
          const commitment = round.fairness === 'pf2' ? { commitment: roundCommitment(round.tableId, 1, bettor.join.reference, bettor.secret) } : {};
          const bets = [{ betId: `b${index}`, spot: index % 2 ? 'red' : 'black', amountMinor: 100 }];
          bettor.socket.send(JSON.stringify({ kind: 'bet.place', requestId: 'bet', round: 1, bets, ...commitment }));
        }),
    );
    const accepted = await Promise.all(acks);
    send({ type: 'placed', refused: accepted.filter((ok) => !ok).length });
  };

  process.on('message', (command: BettorsCommand) => {
    const failed = (error: unknown): void => {
      console.error(error);
      process.exit(1);
    };
    if (command.type === 'join') join(command).catch(failed);
    else if (command.type === 'bet') bet().catch(failed);
    else report();
  });
}

runBettors();
