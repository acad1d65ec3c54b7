// How a round ends: settled by the paytable or voided (every live stake
// back). The money moves through the pure postings of round-postings.ts and
// the round finisher's bounded steps; the caller hears of it (`settled`,
// `voided`) only after the last step committed, so memory never runs ahead of
// the disk. While a round finishes in steps it is marked `finishing`: it takes
// no bets and no dealer action, and `completeNow` (shutdown) ends it at once.
import type { Database } from '../storage/database.ts';
import type { Outcome } from '../../shared/protocol.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Clock } from './clock.ts';
import type { LiveBet } from './bet-book.ts';
import type { LiveRound } from './live-round.ts';
import type { Cause } from './round-cause.ts';
import { RoundFinisher, type FinishPlan, type RoundRecorder } from './round-finisher.ts';
import { settlementPostings, voidPostings, type RoundAccounts } from './round-postings.ts';
import type { TableStore } from '../storage/table-store.ts';

export type EndingDependencies = {
  tableId: string;
  db: Database;
  clock: Clock;
  ledger: Ledger;
  store: Pick<TableStore, 'setPayout' | 'settleRound' | 'voidRound'>;
  recorder: RoundRecorder;
  accounts: RoundAccounts;
  /** The game's paytable: what a bet on `spot` pays for `outcome`, stake included. */
  payoutMinor: (spot: string, amountMinor: number, outcome: Outcome) => number;
  /** Bets posted (and recorded) per step when a big round finishes. */
  finishBetsPerStep: number;
};

export type SettledRound = { outcome: Outcome; bets: LiveBet[]; payouts: number[]; settledAt: number };

export class RoundEnding {
  readonly #deps: EndingDependencies;
  /** Completes the round being finished in steps, at once (shutdown); null when none is. */
  #completeNow: (() => void) | null = null;

  constructor(deps: EndingDependencies) {
    this.#deps = deps;
  }

  /** Pays every live bet of a round with a recorded result; `atOnce` finishes it in one go (recovery, shutdown). */
  settle(round: LiveRound, atOnce: boolean, settled: (result: SettledRound) => void): void {
    const outcome = round.outcome;
    if (!outcome || round.finishing) throw new Error(`round ${round.number}: settle needs a recorded result`);
    const { ledger, store, payoutMinor, accounts } = this.#deps;
    const settledAt = this.#deps.clock.now();
    const bets = round.book.all();
    const payouts: number[] = [];
    const plan: FinishPlan = {
      roundId: round.id,
      voided: false,
      betCount: bets.length,
      finishBet: (index) => {
        const bet = betAt(bets, index, round);
        const payout = payoutMinor(bet.spot, bet.amountMinor, outcome);
        for (const posting of settlementPostings(round, bet, payout, accounts)) ledger.transfer(posting);
        store.setPayout(bet.rowId, payout);
        payouts[index] = payout;
      },
      markFinished: () => store.settleRound(round.id, settledAt),
    };
    this.#finish(round, atOnce, plan, () => settled({ outcome, bets, payouts, settledAt }));
  }

  /** Refunds every live stake of a round not yet decided, and records why and by whom. */
  void(round: LiveRound, reason: string, cause: Cause, atOnce: boolean, voided: (bets: LiveBet[]) => void): void {
    if (round.finishing) throw new Error(`round ${round.number} is already finishing`);
    const { ledger, store, accounts } = this.#deps;
    const now = this.#deps.clock.now();
    const bets = round.book.all();
    const plan: FinishPlan = {
      roundId: round.id,
      voided: true,
      betCount: bets.length,
      finishBet: (index) => {
        for (const posting of voidPostings(round, betAt(bets, index, round), accounts)) ledger.transfer(posting);
      },
      markFinished: () => store.voidRound(round.id, now, reason, cause),
    };
    this.#finish(round, atOnce, plan, () => voided(bets));
  }

  /** Finishes the round under way in steps, if any, before the table stops. */
  completeNow(): void {
    this.#completeNow?.();
  }

  #finish(round: LiveRound, atOnce: boolean, plan: FinishPlan, done: () => void): void {
    const { db, recorder, finishBetsPerStep } = this.#deps;
    const finisher = new RoundFinisher({ db, recorder, betsPerStep: finishBetsPerStep }, plan);
    round.finishing = true;
    const completeNow = finisher.run(
      this.#deps.clock,
      atOnce,
      () => {
        round.finishing = false;
        this.#completeNow = null;
        done();
      },
      (error) => {
        console.error(`table ${this.#deps.tableId}: finishing round ${round.number} failed; it finishes at the next start:`, error);
        this.#completeNow = null;
      },
    );
    if (round.finishing) this.#completeNow = completeNow;
  }
}

function betAt(bets: LiveBet[], index: number, round: LiveRound): LiveBet {
  const bet = bets[index];
  if (!bet) throw new Error(`finishing round ${round.number}: no bet ${index}`);
  return bet;
}
