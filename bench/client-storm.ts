// The betting storm, as one client process plays it: every open connection
// places k bets at seeded random moments of one window, and each bet's time
// from send to ack (or error) is recorded. Reports once every bet is
// answered or lost, or at the deadline, whichever comes first.
import type WebSocket from 'ws';
import type { ClientCommand, StormReport } from './client-messages.ts';
import { Histogram, monotonicMs } from './histogram.ts';

const ackTimelineBucketMs = 50;
const maxTimelineBuckets = 1_000;

export type StormCommand = Extract<ClientCommand, { type: 'storm' }>;

export type Connection = {
  index: number;
  socket: WebSocket;
  open: boolean;
  /** Storm: precise send time per bet index, NaN until sent; acks/errors resolve it. */
  sentAt: Float64Array;
  answered: Uint8Array;
};

export class StormRun {
  readonly #command: StormCommand;
  readonly #processIndex: number;
  readonly #report: (report: StormReport) => void;
  readonly #live: Connection[];
  readonly #planned: number;
  readonly #deadline: number;
  /** Slots handled by the sender (sent, or skipped because the connection was gone). */
  #scheduled = 0;
  #sent = 0;
  #acked = 0;
  #errorCount = 0;
  #lost = 0;
  readonly #errors: Record<string, number> = {};
  #firstSend = Number.NaN;
  #lastSend = Number.NaN;
  #lastAck = Number.NEGATIVE_INFINITY;
  readonly #ack = new Histogram();
  readonly #sendLag = new Histogram();
  readonly #ackTimeline: number[] = [];
  #done = false;

  constructor(command: StormCommand, connections: readonly Connection[], processIndex: number, report: (report: StormReport) => void) {
    this.#command = command;
    this.#processIndex = processIndex;
    this.#report = report;
    this.#live = connections.filter((connection) => connection.open);
    for (const connection of this.#live) {
      connection.sentAt = new Float64Array(command.betsPerPlayer).fill(Number.NaN);
      connection.answered = new Uint8Array(command.betsPerPlayer);
    }
    this.#planned = this.#live.length * command.betsPerPlayer;
    this.#deadline = command.startAt + command.windowMs + command.timeoutMs;
  }

  start(): void {
    const command = this.#command;
    // Every bet gets a uniformly random moment in the window (seeded, so runs
    // repeat); a player's bets go out in time order. Like real players, most
    // first bets (which also record the player's seed) land early.
    const random = mulberry32(0x5eed + this.#processIndex * 7919 + command.round);
    const plan: { at: number; connection: Connection; bet: number }[] = [];
    for (const connection of this.#live) {
      const moments = Array.from({ length: command.betsPerPlayer }, () => command.startAt + random() * command.windowMs).sort((a, b) => a - b);
      moments.forEach((at, bet) => plan.push({ at, connection, bet }));
    }
    plan.sort((a, b) => a.at - b.at);
    const scheduledAt = (slot: number): number => plan[slot]?.at ?? Number.POSITIVE_INFINITY;
    let slot = 0;
    const tick = (): void => {
      if (this.#done) return;
      const now = monotonicMs();
      while (slot < this.#planned && scheduledAt(slot) <= now) {
        const entry = plan[slot];
        const due = scheduledAt(slot);
        slot += 1;
        this.#scheduled += 1;
        if (entry?.connection.open) this.#sendBet(entry.connection, entry.bet, due);
      }
      if (slot < this.#planned && now < this.#deadline) {
        setTimeout(tick, Math.max(0, Math.min(1, scheduledAt(slot) - monotonicMs())));
      } else {
        this.#scheduled = this.#planned;
        this.#maybeDone();
      }
    };
    setTimeout(tick, Math.max(0, command.startAt - monotonicMs()));
    // Bounded: whatever happens, the storm reports by its deadline.
    setTimeout(() => this.#finish(true), Math.max(0, this.#deadline - monotonicMs()) + 50).unref();
  }

  /** An ack (code null) or an error for a request of this storm; anything else is ignored. */
  answered(connection: Connection, requestId: string, receivedAt: number, code: string | null): void {
    // requestId: s<round>-<bet index>
    const dash = requestId.indexOf('-');
    if (requestId.slice(1, dash) !== String(this.#command.round)) return;
    const betIndex = Number(requestId.slice(dash + 1));
    if (!(betIndex >= 0 && betIndex < this.#command.betsPerPlayer) || connection.answered[betIndex] === 1) return;
    connection.answered[betIndex] = 1;
    if (code === null) {
      this.#acked += 1;
      this.#ack.add(receivedAt - (connection.sentAt[betIndex] ?? receivedAt));
      this.#lastAck = Math.max(this.#lastAck, receivedAt);
      const bucket = Math.floor((receivedAt - this.#command.startAt) / ackTimelineBucketMs);
      if (bucket >= 0 && bucket < maxTimelineBuckets) this.#ackTimeline[bucket] = (this.#ackTimeline[bucket] ?? 0) + 1;
    } else {
      this.#errorCount += 1;
      this.#errors[code] = (this.#errors[code] ?? 0) + 1;
    }
    this.#maybeDone();
  }

  /** A connection that closes mid-storm takes its unanswered bets with it: counted as lost. */
  connectionClosed(connection: Connection): void {
    if (this.#done) return;
    for (let bet = 0; bet < connection.answered.length; bet += 1) {
      if (connection.answered[bet] === 0 && !Number.isNaN(connection.sentAt[bet] ?? Number.NaN)) {
        connection.answered[bet] = 1;
        this.#lost += 1;
      }
    }
    this.#maybeDone();
  }

  #sendBet(connection: Connection, bet: number, due: number): void {
    const command = this.#command;
    const spot = command.spots[(connection.index + bet) % command.spots.length] ?? 'red';
    const frame = JSON.stringify({
      kind: 'bet.place',
      requestId: `s${command.round}-${bet}`,
      round: command.round,
      bets: [{ betId: `r${command.round}b${bet}`, spot, amountMinor: command.amountMinor }],
    });
    const sentAt = monotonicMs();
    connection.sentAt[bet] = sentAt;
    connection.socket.send(frame);
    this.#sent += 1;
    if (Number.isNaN(this.#firstSend)) this.#firstSend = sentAt;
    this.#lastSend = sentAt;
    this.#sendLag.add(Math.max(0, sentAt - due));
  }

  #maybeDone(): void {
    if (this.#done) return;
    const resolved = this.#acked + this.#errorCount + this.#lost;
    if (this.#scheduled >= this.#planned && resolved >= this.#sent) this.#finish(false);
  }

  #finish(timedOut: boolean): void {
    if (this.#done) return;
    this.#done = true;
    this.#report({
      type: 'storm-done',
      processIndex: this.#processIndex,
      round: this.#command.round,
      planned: this.#planned,
      sent: this.#sent,
      acked: this.#acked,
      lost: this.#lost,
      errors: this.#errors,
      firstSend: this.#firstSend,
      lastSend: this.#lastSend,
      lastAck: this.#lastAck,
      ack: this.#ack.data(),
      sendLag: this.#sendLag.data(),
      ackTimeline: Array.from(this.#ackTimeline, (n) => n ?? 0),
      timedOut,
    });
  }
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
