// Time for the table core: every timer a table starts (betting windows, last
// call, the draw delay, decision timers, activity batches, the steps of a big
// settlement) goes through one Clock, so the parts run on a fake clock in unit
// tests, without a real betting window.
export type TimerHandle = { cancel(): void };

export type Clock = {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `task` once, `delayMs` from now. */
  after(delayMs: number, task: () => void): TimerHandle;
  /** Runs `task` on a later turn of the event loop, after pending I/O (setImmediate). */
  soon(task: () => void): void;
};

export function systemClock(now: () => number = Date.now): Clock {
  return {
    now,
    after: (delayMs, task) => {
      const timer = setTimeout(task, Math.max(0, delayMs));
      return { cancel: () => clearTimeout(timer) };
    },
    soon: (task) => {
      setImmediate(task);
    },
  };
}

/** Timers one owner started, cancelled together (a table that shuts down). */
export class Timers {
  readonly #clock: Clock;
  readonly #pending = new Set<TimerHandle>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  after(delayMs: number, task: () => void): TimerHandle {
    const handle = this.#clock.after(delayMs, () => {
      this.#pending.delete(handle);
      task();
    });
    this.#pending.add(handle);
    return {
      cancel: () => {
        handle.cancel();
        this.#pending.delete(handle);
      },
    };
  }

  cancelAll(): void {
    for (const handle of this.#pending) handle.cancel();
    this.#pending.clear();
  }
}
