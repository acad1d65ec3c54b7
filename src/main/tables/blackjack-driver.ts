// A blackjack hand at the table, from the deal to the last decision: deals
// off the round's shoe as its scheme deals (pf1's one shoe, pf2's segments),
// takes decisions inside the group commit (their extra stakes booked first),
// decides for seats whose timer ran out (and under pf1 at once for owners who
// left; under pf2 an owner who left keeps their timer, PF2.md §9), records
// every decision before it is played and signs each accepted one under pf2,
// plays a dealt hand out on restart or shutdown, and hands the result back
// to the table. The table keeps the money, the bets and the events
// (HandHost); the seat rules are the game's (GameRules.interactive); the
// turns are LiveBlackjack's.
import type { Database } from '../storage/database.ts';
import { DEFAULT_DECISION_MS, type TableConfig } from '../../shared/api.ts';
import type { InteractiveRules } from '../../shared/games/blackjack-seats.ts';
import type { BlackjackDecision } from '../../shared/games/blackjack-round.ts';
import type { Dealing } from '../../shared/games/blackjack-cards.ts';
import {
  ErrorCode,
  EventKind,
  Phase,
  SERVER_BET_ID_PREFIX,
  type BetRequest,
  type BlackjackOutcome,
  type Outcome,
  type TableEvent,
  type WireStatement,
} from '../../shared/protocol.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Applied } from './bet-queue.ts';
import type { LiveBet } from './bet-book.ts';
import { LiveBlackjack, MAX_TABLE_STANDS, type Armed, type DecisionRequest } from './blackjack-play.ts';
import type { BlackjackStore } from '../storage/blackjack-store.ts';
import type { Clock, TimerHandle } from './clock.ts';
import type { LiveRound } from './live-round.ts';
import { Cause } from './round-cause.ts';
import type { Activity } from './table-events.ts';
import type { Seat } from './table-dependencies.ts';
import type { StatementBody } from './round-statements.ts';

/** What the driver needs of its table. */
export type HandHost = {
  db: Database;
  clock: Clock;
  ledger: Ledger;
  store: BlackjackStore;
  interactive: InteractiveRules;
  round(): LiveRound | null;
  config(): TableConfig;
  closed(): boolean;
  isPresent(playerId: string): boolean;
  nameOf(playerId: string): string | undefined;
  /** Where the round's cards come from, with the seed and client string the result reveals. */
  dealingOf(round: LiveRound): { dealing: Dealing; serverSeedHex: string; clientString: string };
  /** pf2: signs a statement about the round (PF2.md §7). */
  sign(round: LiveRound, body: StatementBody): WireStatement;
  emit(event: TableEvent): void;
  activityFor(round: number): Activity;
  writeStake(round: LiveRound, seat: Seat, bet: BetRequest, now: number): LiveBet;
  rememberStake(round: LiveRound, bet: LiveBet): void;
  writeTakeBack(bet: LiveBet, note: string, now: number): void;
  forgetStake(round: LiveRound, bet: LiveBet): void;
  notifyBalances(playerIds: Iterable<string>): void;
  void(reason: string, cause: Cause): void;
  publishResult(round: LiveRound, serverSeedHex: string, clientString: string, outcome: Outcome): void;
  settle(cause: Cause): void;
  flush(): void;
};

function reject(code: ErrorCode, message: string): Applied {
  return { result: { ok: false, code, message } };
}

export class HandDriver {
  readonly #host: HandHost;
  /** The timer of the decision the round waits on. */
  #decisionTimer: TimerHandle | null = null;

  constructor(host: HandHost) {
    this.#host = host;
  }

  /**
   * A hand dealt before a crash: the same shoe is dealt again, the recorded
   * decisions replayed, and the hand played out as if every undecided seat's
   * timer ran out (nobody is connected yet), then settled.
   */
  resume(round: LiveRound): void {
    for (const bet of round.book.values()) {
      const seat = this.#host.interactive.seatOfMainBet(bet.spot) ?? null;
      if (seat !== null) round.seatOwners.set(seat, bet.playerId);
    }
    const live = this.#dealHand(round, Cause.System);
    for (const decision of this.#host.store.decisionsOf(round.id)) {
      const { seat, hand, action, playerId, requestId } = decision;
      live.apply({ seat, hand, action }, playerId !== null && requestId !== null ? { playerId, requestId } : undefined);
    }
    round.blackjack = live;
    round.phase = Phase.Playing;
    this.playOut(round, live);
  }

  /**
   * Deals a closed blackjack round: bets behind seats nobody sat at are
   * refunded, then every owned seat gets its cards off the pf1 shoe and the
   * round waits in `playing` for decisions. The deal is recorded with the
   * refunds, so a restart plays the hand out. With no seat taken there is no
   * hand to deal, and the round is voided.
   */
  deal(round: LiveRound, cause: Cause): void {
    const unseated = round.book.all().filter((bet) => this.#host.interactive.refundedAtDeal(bet.spot, round.seatOwners));
    const dealing = round.seatOwners.size > 0;
    const now = this.#host.clock.now();
    this.#host.db.transaction(() => {
      for (const bet of unseated) this.#host.writeTakeBack(bet, `round ${round.number} ${bet.spot} refunded: nobody sat at that seat`, now);
      if (dealing) this.#host.store.markDealt(round.id, now);
    })();
    const byPlayer = new Map<string, string[]>();
    for (const bet of unseated) {
      this.#host.forgetStake(round, bet);
      byPlayer.set(bet.playerId, [...(byPlayer.get(bet.playerId) ?? []), bet.betId]);
    }
    const activity = this.#host.activityFor(round.number);
    for (const [playerId, betIds] of byPlayer) activity.cancelled.push({ playerId, betIds });
    this.#host.notifyBalances(byPlayer.keys());
    if (!dealing) {
      this.#host.void('nobody took a seat', cause);
      return;
    }
    round.blackjack = this.#dealHand(round, cause);
    round.phase = Phase.Playing;
    this.afterChange();
  }

  /** The opening cards of every owned seat and the dealer's, off the round's shoe. */
  #dealHand(round: LiveRound, cause: Cause): LiveBlackjack {
    const { dealing, serverSeedHex, clientString } = this.#host.dealingOf(round);
    const owners = new Map<number, { playerId: string; name: string }>();
    for (const [seat, playerId] of round.seatOwners) owners.set(seat, { playerId, name: this.#nameIn(round, playerId) });
    return new LiveBlackjack({
      owners,
      mainStakes: this.#host.interactive.mainStakes(round.book.values()) ?? new Map(),
      dealing,
      serverSeed: serverSeedHex,
      clientString,
      dealtBy: cause,
    });
  }

  #nameIn(round: LiveRound, playerId: string): string {
    const bet = round.book.first(playerId);
    return bet?.playerName || this.#host.nameOf(playerId) || '';
  }

  /** One decision, inside the group commit: checks, books the extra stake it costs (if any) and the decision; plays it once committed. */
  applyDecision(seat: Seat, requestId: string, roundNumber: number, decision: DecisionRequest): Applied {
    if (this.#host.closed()) return reject(ErrorCode.TableClosed, 'the table is closed');
    const round = this.#host.round();
    const live = round?.blackjack;
    const balance = this.#host.ledger.balanceOf(seat.walletAccountId);
    // A retried request (a reconnect resends it) is acknowledged again, with the same statement, and changes nothing, even once the hand is over.
    const earlier = live && round?.number === roundNumber ? live.answered(seat.playerId, requestId) : undefined;
    if (earlier !== undefined) return { result: { ok: true, balanceMinor: balance, ...(earlier ? { statement: earlier } : {}) } };
    if (!round || round.phase !== Phase.Playing || !live) return reject(ErrorCode.WrongPhase, 'no hand is in play');
    if (roundNumber !== round.number) return reject(ErrorCode.WrongRound, `round ${round.number} is in play, not ${roundNumber}`);
    const check = live.check(seat.playerId, decision);
    if ('code' in check) return reject(check.code, check.message);
    const now = this.#host.clock.now();
    let extra: LiveBet | null = null;
    let balanceAfter = balance;
    if (check.extra) {
      const { spot, amountMinor } = check.extra;
      if (seat.muted) return reject(ErrorCode.Muted, 'the dealer has paused your betting');
      if (balance < amountMinor) return reject(ErrorCode.InsufficientFunds, `${decision.action} needs ${amountMinor}, the balance is ${balance}`);
      // In the server's own namespace (no client id can take it), and unique: one decision of each kind per hand.
      const betId = `${SERVER_BET_ID_PREFIX}bj-r${round.id}-${spot.replaceAll(':', '-')}`;
      extra = this.#host.writeStake(round, seat, { betId, spot, amountMinor }, now);
      balanceAfter = balance - amountMinor;
    }
    const applied: BlackjackDecision = { seat: decision.seat, hand: decision.hand, action: decision.action };
    const seq = live.decisionCount;
    this.#host.store.insertDecision(round.id, { ...applied, seq, playerId: seat.playerId, requestId }, now);
    const statement = round.pf2 ? this.#decisionStatement(round, applied, seq, extra, now) : null;
    const answered = { playerId: seat.playerId, requestId, statement };
    return {
      result: { ok: true, balanceMinor: balanceAfter, ...(statement ? { statement } : {}) },
      afterCommit: () => {
        if (extra) this.#host.rememberStake(round, extra);
        live.apply(applied, answered);
      },
    };
  }

  /** pf2.decision (PF2.md §7): the decision's order in the round from 1, and the extra stake it booked. */
  #decisionStatement(round: LiveRound, decision: BlackjackDecision, seq: number, extra: LiveBet | null, now: number): WireStatement {
    return this.#host.sign(round, {
      kind: 'pf2.decision',
      seq: seq + 1,
      seat: decision.seat,
      hand: decision.hand,
      action: decision.action,
      betId: extra?.betId ?? null,
      amountMinor: extra?.amountMinor ?? null,
      decidedAt: now,
    });
  }

  /** Decisions the table makes itself (a timer ran out, an owner left): recorded first, then played. False when there are none. */
  #applyTableDecisions(round: LiveRound, live: LiveBlackjack, decisions: readonly BlackjackDecision[]): boolean {
    if (decisions.length === 0) return false;
    const now = this.#host.clock.now();
    const first = live.decisionCount;
    this.#host.db.transaction(() => {
      decisions.forEach((decision, index) => {
        this.#host.store.insertDecision(round.id, { ...decision, seq: first + index, playerId: null, requestId: null }, now);
      });
    })();
    for (const decision of decisions) live.apply(decision);
    return true;
  }

  /** Every undecided seat is decided as on a timeout (pf1 stands, pf2 plays the chart), the dealer plays, the round settles. */
  playOut(round: LiveRound, live: LiveBlackjack): void {
    this.stopTimer();
    for (let step = 0; step < MAX_TABLE_STANDS && live.turn.phase !== 'done'; step++) this.#applyTableDecisions(round, live, live.timeoutStands());
    if (live.turn.phase !== 'done') throw new Error(`round ${round.number}: the hand did not finish after ${MAX_TABLE_STANDS} stands`);
    this.#finishBlackjack(round, live);
  }

  /**
   * After anything that may move a hand in play: under pf1 seats of absent
   * owners stand (pf2: they keep their timer), the new turn is published
   * and timed, or the round ends.
   */
  afterChange(): void {
    const round = this.#host.round();
    const live = round?.blackjack;
    if (!round || round.phase !== Phase.Playing || !live) return;
    const present = (playerId: string): boolean => this.#host.isPresent(playerId);
    if (!round.pf2) for (let step = 0; step < MAX_TABLE_STANDS; step++) if (!this.#applyTableDecisions(round, live, live.absentStands(present))) break;
    if (live.turn.phase === 'done') {
      this.#finishBlackjack(round, live);
      return;
    }
    if (!live.takeChange()) return;
    const armed = live.armDeadline(this.#host.clock.now(), this.#decisionMs());
    if (armed) this.#startDecisionTimer(round.number, armed);
    this.#host.emit({ kind: EventKind.BlackjackTurn, round: round.number, ...live.view() });
  }

  #finishBlackjack(round: LiveRound, live: LiveBlackjack): void {
    this.stopTimer();
    const outcome: BlackjackOutcome = live.outcome;
    // The last turn shows the whole table (the dealer's hand included) before the result names it.
    this.#host.emit({ kind: EventKind.BlackjackTurn, round: round.number, ...live.view() });
    this.#host.publishResult(round, live.serverSeed, live.clientString, outcome);
    this.#host.settle(live.dealtBy);
  }

  /** Tables created before decision timers existed have no decisionMs in their stored config. */
  #decisionMs(): number {
    return this.#host.config().decisionMs ?? DEFAULT_DECISION_MS;
  }

  #startDecisionTimer(number: number, armed: Armed): void {
    this.stopTimer();
    this.#decisionTimer = this.#host.clock.after(armed.delayMs, () => {
      this.#decisionTimer = null;
      this.#decisionTimedOut(number, armed.serial);
    });
  }

  stopTimer(): void {
    this.#decisionTimer?.cancel();
    this.#decisionTimer = null;
  }

  #decisionTimedOut(number: number, serial: number): void {
    // Decisions that arrived before the deadline are committed first and win.
    this.#host.flush();
    const round = this.#host.round();
    const live = round?.blackjack;
    if (!round || round.number !== number || round.phase !== Phase.Playing || !live || live.deadlineSerial !== serial) return;
    // pf2: the record tells a timeout from an owner who was not connected when it ran out.
    const present = round.pf2 ? (playerId: string): boolean => this.#host.isPresent(playerId) : undefined;
    this.#applyTableDecisions(round, live, live.timeoutStands(present));
    this.afterChange();
  }
}
