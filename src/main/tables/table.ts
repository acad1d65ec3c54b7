// One live table: the round state machine, its timers, and the bets on it.
//
//   idle ──open──▶ betting ──close──▶ closed ──spin──▶ result ──▶ settled
//                     └──────void──────────┴──▶ voided (every stake refunded)
//
// Blackjack is dealt, then played decision by decision: `spin` deals and the
// round waits in `playing` (in memory only: the database row stays `closed`,
// so a crash mid-hand voids and refunds every stake, doubles included) until
// the last decision; then result and settlement run as for every game. The
// rules of seats and turns are in blackjack-play.ts.
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
import { DEFAULT_DECISION_MS, type TableConfig } from '../../shared/api.ts';
import { clientStringOf, bytesToHex, Pf1Stream } from '../../shared/fairness/pf1.ts';
import { gameRules, type GameRules } from '../../shared/games/index.ts';
import type { BlackjackOutcome } from '../../shared/protocol.ts';
import type { BlackjackDecision } from '../../shared/games/blackjack-round.ts';
import { parseBlackjackSpot } from '../../shared/games/blackjack-spots.ts';
import {
  ErrorCode,
  EventKind,
  Limits,
  Phase,
  SERVER_BET_ID_PREFIX,
  ServerKind,
  type BetRequest,
  type GameId,
  type HistoryEntry,
  type Outcome,
  type PlacedBet,
  type PlayerPayout,
  type PlayerSettlement,
  type RoundView,
  type SeatedPlayer,
  type ServerMessage,
  type TableEvent,
  type TableSnapshot,
  type TableSummary,
} from '../../shared/protocol.ts';
import { AccountKind, TransferKind, type Ledger } from '../ledger/ledger.ts';
import { createChain, loadChain, seedAt, type SeedChain } from './seed-chain.ts';
import { BlackjackStore } from './blackjack-store.ts';
import {
  LiveBlackjack,
  MAX_TABLE_STANDS,
  blackjackPlacementProblem,
  claimSeats,
  isUnseatedBehind,
  mainStakesOf,
  releaseSeats,
  type Armed,
  type DecisionRequest,
} from './blackjack-play.ts';
import type { BetRow, RoundRow, TableRow, TableStore } from './table-store.ts';
import { BetQueue, type Applied, type OperationResult } from './bet-queue.ts';
import { RoundFinisher, type FinishPlan, type RoundRecorder } from './round-finisher.ts';
import { settlementPostings, voidPostings } from './round-postings.ts';

export type { OperationResult } from './bet-queue.ts';

/** Time between "no more bets" and the draw in auto-cycle, so players see the close. */
export const autoDrawDelayMs = 1_500;

/** Bet requests applied in one group commit at most (one fsync each). */
export const maxOperationsPerCommit = 256;

export type Seat = { playerId: string; name: string; walletAccountId: number; muted: boolean };

export type EventEnvelope = Extract<ServerMessage, { kind: 'event' }>;

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
  now: () => number;
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

type LiveBet = {
  rowId: number;
  betId: string;
  playerId: string;
  playerName: string;
  walletAccountId: number;
  spot: string;
  amountMinor: number;
};

type LiveRound = {
  id: number;
  number: number;
  chainId: number;
  chainIndex: number;
  commitment: string;
  phase: Exclude<Phase, 'idle'>;
  closesAt: number | null;
  lastCall: boolean;
  /** Live (not cancelled) bets by `${playerId}/${betId}`, in placing order. */
  bets: Map<string, LiveBet>;
  /** The same bets by player, so one player's checks never scan the whole layout. */
  betsByPlayer: Map<string, Map<string, LiveBet>>;
  seeds: Map<string, string>;
  outcome: Outcome | null;
  serverSeed: string | null;
  clientString: string | null;
  /** Blackjack: seat number → the player who owns it this round (the first to bet its main bet). */
  seatOwners: Map<number, string>;
  /** Blackjack: the hand in play, from the deal to the last decision. */
  blackjack: LiveBlackjack | null;
  /** Bets each player placed this round, taken back ones included: churn counts toward the caps. */
  placedByPlayer: Map<string, number>;
  /** Bets placed this round by everyone, taken back ones included. */
  placedCount: number;
  /** Settling or voiding in steps: no bets, no dealer actions until it is done. */
  finishing: boolean;
};

/** What happened at the table since the last activity broadcast. */
type Activity = {
  round: number;
  placed: PlacedBet[];
  placedCount: number;
  cancelled: { playerId: string; betIds: string[] }[];
  seeds: { playerId: string; clientSeed: string }[];
  /** Final presence per player in this batch. */
  presence: Map<string, SeatedPlayer>;
};

function emptyActivity(): Activity {
  return { round: 0, placed: [], placedCount: 0, cancelled: [], seeds: [], presence: new Map() };
}

function reject(code: ErrorCode, message: string): Applied {
  return { result: { ok: false, code, message } };
}

function betKey(playerId: string, betId: string): string {
  return `${playerId}/${betId}`;
}

function addLiveBet(bets: Map<string, LiveBet>, byPlayer: Map<string, Map<string, LiveBet>>, bet: LiveBet): void {
  bets.set(betKey(bet.playerId, bet.betId), bet);
  let mine = byPlayer.get(bet.playerId);
  if (!mine) {
    mine = new Map();
    byPlayer.set(bet.playerId, mine);
  }
  mine.set(bet.betId, bet);
}

/**
 * Before its cards are dealt or its outcome drawn a round can still be taken
 * back. A dealt blackjack hand never is: it plays out (undecided hands stand),
 * or a player dealt a bad hand could have it refunded.
 */
function isVoidable(round: LiveRound | null): boolean {
  return round !== null && !round.finishing && (round.phase === Phase.Betting || round.phase === Phase.Closed);
}

function removeLiveBet(bets: Map<string, LiveBet>, byPlayer: Map<string, Map<string, LiveBet>>, bet: LiveBet): void {
  bets.delete(betKey(bet.playerId, bet.betId));
  byPlayer.get(bet.playerId)?.delete(bet.betId);
}

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
  #seq = 0;
  #history: HistoryEntry[] = [];
  #lastSettledRoundId: number | null = null;
  #seated = new Map<string, SeatedPlayer>();
  /** Live stake per spot in the current round. */
  #spotTotals = new Map<string, number>();
  #lastSettlement = new Map<string, PlayerSettlement>();
  #activity: Activity = emptyActivity();
  #activityTimer: NodeJS.Timeout | null = null;
  #recentBetsCache: { seq: number; round: LiveRound | null; bets: LiveBet[] } | null = null;
  readonly #queue: BetQueue;
  readonly #blackjackStore: BlackjackStore;
  /** Bets placed in the batch being applied: the round cap counts them before memory holds them. */
  #placedInBatch = 0;
  #timers = new Set<NodeJS.Timeout>();
  /** Blackjack: the timer of the decision the round waits on. */
  #decisionTimer: NodeJS.Timeout | null = null;
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
    this.#blackjackStore = new BlackjackStore(deps.db);
    this.#queue = new BetQueue({
      db: deps.db,
      maxOperationsPerCommit,
      later: (task) => setImmediate(task),
      beginBatch: () => (this.#placedInBatch = 0),
      committed: (durationMs, operationCount) => deps.observer.committed(durationMs, operationCount),
      afterBatch: () => this.#afterBatch(),
      failed: (context, error) => console.error(`table ${row.id}: ${context} failed:`, error),
    });
    this.#nextRound = row.nextRound;
    this.#escrowAccountId = deps.ledger.account(AccountKind.Escrow, row.id);
    const chainRow = deps.store.activeChain(row.id);
    if (!chainRow) throw new Error(`table ${row.id} has no active seed chain`);
    this.#chain = loadChain(chainRow);
    for (const past of deps.store.recentRounds(row.id, Limits.historyLength)) {
      if (past.phase === Phase.Settled && past.outcome && past.settledAt !== null) {
        this.#history.push({ round: past.number, outcome: past.outcome, settledAt: past.settledAt });
        this.#lastSettledRoundId ??= past.id;
      }
    }
    this.#history.reverse();
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
    const phase = this.phase;
    return phase === Phase.Betting || phase === Phase.Closed || phase === Phase.Playing || phase === Phase.Result;
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
      if (row.phase === Phase.Result) this.#settle('system', true);
      else if (this.game === 'blackjack' && this.#blackjackStore.isDealt(row.id)) this.#resumeHand(round);
      else this.#void('interrupted: the server restarted', 'system', true);
    }
  }

  /**
   * A hand dealt before a crash: the same shoe is dealt again, the recorded
   * decisions replayed, and the hand played out as if every undecided seat's
   * timer ran out (nobody is connected yet), then settled.
   */
  #resumeHand(round: LiveRound): void {
    for (const bet of round.bets.values()) {
      const spot = parseBlackjackSpot(bet.spot);
      if (spot?.kind === 'seat') round.seatOwners.set(spot.seat, bet.playerId);
    }
    const live = this.#dealHand(round, 'system');
    for (const decision of this.#blackjackStore.decisionsOf(round.id)) {
      const { seat, hand, action, playerId, requestId } = decision;
      live.apply({ seat, hand, action }, playerId !== null && requestId !== null ? { playerId, requestId } : undefined);
    }
    round.blackjack = live;
    round.phase = Phase.Playing;
    this.#playOut(round, live);
  }

  #liveRoundFromRow(row: RoundRow): LiveRound {
    const bets = new Map<string, LiveBet>();
    const betsByPlayer = new Map<string, Map<string, LiveBet>>();
    const placedByPlayer = new Map<string, number>();
    let placedCount = 0;
    for (const bet of this.#deps.store.betsOfRound(row.id)) {
      placedByPlayer.set(bet.playerId, (placedByPlayer.get(bet.playerId) ?? 0) + 1);
      placedCount += 1;
      if (bet.cancelledAt !== null) continue;
      addLiveBet(bets, betsByPlayer, {
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
      bets,
      betsByPlayer,
      seeds,
      outcome: row.outcome,
      serverSeed: row.serverSeed,
      clientString: row.clientString,
      // Recovery only voids, settles or plays out a dealt hand: nobody sits down again.
      seatOwners: new Map(),
      blackjack: null,
      placedByPlayer,
      placedCount,
      finishing: false,
    };
  }

  // ------------------------------------------------------------ dealer actions

  /** Opens betting on a new round. The round record (with its chain index) is committed before any stake can move. */
  open(actor: string): OperationResult {
    if (this.#closed) return { ok: false, code: ErrorCode.TableClosed, message: 'the table is closed' };
    if (this.roundInFlight) return this.#wrongPhase('open betting');
    const now = this.#deps.now();
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
        openedBy: actor,
        openedAt: now,
      });
    })();
    const previousCommitment = this.#chain.commitment;
    this.#chain = chain;
    if (chain.commitment !== previousCommitment) {
      this.#emit({ kind: EventKind.ChainRotated, commitment: chain.commitment, previousCommitment });
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
      bets: new Map(),
      betsByPlayer: new Map(),
      seeds: new Map(),
      outcome: null,
      serverSeed: null,
      clientString: null,
      seatOwners: new Map(),
      blackjack: null,
      placedByPlayer: new Map(),
      placedCount: 0,
      finishing: false,
    };
    this.#emit({ kind: EventKind.RoundOpened, round: number, commitment: chain.commitment, chainIndex, closesAt });
    if (closesAt !== null) {
      const lastCallAt = closesAt - this.#config.lastCallMs;
      this.#schedule(Math.max(0, lastCallAt - now), () => this.#announceLastCall(number));
      this.#schedule(this.#config.bettingWindowMs, () => {
        if (this.#round?.number === number && this.#round.phase === Phase.Betting) this.close('auto');
      });
    }
    return this.#okNoBalance();
  }

  #announceLastCall(number: number): void {
    const round = this.#round;
    if (!round || round.number !== number || round.phase !== Phase.Betting || round.closesAt === null) return;
    round.lastCall = true;
    this.#emit({ kind: EventKind.RoundLastCall, round: number, closesAt: round.closesAt });
  }

  /** No more bets. Bets already received in this turn of the event loop are committed first. */
  close(actor: string): OperationResult {
    const round = this.#round;
    if (!round || round.phase !== Phase.Betting || round.finishing) return this.#wrongPhase('close betting');
    this.flush();
    this.#deps.store.closeRound(round.id, this.#deps.now());
    round.phase = Phase.Closed;
    round.closesAt = null;
    this.#emit({ kind: EventKind.RoundClosed, round: round.number });
    if (actor === 'auto') {
      const number = round.number;
      this.#schedule(autoDrawDelayMs, () => {
        if (this.#round?.number === number && this.#round.phase === Phase.Closed) this.spin('auto');
      });
    }
    return this.#okNoBalance();
  }

  /**
   * Draws the outcome under pf1, publishes it with the revealed seed, and
   * settles every bet. At a blackjack table this deals instead, and the
   * result follows the last decision.
   */
  spin(actor: string): OperationResult {
    const round = this.#round;
    if (!round || round.phase !== Phase.Closed || round.finishing) return this.#wrongPhase('spin');
    if (this.game === 'blackjack') return this.#deal(round, actor);
    const { stream, serverSeedHex, clientString } = this.#streamOf(round);
    this.#publishResult(round, serverSeedHex, clientString, this.rules.draw(stream));
    this.#settle(actor);
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
    this.#deps.store.recordResult(round.id, this.#deps.now(), serverSeedHex, clientString, outcome);
    round.phase = Phase.Result;
    round.outcome = outcome;
    round.serverSeed = serverSeedHex;
    round.clientString = clientString;
    this.#emit({
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
  void(actor: string, reason: string): OperationResult {
    if (!isVoidable(this.#round)) return this.#wrongPhase('void');
    this.flush();
    // The decisions just committed may have finished the hand.
    if (!isVoidable(this.#round)) return this.#wrongPhase('void');
    this.#void(reason, actor);
    return this.#okNoBalance();
  }

  setAutoCycle(autoCycle: boolean): OperationResult {
    if (this.#closed) return { ok: false, code: ErrorCode.TableClosed, message: 'the table is closed' };
    this.#config = { ...this.#config, autoCycle };
    if (autoCycle && !this.roundInFlight) return this.open('auto');
    return this.#okNoBalance();
  }

  /** Starts a new chain; the old one's unused seeds are never revealed. */
  rotateChain(): OperationResult {
    if (this.roundInFlight) return this.#wrongPhase('rotate the seed chain');
    const now = this.#deps.now();
    const previous = this.#chain;
    this.#chain = this.#deps.db.transaction(() => {
      this.#deps.store.retireChain(previous.id, now);
      return createChain(this.#deps.store, this.id, this.#deps.chainLength, now);
    })();
    this.#emit({ kind: EventKind.ChainRotated, commitment: this.#chain.commitment, previousCommitment: previous.commitment });
    return this.#okNoBalance();
  }

  /** Stops the table for good: refuses new rounds, voids or settles the one in flight. */
  shutdown(reason: string): void {
    this.flush();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#stopDecisionTimer();
    const round = this.#round;
    // A dealt blackjack hand cannot wait for players who are being sent away, nor be taken back: it plays out.
    if (round?.phase === Phase.Playing && round.blackjack) this.#playOut(round, round.blackjack);
    else if (isVoidable(round)) this.#void(reason, 'system', true);
    else if (round?.phase === Phase.Result && !round.finishing) this.#settle('system', true);
    // A round finishing in steps (just now, or before) completes before the table stops.
    this.#finishing?.();
    this.#closed = true;
  }

  markClosed(): void {
    this.shutdown('the table was closed');
    this.#emit({ kind: EventKind.TableClosed });
  }

  /**
   * Pays every live bet by the paytable and records the round. A big round
   * is settled in bounded steps (RoundFinisher) while it stays in `result`;
   * `atOnce` finishes it in one go, for recovery and shutdown.
   */
  #settle(actor: string, atOnce = false): void {
    const round = this.#round;
    if (!round || round.phase !== Phase.Result || !round.outcome || round.finishing) throw new Error('settle needs a recorded result');
    const outcome = round.outcome;
    const now = this.#deps.now();
    const bets = [...round.bets.values()];
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
    }, () => this.#afterSettled(round, outcome, bets, payouts, now, actor));
  }

  #afterSettled(round: LiveRound, outcome: Outcome, bets: LiveBet[], payouts: number[], now: number, actor: string): void {
    round.phase = Phase.Settled;
    this.#deps.observer.roundEnded('settled');
    this.#lastSettledRoundId = round.id;
    this.#history.push({ round: round.number, outcome, settledAt: now });
    if (this.#history.length > Limits.historyLength) this.#history.shift();
    const perPlayer = new Map<string, PlayerPayout & { walletAccountId: number }>();
    let stakeTotal = 0;
    let payoutTotal = 0;
    bets.forEach((bet, index) => {
      const payout = payouts[index] ?? 0;
      const entry = perPlayer.get(bet.playerId) ?? {
        playerId: bet.playerId,
        playerName: bet.playerName || this.#seated.get(bet.playerId)?.name || '',
        stakeMinor: 0,
        payoutMinor: 0,
        walletAccountId: bet.walletAccountId,
      };
      entry.stakeMinor += bet.amountMinor;
      entry.payoutMinor += payout;
      perPlayer.set(bet.playerId, entry);
      stakeTotal += bet.amountMinor;
      payoutTotal += payout;
    });
    const topPayouts = [...perPlayer.values()]
      .filter((payout) => payout.payoutMinor > 0)
      .sort((left, right) => right.payoutMinor - left.payoutMinor)
      .slice(0, Limits.maxPayoutsPerEvent)
      .map(({ playerId, playerName, stakeMinor, payoutMinor }) => ({ playerId, playerName, stakeMinor, payoutMinor }));
    this.#spotTotals.clear();
    this.#emit({
      kind: EventKind.RoundSettled,
      round: round.number,
      betCount: bets.length,
      stakeMinor: stakeTotal,
      payoutMinor: payoutTotal,
      houseWinMinor: stakeTotal - payoutTotal,
      topPayouts,
    });
    for (const payout of perPlayer.values()) {
      const settlement = { round: round.number, stakeMinor: payout.stakeMinor, payoutMinor: payout.payoutMinor };
      this.#lastSettlement.set(payout.playerId, settlement);
      this.#deps.playerSettled(payout.playerId, settlement, this.#deps.ledger.balanceOf(payout.walletAccountId));
    }
    this.#scheduleNextRound(actor);
  }

  #void(reason: string, actor: string, atOnce = false): void {
    const round = this.#round;
    if (!round || !isVoidable(round)) throw new Error('void needs an open round');
    this.#stopDecisionTimer();
    const now = this.#deps.now();
    const bets = [...round.bets.values()];
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
      markFinished: () => this.#deps.store.voidRound(round.id, now, reason, actor),
    }, () => {
      round.phase = Phase.Voided;
      round.closesAt = null;
      this.#spotTotals.clear();
      this.#deps.observer.roundEnded('voided');
      this.#emit({ kind: EventKind.RoundVoided, round: round.number, reason });
      this.#notifyBalances(new Set(bets.map((bet) => bet.playerId)));
      this.#scheduleNextRound(actor);
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
    const complete = (): void => {
      // Once: shutdown may complete the round before the turn scheduled for it.
      if (!round.finishing) return;
      round.finishing = false;
      this.#finishing = null;
      done();
    };
    if (atOnce || plan.betCount <= this.#deps.finishBetsPerStep) {
      finisher.finishAtOnce();
      complete();
      return;
    }
    this.#finishing = () => {
      while (!finisher.step());
      complete();
    };
    const next = (): void => {
      if (this.#finishing === null) return;
      try {
        // What memory learns (events, a message per player) gets a turn of its own after the last step.
        if (finisher.step()) setImmediate(complete);
        else setImmediate(next);
      } catch (error) {
        // Disk trouble mid-way: what is committed stays, recovery finishes the rest after a restart.
        console.error(`table ${this.id}: finishing round ${round.number} failed; it finishes at the next start:`, error);
        this.#finishing = null;
      }
    };
    setImmediate(next);
  }

  #scheduleNextRound(actor: string): void {
    if (!this.#config.autoCycle || this.#closed || actor === 'system') return;
    this.#schedule(this.#config.resultPauseMs, () => {
      if (this.#config.autoCycle && !this.roundInFlight && !this.#closed) this.open('auto');
    });
  }

  #notifyBalances(playerIds: Iterable<string>): void {
    for (const playerId of playerIds) {
      const balance = this.#deps.ledger.balanceOf(this.#deps.ledger.account(AccountKind.Wallet, playerId));
      this.#deps.balanceChanged(playerId, balance);
    }
  }

  // ------------------------------------------------------------ blackjack

  /**
   * Deals a closed blackjack round: bets behind seats nobody sat at are
   * refunded, then every owned seat gets its cards off the pf1 shoe and the
   * round waits in `playing` for decisions. The deal is recorded with the
   * refunds, so a restart plays the hand out. With no seat taken there is no
   * hand to deal, and the round is voided.
   */
  #deal(round: LiveRound, actor: string): OperationResult {
    const unseated = [...round.bets.values()].filter((bet) => isUnseatedBehind(bet.spot, round.seatOwners));
    const dealing = round.seatOwners.size > 0;
    const now = this.#deps.now();
    this.#deps.db.transaction(() => {
      for (const bet of unseated) this.#writeTakeBack(bet, `round ${round.number} ${bet.spot} refunded: nobody sat at that seat`, now);
      if (dealing) this.#blackjackStore.markDealt(round.id, now);
    })();
    const byPlayer = new Map<string, string[]>();
    for (const bet of unseated) {
      this.#forgetStake(round, bet);
      byPlayer.set(bet.playerId, [...(byPlayer.get(bet.playerId) ?? []), bet.betId]);
    }
    const activity = this.#activityFor(round.number);
    for (const [playerId, betIds] of byPlayer) activity.cancelled.push({ playerId, betIds });
    this.#notifyBalances(byPlayer.keys());
    if (!dealing) {
      this.#void('nobody took a seat', actor);
      return this.#okNoBalance();
    }
    round.blackjack = this.#dealHand(round, actor);
    round.phase = Phase.Playing;
    this.#afterBlackjackChange();
    return this.#okNoBalance();
  }

  /** The opening cards of every owned seat and the dealer's, off the round's pf1 shoe. */
  #dealHand(round: LiveRound, actor: string): LiveBlackjack {
    const { stream, serverSeedHex, clientString } = this.#streamOf(round);
    const owners = new Map<number, { playerId: string; name: string }>();
    for (const [seat, playerId] of round.seatOwners) owners.set(seat, { playerId, name: this.#nameIn(round, playerId) });
    return new LiveBlackjack({
      owners,
      mainStakes: mainStakesOf(round.bets.values()),
      stream,
      serverSeed: serverSeedHex,
      clientString,
      dealtBy: actor,
    });
  }

  #nameIn(round: LiveRound, playerId: string): string {
    const bet = round.betsByPlayer.get(playerId)?.values().next().value;
    return bet?.playerName || this.#seated.get(playerId)?.name || '';
  }

  /** One decision, inside the group commit: checks, books the extra stake it costs (if any) and the decision; plays it once committed. */
  #applyDecision(seat: Seat, requestId: string, roundNumber: number, decision: DecisionRequest): Applied {
    if (this.#closed) return reject(ErrorCode.TableClosed, 'the table is closed');
    if (this.game !== 'blackjack') return reject(ErrorCode.BadMessage, 'this table does not deal blackjack');
    const round = this.#round;
    const live = round?.blackjack;
    const balance = this.#deps.ledger.balanceOf(seat.walletAccountId);
    // A retried request (a reconnect resends it) is acknowledged again and changes nothing, even once the hand is over.
    if (live && round?.number === roundNumber && live.answered(seat.playerId, requestId)) {
      return { result: { ok: true, balanceMinor: balance } };
    }
    if (!round || round.phase !== Phase.Playing || !live) return reject(ErrorCode.WrongPhase, 'no hand is in play');
    if (roundNumber !== round.number) return reject(ErrorCode.WrongRound, `round ${round.number} is in play, not ${roundNumber}`);
    const check = live.check(seat.playerId, decision);
    if ('code' in check) return reject(check.code, check.message);
    const now = this.#deps.now();
    let extra: LiveBet | null = null;
    let balanceAfter = balance;
    if (check.extra) {
      const { spot, amountMinor } = check.extra;
      if (seat.muted) return reject(ErrorCode.Muted, 'the dealer has paused your betting');
      if (balance < amountMinor) return reject(ErrorCode.InsufficientFunds, `${decision.action} needs ${amountMinor}, the balance is ${balance}`);
      // In the server's own namespace (no client id can take it), and unique: one decision of each kind per hand.
      const betId = `${SERVER_BET_ID_PREFIX}bj-r${round.id}-${spot.replaceAll(':', '-')}`;
      extra = this.#writeStake(round, seat, { betId, spot, amountMinor }, now);
      balanceAfter = balance - amountMinor;
    }
    const applied: BlackjackDecision = { seat: decision.seat, hand: decision.hand, action: decision.action };
    const answered = { playerId: seat.playerId, requestId };
    this.#blackjackStore.insertDecision(round.id, { ...applied, seq: live.decisionCount, ...answered }, now);
    return {
      result: { ok: true, balanceMinor: balanceAfter },
      afterCommit: () => {
        if (extra) this.#rememberStake(round, extra);
        live.apply(applied, answered);
      },
    };
  }

  /** Decisions the table makes itself (a timer ran out, an owner left): recorded first, then played. False when there are none. */
  #applyTableDecisions(round: LiveRound, live: LiveBlackjack, decisions: readonly BlackjackDecision[]): boolean {
    if (decisions.length === 0) return false;
    const now = this.#deps.now();
    const first = live.decisionCount;
    this.#deps.db.transaction(() => {
      decisions.forEach((decision, index) => {
        this.#blackjackStore.insertDecision(round.id, { ...decision, seq: first + index, playerId: null, requestId: null }, now);
      });
    })();
    for (const decision of decisions) live.apply(decision);
    return true;
  }

  /** Every undecided seat stands as on a timeout, the dealer plays, the round settles. */
  #playOut(round: LiveRound, live: LiveBlackjack): void {
    this.#stopDecisionTimer();
    for (let step = 0; step < MAX_TABLE_STANDS && live.turn.phase !== 'done'; step++) this.#applyTableDecisions(round, live, live.timeoutStands());
    if (live.turn.phase !== 'done') throw new Error(`round ${round.number}: the hand did not finish after ${MAX_TABLE_STANDS} stands`);
    this.#finishBlackjack(round, live);
  }

  /** After anything that may move a hand in play: seats of absent owners stand, the new turn is published and timed, or the round ends. */
  #afterBlackjackChange(): void {
    const round = this.#round;
    const live = round?.blackjack;
    if (!round || round.phase !== Phase.Playing || !live) return;
    const present = (playerId: string): boolean => this.#seated.get(playerId)?.connected === true;
    for (let step = 0; step < MAX_TABLE_STANDS; step++) if (!this.#applyTableDecisions(round, live, live.absentStands(present))) break;
    if (live.turn.phase === 'done') {
      this.#finishBlackjack(round, live);
      return;
    }
    if (!live.takeChange()) return;
    const armed = live.armDeadline(this.#deps.now(), this.#decisionMs());
    if (armed) this.#startDecisionTimer(round.number, armed);
    this.#emit({ kind: EventKind.BlackjackTurn, round: round.number, ...live.view() });
  }

  #finishBlackjack(round: LiveRound, live: LiveBlackjack): void {
    this.#stopDecisionTimer();
    const outcome: BlackjackOutcome = live.outcome;
    // The last turn shows the whole table (the dealer's hand included) before the result names it.
    this.#emit({ kind: EventKind.BlackjackTurn, round: round.number, ...live.view() });
    this.#publishResult(round, live.serverSeed, live.clientString, outcome);
    this.#settle(live.dealtBy);
  }

  /** Tables created before decision timers existed have no decisionMs in their stored config. */
  #decisionMs(): number {
    return this.#config.decisionMs ?? DEFAULT_DECISION_MS;
  }

  #startDecisionTimer(number: number, armed: Armed): void {
    this.#stopDecisionTimer();
    this.#decisionTimer = setTimeout(() => {
      this.#decisionTimer = null;
      this.#decisionTimedOut(number, armed.serial);
    }, armed.delayMs);
  }

  #stopDecisionTimer(): void {
    if (this.#decisionTimer !== null) clearTimeout(this.#decisionTimer);
    this.#decisionTimer = null;
  }

  #decisionTimedOut(number: number, serial: number): void {
    // Decisions that arrived before the deadline are committed first and win.
    this.flush();
    const round = this.#round;
    const live = round?.blackjack;
    if (!round || round.number !== number || round.phase !== Phase.Playing || !live || live.deadlineSerial !== serial) return;
    this.#applyTableDecisions(round, live, live.timeoutStands());
    this.#afterBlackjackChange();
  }

  // ------------------------------------------------------------ player requests

  placeBets(seat: Seat, clientSeed: string, round: number, bets: BetRequest[]): Promise<OperationResult> {
    // A blackjack placement that sits at a seat changes who owns it: placements of seats never share a batch.
    const claimsSeats = this.game === 'blackjack' && bets.some((bet) => bet.spot.startsWith('seat:'));
    return this.#enqueue([`player:${seat.playerId}`, ...(claimsSeats ? ['seats'] : [])], () => this.#applyPlace(seat, clientSeed, round, bets), bets.length);
  }

  cancelBets(seat: Seat, round: number, betIds: string[]): Promise<OperationResult> {
    return this.#enqueue([`player:${seat.playerId}`, ...(this.game === 'blackjack' ? ['seats'] : [])], () => this.#applyCancel(seat, round, betIds));
  }

  /** A blackjack decision: committed with its extra stake (if any) in the same group commit as bets, acknowledged after it. */
  decide(seat: Seat, requestId: string, round: number, decision: DecisionRequest): Promise<OperationResult> {
    return this.#enqueue([`player:${seat.playerId}`, 'hand'], () => this.#applyDecision(seat, requestId, round, decision));
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
    this.#scheduleActivity();
    // Decisions are acknowledged above, after their commit. The acks go out in
    // the promise reactions just queued; the new turn (which may end the hand
    // and settle it) is queued behind them, so a player's ack never arrives
    // after the settlement it preceded.
    queueMicrotask(() => this.#afterBlackjackChange());
  }

  #applyPlace(seat: Seat, clientSeed: string, roundNumber: number, bets: BetRequest[]): Applied {
    const round = this.#round;
    if (this.#closed) return reject(ErrorCode.TableClosed, 'the table is closed');
    if (!round || round.phase !== Phase.Betting || round.finishing) return reject(ErrorCode.WrongPhase, 'betting is not open');
    if (roundNumber !== round.number) {
      return reject(ErrorCode.WrongRound, `betting is open for round ${round.number}, not ${roundNumber}`);
    }
    if (seat.muted) return reject(ErrorCode.Muted, 'the dealer has paused your betting');
    const { store, ledger } = this.#deps;

    const requestIds = new Set(bets.map((bet) => bet.betId));
    if (requestIds.size !== bets.length) return reject(ErrorCode.DuplicateBetId, 'the same bet id appears twice in one request');
    const existing = bets.map((bet) => store.betByPlayerAndId(seat.playerId, bet.betId));
    if (existing.some((row) => row !== null)) {
      const taken = existing.find((row) => row !== null && row.cancelledAt !== null);
      if (taken) return reject(ErrorCode.DuplicateBetId, `bet "${taken.betId}" was taken back; place it again under a new bet id`);
      const sameAsBefore = existing.every(
        (row, index) =>
          row !== null && row.roundId === round.id && row.spot === bets[index]?.spot && row.amountMinor === bets[index]?.amountMinor,
      );
      if (!sameAsBefore) return reject(ErrorCode.DuplicateBetId, 'a bet id in this request was already used for another bet');
      // A retry of bets that are already committed: acknowledge again, move nothing.
      return { result: { ok: true, balanceMinor: ledger.balanceOf(seat.walletAccountId) } };
    }

    // Bets taken back count too: placing and cancelling in a loop is bounded like placing.
    const placedBefore = round.placedByPlayer.get(seat.playerId) ?? 0;
    if (placedBefore + bets.length > Limits.maxBetsPerRoundPerPlayer) {
      return reject(ErrorCode.TooManyBets, `at most ${Limits.maxBetsPerRoundPerPlayer} bets per round, taken back ones included`);
    }
    if (round.placedCount + this.#placedInBatch + bets.length > Limits.maxBetsPerRound) {
      return reject(ErrorCode.TooManyBets, `this round is full: at most ${Limits.maxBetsPerRound} bets per round at this table`);
    }
    const mine = [...(round.betsByPlayer.get(seat.playerId)?.values() ?? [])];
    const perSpot = new Map<string, number>();
    for (const bet of mine) perSpot.set(bet.spot, (perSpot.get(bet.spot) ?? 0) + bet.amountMinor);
    let roundTotal = mine.reduce((sum, bet) => sum + bet.amountMinor, 0);
    let requestTotal = 0;
    const { minBetMinor, maxSpotMinor, maxRoundMinor } = this.#config;
    for (const bet of bets) {
      if (!this.rules.isPlaceable(bet.spot)) return reject(ErrorCode.UnknownSpot, `no spot "${bet.spot}" on this table`);
      if (bet.amountMinor < minBetMinor) return reject(ErrorCode.BelowMinimum, `the minimum bet is ${minBetMinor}`);
      const onSpot = (perSpot.get(bet.spot) ?? 0) + bet.amountMinor;
      if (onSpot > maxSpotMinor) return reject(ErrorCode.AboveSpotLimit, `at most ${maxSpotMinor} on ${bet.spot}`);
      perSpot.set(bet.spot, onSpot);
      roundTotal += bet.amountMinor;
      requestTotal += bet.amountMinor;
      if (roundTotal > maxRoundMinor) return reject(ErrorCode.AboveRoundLimit, `at most ${maxRoundMinor} per round`);
    }
    const spots = bets.map((bet) => bet.spot);
    if (this.game === 'blackjack') {
      const problem = blackjackPlacementProblem(seat.playerId, spots, round.seatOwners, mine);
      if (problem) return reject(problem.code, problem.message);
    }
    const balance = ledger.balanceOf(seat.walletAccountId);
    if (balance < requestTotal) return reject(ErrorCode.InsufficientFunds, `the bets need ${requestTotal}, the balance is ${balance}`);

    const now = this.#deps.now();
    const newSeed = !round.seeds.has(seat.playerId);
    if (newSeed) store.insertSeed(round.id, seat.playerId, clientSeed, now);
    const placed = bets.map((bet) => this.#writeStake(round, seat, bet, now));
    this.#placedInBatch += bets.length;
    return {
      result: { ok: true, balanceMinor: balance - requestTotal },
      afterCommit: () => {
        if (newSeed) {
          round.seeds.set(seat.playerId, clientSeed);
          this.#activityFor(round.number).seeds.push({ playerId: seat.playerId, clientSeed });
        }
        for (const bet of placed) this.#rememberStake(round, bet);
        round.placedByPlayer.set(seat.playerId, placedBefore + bets.length);
        round.placedCount += bets.length;
        if (this.game === 'blackjack') claimSeats(round.seatOwners, seat.playerId, spots);
      },
    };
  }

  /** Moves one stake wallet → escrow and books its bet row, inside the caller's transaction; memory learns it after the commit. */
  #writeStake(round: LiveRound, seat: Seat, bet: BetRequest, now: number): LiveBet {
    const { store, ledger } = this.#deps;
    const { transferId } = ledger.transfer({
      idempotencyKey: `bet:${seat.playerId}:${bet.betId}`,
      from: seat.walletAccountId,
      to: this.#escrowAccountId,
      amountMinor: bet.amountMinor,
      kind: TransferKind.Bet,
      note: `round ${round.number} ${bet.spot}`,
    });
    const rowId = store.insertBet({
      roundId: round.id,
      playerId: seat.playerId,
      betId: bet.betId,
      spot: bet.spot,
      amountMinor: bet.amountMinor,
      placedAt: now,
      stakeTransferId: transferId,
    });
    return {
      rowId,
      betId: bet.betId,
      playerId: seat.playerId,
      playerName: seat.name,
      walletAccountId: seat.walletAccountId,
      spot: bet.spot,
      amountMinor: bet.amountMinor,
    };
  }

  /** A committed stake joins the layout, the spot totals and the next activity batch. */
  #rememberStake(round: LiveRound, bet: LiveBet): void {
    addLiveBet(round.bets, round.betsByPlayer, bet);
    this.#spotTotals.set(bet.spot, (this.#spotTotals.get(bet.spot) ?? 0) + bet.amountMinor);
    const activity = this.#activityFor(round.number);
    activity.placed.push({ betId: bet.betId, playerId: bet.playerId, playerName: bet.playerName, spot: bet.spot, amountMinor: bet.amountMinor });
    activity.placedCount += 1;
    // Only the newest bets travel in the batch event; spot totals carry the rest.
    if (activity.placed.length > Limits.maxBetsPerEvent) activity.placed.splice(0, activity.placed.length - Limits.maxBetsPerEvent);
  }

  #applyCancel(seat: Seat, roundNumber: number, betIds: string[]): Applied {
    const round = this.#round;
    if (!round || round.phase !== Phase.Betting || round.finishing) return reject(ErrorCode.WrongPhase, 'betting is not open');
    if (roundNumber !== round.number) {
      return reject(ErrorCode.WrongRound, `betting is open for round ${round.number}, not ${roundNumber}`);
    }
    const { store, ledger } = this.#deps;
    let targets: LiveBet[];
    if (betIds.length === 0) {
      targets = [...(round.betsByPlayer.get(seat.playerId)?.values() ?? [])];
    } else {
      targets = [];
      for (const betId of new Set(betIds)) {
        const live = round.bets.get(betKey(seat.playerId, betId));
        if (live) {
          targets.push(live);
          continue;
        }
        const row: BetRow | null = store.betByPlayerAndId(seat.playerId, betId);
        // Already taken back in this round: a retried cancel is acknowledged again.
        if (row && row.roundId === round.id && row.cancelledAt !== null) continue;
        return reject(ErrorCode.NotFound, `you have no bet "${betId}" in round ${round.number}`);
      }
    }
    const now = this.#deps.now();
    for (const bet of targets) this.#writeTakeBack(bet, `round ${round.number} ${bet.spot} taken back`, now);
    return {
      result: { ok: true, balanceMinor: ledger.balanceOf(seat.walletAccountId) },
      afterCommit: () => {
        if (targets.length === 0) return;
        for (const bet of targets) this.#forgetStake(round, bet);
        this.#activityFor(round.number).cancelled.push({ playerId: seat.playerId, betIds: targets.map((bet) => bet.betId) });
        if (this.game === 'blackjack') releaseSeats(round.seatOwners, seat.playerId, round.betsByPlayer.get(seat.playerId)?.values() ?? []);
      },
    };
  }

  /** Returns one live stake escrow → wallet as a cancelled bet, inside the caller's transaction. */
  #writeTakeBack(bet: LiveBet, note: string, now: number): void {
    this.#deps.ledger.transfer({
      idempotencyKey: `cancel:${bet.playerId}:${bet.betId}`,
      from: this.#escrowAccountId,
      to: bet.walletAccountId,
      amountMinor: bet.amountMinor,
      kind: TransferKind.BetCancel,
      note,
    });
    this.#deps.store.cancelBet(bet.rowId, now);
  }

  /** A committed take-back leaves the layout and the spot totals. */
  #forgetStake(round: LiveRound, bet: LiveBet): void {
    removeLiveBet(round.bets, round.betsByPlayer, bet);
    const remaining = (this.#spotTotals.get(bet.spot) ?? 0) - bet.amountMinor;
    if (remaining > 0) this.#spotTotals.set(bet.spot, remaining);
    else this.#spotTotals.delete(bet.spot);
  }

  // ------------------------------------------------------------ presence and views

  seatConnected(player: SeatedPlayer): void {
    const seated = { ...player, connected: true };
    this.#seated.set(player.playerId, seated);
    this.#activity.presence.set(player.playerId, seated);
    this.#scheduleActivity();
  }

  seatDisconnected(playerId: string): void {
    const known = this.#seated.get(playerId);
    if (!known?.connected) return;
    // Only players present are kept: joining and snapshots cost O(present), never O(everyone ever seen).
    this.#seated.delete(playerId);
    this.#activity.presence.set(playerId, { ...known, connected: false });
    this.#scheduleActivity();
    // A blackjack seat whose owner left stands now rather than when its timer runs out.
    if (this.#round?.phase === Phase.Playing) {
      this.flush();
      this.#afterBlackjackChange();
    }
  }

  // ------------------------------------------------------------ activity batches

  #activityFor(round: number): Activity {
    // Bets of one round never share a batch with another round's: phase events flush the batch first.
    this.#activity.round = round;
    return this.#activity;
  }

  #scheduleActivity(): void {
    if (this.#activityTimer !== null) return;
    this.#activityTimer = setTimeout(() => {
      this.#activityTimer = null;
      this.#publishActivity();
    }, Limits.activityBroadcastMs);
  }

  /** Publishes what happened since the last batch, in causal order. */
  #publishActivity(): void {
    const activity = this.#activity;
    this.#activity = emptyActivity();
    if (this.#activityTimer !== null) {
      clearTimeout(this.#activityTimer);
      this.#activityTimer = null;
    }
    const joined = [...activity.presence.values()].filter((player) => player.connected);
    const left = [...activity.presence.values()].filter((player) => !player.connected).map((player) => player.playerId);
    const { round } = activity;
    const playerCount = this.#seated.size;
    if (joined.length > 0) this.#publish({ kind: EventKind.PlayerJoined, players: joined, playerCount });
    if (activity.seeds.length > 0) this.#publish({ kind: EventKind.SeedRecorded, round, seeds: activity.seeds });
    const spotTotals = Object.fromEntries(this.#spotTotals);
    if (activity.placedCount > 0) {
      this.#publish({ kind: EventKind.BetsPlaced, round, bets: activity.placed, betCount: activity.placedCount, spotTotals });
    }
    for (const cancelled of activity.cancelled) this.#publish({ kind: EventKind.BetsCancelled, round, ...cancelled, spotTotals });
    if (left.length > 0) this.#publish({ kind: EventKind.PlayerLeft, playerIds: left, playerCount });
  }

  summary(): TableSummary {
    const { currency, minBetMinor, maxSpotMinor, maxRoundMinor, bettingWindowMs, autoCycle } = this.#config;
    return {
      id: this.id,
      name: this.name,
      game: this.game,
      limits: { currency, minBetMinor, maxSpotMinor, maxRoundMinor },
      rtp: this.rules.rtpByKind,
      bettingWindowMs,
      autoCycle,
      open: !this.#closed,
    };
  }

  roundView(): RoundView | null {
    const round = this.#round;
    if (!round) return null;
    return {
      round: round.number,
      phase: round.phase,
      commitment: round.commitment,
      chainIndex: round.chainIndex,
      closesAt: round.closesAt,
      lastCall: round.lastCall,
      clientSeeds: [...round.seeds].map(([playerId, clientSeed]) => ({ playerId, clientSeed })),
      outcome: round.outcome,
      serverSeed: round.serverSeed,
      clientString: round.clientString,
      ...(this.game === 'blackjack'
        ? { blackjack: round.phase === Phase.Playing && round.blackjack ? round.blackjack.view() : null }
        : {}),
    };
  }

  /** Live stakes by player in the current round. */
  stakesByPlayer(): Map<string, number> {
    const stakes = new Map<string, number>();
    const round = this.#round;
    if (!round || round.phase === Phase.Settled || round.phase === Phase.Voided) return stakes;
    for (const bet of round.bets.values()) stakes.set(bet.playerId, (stakes.get(bet.playerId) ?? 0) + bet.amountMinor);
    return stakes;
  }

  snapshot(playerId: string | null, names: (playerId: string) => string): TableSnapshot {
    const round = this.#round;
    const open = round !== null && round.phase !== Phase.Voided && round.phase !== Phase.Settled;
    const mine = open && playerId !== null ? [...(round.betsByPlayer.get(playerId)?.values() ?? [])] : [];
    const othersRoom = Math.max(0, Limits.maxSnapshotBets - mine.length);
    const others = open ? this.#recentBets().filter((bet) => bet.playerId !== playerId).slice(-othersRoom) : [];
    const lastRoundBets =
      playerId !== null && this.#lastSettledRoundId !== null
        ? this.#deps.store
            .liveBetsOfPlayer(this.#lastSettledRoundId, playerId)
            .map((bet) => ({ spot: bet.spot, amountMinor: bet.amountMinor }))
        : [];
    return {
      seq: this.#seq,
      table: this.summary(),
      round: this.roundView(),
      bets: [...mine, ...others].map((bet) => ({
        betId: bet.betId,
        playerId: bet.playerId,
        playerName: bet.playerName || names(bet.playerId),
        spot: bet.spot,
        amountMinor: bet.amountMinor,
      })),
      betCount: open ? round.bets.size : 0,
      spotTotals: Object.fromEntries(this.#spotTotals),
      players: this.#presentPlayers(playerId),
      playerCount: this.#seated.size,
      history: [...this.#history],
      lastRoundBets,
      lastSettlement: playerId === null ? null : (this.#lastSettlement.get(playerId) ?? null),
    };
  }

  /** The players present, this one first, at most Limits.maxSnapshotPlayers. */
  #presentPlayers(playerId: string | null): SeatedPlayer[] {
    const players: SeatedPlayer[] = [];
    const self = playerId === null ? undefined : this.#seated.get(playerId);
    if (self) players.push(self);
    for (const player of this.#seated.values()) {
      if (players.length >= Limits.maxSnapshotPlayers) break;
      if (player !== self) players.push(player);
    }
    return players;
  }

  /**
   * The newest live bets, computed once per event seq: a reconnect storm of
   * thousands of snapshots must not copy the whole layout thousands of times.
   */
  #recentBets(): LiveBet[] {
    if (this.#recentBetsCache?.seq === this.#seq && this.#recentBetsCache.round === this.#round) return this.#recentBetsCache.bets;
    const bets: LiveBet[] = [];
    const all = this.#round?.bets;
    if (all) {
      let skip = all.size - Limits.maxSnapshotBets;
      for (const bet of all.values()) {
        if (skip > 0) {
          skip -= 1;
          continue;
        }
        bets.push(bet);
      }
    }
    this.#recentBetsCache = { seq: this.#seq, round: this.#round, bets };
    return bets;
  }

  // ------------------------------------------------------------ plumbing

  /** A phase event: whatever activity came before it is published first, so order is kept. */
  #emit(event: TableEvent): void {
    this.#publishActivity();
    this.#publish(event);
  }

  #publish(event: TableEvent): void {
    this.#seq += 1;
    this.#deps.publish({ kind: ServerKind.Event, tableId: this.id, seq: this.#seq, at: this.#deps.now(), event });
  }

  #schedule(delayMs: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      action();
    }, delayMs);
    this.#timers.add(timer);
  }

  #wrongPhase(what: string): OperationResult {
    return { ok: false, code: ErrorCode.WrongPhase, message: `cannot ${what} while the table is ${this.phase}` };
  }

  #okNoBalance(): OperationResult {
    return { ok: true, balanceMinor: 0 };
  }
}
