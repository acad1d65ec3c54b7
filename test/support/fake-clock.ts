// A Clock for unit tests: time moves only when the test says so, and timers
// and "soon" tasks run in order, deterministically.
import type { Clock, TimerHandle } from '../../src/main/tables/clock.ts';

type Scheduled = { at: number; order: number; task: () => void; cancelled: boolean };

export class FakeClock implements Clock {
  #now: number;
  #order = 0;
  #timers: Scheduled[] = [];
  #soon: (() => void)[] = [];

  constructor(startMs = 1_700_000_000_000) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  after(delayMs: number, task: () => void): TimerHandle {
    const scheduled: Scheduled = { at: this.#now + Math.max(0, delayMs), order: this.#order++, task, cancelled: false };
    this.#timers.push(scheduled);
    return { cancel: () => (scheduled.cancelled = true) };
  }

  soon(task: () => void): void {
    this.#soon.push(task);
  }

  /** Runs the "soon" tasks queued so far (and those they queue), at most `limit`. */
  runSoon(limit = 10_000): number {
    let ran = 0;
    while (this.#soon.length > 0 && ran < limit) {
      this.#soon.shift()?.();
      ran += 1;
    }
    return ran;
  }

  /** Moves time forward, running every timer that falls due (and the "soon" tasks they queue), in time order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (let step = 0; step < 100_000; step++) {
      this.runSoon();
      const due = this.#timers
        .filter((timer) => !timer.cancelled && timer.at <= end)
        .sort((left, right) => left.at - right.at || left.order - right.order)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.#now = due.at;
      due.task();
    }
    this.#now = end;
    this.runSoon();
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.#timers.filter((timer) => !timer.cancelled).length;
  }
}
