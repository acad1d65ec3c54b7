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
import type { JoinResponse, LedgerSummaryResponse, OperatorTable, RoundProof } from '../../src/shared/api.ts';
import type { AuditJob } from '../../src/shared/audit-api.ts';
import type { RoundRecord } from '../../src/shared/audit-record.ts';
import { verifyRound } from '../../src/shared/fairness/verify-round.ts';
import { blackjackExtraStakeMinor } from '../../src/shared/games/blackjack.ts';
import type { BlackjackAction } from '../../src/shared/games/blackjack-round.ts';
import type { BlackjackOutcome, BlackjackPlay, ServerMessage, TableEvent } from '../../src/shared/protocol.ts';
import { verifyExport } from '../../src/main/audit/verify-export.ts';
import { PlayerClient, inviteOf, request, type OperatorClient } from './harness.ts';
import type { Random } from './fuzz-messages.ts';

export type BlackjackTally = {
  acknowledgedBets: number;
  acknowledgedDecisions: number;
  /** Decisions the table made itself (timer, absent owner, recovery): `timeout` in the outcome. */
  tableDecisions: number;
  roundsSettled: number;
  roundsVoided: number;
  /** Kills that landed while a hand was dealt and not finished. */
  killsInPlay: number;
};

export type Acknowledged = { playerId: string; betId: string; spot: string; amountMinor: number; round: number };
type Decision = { round: number; seat: number; hand: number; action: BlackjackAction; playerId: string; requestId: string; extraMinor: number };
type Served = { origin: string; operator: OperatorClient };
type Problem = (text: string) => void;

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
  readonly tally: BlackjackTally = { acknowledgedBets: 0, acknowledgedDecisions: 0, tableDecisions: 0, roundsSettled: 0, roundsVoided: 0, killsInPlay: 0 };

  constructor(random: Random) {
    this.#random = random;
  }

  async setUp(served: Served): Promise<void> {
    const created = await served.operator.call<{ table: OperatorTable }>('POST', '/api/operator/tables', {
      name: 'Chaos blackjack',
      game: 'blackjack',
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
        if (reply.status === 201) return reply.body;
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

  /** Waits (bounded) until a hand is dealt and waiting for a decision, so the next kill lands mid-hand. */
  async handDealt(timeoutMs: number): Promise<void> {
    const observer = this.#clients.at(-1);
    if (!observer) return;
    await observer
      .waitFor((message) => eventOf(message)?.kind === 'blackjack.turn' && handInPlay(observer) !== null, 'a hand in play', {
        fromIndex: observer.received.length,
        timeoutMs,
      })
      .catch(() => null);
  }

  /** Called right after the kill: was a hand in play, and which rounds did anyone see dealt. */
  afterKill(): void {
    if (this.#clients.some((client) => handInPlay(client) !== null)) this.tally.killsInPlay += 1;
    for (const client of this.#clients) {
      for (const message of client.received) {
        const event = eventOf(message);
        if (event?.kind === 'blackjack.turn') this.#dealt.add(event.round);
        if (event?.kind === 'round.opened') this.#highestRound = Math.max(this.#highestRound, event.round);
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
      this.#checkRound(reply.body, problem);
    }
    this.#checkedThrough = this.#highestRound;
    await checkMoney(served, problem);
  }

  #checkRound(proof: RoundProof, problem: Problem): void {
    const round = proof.round;
    const bets = this.bets.filter((bet) => bet.round === round);
    const decisions = this.#decisions.filter((decision) => decision.round === round);
    if (proof.phase === 'voided') {
      if (this.#dealt.has(round) || proof.outcome !== null) problem(`blackjack round ${round} was dealt, then voided`);
      if (decisions.length > 0) problem(`blackjack round ${round} was voided after ${decisions.length} acknowledged decisions`);
      return;
    }
    if (proof.phase !== 'settled') return problem(`blackjack round ${round} is left ${proof.phase}`);
    const verified = verifyRound(proof);
    if (!verified.ok) problem(`blackjack round ${round}: proof does not verify: ${JSON.stringify(verified.checks.filter((check) => !check.ok))}`);
    // Stakes by spot and amount (the proof's player references are the table's business).
    const rows = proof.bets.map((bet) => `${bet.spot} ${bet.amountMinor}`);
    const expected = [
      ...bets.map((bet) => `${bet.spot} ${bet.amountMinor}`),
      ...decisions.filter((decision) => decision.extraMinor > 0).map((decision) => `${extraSpot(decision)} ${decision.extraMinor}`),
    ];
    for (const row of expected) {
      const at = rows.indexOf(row);
      if (at < 0) problem(`blackjack round ${round}: acknowledged stake ${row} is missing from the proof`);
      else rows.splice(at, 1);
    }
    const outcome = proof.outcome as BlackjackOutcome;
    for (const seat of new Set(outcome.decisions.map((decision) => decision.seat))) {
      const played = outcome.decisions.filter((decision) => decision.seat === seat && decision.action !== 'timeout').map(describe);
      const acknowledged = decisions.filter((decision) => decision.seat === seat).map(describe);
      const lost = this.#unanswered.filter((decision) => decision.round === round && decision.seat === seat).map(describe);
      // What the seat's owner had acknowledged, in order, and at most the one request the kill left unanswered.
      const same = (list: string[]) => list.length === played.length && list.every((text, index) => played[index] === text);
      if (!same(acknowledged) && !same([...acknowledged, ...lost])) {
        problem(`blackjack round ${round} seat ${seat}: played [${played.join(', ')}], acknowledged [${acknowledged.join(', ')}]`);
      }
    }
    for (const decision of decisions) {
      if (!outcome.decisions.some((played) => played.seat === decision.seat)) problem(`blackjack round ${round}: acknowledged ${describe(decision)} on seat ${decision.seat} is missing`);
    }
  }

  /**
   * The end: exports the table's audit records, verifies the export, and finds every
   * acknowledged bet (by its id) and every decision's stake exactly once, in a round that
   * settled or, never dealt, was voided and refunded.
   */
  async checkAtEnd(served: Served, problem: Problem): Promise<void> {
    this.tally.acknowledgedBets = this.bets.length;
    this.tally.acknowledgedDecisions = this.#decisions.length;
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
      this.#checkRecords(records, problem);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }

  /** The database after the final stop: no dealt round was voided; every acknowledged decision is recorded once, as acknowledged. */
  checkDatabase(file: string, problem: Problem): void {
    const db = new Database(file, { readonly: true });
    try {
      this.#checkDecisionRows(db, problem);
    } finally {
      db.close();
    }
  }

  #checkDecisionRows(db: Database.Database, problem: Problem): void {
    const tableId = this.#table!.id;
    const voided = db.prepare("SELECT number FROM rounds WHERE table_id = ? AND phase = 'voided' AND dealt_at IS NOT NULL").all(tableId) as { number: number }[];
    for (const row of voided) problem(`blackjack round ${row.number} was dealt (dealt_at) and voided`);
    const recorded = db.prepare(
      `SELECT r.number AS round, d.seat, d.hand, d.action FROM blackjack_decisions d JOIN rounds r ON r.id = d.round_id
       WHERE d.player_id = ? AND d.request_id = ?`,
    );
    for (const decision of this.#decisions) {
      const rows = recorded.all(decision.playerId, decision.requestId) as { round: number; seat: number; hand: number; action: string }[];
      const row = rows[0];
      if (rows.length !== 1 || row?.round !== decision.round || row.seat !== decision.seat || row.hand !== decision.hand || row.action !== decision.action) {
        problem(`acknowledged decision ${decision.requestId} (${describe(decision)}, round ${decision.round}) is recorded ${rows.length} times as ${JSON.stringify(rows)}`);
      }
    }
    this.tally.tableDecisions = (db.prepare(
      `SELECT count(*) AS count FROM blackjack_decisions d JOIN rounds r ON r.id = d.round_id WHERE r.table_id = ? AND d.action = 'timeout'`,
    ).get(tableId) as { count: number }).count;
  }

  #checkRecords(records: RoundRecord[], problem: Problem): void {
    this.tally.roundsSettled = records.filter((record) => record.status === 'settled').length;
    this.tally.roundsVoided = records.filter((record) => record.status === 'voided').length;
    const found = new Map<string, { record: RoundRecord; bet: RoundRecord['bets'][number] }[]>();
    for (const record of records) {
      for (const bet of record.bets) {
        const key = `${bet.playerId}/${bet.betId}`;
        found.set(key, [...(found.get(key) ?? []), { record, bet }]);
      }
      if (record.status === 'settled' && record.bets.some((bet) => bet.status === 'refunded' || bet.transfers.some((transfer) => transfer.kind === 'void_refund'))) {
        problem(`blackjack round ${record.round} settled with a refund in it`);
      }
      if (record.status === 'voided' && record.outcome !== null) problem(`blackjack round ${record.round} was voided after its deal`);
    }
    for (const bet of this.bets) {
      const places = found.get(`${bet.playerId}/${bet.betId}`) ?? [];
      if (places.length !== 1) {
        problem(`acknowledged blackjack bet ${bet.betId} is in ${places.length} records`);
        continue;
      }
      const { record, bet: row } = places[0]!;
      if (record.round !== bet.round || row.spot !== bet.spot || row.amountMinor !== bet.amountMinor) problem(`blackjack bet ${bet.betId} differs from what was acknowledged`);
      const expected = record.status === 'settled' ? 'settled' : 'refunded';
      if (row.status !== expected) problem(`blackjack bet ${bet.betId} is ${row.status} in a ${record.status} round`);
    }
    for (const decision of this.#decisions.filter((candidate) => candidate.extraMinor > 0)) {
      const record = records.find((candidate) => candidate.round === decision.round);
      const rows = record?.bets.filter((bet) => bet.playerId === decision.playerId && bet.spot === extraSpot(decision)) ?? [];
      if (rows.length !== 1 || rows[0]?.amountMinor !== decision.extraMinor || rows[0]?.status !== 'settled') {
        problem(`blackjack round ${decision.round}: the stake of ${describe(decision)} on seat ${decision.seat} is booked ${rows.length} times`);
      }
    }
  }
}

function describe(decision: { hand: number; action: string }): string {
  return `${decision.action}@${decision.hand}`;
}

function extraSpot(decision: Decision): string {
  if (decision.action === 'double') return `double:${decision.seat}:${decision.hand}`;
  if (decision.action === 'split') return `split:${decision.seat}`;
  return `insurance:${decision.seat}`;
}

/** Both tables' money, between rounds: the ledger sums to zero, every escrow is empty, no wallet is below zero. */
export async function checkMoney(served: Served, problem: Problem): Promise<void> {
  const summary = await served.operator.call<LedgerSummaryResponse>('GET', '/api/operator/ledger');
  if (summary.status !== 200) return problem(`ledger summary answered ${summary.status}`);
  if (summary.body.sumMinor !== 0) problem(`the ledger sums to ${summary.body.sumMinor}`);
  for (const account of summary.body.accounts) {
    if (account.kind === 'escrow' && account.balanceMinor !== 0) problem(`escrow ${account.ref} holds ${account.balanceMinor} between rounds`);
    if (account.kind === 'wallet' && account.balanceMinor < 0) problem(`wallet ${account.ref} is at ${account.balanceMinor}`);
  }
}

/** Polls an audit job until it finishes: at most 800 polls of 25 ms. */
async function finishedJob(operator: OperatorClient, jobId: string): Promise<AuditJob> {
  for (let poll = 0; poll < 800; poll++) {
    const reply = await operator.call<{ job: AuditJob }>('GET', `/api/operator/audit/jobs/${jobId}`);
    if (reply.body.job.state !== 'running') return reply.body.job;
    await new Promise((resolveLater) => setTimeout(resolveLater, 25));
  }
  throw new Error(`audit job ${jobId} did not finish in time`);
}
