// Chaos at a blackjack table, played at the same time as the roulette storm
// (chaos.ts): a few players own seats, others bet behind them, a dealer loop
// opens, closes and deals, and the seat owners answer every turn with a
// decision a seeded PRNG picks among those offered. The server is killed at
// random moments, hands in play included. A dealt hand must never be taken
// back: after every restart the round in play has been played out and
// settled, every acknowledged bet and decision is in it once, in order, and
// the money balances. The end adds the audit export, verified.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { JoinResponse, OperatorTable, RoundProof } from '../../src/shared/api.ts';
import type { AuditJob } from '../../src/shared/audit-api.ts';
import type { RoundRecord } from '../../src/shared/audit-record.ts';
import { blackjackExtraStakeMinor } from '../../src/shared/games/blackjack.ts';
import type { BlackjackAction } from '../../src/shared/games/blackjack-round.ts';
import type { BlackjackPlay, ServerMessage, TableEvent } from '../../src/shared/protocol.ts';
import { verifyExport } from '../../src/main/verifier/verify-export.ts';
import { PlayerClient, inviteOf, request, type OperatorClient } from './harness.ts';
import type { Random } from './fuzz-messages.ts';
import {
  checkDecisionRows,
  checkMoney,
  checkRecords,
  checkRound,
  finishedJob,
  type Acknowledged,
  type Decision,
  type Played,
  type Problem,
  type Served,
} from './chaos-blackjack-checks.ts';

export { checkMoney } from './chaos-blackjack-checks.ts';

export type BlackjackTally = {
  acknowledgedBets: number;
  acknowledgedDecisions: number;
  /** The acknowledged decisions by action: hit, stand, double, split, insure, no-insurance. */
  decisionsByAction: Record<string, number>;
  /** Decisions the table made itself (timer, absent owner, recovery): `timeout` in the outcome. */
  tableDecisions: number;
  roundsSettled: number;
  roundsVoided: number;
  /** Kills that landed while a hand was dealt and not finished. */
  killsInPlay: number;
};


/** Seats owned by one player each; the others bet behind whichever seat is taken. */
const ownerSeats = [1, 4, 6];
const behindCount = 2;
const waitMs = 5_000;
const thinkMs = 25;
const maxJoinTries = 20;

function eventOf(message: ServerMessage | undefined): TableEvent | null {
  return message?.kind === 'event' ? message.event : null;
}

/** The next table event at or after `from`, or null once the socket is gone or nothing came for a while. */
async function nextEvent(client: PlayerClient, from: number, timeoutMs = waitMs): Promise<number | null> {
  try {
    const message = await client.waitFor((candidate) => candidate.kind === 'event', 'event', { fromIndex: from, timeoutMs });
    return client.received.indexOf(message, from);
  } catch {
    return null;
  }
}

const closers = new Set(['round.closed', 'round.result', 'round.settled', 'round.voided']);

/** The round open for bets as the client last heard it, or null. */
function bettingRound(client: PlayerClient): number | null {
  let round: number | null = null;
  for (const message of client.received) {
    const event = eventOf(message);
    if (message.kind === 'snapshot') round = message.snapshot.round?.phase === 'betting' ? message.snapshot.round.round : null;
    else if (event?.kind === 'round.opened') round = event.round;
    else if (event && closers.has(event.kind) && 'round' in event && event.round === round) round = null;
  }
  return round;
}

/** The latest turn of a hand still in play (dealt, no result yet), or null. */
function handInPlay(client: PlayerClient): ({ round: number } & BlackjackPlay) | null {
  let play: ({ round: number } & BlackjackPlay) | null = null;
  for (const message of client.received) {
    const event = eventOf(message);
    if (event?.kind === 'blackjack.turn') play = event.turn.phase === 'done' ? null : event;
    else if (event?.kind === 'round.result' || event?.kind === 'round.voided' || event?.kind === 'round.opened') play = null;
  }
  return play;
}

export class BlackjackChaos {
  readonly bets: Acknowledged[] = [];
  readonly #random: Random;
  readonly #decisions: Decision[] = [];
  /** Decisions sent whose answer never came (the server died): each may or may not have been applied. */
  readonly #unanswered: Decision[] = [];
  /** Rounds some client saw dealt: they must settle, never be voided. */
  readonly #dealt = new Set<number>();
  #table: OperatorTable | null = null;
  #owners: JoinResponse[] = [];
  #behind: JoinResponse[] = [];
  #clients: PlayerClient[] = [];
  #highestRound = 0;
  #sent = 0;
  #checkedThrough = 0;
  readonly tally: BlackjackTally = { acknowledgedBets: 0, acknowledgedDecisions: 0, decisionsByAction: {}, tableDecisions: 0, roundsSettled: 0, roundsVoided: 0, killsInPlay: 0 };

  constructor(random: Random) {
    this.#random = random;
  }

  async setUp(served: Served): Promise<void> {
    const created = await served.operator.call<{ table: OperatorTable }>('POST', '/api/operator/tables', {
      name: 'Chaos blackjack',
      game: 'blackjack',
      // The chaos players bet without commitments and deal by Spin: pf1.
      fairness: 'pf1',
      minBetMinor: 100,
      maxSpotMinor: 100_000,
      maxRoundMinor: 1_000_000,
      autoCycle: false,
      decisionMs: 3_000,
      joinCreditMinor: 5_000_000,
      houseFloatMinor: 100_000_000,
    });
    if (created.status !== 201) throw new Error(`blackjack table: ${created.status} ${JSON.stringify(created.body)}`);
    this.#table = created.body.table;
    const invite = inviteOf(this.#table);
    const join = async (name: string) => {
      // The roulette players used most of the join burst: wait out the limiter, a bounded number of times.
      for (let attempt = 0; attempt < maxJoinTries; attempt++) {
        const reply = await request<JoinResponse>(served.origin, 'POST', '/api/join', { invite, name });
        if (reply.status === 201) {
          // Welcome chips are paid twice a day per address: the cashier stakes everyone instead.
          const credit = await served.operator.call('POST', `/api/operator/players/${reply.body.playerId}/cashier`, {
            direction: 'credit',
            amountMinor: 5_000_000,
            note: 'chaos stake',
            idempotencyKey: `chaos-${reply.body.playerId}`,
          });
          if (credit.status !== 200) throw new Error(`cashier credit: ${credit.status} ${JSON.stringify(credit.body)}`);
          return reply.body;
        }
        if (reply.status !== 429) throw new Error(`join ${name}: ${reply.status} ${JSON.stringify(reply.body)}`);
        await new Promise((resolveLater) => setTimeout(resolveLater, 500));
      }
      throw new Error(`join ${name}: still rate-limited after ${maxJoinTries} tries`);
    };
    for (const seat of ownerSeats) this.#owners.push(await join(`Seat${seat}`));
    for (let index = 0; index < behindCount; index++) this.#behind.push(await join(`Behind${index}`));
  }

  /** One server lifetime: connects everyone, then plays until `stop()` or the sockets die (`done`). */
  async play(served: Served, stop: () => boolean): Promise<{ done: Promise<void> }> {
    const tokens = [...this.#owners, ...this.#behind].map((player) => player.token);
    this.#clients = await Promise.all(tokens.map((token) => PlayerClient.connect(served.origin, token)));
    const owners = this.#owners.map((player, index) => this.#sit(this.#clients[index]!, player.playerId, ownerSeats[index]!, stop));
    const behind = this.#behind.map((player, index) => this.#betBehind(this.#clients[this.#owners.length + index]!, player.playerId, stop));
    // Wrapped: an async function would wait for a promise it returns, and these run until the kill.
    return { done: Promise.all([...owners, ...behind, this.#deal(served.operator, this.#clients.at(-1)!, stop)]).then(() => {}) };
  }

  /** Waits (bounded) until the `hands`-th hand of this server's life is dealt and waiting for a decision, so the next kill lands mid-hand. */
  async handDealt(hands: number, timeoutMs: number): Promise<void> {
    const observer = this.#clients.at(-1);
    if (!observer) return;
    const dealtRounds = () =>
      new Set(
        observer.received.flatMap((message) => {
          const event = eventOf(message);
          return event?.kind === 'blackjack.turn' ? [event.round] : [];
        }),
      ).size;
    const ready = (message: ServerMessage) => eventOf(message)?.kind === 'blackjack.turn' && handInPlay(observer) !== null && dealtRounds() >= hands;
    await observer.waitFor(ready, `hand ${hands} in play`, { fromIndex: observer.received.length, timeoutMs }).catch(() => null);
  }

  #played(): Played {
    return { tableId: this.#table!.id, bets: this.bets, decisions: this.#decisions, unanswered: this.#unanswered, dealt: this.#dealt };
  }

  /** Called right after the kill: was a hand in play, and which rounds did anyone see dealt. */
  afterKill(): void {
    if (this.#clients.some((client) => handInPlay(client) !== null)) this.tally.killsInPlay += 1;
    for (const client of this.#clients) {
      for (const message of client.received) {
        const event = eventOf(message);
        if (event?.kind === 'blackjack.turn') this.#dealt.add(event.round);
        if (event && 'round' in event) this.#highestRound = Math.max(this.#highestRound, event.round);
      }
      client.socket.terminate();
    }
  }

  /** A seat owner: sits at their seat most rounds, and answers each of its turns once. */
  async #sit(client: PlayerClient, playerId: string, seat: number, stop: () => boolean): Promise<void> {
    let cursor = 0;
    let satIn = 0;
    const answered = new Set<string>();
    while (!stop() && client.closeCode === null) {
      const round = bettingRound(client);
      if (round !== null && round !== satIn) {
        satIn = round;
        if (this.#random.below(10) < 8) await this.#place(client, playerId, round, `seat:${seat}`);
      }
      const play = handInPlay(client);
      const turn = play?.turn;
      const mine = play?.seats.find((candidate) => candidate.seat === seat);
      // A turn is told apart from the last one by the seat's cards: a hit, a split or a double changes them.
      const key = play && mine ? `${play.round}/${JSON.stringify(turn)}/${JSON.stringify(mine.hands)}` : '';
      if (play && mine && turn && !answered.has(key)) {
        let decision: { hand: number; action: BlackjackAction } | null = null;
        if (turn.phase === 'insurance' && turn.seats.includes(seat) && !answered.has(`${play.round}/insurance`)) {
          answered.add(`${play.round}/insurance`);
          decision = { hand: 0, action: this.#random.below(3) === 0 ? 'insure' : 'no-insurance' };
        } else if (turn.phase === 'play' && turn.seat === seat) {
          decision = { hand: turn.hand, action: this.#choose(turn.actions) };
        }
        if (decision) {
          answered.add(key);
          // A player's pace: hands stay in play long enough for kills to land in them.
          await new Promise((resolveLater) => setTimeout(resolveLater, thinkMs + this.#random.below(thinkMs * 4)));
          const main = this.bets.filter((bet) => bet.round === play.round && bet.spot === `seat:${seat}`).reduce((sum, bet) => sum + bet.amountMinor, 0);
          this.#sent += 1;
          const requestId = `bjd-${seat}-${this.#sent}`;
          const sent: Decision = { round: play.round, seat, playerId, requestId, ...decision, extraMinor: blackjackExtraStakeMinor(main, decision.action) };
          this.#unanswered.push(sent);
          const reply = await client.request({ kind: 'blackjack.decide', requestId, round: play.round, seat, ...decision }).catch(() => null);
          if (reply) this.#unanswered.splice(this.#unanswered.indexOf(sent), 1);
          if (reply?.kind === 'ack') this.#decisions.push(sent);
        }
      }
      const next = await nextEvent(client, cursor);
      if (next !== null) cursor = next + 1;
    }
  }

  /** Hit and stand most often; double and split whenever the PRNG says so and the table offers them. */
  #choose(actions: readonly BlackjackAction[]): BlackjackAction {
    const weighted = actions.flatMap((action) => Array<BlackjackAction>(action === 'hit' || action === 'stand' ? 3 : 2).fill(action));
    return this.#random.pick(weighted);
  }

  /** A player behind: once a seat is taken this round, bets behind it (seats are never given up, so it is dealt). */
  async #betBehind(client: PlayerClient, playerId: string, stop: () => boolean): Promise<void> {
    let cursor = 0;
    let placedIn = 0;
    while (!stop() && client.closeCode === null) {
      const round = bettingRound(client);
      if (round !== null && round !== placedIn) {
        const taken = ownerSeats.filter((seat) =>
          client.received.some((message) => {
            const event = eventOf(message);
            return event?.kind === 'bets.placed' && event.round === round && (event.spotTotals[`seat:${seat}`] ?? 0) > 0;
          }),
        );
        if (taken.length > 0) {
          placedIn = round;
          if (this.#random.below(10) < 7) await this.#place(client, playerId, round, `behind:${this.#random.pick(taken)}`);
        }
      }
      const next = await nextEvent(client, cursor);
      if (next !== null) cursor = next + 1;
    }
  }

  async #place(client: PlayerClient, playerId: string, round: number, spot: string): Promise<void> {
    const bet = { betId: `bj-${playerId.slice(-6)}-${round}-${this.#random.next().toString(36)}`, spot, amountMinor: 200 * (1 + this.#random.below(5)) };
    const reply = await client.bet(round, [bet]).catch(() => null);
    if (reply?.kind === 'ack') this.bets.push({ playerId, round, ...bet });
  }

  /** The dealer: open, a short betting window, close, deal, then wait for the hand to end (named events, bounded). */
  async #deal(operator: OperatorClient, observer: PlayerClient, stop: () => boolean): Promise<void> {
    const tableId = this.#table!.id;
    const act = (action: string) => operator.action(tableId, action).catch(() => null);
    while (!stop() && observer.closeCode === null) {
      const from = observer.received.length;
      const opened = await act('open');
      if (opened?.status !== 200) return;
      const event = eventOf(await observer.waitFor((message) => eventOf(message)?.kind === 'round.opened', 'round.opened', { fromIndex: from }).catch(() => undefined));
      if (event?.kind !== 'round.opened') return;
      // The dealer's pace, not a synchronisation: the players bet on events while the window is open.
      await new Promise((resolveLater) => setTimeout(resolveLater, 150 + this.#random.below(350)));
      await act('close');
      await act('spin');
      const over = (message: ServerMessage) => {
        const ended = eventOf(message);
        return (ended?.kind === 'round.settled' || ended?.kind === 'round.voided') && ended.round === event.round;
      };
      // At most a few decision timers per hand: a stuck hand ends the lifetime's dealing, and the checks report it.
      if (!(await observer.waitFor(over, `end of round ${event.round}`, { fromIndex: from, timeoutMs: 20_000 }).then(() => true, () => false))) return;
    }
  }

  /**
   * After a restart: every round up to the newest one seen is finished; a round seen dealt settled
   * (never voided), verifies, and holds every acknowledged bet and decision once, in order per seat;
   * the ledger sums to zero, no escrow holds chips, no wallet is below zero.
   */
  async checkAfterRestart(served: Served, problem: Problem): Promise<void> {
    const tableId = this.#table!.id;
    for (let round = this.#checkedThrough + 1; round <= this.#highestRound; round++) {
      const reply = await request<RoundProof>(served.origin, 'GET', `/api/tables/${tableId}/rounds/${round}/proof`);
      if (reply.status !== 200) {
        problem(`blackjack round ${round}: proof answered ${reply.status}`);
        continue;
      }
      checkRound(this.#played(), reply.body, problem);
    }
    this.#checkedThrough = this.#highestRound;
    await checkMoney(served, problem);
  }

  /**
   * The end: exports the table's audit records, verifies the export, and finds every
   * acknowledged bet (by its id) and every decision's stake exactly once, in a round that
   * settled or, never dealt, was voided and refunded.
   */
  async checkAtEnd(served: Served, problem: Problem): Promise<void> {
    this.tally.acknowledgedBets = this.bets.length;
    this.tally.acknowledgedDecisions = this.#decisions.length;
    for (const decision of this.#decisions) this.tally.decisionsByAction[decision.action] = (this.tally.decisionsByAction[decision.action] ?? 0) + 1;
    const root = mkdtempSync(join(tmpdir(), 'pitboss-chaos-audit-'));
    try {
      const dir = join(root, 'export');
      const started = await served.operator.call<{ job: AuditJob }>('POST', '/api/operator/audit/exports', { tableId: this.#table!.id, dir });
      if (started.status !== 202) return problem(`audit export answered ${started.status}`);
      const job = await finishedJob(served.operator, started.body.job.id);
      if (job.state !== 'done') return problem(`audit export ${job.state}: ${job.error}`);
      const report = await verifyExport({ dir });
      if (!report.ok) problem(`audit export does not verify: ${JSON.stringify(report.failures.slice(0, 3))}`);
      const records = readFileSync(join(dir, 'records.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as RoundRecord);
      this.tally.roundsSettled = records.filter((record) => record.status === 'settled').length;
      this.tally.roundsVoided = records.filter((record) => record.status === 'voided').length;
      checkRecords(this.#played(), records, problem);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }

  /** The database after the final stop: no dealt round was voided; every acknowledged decision is recorded once, as acknowledged. */
  checkDatabase(file: string, problem: Problem): void {
    const db = new Database(file, { readonly: true });
    try {
      this.tally.tableDecisions = checkDecisionRows(this.#played(), db, problem);
    } finally {
      db.close();
    }
  }
}
