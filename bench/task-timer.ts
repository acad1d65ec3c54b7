// Times every setImmediate task of the bench's server process while it runs:
// the table core's `soon` steps (freeze steps, the freeze's recording, the
// slices of bettors' lines, group commits) all go through setImmediate
// (systemClock). A task that hands an event to every socket is timed apart,
// with the event's kind: there the fan-out, not the step, is the work. The
// loop-delay histogram gives whole turns; this says which piece made them.
// Only the bench installs it, and only between a round's close and its end.
import { performance } from 'node:perf_hooks';

type Immediate = typeof setImmediate;

export class TaskTimer {
  readonly #original: Immediate = globalThis.setImmediate;
  /** The kinds of the events handed out in the task running now; null outside a timed task. */
  #current: string[] | null = null;
  /** The longest task that handed no event to the sockets, in ms. */
  longestQuietMs = 0;
  /** longestQuietMs when the freeze was handed out (pf2): its steps' longest. */
  longestStepBeforeFreezeMs = 0;
  /** The longest task that handed out each event kind, in ms. */
  readonly publishingMs = new Map<string, number>();

  start(): void {
    const original = this.#original;
    const timed = (callback: (...args: unknown[]) => void, ...args: unknown[]): NodeJS.Immediate => original(() => this.#run(callback, args));
    globalThis.setImmediate = Object.assign(timed, { __promisify__: original.__promisify__ }) as Immediate;
  }

  stop(): void {
    globalThis.setImmediate = this.#original;
  }

  /** The gateway handed an event out (called from its `published` observer, inside the task). */
  published(kind: string): void {
    this.#current?.push(kind);
  }

  #run(callback: (...args: unknown[]) => void, args: unknown[]): void {
    const kinds: string[] = [];
    const outer = this.#current;
    this.#current = kinds;
    const startedAt = performance.now();
    try {
      callback(...args);
    } finally {
      const ms = performance.now() - startedAt;
      this.#current = outer;
      if (kinds.length === 0) {
        this.longestQuietMs = Math.max(this.longestQuietMs, ms);
      }
      for (const kind of kinds) this.publishingMs.set(kind, Math.max(this.publishingMs.get(kind) ?? 0, ms));
    }
  }
}
