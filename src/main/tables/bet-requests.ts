// The bet requests of a table's players, as the group commit applies them:
// placements checked against the table's limits and the game's seat rules,
// take-backs, and the stakes they move. Each check reads memory and the
// database; each write goes to the database inside the batch's transaction;
// memory (the bet book, the activity batch, the seats) learns it only in
// `afterCommit`, once the transaction committed.
import type { TableConfig } from '../../shared/api.ts';
import type { GameRules } from '../../shared/games/index.ts';
import { ErrorCode, Limits, type BetRequest } from '../../shared/protocol.ts';
import { acceptsBets } from '../../shared/round-actions.ts';
import { TransferKey } from '../../shared/transfer-keys.ts';
import { TransferKind, type Ledger } from '../ledger/ledger.ts';
import type { Applied } from './bet-queue.ts';
import type { Pf2Rounds } from './pf2-round.ts';
import type { LiveBet } from './bet-book.ts';
import type { Seat } from './table-dependencies.ts';
import type { Clock } from './clock.ts';
import type { LiveRound } from './live-round.ts';
import { stakeLimitCheck } from './stake-limits.ts';
import type { TableEvents } from './table-events.ts';
import type { BetRow, TableStore } from '../storage/table-store.ts';

export type BetRequestsHost = {
  store: TableStore;
  ledger: Ledger;
  clock: Clock;
  escrowAccountId: number;
  rules: GameRules;
  events: TableEvents;
  config(): TableConfig;
  round(): LiveRound | null;
  closed(): boolean;
  /** pf2: the commitment a bet request carries, checked and recorded with the first accepted bet. */
  pf2: Pick<Pf2Rounds, 'commitmentProblem' | 'placed' | 'cancelled' | 'replayed'>;
};

function reject(code: ErrorCode, message: string): Applied {
  return { result: { ok: false, code, message } };
}

export class BetRequests {
  readonly #host: BetRequestsHost;
  /** Bets placed in the batch being applied: the round cap counts them before memory holds them. */
  #placedInBatch = 0;

  constructor(host: BetRequestsHost) {
    this.#host = host;
  }

  /** A new group commit begins. */
  beginBatch(): void {
    this.#placedInBatch = 0;
  }

  place(seat: Seat, clientSeed: string, roundNumber: number, bets: BetRequest[], commitment?: string): Applied {
    const round = this.#host.round();
    if (this.#host.closed()) return reject(ErrorCode.TableClosed, 'the table is closed');
    if (!round || !acceptsBets(round.phase) || round.finishing) return reject(ErrorCode.WrongPhase, 'betting is not open');
    if (roundNumber !== round.number) {
      return reject(ErrorCode.WrongRound, `betting is open for round ${round.number}, not ${roundNumber}`);
    }
    if (seat.muted) return reject(ErrorCode.Muted, 'the dealer has paused your betting');
    const { store, ledger } = this.#host;
    const commitmentProblem = this.#host.pf2.commitmentProblem(round, seat.playerId, commitment);
    if (commitmentProblem) return commitmentProblem;

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
      // A retry of bets that are already committed: acknowledge again (pf2: the same lines, signed again), move nothing.
      const rows = existing.filter((row): row is BetRow => row !== null);
      return { result: { ok: true, balanceMinor: ledger.balanceOf(seat.walletAccountId) }, acknowledged: this.#host.pf2.replayed(round, seat.playerId, rows) };
    }

    // Bets taken back count too: placing and cancelling in a loop is bounded like placing.
    const placedBefore = round.book.placedBy(seat.playerId);
    if (placedBefore + bets.length > Limits.maxBetsPerRoundPerPlayer) {
      return reject(ErrorCode.TooManyBets, `at most ${Limits.maxBetsPerRoundPerPlayer} bets per round, taken back ones included`);
    }
    if (round.book.placedCount + this.#placedInBatch + bets.length > Limits.maxBetsPerRound) {
      return reject(ErrorCode.TooManyBets, `this round is full: at most ${Limits.maxBetsPerRound} bets per round at this table`);
    }
    const mine = round.book.of(seat.playerId);
    const limits = stakeLimitCheck(mine, bets, this.#host.config(), (spot) => this.#host.rules.isPlaceable(spot));
    if (!limits.ok) return { result: limits };
    const { requestTotal } = limits;
    const spots = bets.map((bet) => bet.spot);
    const problem = this.#host.rules.interactive?.placementProblem(seat.playerId, spots, round.seatOwners, mine) ?? null;
    if (problem) return reject(problem.code, problem.message);
    const balance = ledger.balanceOf(seat.walletAccountId);
    if (balance < requestTotal) return reject(ErrorCode.InsufficientFunds, `the bets need ${requestTotal}, the balance is ${balance}`);

    const now = this.#host.clock.now();
    // pf1's client seeds make no pf2 round: its players commit to round secrets instead.
    const newSeed = round.pf2 === null && !round.seeds.has(seat.playerId);
    if (newSeed) store.insertSeed(round.id, seat.playerId, clientSeed, now);
    const firstSeq = round.book.placedCount + this.#placedInBatch + 1;
    const pf2 = this.#host.pf2.placed(round, seat.playerId, commitment, bets, firstSeq, now);
    const placed = bets.map((bet) => this.writeStake(round, seat, bet, now));
    this.#placedInBatch += bets.length;
    return {
      result: { ok: true, balanceMinor: balance - requestTotal },
      acknowledged: pf2.acknowledged,
      afterCommit: () => {
        pf2.afterCommit?.();
        if (newSeed) {
          round.seeds.set(seat.playerId, clientSeed);
          this.#host.events.activityFor(round.number).seeds.push({ playerId: seat.playerId, clientSeed });
        }
        for (const bet of placed) this.rememberStake(round, bet);
        round.book.countPlaced(seat.playerId, bets.length);
        this.#host.rules.interactive?.claim(round.seatOwners, seat.playerId, spots);
      },
    };
  }

  /** Moves one stake wallet → escrow and books its bet row, inside the caller's transaction; memory learns it after the commit. */
  writeStake(round: LiveRound, seat: Seat, bet: BetRequest, now: number): LiveBet {
    const { store, ledger } = this.#host;
    const { transferId } = ledger.transfer({
      idempotencyKey: TransferKey.bet(seat.playerId, bet.betId),
      from: seat.walletAccountId,
      to: this.#host.escrowAccountId,
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
  rememberStake(round: LiveRound, bet: LiveBet): void {
    round.book.add(bet);
    this.#host.events.placed(round.number, { betId: bet.betId, playerId: bet.playerId, playerName: bet.playerName, spot: bet.spot, amountMinor: bet.amountMinor });
  }

  cancel(seat: Seat, roundNumber: number, betIds: string[]): Applied {
    const round = this.#host.round();
    if (!round || !acceptsBets(round.phase) || round.finishing) return reject(ErrorCode.WrongPhase, 'betting is not open');
    if (roundNumber !== round.number) {
      return reject(ErrorCode.WrongRound, `betting is open for round ${round.number}, not ${roundNumber}`);
    }
    const { store, ledger } = this.#host;
    let targets: LiveBet[];
    // Taken back earlier in this round: a retried cancel is acknowledged again, with the same signed lines.
    const retried: string[] = [];
    if (betIds.length === 0) {
      targets = round.book.of(seat.playerId);
    } else {
      targets = [];
      for (const betId of new Set(betIds)) {
        const live = round.book.get(seat.playerId, betId);
        if (live) {
          targets.push(live);
          continue;
        }
        const row: BetRow | null = store.betByPlayerAndId(seat.playerId, betId);
        if (row && row.roundId === round.id && row.cancelledAt !== null) {
          retried.push(betId);
          continue;
        }
        return reject(ErrorCode.NotFound, `you have no bet "${betId}" in round ${round.number}`);
      }
    }
    const now = this.#host.clock.now();
    for (const bet of targets) this.writeTakeBack(bet, `round ${round.number} ${bet.spot} taken back`, now);
    return {
      result: { ok: true, balanceMinor: ledger.balanceOf(seat.walletAccountId) },
      acknowledged: this.#host.pf2.cancelled(round, seat.playerId, [...targets.map((bet) => bet.betId), ...retried]),
      afterCommit: () => {
        if (targets.length === 0) return;
        for (const bet of targets) this.forgetStake(round, bet);
        this.#host.events.activityFor(round.number).cancelled.push({ playerId: seat.playerId, betIds: targets.map((bet) => bet.betId) });
        this.#host.rules.interactive?.release(round.seatOwners, seat.playerId, round.book.of(seat.playerId));
      },
    };
  }

  /** Returns one live stake escrow → wallet as a cancelled bet, inside the caller's transaction. */
  writeTakeBack(bet: LiveBet, note: string, now: number): void {
    this.#host.ledger.transfer({
      idempotencyKey: TransferKey.cancel(bet.playerId, bet.betId),
      from: this.#host.escrowAccountId,
      to: bet.walletAccountId,
      amountMinor: bet.amountMinor,
      kind: TransferKind.BetCancel,
      note,
    });
    this.#host.store.cancelBet(bet.rowId, now);
  }

  /** A committed take-back leaves the layout and the spot totals. */
  forgetStake(round: LiveRound, bet: LiveBet): void {
    round.book.remove(bet);
  }
}
