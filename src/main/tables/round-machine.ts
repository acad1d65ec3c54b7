// A table's rounds, one after another, on its seed chain:
//
//   idle ──open──▶ betting ──close──▶ closed ──spin──▶ result ──▶ settled
//                     └──────void──────────┴──▶ voided (every stake refunded)
//
// A pf2 round freezes as it closes (in steps, pf2-freeze.ts) and draws itself
// when its reveal window closes (Pf2Rounds); it is voided only before the
// freeze is recorded.
//
// It owns the round in play, the chain, the results history and the table's
// own timers (auto-cycle). Every transition is recorded before memory moves
// and announced after; why it moved is a Cause. Recovery resolves what a
// crash left unfinished. Money moves only in RoundEnding; the bets are the
// table's (BetRequests), the blackjack hand the driver's.
import type { TableConfig } from '../../shared/api.ts';
import { clientStringOf, bytesToHex, Pf1Stream } from '../../shared/fairness/pf1.ts';
import type { GameRules } from '../../shared/games/index.ts';
import { dealingOf } from '../../shared/games/blackjack-dealing.ts';
import { drawVerb } from '../../shared/games/draw-verb.ts';
import type { Dealing } from '../../shared/games/blackjack-cards.ts';
import { ErrorCode, EventKind, Limits, Phase, type GameId, type HistoryEntry, type Outcome, type PlayerSettlement, type WireStatement } from '../../shared/protocol.ts';
import { isLegalInPhase, PF2_SPIN_REFUSAL, PF2_VOID_REFUSAL, roundInFlight } from '../../shared/round-actions.ts';
import { historyOf } from '../../shared/round-history.ts';
import { AccountKind } from '../ledger/ledger.ts';
import { AutoCycle } from './auto-cycle.ts';
import type { ActionResult } from './bet-queue.ts';
import type { HandDriver } from './blackjack-driver.ts';
import type { BlackjackStore } from '../storage/blackjack-store.ts';
import { Timers } from './clock.ts';
import { isVoidable, openedRound, recoveredRound, type LiveRound } from './live-round.ts';
import { FreezeWork } from './pf2-freeze.ts';
import { frozenClientString, frozenFromRow, Pf2Rounds, type FrozenRound, type Pf2Live } from './pf2-round.ts';
import { recoveredBeacon } from './pf2-beacon.ts';
import { Pf2Store } from '../storage/pf2-store.ts';
import type { RoundRow } from '../storage/table-rows.ts';
import { Cause } from './round-cause.ts';
import { RoundEnding, type SettledRound } from './round-ending.ts';
import { settlementSummary } from './round-postings.ts';
import { loadChain, replaceChain, seedAt, type SeedChain } from './seed-chain.ts';
import type { TableDependencies } from './table-dependencies.ts';
import type { TableEvents } from './table-events.ts';

export type RoundStream = { stream: Pf1Stream; serverSeedHex: string; clientString: string };

/** What the round machine needs of its table. */
export type RoundMachineHost = {
  table: { id: string; game: GameId; rules: GameRules; nextRound: number };
  deps: TableDependencies;
  escrowAccountId: number;
  events: TableEvents;
  blackjackStore: BlackjackStore;
  config(): TableConfig;
  closed(): boolean;
  /** The hand driver of an interactive game; null for games of chance. */
  hands(): HandDriver | null;
  /** Commits the bet requests queued so far (they count before the round moves on). */
  flush(): void;
  nameOf(playerId: string): string;
  notifyBalances(playerIds: Iterable<string>): void;
};

const done: ActionResult = { ok: true };

export class RoundMachine {
  readonly #host: RoundMachineHost;
  readonly #deps: TableDependencies;
  readonly #timers: Timers;
  readonly #autoCycle: AutoCycle;
  readonly #ending: RoundEnding;
  readonly #pf2: Pf2Rounds;
  readonly #pf2Store: Pf2Store;
  #chain: SeedChain;
  #nextRound: number;
  #round: LiveRound | null = null;
  #history: HistoryEntry[];
  #lastSettledRoundId: number | null;
  #lastSettlement = new Map<string, PlayerSettlement>();
  /** Gives up the freeze being built in steps (shutdown); null when none is. */
  #abandonFreeze: (() => void) | null = null;

  constructor(host: RoundMachineHost) {
    const { deps, table } = host;
    this.#host = host;
    this.#deps = deps;
    this.#timers = new Timers(deps.clock);
    this.#autoCycle = new AutoCycle(this.#timers, {
      round: () => this.#round,
      config: () => host.config(),
      mayOpen: () => !this.roundInFlight && !host.closed(),
      lastCall: (round) => this.#announceLastCall(round),
      open: (cause) => this.open(cause),
      close: (cause) => this.close(cause),
      spin: (cause) => this.spin(cause),
    });
    this.#ending = new RoundEnding({
      ...deps,
      tableId: table.id,
      accounts: { escrowAccountId: host.escrowAccountId, houseAccountId: deps.houseAccountId },
      payoutMinor: (spot, amountMinor, outcome) => table.rules.payoutMinor(spot, amountMinor, outcome),
    });
    this.#pf2Store = new Pf2Store(deps.db);
    this.#pf2 = new Pf2Rounds({
      table,
      deps,
      store: this.#pf2Store,
      events: host.events,
      timers: this.#timers,
      config: () => host.config(),
      round: () => this.#round,
      flush: () => host.flush(),
      resolve: (round, clientString) => this.#resolvePf2(round, clientString, false),
      beacon: deps.beacon,
      log: deps.log,
    });
    this.#nextRound = table.nextRound;
    const chainRow = deps.store.activeChain(table.id);
    if (!chainRow) throw new Error(`table ${table.id} has no active seed chain`);
    this.#chain = loadChain(chainRow);
    const recent = deps.store.recentRounds(table.id, Limits.historyLength);
    this.#history = historyOf(recent);
    this.#lastSettledRoundId = recent.find((past) => past.phase === Phase.Settled && past.settledAt !== null)?.id ?? null;
  }

  get round(): LiveRound | null {
    return this.#round;
  }

  /** pf2: commitments with bets, reveals and the bettors' lines. */
  get pf2(): Pf2Rounds {
    return this.#pf2;
  }

  get phase(): Phase {
    return this.#round?.phase ?? Phase.Idle;
  }

  get roundInFlight(): boolean {
    return roundInFlight(this.phase);
  }

  get commitment(): string {
    return this.#chain.commitment;
  }

  get history(): readonly HistoryEntry[] {
    return this.#history;
  }

  get lastSettledRoundId(): number | null {
    return this.#lastSettledRoundId;
  }

  lastSettlementOf(playerId: string): PlayerSettlement | null {
    return this.#lastSettlement.get(playerId) ?? null;
  }

  /**
   * Resolves rounds a crash left unfinished: betting or closed rounds are
   * voided (every stake refunded), rounds with a recorded result are settled
   * from that result, a dealt blackjack hand is played out. All idempotent:
   * a crash during recovery is recovered the same way on the next start.
   */
  recover(): void {
    const { store, ledger } = this.#deps;
    const walletOf = (playerId: string): number => ledger.account(AccountKind.Wallet, playerId);
    const hands = this.#host.hands();
    for (const row of store.unfinishedRounds(this.#host.table.id)) {
      const round = recoveredRound(row, store.betsOfRound(row.id), store.seedsOfRound(row.id), walletOf, this.#recoveredPf2(row));
      this.#round = round;
      const frozen = round.pf2?.frozen ?? null;
      if (row.phase === Phase.Result) this.settle(Cause.System, true);
      else if (hands && this.#host.blackjackStore.isDealt(row.id)) hands.resume(round);
      // pf2: a frozen round is never voided. Its reveal set fixed, it resolves from it; else its window reopens.
      // Under a beacon, the round resolves once its value is in: at once when it was obtained before the restart.
      else if (frozen?.revealed && frozen.beacon !== null && frozen.beacon.randomness === null) this.#pf2.awaitBeacon(round, frozen);
      else if (frozen?.revealed) this.#resolvePf2(round, frozenClientString(frozen), true);
      else if (frozen) this.#pf2.resume(round, frozen);
      else this.voidNow('interrupted: the server restarted', Cause.System, true);
    }
  }

  /** A pf2 round's commitments and freeze as the database holds them; null under pf1. */
  #recoveredPf2(row: RoundRow): Pf2Live | null {
    if (row.fairness !== 'pf2') return null;
    const freeze = this.#pf2Store.freezeOf(row.id);
    const rows = this.#pf2Store.commitments(row.id);
    const commitments = new Map(rows.map((each) => [each.playerId, { reference: each.reference, commitment: each.commitment }]));
    if (freeze === null) return { commitments, frozen: null };
    const resumes = this.#pf2Store.resumes(row.id).map((resume) => JSON.parse(resume.statement) as WireStatement);
    const statements = { freeze: JSON.parse(freeze.statement) as WireStatement, resumes };
    const beacon = recoveredBeacon(statements, this.#pf2Store.beaconOf(row.id), this.#deps.beacon?.chain ?? null);
    return { commitments, frozen: frozenFromRow(freeze, this.#pf2Store.reveals(row.id), rows, { beacon, resume: resumes.at(-1) ?? null }) };
  }

  /**
   * pf2: the reveal window fixed the client string; the outcome is drawn from
   * it and the round settles. At a blackjack table the hand is dealt from it
   * instead, and the result follows the last decision.
   */
  #resolvePf2(round: LiveRound, clientString: string, atOnce: boolean): void {
    if (round.chainId !== this.#chain.id) throw new Error(`round ${round.number} is not on the active chain`);
    const hands = this.#host.hands();
    if (hands) {
      hands.deal(round, atOnce ? Cause.System : Cause.Auto);
      return;
    }
    const serverSeed = seedAt(this.#chain, round.chainIndex);
    const outcome = this.#host.table.rules.draw(new Pf1Stream(serverSeed, clientString, round.number));
    this.publishResult(round, bytesToHex(serverSeed), clientString, outcome);
    this.settle(atOnce ? Cause.System : Cause.Auto, atOnce);
  }

  /** Opens betting on a new round. The round record (with its chain index) is committed before any stake can move. */
  open(cause: Cause): ActionResult {
    if (this.roundInFlight) return this.#wrongPhase('open betting');
    const { clock, db, store, chainLength } = this.#deps;
    const { id: tableId, game, rules } = this.#host.table;
    const now = clock.now();
    const previous = this.#chain;
    let chain = previous;
    const number = this.#nextRound;
    const config = this.#host.config();
    const closesAt = config.autoCycle ? now + config.bettingWindowMs : null;
    const { fairness } = config;
    const roundId = db.transaction(() => {
      if (chain.nextIndex > chain.length) chain = replaceChain(store, tableId, chain, chainLength, now);
      store.advanceRound(tableId, number);
      store.advanceChain(chain.id, chain.nextIndex);
      const { id: chainId, commitment, nextIndex: chainIndex } = chain;
      const opened = { openedBy: cause, openedAt: now, fairness, announcedCloseAt: closesAt };
      return store.insertRound({ tableId, number, game, rulesVersion: rules.rulesVersion, chainId, commitment, chainIndex, ...opened });
    })();
    this.#chain = chain;
    if (chain !== previous) this.#chainRotated(previous);
    const chainIndex = chain.nextIndex;
    chain.nextIndex += 1;
    this.#nextRound = number + 1;
    const round = openedRound({ id: roundId, number, chainId: chain.id, chainIndex, commitment: chain.commitment, closesAt, fairness });
    this.#round = round;
    this.#host.events.emit({ kind: EventKind.RoundOpened, round: number, commitment: chain.commitment, chainIndex, closesAt });
    this.#autoCycle.bettingOpened(round, now);
    return done;
  }

  /** No more bets. Bets already received in this turn of the event loop are committed first. */
  close(cause: Cause): ActionResult {
    const round = this.#round;
    if (!round || !isLegalInPhase('close', round.phase) || round.finishing) return this.#wrongPhase('close betting');
    this.#host.flush();
    // pf2 never voids after the freeze: a blackjack round nobody sat down at is voided while it still may be.
    if (round.pf2 && this.#host.hands() && round.seatOwners.size === 0) {
      this.voidNow('nobody took a seat', cause);
      return done;
    }
    const now = this.#deps.clock.now();
    if (round.pf2) return this.#freeze(round, round.pf2, now);
    this.#deps.store.closeRound(round.id, now);
    this.#stopBetting(round);
    this.#autoCycle.bettingClosed(round, cause);
    return done;
  }

  #stopBetting(round: LiveRound): void {
    round.phase = Phase.Closed;
    round.closesAt = null;
    this.#host.events.emit({ kind: EventKind.RoundClosed, round: round.number });
  }

  /**
   * pf2: betting stops now, and players hear it; the bets are then frozen in
   * bounded steps (pf2-freeze.ts), refusing every bet, cancel, void and close
   * meanwhile (the round is `closed` in memory). The close is recorded with
   * the freeze, in one transaction, only once the tree is built: until then
   * the disk holds a betting round, which a crash or a stop voids, as PF2.md
   * §8 allows before the freeze. The reveal window opens once it is announced.
   */
  #freeze(round: LiveRound, pf2: Pf2Live, closedAt: number): ActionResult {
    this.#stopBetting(round);
    const work = new FreezeWork(round.book.all(), pf2.commitments);
    this.#abandonFreeze = work.run(
      this.#deps.clock,
      this.#deps.freezeLinesPerStep,
      (built) => {
        this.#abandonFreeze = null;
        let frozen: FrozenRound;
        try {
          frozen = this.#pf2.freeze(round, pf2, built, closedAt);
        } catch (error) {
          this.#freezeFailed(round, error);
          return;
        }
        this.#pf2.announce(round, frozen);
      },
      (error) => this.#freezeFailed(round, error),
    );
    return done;
  }

  /** The freeze threw before it was recorded (its transaction rolled back): nothing is frozen, so the round may be voided. */
  #freezeFailed(round: LiveRound, error: unknown): void {
    console.error(`table ${this.#host.table.id}: freezing round ${round.number} failed; it is voided:`, error);
    this.#unfreeze(round);
    this.voidNow('the freeze failed', Cause.System);
  }

  /** A freeze not yet recorded is given up: the round is again what the disk holds, a betting round, voidable. */
  #unfreeze(round: LiveRound): void {
    this.#abandonFreeze?.();
    this.#abandonFreeze = null;
    round.phase = Phase.Betting;
  }

  /**
   * Draws the outcome under pf1, publishes it with the revealed seed, and
   * settles every bet. At a blackjack table this deals instead, and the
   * result follows the last decision.
   */
  spin(cause: Cause): ActionResult {
    const round = this.#round;
    if (!round || !isLegalInPhase('spin', round.phase) || round.finishing) return this.#wrongPhase(drawVerb(this.#host.table.game));
    if (round.pf2) return { ok: false, code: ErrorCode.WrongPhase, message: PF2_SPIN_REFUSAL };
    const hands = this.#host.hands();
    if (hands) {
      hands.deal(round, cause);
      return done;
    }
    const { stream, serverSeedHex, clientString } = this.streamOf(round);
    this.publishResult(round, serverSeedHex, clientString, this.#host.table.rules.draw(stream));
    this.settle(cause);
    return done;
  }

  /** Takes the round back: every live stake returns to its wallet. Only before the result (a blackjack hand in play included); pf2 only while betting. */
  void(cause: Cause, reason: string): ActionResult {
    if (this.#round?.pf2 && this.#round.phase !== Phase.Betting) {
      return { ok: false, code: ErrorCode.WrongPhase, message: PF2_VOID_REFUSAL };
    }
    if (!isVoidable(this.#round)) return this.#wrongPhase('void');
    this.#host.flush();
    // The decisions just committed may have finished the hand.
    if (!isVoidable(this.#round)) return this.#wrongPhase('void');
    this.voidNow(reason, cause);
    return done;
  }

  /** Starts a new chain; the old one's unused seeds are never revealed. */
  rotateChain(): ActionResult {
    if (this.roundInFlight) return this.#wrongPhase('rotate the seed chain');
    const { clock, db, store, chainLength } = this.#deps;
    const now = clock.now();
    const previous = this.#chain;
    this.#chain = db.transaction(() => replaceChain(store, this.#host.table.id, previous, chainLength, now))();
    this.#chainRotated(previous);
    return done;
  }

  /** The table stops: no timer fires again, and the round in flight is resolved now. */
  stop(reason: string): void {
    this.#timers.cancelAll();
    this.#pf2.stop();
    const hands = this.#host.hands();
    hands?.stopTimer();
    const round = this.#round;
    // Bets still being frozen were never frozen durably: the round is voided like a betting round (PF2.md §8).
    if (round && this.#abandonFreeze) this.#unfreeze(round);
    // A dealt blackjack hand cannot wait for players who are being sent away, nor be taken back: it plays out.
    if (round?.phase === Phase.Playing && round.blackjack) hands?.playOut(round, round.blackjack);
    else if (isVoidable(round)) this.voidNow(reason, Cause.System, true);
    else if (round?.phase === Phase.Result && !round.finishing) this.settle(Cause.System, true);
    // A round finishing in steps (just now, or before) completes before the table stops.
    this.#ending.completeNow();
  }

  /** The round's pf1 stream: its chain's seed and the client seeds recorded while betting was open. */
  streamOf(round: LiveRound): RoundStream {
    if (round.chainId !== this.#chain.id) throw new Error(`round ${round.number} is not on the active chain`);
    const serverSeed = seedAt(this.#chain, round.chainIndex);
    const clientString = clientStringOf([...round.seeds.values()]);
    return { stream: new Pf1Stream(serverSeed, clientString, round.number), serverSeedHex: bytesToHex(serverSeed), clientString };
  }

  /** A blackjack round's cards: pf1's one shoe from the client seeds, or pf2's segments from the client string its reveal set fixed. */
  dealingOf(round: LiveRound): { dealing: Dealing; serverSeedHex: string; clientString: string } {
    if (round.chainId !== this.#chain.id) throw new Error(`round ${round.number} is not on the active chain`);
    const serverSeed = seedAt(this.#chain, round.chainIndex);
    const frozen = round.pf2?.frozen ?? null;
    if (round.pf2 && (frozen?.revealed ?? null) === null) throw new Error(`round ${round.number}: a pf2 hand is dealt only once its reveal set is fixed`);
    const clientString = frozen ? frozenClientString(frozen) : clientStringOf([...round.seeds.values()]);
    const dealing = dealingOf({ serverSeed, clientString, round: round.number, fairness: round.pf2 ? 'pf2' : 'pf1' });
    return { dealing, serverSeedHex: bytesToHex(serverSeed), clientString };
  }

  /** Records the outcome (the round's row moves to `result`) and reveals it with the server seed. */
  publishResult(round: LiveRound, serverSeedHex: string, clientString: string, outcome: Outcome): void {
    this.#deps.store.recordResult(round.id, this.#deps.clock.now(), serverSeedHex, clientString, outcome);
    round.phase = Phase.Result;
    round.outcome = outcome;
    round.serverSeed = serverSeedHex;
    round.clientString = clientString;
    const { chainIndex, commitment } = round;
    this.#host.events.emit({ kind: EventKind.RoundResult, round: round.number, outcome, serverSeed: serverSeedHex, clientString, chainIndex, commitment });
  }

  /**
   * Pays every live bet by the paytable and records the round. A big round
   * is settled in bounded steps while it stays in `result`; `atOnce`
   * finishes it in one go, for recovery and shutdown.
   */
  settle(cause: Cause, atOnce = false): void {
    const round = this.#round;
    if (!round || round.phase !== Phase.Result) throw new Error('settle needs a recorded result');
    this.#ending.settle(round, atOnce, (settled) => this.#afterSettled(round, settled, cause));
  }

  /** Voids the round in flight, which must be voidable (the caller checked). */
  voidNow(reason: string, cause: Cause, atOnce = false): void {
    const round = this.#round;
    if (!round || !isVoidable(round)) throw new Error('void needs an open round');
    this.#host.hands()?.stopTimer();
    const statement = round.pf2 ? this.#pf2.voidStatement(round, reason) : null;
    this.#ending.void(round, reason, cause, atOnce, (bets) => {
      round.phase = Phase.Voided;
      round.closesAt = null;
      this.#deps.observer.roundEnded('voided');
      this.#host.events.emit({ kind: EventKind.RoundVoided, round: round.number, reason, ...(statement ? { statement } : {}) });
      this.#host.notifyBalances(new Set(bets.map((bet) => bet.playerId)));
      this.#autoCycle.roundEnded(cause);
    });
  }

  #afterSettled(round: LiveRound, { outcome, bets, payouts, settledAt }: SettledRound, cause: Cause): void {
    round.phase = Phase.Settled;
    if (round.pf2) this.#pf2.sendReceipts(round);
    this.#deps.observer.roundEnded('settled');
    this.#lastSettledRoundId = round.id;
    this.#history.push({ round: round.number, outcome, settledAt });
    if (this.#history.length > Limits.historyLength) this.#history.shift();
    const summary = settlementSummary(bets, payouts, (playerId) => this.#host.nameOf(playerId));
    const { stakeMinor, payoutMinor, topPayouts } = summary;
    const houseWinMinor = stakeMinor - payoutMinor;
    this.#host.events.emit({ kind: EventKind.RoundSettled, round: round.number, betCount: bets.length, stakeMinor, payoutMinor, houseWinMinor, topPayouts });
    for (const payout of summary.perPlayer) {
      const settlement = { round: round.number, stakeMinor: payout.stakeMinor, payoutMinor: payout.payoutMinor };
      this.#lastSettlement.set(payout.playerId, settlement);
      this.#deps.playerSettled(payout.playerId, settlement, this.#deps.ledger.balanceOf(payout.walletAccountId));
    }
    this.#autoCycle.roundEnded(cause);
  }

  #announceLastCall(round: LiveRound): void {
    if (round.closesAt === null) return;
    round.lastCall = true;
    this.#host.events.emit({ kind: EventKind.RoundLastCall, round: round.number, closesAt: round.closesAt });
  }

  #chainRotated(previous: SeedChain): void {
    this.#host.events.emit({ kind: EventKind.ChainRotated, commitment: this.#chain.commitment, previousCommitment: previous.commitment });
  }

  #wrongPhase(what: string): ActionResult {
    return { ok: false, code: ErrorCode.WrongPhase, message: `cannot ${what} while the table is ${this.phase}` };
  }
}
