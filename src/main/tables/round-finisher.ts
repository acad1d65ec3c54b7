// Finishing a round (settling or voiding it) without a long turn. A round of
// tens of thousands of bets is posted in chunks of `betsPerStep`, one
// transaction each, then its audit record is drafted in steps of the same
// size, and only the last transaction marks the round finished and appends
// the record: each step is bounded work, so every table in the process
// keeps answering while one settles. A small round does it all in one
// transaction, as one step.
//
// A crash between steps leaves the round unfinished on disk; recovery
// finishes it again, and the transfers already posted are recognized by
// their idempotency keys and not moved twice.
import type { Database } from '../storage/database.ts';
import type { Clock } from './clock.ts';

/** Bets per step: about 20–30 ms of posting or record building on a slow core, well inside a 50 ms turn. */
export const defaultFinishBetsPerStep = 500;

/** What the audit log gives the round engine: a record drafted in steps, appended in the finishing transaction. */
export type RecordSteps = { step(maxBets: number): boolean };
export type RoundRecorder = {
  /** inParts: each step writes its text out (inside the step's transaction), so the final write stays small. */
  draft(roundId: number, voided: boolean, inParts: boolean): RecordSteps;
  append(draft: RecordSteps, roundId: number): void;
  /** A finished round's place in the table's hash chain (pf2 receipts name it), or null before its record exists. */
  linkOf(roundId: number): { hash: string; prevHash: string } | null;
};

export type FinishPlan = {
  roundId: number;
  voided: boolean;
  betCount: number;
  /** Moves bet `index`'s money and books it, inside the step's transaction; computed as it goes, so no turn builds them all. */
  finishBet: (index: number) => void;
  /** The round row's last update (settled or voided), in the transaction that appends the record. */
  markFinished: () => void;
};

export type FinisherOptions = {
  db: Database;
  recorder: RoundRecorder;
  betsPerStep: number;
};

/** Runs a FinishPlan step by step; `step()` returns true once the round is finished (committed). */
export class RoundFinisher {
  readonly #options: FinisherOptions;
  readonly #plan: FinishPlan;
  #posted = 0;
  #draft: RecordSteps | null = null;
  #finished = false;

  constructor(options: FinisherOptions, plan: FinishPlan) {
    this.#options = options;
    this.#plan = plan;
  }

  /**
   * Runs the finish: in one transaction when the round is small (or
   * `atOnce`), else one bounded step per turn of the event loop and then
   * `done` on a turn of its own (what memory learns: events, a message per
   * player). Returns a function that completes a finish still under way at
   * once (shutdown), or null when it is done. A failing step stops it: what
   * is committed stays, and recovery finishes the rest after a restart.
   */
  run(clock: Clock, atOnce: boolean, done: () => void, failed: (error: unknown) => void): (() => void) | null {
    let completed = false;
    const complete = (): void => {
      if (completed) return;
      completed = true;
      done();
    };
    if (atOnce || this.#plan.betCount <= this.#options.betsPerStep) {
      this.finishAtOnce();
      complete();
      return null;
    }
    let stopped = false;
    const next = (): void => {
      if (stopped || completed) return;
      try {
        if (this.step()) clock.soon(complete);
        else clock.soon(next);
      } catch (error) {
        stopped = true;
        failed(error);
      }
    };
    clock.soon(next);
    return () => {
      if (stopped) return;
      while (!this.step());
      complete();
    };
  }

  /** Everything in one transaction: for small rounds, recovery and shutdown. */
  finishAtOnce(): void {
    this.#options.db.transaction(() => {
      this.#draft ??= this.#options.recorder.draft(this.#plan.roundId, this.#plan.voided, false);
      while (!this.step());
    })();
  }

  step(): boolean {
    if (this.#finished) return true;
    const { db, recorder, betsPerStep } = this.#options;
    const plan = this.#plan;
    if (this.#posted < plan.betCount) {
      const end = Math.min(plan.betCount, this.#posted + betsPerStep);
      db.transaction(() => {
        for (let index = this.#posted; index < end; index++) plan.finishBet(index);
      })();
      this.#posted = end;
      return false;
    }
    const draft = (this.#draft ??= recorder.draft(plan.roundId, plan.voided, true));
    if (!db.transaction(() => draft.step(betsPerStep))()) return false;
    db.transaction(() => {
      plan.markFinished();
      recorder.append(draft, plan.roundId);
    })();
    this.#finished = true;
    return true;
  }
}
