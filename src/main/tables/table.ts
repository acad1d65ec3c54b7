// One live table: its rounds (RoundMachine), the bets and decisions players
// send (BetRequests through the BetQueue), who is present, and the views the
// server sends out. This file composes the parts; each owns one thing.
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
//
// Blackjack is dealt, then played decision by decision: `spin` deals and the
// round waits in `playing` until the last decision; then result and
// settlement run as for every game. The deal and every decision are recorded
// as they happen (the database row stays `closed`, with `dealt_at`), so a
// crash mid-hand is played out on restart, never refunded. The hand is the
// driver's (blackjack-driver.ts); the seat rules are the game's
// (GameRules.interactive).
import type { TableConfig } from '../../shared/api.ts';
import { gameRules, type GameRules } from '../../shared/games/index.ts';
import type { InteractiveRules } from '../../shared/games/blackjack-seats.ts';
import {
  ErrorCode,
  EventKind,
  Limits,
  Phase,
  type BetRequest,
  type GameId,
  type RoundView,
  type ServerMessage,
  type SeatedPlayer,
  type TableSnapshot,
  type TableSummary,
} from '../../shared/protocol.ts';
import { AccountKind } from '../ledger/ledger.ts';
import { BetQueue, type ActionResult, type Applied, type OperationResult } from './bet-queue.ts';
import { BetRequests } from './bet-requests.ts';
import { HandDriver, type HandHost } from './blackjack-driver.ts';
import { signRoundStatement } from './round-statements.ts';
import type { DecisionRequest } from './blackjack-play.ts';
import { BlackjackStore } from '../storage/blackjack-store.ts';
import { Cause } from './round-cause.ts';
import { RoundMachine } from './round-machine.ts';
import type { Seat, TableDependencies } from './table-dependencies.ts';
import { TableEvents } from './table-events.ts';
import type { TableRow } from '../storage/table-store.ts';
import { roundViewOf, snapshotOf, stakesByPlayer, tableSummary } from './table-views.ts';

export type { ActionResult, OperationResult } from './bet-queue.ts';
export type { EventEnvelope } from './table-events.ts';
export type { Seat, TableDependencies, TableObserver } from './table-dependencies.ts';

/** Bet requests applied in one group commit at most (one fsync each). */
export const maxOperationsPerCommit = 256;

const tableClosed: ActionResult = { ok: false, code: ErrorCode.TableClosed, message: 'the table is closed' };

export class Table {
  readonly id: string;
  readonly name: string;
  readonly game: GameId;
  readonly inviteCode: string;
  readonly rules: GameRules;
  #config: TableConfig;
  readonly #deps: TableDependencies;
  /** Only players present: joining and snapshots cost O(present), never O(everyone ever seen). */
  readonly #seated = new Map<string, SeatedPlayer>();
  readonly #events: TableEvents;
  readonly #rounds: RoundMachine;
  readonly #requests: BetRequests;
  readonly #queue: BetQueue;
  /** The hand in play at a table of an interactive game (blackjack); null for games of chance. */
  readonly #hands: HandDriver | null;
  #closed = false;

  constructor(row: TableRow, deps: TableDependencies) {
    this.id = row.id;
    this.name = row.name;
    this.game = row.game;
    this.inviteCode = row.inviteCode;
    this.rules = gameRules(row.game);
    this.#config = row.config;
    this.#deps = deps;
    const round = () => this.#rounds.round;
    const config = () => this.#config;
    const closed = () => this.#closed;
    this.#events = new TableEvents({
      tableId: row.id,
      clock: deps.clock,
      batchMs: Limits.activityBroadcastMs,
      publish: deps.publish,
      spotTotals: () => round()?.book.spotTotals() ?? {},
      playerCount: () => this.#seated.size,
    });
    const escrowAccountId = deps.ledger.account(AccountKind.Escrow, row.id);
    const blackjackStore = new BlackjackStore(deps.db);
    this.#rounds = new RoundMachine({
      table: { id: row.id, game: row.game, rules: this.rules, nextRound: row.nextRound },
      deps,
      escrowAccountId,
      events: this.#events,
      blackjackStore,
      config,
      closed,
      hands: () => this.#hands,
      flush: () => this.flush(),
      nameOf: (playerId) => this.#seated.get(playerId)?.name ?? '',
      notifyBalances: (playerIds) => this.#notifyBalances(playerIds),
    });
    const { store, ledger, clock } = deps;
    const pf2 = this.#rounds.pf2;
    this.#requests = new BetRequests({ store, ledger, clock, escrowAccountId, rules: this.rules, events: this.#events, config, round, closed, pf2 });
    this.#hands = this.rules.interactive ? new HandDriver(this.#handHost(this.rules.interactive, blackjackStore)) : null;
    this.#queue = new BetQueue({
      db: deps.db,
      maxOperationsPerCommit,
      later: (task) => clock.soon(task),
      beginBatch: () => this.#requests.beginBatch(),
      committed: (durationMs, operationCount) => deps.observer.committed(durationMs, operationCount),
      afterBatch: () => this.#afterBatch(),
      signBatch: (lines) => this.#rounds.pf2.signBatch(lines),
      failed: (context, error) => console.error(`table ${row.id}: ${context} failed:`, error),
    });
  }

  get config(): TableConfig {
    return this.#config;
  }

  get commitment(): string {
    return this.#rounds.commitment;
  }

  get phase(): Phase {
    return this.#rounds.phase;
  }

  get roundInFlight(): boolean {
    return this.#rounds.roundInFlight;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  // ------------------------------------------------------------ rounds

  /** Resolves the rounds a crash left unfinished (RoundMachine.recover). */
  recover(): void {
    this.#rounds.recover();
  }

  open(cause: Cause): ActionResult {
    return this.#closed ? tableClosed : this.#rounds.open(cause);
  }

  close(cause: Cause): ActionResult {
    return this.#rounds.close(cause);
  }

  spin(cause: Cause): ActionResult {
    return this.#rounds.spin(cause);
  }

  void(cause: Cause, reason: string): ActionResult {
    return this.#rounds.void(cause, reason);
  }

  rotateChain(): ActionResult {
    return this.#rounds.rotateChain();
  }

  /** Auto-cycle on or off; recorded first, so the table runs the same way after a restart. */
  setAutoCycle(autoCycle: boolean): ActionResult {
    if (this.#closed) return tableClosed;
    const config = { ...this.#config, autoCycle };
    this.#deps.store.updateConfig(this.id, config);
    this.#config = config;
    if (autoCycle && !this.roundInFlight) return this.open(Cause.Auto);
    return { ok: true };
  }

  /**
   * The public beacon on or off for later rounds (PF2.md §6): recorded
   * first, then announced, so no page takes a round without one for a trick.
   * A round already frozen keeps the beacon its freeze fixed.
   */
  setBeacon(beacon: boolean): ActionResult {
    if (this.#closed) return tableClosed;
    if (this.#config.fairness !== 'pf2') return { ok: false, code: ErrorCode.BadMessage, message: 'the public beacon is for pf2 tables: this table runs pf1' };
    if (beacon && this.#deps.beacon === null) return { ok: false, code: ErrorCode.BadMessage, message: 'this server fetches no public beacon' };
    const config = { ...this.#config, beacon };
    this.#deps.store.updateConfig(this.id, config);
    this.#config = config;
    this.#events.emit({ kind: EventKind.TableBeacon, beacon: this.beaconChain });
    return { ok: true };
  }

  /** The drand chain the next freeze takes its beacon from; null when the table takes none. */
  get beaconChain(): string | null {
    return this.#config.beacon === true && this.#config.fairness === 'pf2' ? (this.#deps.beacon?.chain.chainHash ?? null) : null;
  }

  /** Stops the table for good: refuses new rounds, voids or settles the one in flight. */
  shutdown(reason: string): void {
    this.flush();
    this.#rounds.stop(reason);
    this.#closed = true;
  }

  markClosed(): void {
    this.shutdown('the table was closed');
    this.#events.emit({ kind: EventKind.TableClosed });
  }

  // ------------------------------------------------------------ player requests

  /** `commitment`: pf2 tables only, the player's commitment to this round's secret. */
  placeBets(seat: Seat, clientSeed: string, round: number, bets: BetRequest[], commitment?: string): Promise<OperationResult> {
    // A blackjack placement that sits at a seat changes who owns it: placements of seats never share a batch.
    const claimsSeats = this.rules.interactive?.claimsSeats(bets.map((bet) => bet.spot)) ?? false;
    const place = () => this.#requests.place(seat, clientSeed, round, bets, commitment);
    return this.#enqueue([`player:${seat.playerId}`, ...(claimsSeats ? ['seats'] : [])], place, bets.length);
  }

  /** pf2: a bettor's round secret, durable before it is acknowledged (with a signed pf2.reveal). */
  reveal(seat: Seat, round: number, secret: string): Promise<OperationResult> {
    const balance = () => this.#deps.ledger.balanceOf(seat.walletAccountId);
    return this.#enqueue([`player:${seat.playerId}`], () => this.#rounds.pf2.reveal(seat.playerId, round, secret, balance));
  }

  /** pf2: the player's own frozen lines while the round's reveal window is open, for a page that (re)connects. */
  frozenLinesOf(playerId: string): ServerMessage | null {
    const round = this.#rounds.round;
    return round ? this.#rounds.pf2.linesOf(round, playerId) : null;
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

  #notifyBalances(playerIds: Iterable<string>): void {
    for (const playerId of playerIds) {
      const balance = this.#deps.ledger.balanceOf(this.#deps.ledger.account(AccountKind.Wallet, playerId));
      this.#deps.balanceChanged(playerId, balance);
    }
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
    this.#seated.delete(playerId);
    this.#events.presence({ ...known, connected: false });
    // A blackjack seat whose owner left stands now rather than when its timer runs out.
    if (this.phase === Phase.Playing) {
      this.flush();
      this.#hands?.afterChange();
    }
  }

  summary(): TableSummary {
    return tableSummary(this, this.#config, !this.#closed, this.beaconChain);
  }

  roundView(): RoundView | null {
    return roundViewOf(this.#rounds.round, this.rules.interactive !== null);
  }

  /** Live stakes by player in the current round. */
  stakesByPlayer(): Map<string, number> {
    return stakesByPlayer(this.#rounds.round);
  }

  snapshot(playerId: string | null, names: (playerId: string) => string): TableSnapshot {
    const lastRoundId = this.#rounds.lastSettledRoundId;
    return snapshotOf({
      seq: this.#events.seq,
      summary: this.summary(),
      round: this.#rounds.round,
      interactive: this.rules.interactive !== null,
      playerId,
      names,
      seated: this.#seated,
      history: this.#rounds.history,
      lastRoundBets: playerId !== null && lastRoundId !== null ? this.#deps.store.liveBetsOfPlayer(lastRoundId, playerId) : [],
      lastSettlement: playerId === null ? null : this.#rounds.lastSettlementOf(playerId),
    });
  }

  /** What the hand driver may use of this table. */
  #handHost(interactive: InteractiveRules, store: BlackjackStore): HandHost {
    const rounds = this.#rounds;
    const requests = this.#requests;
    return {
      db: this.#deps.db,
      clock: this.#deps.clock,
      ledger: this.#deps.ledger,
      store,
      interactive,
      round: () => rounds.round,
      config: () => this.#config,
      closed: () => this.#closed,
      isPresent: (playerId) => this.#seated.get(playerId)?.connected === true,
      nameOf: (playerId) => this.#seated.get(playerId)?.name,
      dealingOf: (round) => rounds.dealingOf(round),
      sign: (round, body) => signRoundStatement(this.id, round, body, this.#deps.signStatement),
      emit: (event) => this.#events.emit(event),
      activityFor: (round) => this.#events.activityFor(round),
      writeStake: (round, seat, bet, now) => requests.writeStake(round, seat, bet, now),
      rememberStake: (round, bet) => requests.rememberStake(round, bet),
      writeTakeBack: (bet, note, now) => requests.writeTakeBack(bet, note, now),
      forgetStake: (round, bet) => requests.forgetStake(round, bet),
      notifyBalances: (playerIds) => this.#notifyBalances(playerIds),
      void: (reason, cause) => rounds.voidNow(reason, cause),
      publishResult: (round, serverSeedHex, clientString, outcome) => rounds.publishResult(round, serverSeedHex, clientString, outcome),
      settle: (cause) => rounds.settle(cause),
      flush: () => this.flush(),
    };
  }
}
