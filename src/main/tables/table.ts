// One live table: the round state machine, its timers, and the bets on it.
//
//   idle ──open──▶ betting ──close──▶ closed ──spin──▶ result ──▶ settled
//                     └──────void──────────┴──▶ voided (every stake refunded)
//
// Blackjack is dealt, then played decision by decision: `spin` deals and the
// round waits in `playing` until the last decision; then result and
// settlement run as for every game. The deal and every decision are recorded
// as they happen (the database row stays `closed`, with `dealt_at`), so a
// crash mid-hand is played out on restart, never refunded. The hand is the
// driver's (blackjack-driver.ts); the seat rules are the game's
// (GameRules.interactive).
//
// The engine is the only writer of its rounds. Inputs were validated at the
// edge (shapes, sizes); the rules that depend on state (phase, limits, funds)
// are checked here and answered with typed error codes. Anything that breaks
// an invariant after that is a bug and throws.
//
// Bets are group-committed: every bet request that arrives in one turn of the
// event loop is applied in one SQLite transaction, and acknowledged only after
// that transaction commits (synchronous=FULL), so an acknowledged bet survives
// a crash and one fsync serves many bets.
import type Database from 'better-sqlite3';
import type { TableConfig } from '../../shared/api.ts';
import { clientStringOf, bytesToHex, Pf1Stream } from '../../shared/fairness/pf1.ts';
import { gameRules, type GameRules } from '../../shared/games/index.ts';
import {
  ErrorCode,
  EventKind,
  Limits,
  Phase,
  type BetRequest,
  type GameId,
  type HistoryEntry,
  type Outcome,
  type PlayerSettlement,
  type RoundView,
  type SeatedPlayer,
  type TableSnapshot,
  type TableSummary,
} from '../../shared/protocol.ts';
import { AccountKind, type Ledger } from '../ledger/ledger.ts';
import { createChain, loadChain, seedAt, type SeedChain } from './seed-chain.ts';
import { BlackjackStore } from './blackjack-store.ts';
import type { DecisionRequest } from './blackjack-play.ts';
import { HandDriver, type HandHost } from './blackjack-driver.ts';
import type { InteractiveRules } from '../../shared/games/blackjack-seats.ts';
import type { RoundRow, TableRow, TableStore } from './table-store.ts';
import { BetQueue, type Applied, type OperationResult } from './bet-queue.ts';
import { Cause } from './round-cause.ts';
import { BetBook, type LiveBet } from './bet-book.ts';
import { BetRequests } from './bet-requests.ts';
import { Timers, type Clock } from './clock.ts';
import { TableEvents, type EventEnvelope } from './table-events.ts';
import { isVoidable, type LiveRound } from './live-round.ts';
import { roundViewOf, snapshotOf, stakesByPlayer, tableSummary } from './table-views.ts';
import { RoundFinisher, type FinishPlan, type RoundRecorder } from './round-finisher.ts';
import { settlementPostings, settlementSummary, voidPostings } from './round-postings.ts';
import { isLegalInPhase, roundInFlight } from '../../shared/round-actions.ts';
import { historyOf } from '../../shared/round-history.ts';

export type { OperationResult } from './bet-queue.ts';

/** Time between "no more bets" and the draw in auto-cycle, so players see the close. */
export const autoDrawDelayMs = 1_500;

/** Bet requests applied in one group commit at most (one fsync each). */
export const maxOperationsPerCommit = 256;

export type Seat = { playerId: string; name: string; walletAccountId: number; muted: boolean };

export type { EventEnvelope } from './table-events.ts';

/** What the table reports for live health (the server's metrics implement it). */
export type TableObserver = {
  /** One group commit: its transaction's duration and the requests it held. */
  committed(durationMs: number, operationCount: number): void;
  betRequestAnswered(accepted: boolean, betCount: number, waitedMs: number): void;
  roundEnded(phase: 'settled' | 'voided'): void;
};

export type TableDependencies = {
  observer: TableObserver;
  db: Database.Database;
  store: TableStore;
  ledger: Ledger;
  houseAccountId: number;
  chainLength: number;
  /** Every timer and timestamp of the table goes through it. */
  clock: Clock;
  /** Called for every table event, in sequence order. */
  publish: (envelope: EventEnvelope) => void;
  /** Called after a commit that changed a player's wallet outside a request they made. */
  balanceChanged: (playerId: string, balanceMinor: number) => void;
  /** Called for every player who had bets in a round that just settled: their own result, privately. */
  playerSettled: (playerId: string, settlement: PlayerSettlement, balanceMinor: number) => void;
  /**
   * The audit log: a finished round's record is drafted once its money has
   * moved and appended in the transaction that settles or voids the round,
   * so a finished round without a record cannot exist.
   */
  recorder: RoundRecorder;
  /** Bets posted (and recorded) per step when a big round finishes: bounded work per turn of the event loop. */
  finishBetsPerStep: number;
};



export class Table {
  readonly id: string;
  readonly name: string;
  readonly game: GameId;
  readonly inviteCode: string;
  readonly rules: GameRules;
  #config: TableConfig;
  readonly #deps: TableDependencies;
  readonly #escrowAccountId: number;
  #chain: SeedChain;
  #nextRound: number;
  #round: LiveRound | null = null;
  #history: HistoryEntry[] = [];
  #lastSettledRoundId: number | null = null;
  #seated = new Map<string, SeatedPlayer>();
  #lastSettlement = new Map<string, PlayerSettlement>();
  readonly #events: TableEvents;
  readonly #queue: BetQueue;
  readonly #blackjackStore: BlackjackStore;
  readonly #requests: BetRequests;
  readonly #timers: Timers;
  /** The hand in play at a table of an interactive game (blackjack); null for games of chance. */
  readonly #hands: HandDriver | null;
  #closed = false;
  /** Completes the round being finished in steps, at once (shutdown); null when none is. */
  #finishing: (() => void) | null = null;

  constructor(row: TableRow, deps: TableDependencies) {
    this.id = row.id;
    this.name = row.name;
    this.game = row.game;
    this.inviteCode = row.inviteCode;
    this.rules = gameRules(row.game);
    this.#config = row.config;
    this.#deps = deps;
    this.#timers = new Timers(deps.clock);
    this.#events = new TableEvents({
      tableId: row.id,
      clock: deps.clock,
      batchMs: Limits.activityBroadcastMs,
      publish: deps.publish,
      spotTotals: () => this.#round?.book.spotTotals() ?? {},
      playerCount: () => this.#seated.size,
    });
    this.#escrowAccountId = deps.ledger.account(AccountKind.Escrow, row.id);
    this.#blackjackStore = new BlackjackStore(deps.db);
    this.#requests = new BetRequests({
      store: deps.store,
      ledger: deps.ledger,
      clock: deps.clock,
      escrowAccountId: this.#escrowAccountId,
      rules: this.rules,
      events: this.#events,
      config: () => this.#config,
      round: () => this.#round,
      closed: () => this.#closed,
    });
    this.#hands = this.rules.interactive ? new HandDriver(this.#handHost(this.rules.interactive)) : null;
    this.#queue = new BetQueue({
      db: deps.db,
      maxOperationsPerCommit,
      later: (task) => deps.clock.soon(task),
      beginBatch: () => this.#requests.beginBatch(),
      committed: (durationMs, operationCount) => deps.observer.committed(durationMs, operationCount),
      afterBatch: () => this.#afterBatch(),
      failed: (context, error) => console.error(`table ${row.id}: ${context} failed:`, error),
    });
    this.#nextRound = row.nextRound;
    const chainRow = deps.store.activeChain(row.id);
    if (!chainRow) throw new Error(`table ${row.id} has no active seed chain`);
    this.#chain = loadChain(chainRow);
    const recent = deps.store.recentRounds(row.id, Limits.historyLength);
    this.#history = historyOf(recent);
    this.#lastSettledRoundId = recent.find((past) => past.phase === Phase.Settled && past.settledAt !== null)?.id ?? null;
  }

  get config(): TableConfig {
    return this.#config;
  }

  get commitment(): string {
    return this.#chain.commitment;
  }

  get phase(): Phase {
    return this.#round?.phase ?? Phase.Idle;
  }

  get roundInFlight(): boolean {
    return roundInFlight(this.phase);
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  // ------------------------------------------------------------ recovery

  /**
   * Resolves rounds a crash left unfinished: betting or closed rounds are
   * voided (every stake refunded), rounds with a recorded result are settled
   * from that result. Both are idempotent: a crash during recovery is
   * recovered the same way on the next start.
   */
  recover(): void {
    for (const row of this.#deps.store.unfinishedRounds(this.id)) {
      const round = this.#liveRoundFromRow(row);
      this.#round = round;
      if (row.phase === Phase.Result) this.#settle(Cause.System, true);
      else if (this.#hands && this.#blackjackStore.isDealt(row.id)) this.#hands.resume(round);
      else this.#void('interrupted: the server restarted', Cause.System, true);
    }
  }

  #liveRoundFromRow(row: RoundRow): LiveRound {
    const book = new BetBook();
    for (const bet of this.#deps.store.betsOfRound(row.id)) {
      book.countPlaced(bet.playerId, 1);
      if (bet.cancelledAt !== null) continue;
      book.add({
        rowId: bet.id,
        betId: bet.betId,
        playerId: bet.playerId,
        playerName: '',
        walletAccountId: this.#deps.ledger.account(AccountKind.Wallet, bet.playerId),
        spot: bet.spot,
        amountMinor: bet.amountMinor,
      });
    }
    const seeds = new Map(this.#deps.store.seedsOfRound(row.id).map((seed) => [seed.playerId, seed.clientSeed]));
    return {
      id: row.id,
      number: row.number,
      chainId: row.chainId,
      chainIndex: row.chainIndex,
      commitment: row.commitment,
      phase: row.phase,
      closesAt: null,
      lastCall: false,
      book,
      seeds,
      outcome: row.outcome,
      serverSeed: row.serverSeed,
      clientString: row.clientString,
      // Recovery only voids, settles or plays out a dealt hand: nobody sits down again.
      seatOwners: new Map(),
      blackjack: null,
      finishing: false,
    };
  }

  // ------------------------------------------------------------ dealer actions

  /** Opens betting on a new round. The round record (with its chain index) is committed before any stake can move. */
  open(cause: Cause): OperationResult {
    if (this.#closed) return { ok: false, code: ErrorCode.TableClosed, message: 'the table is closed' };
    if (this.roundInFlight) return this.#wrongPhase('open betting');
    const now = this.#deps.clock.now();
    const { store } = this.#deps;
    let chain = this.#chain;
    const number = this.#nextRound;
    const roundId = this.#deps.db.transaction(() => {
      if (chain.nextIndex > chain.length) {
        store.retireChain(chain.id, now);
        chain = createChain(store, this.id, this.#deps.chainLength, now);
      }
      store.advanceRound(this.id, number);
      store.advanceChain(chain.id, chain.nextIndex);
      return store.insertRound({
        tableId: this.id,
        number,
        game: this.game,
        rulesVersion: this.rules.rulesVersion,
        chainId: chain.id,
        commitment: chain.commitment,
        chainIndex: chain.nextIndex,
        openedBy: cause,
        openedAt: now,
      });
    })();
    const previousCommitment = this.#chain.commitment;
    this.#chain = chain;
    if (chain.commitment !== previousCommitment) {
      this.#events.emit({ kind: EventKind.ChainRotated, commitment: chain.commitment, previousCommitment });
    }
    const chainIndex = chain.nextIndex;
    chain.nextIndex += 1;
    this.#nextRound = number + 1;
    const closesAt = this.#config.autoCycle ? now + this.#config.bettingWindowMs : null;
    this.#round = {
      id: roundId,
      number,
      chainId: chain.id,
      chainIndex,
      commitment: chain.commitment,
      phase: Phase.Betting,
      closesAt,
      lastCall: false,
      book: new BetBook(),
      seeds: new Map(),
      outcome: null,
      serverSeed: null,
      clientString: null,
      seatOwners: new Map(),
      blackjack: null,
      finishing: false,
    };
    this.#events.emit({ kind: EventKind.RoundOpened, round: number, commitment: chain.commitment, chainIndex, closesAt });
    if (closesAt !== null) {
      const lastCallAt = closesAt - this.#config.lastCallMs;
      this.#timers.after(lastCallAt - now, () => this.#announceLastCall(number));
      this.#timers.after(this.#config.bettingWindowMs, () => {
        if (this.#round?.number === number && this.#round.phase === Phase.Betting) this.close(Cause.Auto);
      });
    }
    return this.#okNoBalance();
  }

  #announceLastCall(number: number): void {
    const round = this.#round;
    if (!round || round.number !== number || round.phase !== Phase.Betting || round.closesAt === null) return;
    round.lastCall = true;
    this.#events.emit({ kind: EventKind.RoundLastCall, round: number, closesAt: round.closesAt });
  }

  /** No more bets. Bets already received in this turn of the event loop are committed first. */
  close(cause: Cause): OperationResult {
    const round = this.#round;
    if (!round || !isLegalInPhase('close', round.phase) || round.finishing) return this.#wrongPhase('close betting');
    this.flush();
    this.#deps.store.closeRound(round.id, this.#deps.clock.now());
    round.phase = Phase.Closed;
    round.closesAt = null;
    this.#events.emit({ kind: EventKind.RoundClosed, round: round.number });
    if (cause === Cause.Auto) {
      const number = round.number;
      this.#timers.after(autoDrawDelayMs, () => {
        if (this.#round?.number === number && this.#round.phase === Phase.Closed) this.spin(Cause.Auto);
      });
    }
    return this.#okNoBalance();
  }

  /**
   * Draws the outcome under pf1, publishes it with the revealed seed, and
   * settles every bet. At a blackjack table this deals instead, and the
   * result follows the last decision.
   */
  spin(cause: Cause): OperationResult {
    const round = this.#round;
    if (!round || !isLegalInPhase('spin', round.phase) || round.finishing) return this.#wrongPhase('spin');
    if (this.#hands) {
      this.#hands.deal(round, cause);
      return this.#okNoBalance();
    }
    const { stream, serverSeedHex, clientString } = this.#streamOf(round);
    this.#publishResult(round, serverSeedHex, clientString, this.rules.draw(stream));
    this.#settle(cause);
    return this.#okNoBalance();
  }

  /** The round's pf1 stream: its chain's seed and the client seeds recorded while betting was open. */
  #streamOf(round: LiveRound): { stream: Pf1Stream; serverSeedHex: string; clientString: string } {
    if (round.chainId !== this.#chain.id) throw new Error(`round ${round.number} is not on the active chain`);
    const serverSeed = seedAt(this.#chain, round.chainIndex);
    const clientString = clientStringOf([...round.seeds.values()]);
    return { stream: new Pf1Stream(serverSeed, clientString, round.number), serverSeedHex: bytesToHex(serverSeed), clientString };
  }

  /** Records the outcome (the round's row moves to `result`) and reveals it with the server seed. */
  #publishResult(round: LiveRound, serverSeedHex: string, clientString: string, outcome: Outcome): void {
    this.#deps.store.recordResult(round.id, this.#deps.clock.now(), serverSeedHex, clientString, outcome);
    round.phase = Phase.Result;
    round.outcome = outcome;
    round.serverSeed = serverSeedHex;
    round.clientString = clientString;
    this.#events.emit({
      kind: EventKind.RoundResult,
      round: round.number,
      outcome,
      serverSeed: serverSeedHex,
      clientString,
      chainIndex: round.chainIndex,
      commitment: round.commitment,
    });
  }

  /** Takes the round back: every live stake returns to its wallet. Only before the result (a blackjack hand in play included). */
  void(cause: Cause, reason: string): OperationResult {
    if (!isVoidable(this.#round)) return this.#wrongPhase('void');
    this.flush();
    // The decisions just committed may have finished the hand.
    if (!isVoidable(this.#round)) return this.#wrongPhase('void');
    this.#void(reason, cause);
    return this.#okNoBalance();
  }

  setAutoCycle(autoCycle: boolean): OperationResult {
    if (this.#closed) return { ok: false, code: ErrorCode.TableClosed, message: 'the table is closed' };
    this.#config = { ...this.#config, autoCycle };
    if (autoCycle && !this.roundInFlight) return this.open(Cause.Auto);
    return this.#okNoBalance();
  }

  /** Starts a new chain; the old one's unused seeds are never revealed. */
  rotateChain(): OperationResult {
    if (this.roundInFlight) return this.#wrongPhase('rotate the seed chain');
    const now = this.#deps.clock.now();
    const previous = this.#chain;
    this.#chain = this.#deps.db.transaction(() => {
      this.#deps.store.retireChain(previous.id, now);
      return createChain(this.#deps.store, this.id, this.#deps.chainLength, now);
    })();
    this.#events.emit({ kind: EventKind.ChainRotated, commitment: this.#chain.commitment, previousCommitment: previous.commitment });
    return this.#okNoBalance();
  }

  /** Stops the table for good: refuses new rounds, voids or settles the one in flight. */
  shutdown(reason: string): void {
    this.flush();
    this.#timers.cancelAll();
    this.#hands?.stopTimer();
    const round = this.#round;
    // A dealt blackjack hand cannot wait for players who are being sent away, nor be taken back: it plays out.
    if (round?.phase === Phase.Playing && round.blackjack) this.#hands?.playOut(round, round.blackjack);
    else if (isVoidable(round)) this.#void(reason, Cause.System, true);
    else if (round?.phase === Phase.Result && !round.finishing) this.#settle(Cause.System, true);
    // A round finishing in steps (just now, or before) completes before the table stops.
    this.#finishing?.();
    this.#closed = true;
  }

  markClosed(): void {
    this.shutdown('the table was closed');
    this.#events.emit({ kind: EventKind.TableClosed });
  }

  /**
   * Pays every live bet by the paytable and records the round. A big round
   * is settled in bounded steps (RoundFinisher) while it stays in `result`;
   * `atOnce` finishes it in one go, for recovery and shutdown.
   */
  #settle(cause: Cause, atOnce = false): void {
    const round = this.#round;
    if (!round || round.phase !== Phase.Result || !round.outcome || round.finishing) throw new Error('settle needs a recorded result');
    const outcome = round.outcome;
    const now = this.#deps.clock.now();
    const bets = round.book.all();
    const payouts: number[] = [];
    const accounts = this.#accounts();
    this.#finish(round, atOnce, {
      roundId: round.id,
      voided: false,
      betCount: bets.length,
      finishBet: (index) => {
        const bet = bets[index];
        if (!bet) throw new Error(`settling round ${round.number}: no bet ${index}`);
        const payout = this.rules.payoutMinor(bet.spot, bet.amountMinor, outcome);
        for (const posting of settlementPostings(round, bet, payout, accounts)) this.#deps.ledger.transfer(posting);
        this.#deps.store.setPayout(bet.rowId, payout);
        payouts[index] = payout;
      },
      markFinished: () => this.#deps.store.settleRound(round.id, now),
    }, () => this.#afterSettled(round, outcome, bets, payouts, now, cause));
  }

  #afterSettled(round: LiveRound, outcome: Outcome, bets: LiveBet[], payouts: number[], now: number, cause: Cause): void {
    round.phase = Phase.Settled;
    this.#deps.observer.roundEnded('settled');
    this.#lastSettledRoundId = round.id;
    this.#history.push({ round: round.number, outcome, settledAt: now });
    if (this.#history.length > Limits.historyLength) this.#history.shift();
    const summary = settlementSummary(bets, payouts, (playerId) => this.#seated.get(playerId)?.name ?? '');
    this.#events.emit({
      kind: EventKind.RoundSettled,
      round: round.number,
      betCount: bets.length,
      stakeMinor: summary.stakeMinor,
      payoutMinor: summary.payoutMinor,
      houseWinMinor: summary.stakeMinor - summary.payoutMinor,
      topPayouts: summary.topPayouts,
    });
    for (const payout of summary.perPlayer) {
      const settlement = { round: round.number, stakeMinor: payout.stakeMinor, payoutMinor: payout.payoutMinor };
      this.#lastSettlement.set(payout.playerId, settlement);
      this.#deps.playerSettled(payout.playerId, settlement, this.#deps.ledger.balanceOf(payout.walletAccountId));
    }
    this.#scheduleNextRound(cause);
  }

  #void(reason: string, cause: Cause, atOnce = false): void {
    const round = this.#round;
    if (!round || !isVoidable(round)) throw new Error('void needs an open round');
    this.#hands?.stopTimer();
    const now = this.#deps.clock.now();
    const bets = round.book.all();
    const accounts = this.#accounts();
    this.#finish(round, atOnce, {
      roundId: round.id,
      voided: true,
      betCount: bets.length,
      finishBet: (index) => {
        const bet = bets[index];
        if (!bet) throw new Error(`voiding round ${round.number}: no bet ${index}`);
        for (const posting of voidPostings(round, bet, accounts)) this.#deps.ledger.transfer(posting);
      },
      markFinished: () => this.#deps.store.voidRound(round.id, now, reason, cause),
    }, () => {
      round.phase = Phase.Voided;
      round.closesAt = null;
      this.#deps.observer.roundEnded('voided');
      this.#events.emit({ kind: EventKind.RoundVoided, round: round.number, reason });
      this.#notifyBalances(new Set(bets.map((bet) => bet.playerId)));
      this.#scheduleNextRound(cause);
    });
  }

  #accounts(): { escrowAccountId: number; houseAccountId: number } {
    return { escrowAccountId: this.#escrowAccountId, houseAccountId: this.#deps.houseAccountId };
  }

  /**
   * Runs a round's finish: at once when it is small (or asked to), else one
   * bounded step per turn of the event loop. Memory learns the outcome only
   * after the last step committed. Until then the round is `finishing`: it
   * takes no bets and no dealer action, and shutdown completes it.
   */
  #finish(round: LiveRound, atOnce: boolean, plan: FinishPlan, done: () => void): void {
    const finisher = new RoundFinisher({ db: this.#deps.db, recorder: this.#deps.recorder, betsPerStep: this.#deps.finishBetsPerStep }, plan);
    round.finishing = true;
    const completeNow = finisher.run(
      this.#deps.clock,
      atOnce,
      () => {
        round.finishing = false;
        this.#finishing = null;
        done();
      },
      (error) => {
        console.error(`table ${this.id}: finishing round ${round.number} failed; it finishes at the next start:`, error);
        this.#finishing = null;
      },
    );
    if (round.finishing) this.#finishing = completeNow;
  }

  #scheduleNextRound(cause: Cause): void {
    if (!this.#config.autoCycle || this.#closed || cause === Cause.System) return;
    this.#timers.after(this.#config.resultPauseMs, () => {
      if (this.#config.autoCycle && !this.roundInFlight && !this.#closed) this.open(Cause.Auto);
    });
  }

  #notifyBalances(playerIds: Iterable<string>): void {
    for (const playerId of playerIds) {
      const balance = this.#deps.ledger.balanceOf(this.#deps.ledger.account(AccountKind.Wallet, playerId));
      this.#deps.balanceChanged(playerId, balance);
    }
  }

  // ------------------------------------------------------------ player requests

  placeBets(seat: Seat, clientSeed: string, round: number, bets: BetRequest[]): Promise<OperationResult> {
    // A blackjack placement that sits at a seat changes who owns it: placements of seats never share a batch.
    const claimsSeats = this.rules.interactive?.claimsSeats(bets.map((bet) => bet.spot)) ?? false;
    return this.#enqueue([`player:${seat.playerId}`, ...(claimsSeats ? ['seats'] : [])], () => this.#requests.place(seat, clientSeed, round, bets), bets.length);
  }

  cancelBets(seat: Seat, round: number, betIds: string[]): Promise<OperationResult> {
    return this.#enqueue([`player:${seat.playerId}`, ...(this.rules.interactive ? ['seats'] : [])], () => this.#requests.cancel(seat, round, betIds));
  }

  /** A blackjack decision: committed with its extra stake (if any) in the same group commit as bets, acknowledged after it. */
  decide(seat: Seat, requestId: string, round: number, decision: DecisionRequest): Promise<OperationResult> {
    const hands = this.#hands;
    if (!hands) return Promise.resolve({ ok: false, code: ErrorCode.BadMessage, message: 'this table does not deal blackjack' });
    return this.#enqueue([`player:${seat.playerId}`, 'hand'], () => hands.applyDecision(seat, requestId, round, decision));
  }

  #enqueue(keys: string[], apply: () => Applied, betCount?: number): Promise<OperationResult> {
    return new Promise((resolve) => {
      const enqueuedAt = performance.now();
      this.#queue.enqueue({
        keys,
        enqueuedAt,
        apply,
        answer: (result, committedAt) => {
          if (betCount !== undefined) this.#deps.observer.betRequestAnswered(result.ok, betCount, committedAt - enqueuedAt);
          resolve(result);
        },
      });
    });
  }

  /** Applies every queued request in group commits, then acknowledges them. */
  flush(): void {
    this.#queue.flush();
  }

  #afterBatch(): void {
    // Committed: now, and only now, the players hear about it (the table in the next activity batch).
    this.#events.schedule();
    // Decisions are acknowledged above, after their commit. The acks go out in
    // the promise reactions just queued; the new turn (which may end the hand
    // and settle it) is queued behind them, so a player's ack never arrives
    // after the settlement it preceded.
    queueMicrotask(() => this.#hands?.afterChange());
  }

  // ------------------------------------------------------------ presence and views

  seatConnected(player: SeatedPlayer): void {
    const seated = { ...player, connected: true };
    this.#seated.set(player.playerId, seated);
    this.#events.presence(seated);
  }

  seatDisconnected(playerId: string): void {
    const known = this.#seated.get(playerId);
    if (!known?.connected) return;
    // Only players present are kept: joining and snapshots cost O(present), never O(everyone ever seen).
    this.#seated.delete(playerId);
    this.#events.presence({ ...known, connected: false });
    // A blackjack seat whose owner left stands now rather than when its timer runs out.
    if (this.#round?.phase === Phase.Playing) {
      this.flush();
      this.#hands?.afterChange();
    }
  }

  summary(): TableSummary {
    return tableSummary(this, this.#config, !this.#closed);
  }

  roundView(): RoundView | null {
    return roundViewOf(this.#round, this.rules.interactive !== null);
  }

  /** Live stakes by player in the current round. */
  stakesByPlayer(): Map<string, number> {
    return stakesByPlayer(this.#round);
  }

  snapshot(playerId: string | null, names: (playerId: string) => string): TableSnapshot {
    const lastRoundId = this.#lastSettledRoundId;
    return snapshotOf({
      seq: this.#events.seq,
      summary: this.summary(),
      round: this.#round,
      interactive: this.rules.interactive !== null,
      playerId,
      names,
      seated: this.#seated,
      history: this.#history,
      lastRoundBets: playerId !== null && lastRoundId !== null ? this.#deps.store.liveBetsOfPlayer(lastRoundId, playerId) : [],
      lastSettlement: playerId === null ? null : (this.#lastSettlement.get(playerId) ?? null),
    });
  }

  // ------------------------------------------------------------ plumbing

  /** What the hand driver may use of this table. */
  #handHost(interactive: InteractiveRules): HandHost {
    return {
      db: this.#deps.db,
      clock: this.#deps.clock,
      ledger: this.#deps.ledger,
      store: this.#blackjackStore,
      interactive,
      round: () => this.#round,
      config: () => this.#config,
      closed: () => this.#closed,
      isPresent: (playerId) => this.#seated.get(playerId)?.connected === true,
      nameOf: (playerId) => this.#seated.get(playerId)?.name,
      streamOf: (round) => this.#streamOf(round),
      emit: (event) => this.#events.emit(event),
      activityFor: (round) => this.#events.activityFor(round),
      writeStake: (round, seat, bet, now) => this.#requests.writeStake(round, seat, bet, now),
      rememberStake: (round, bet) => this.#requests.rememberStake(round, bet),
      writeTakeBack: (bet, note, now) => this.#requests.writeTakeBack(bet, note, now),
      forgetStake: (round, bet) => this.#requests.forgetStake(round, bet),
      notifyBalances: (playerIds) => this.#notifyBalances(playerIds),
      void: (reason, cause) => this.#void(reason, cause),
      publishResult: (round, serverSeedHex, clientString, outcome) => this.#publishResult(round, serverSeedHex, clientString, outcome),
      settle: (cause) => this.#settle(cause),
      flush: () => this.flush(),
    };
  }

  #wrongPhase(what: string): OperationResult {
    return { ok: false, code: ErrorCode.WrongPhase, message: `cannot ${what} while the table is ${this.phase}` };
  }

  #okNoBalance(): OperationResult {
    return { ok: true, balanceMinor: 0 };
  }
}
