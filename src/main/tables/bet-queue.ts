// The group commit: every player request (bet, cancel, blackjack decision)
// that arrives in one turn of the event loop is applied in one SQLite
// transaction and answered only after that transaction commits, so one fsync
// serves many requests and an acknowledged request survives a crash.
//
// Failure policy. Each request runs in its own savepoint: a request that is
// refused, or that throws (a bug, a constraint), is rolled back alone and
// answered with a typed error; the batch's other requests still commit. If
// the commit itself fails, nothing of the batch is on disk and every request
// in it is answered `internal`.
//
// Memory follows the disk. A request's changes to in-memory state are
// returned as `afterCommit` and run only once the transaction has committed.
// Since requests are checked against memory, two requests that depend on the
// same state (`keys`: the same player, the same blackjack seats or hand)
// never share a batch: the later one waits for the next, where it is checked
// against memory that already holds the earlier one's effects.
import type { Database } from '../storage/database.ts';
import { ErrorCode, type WireStatement } from '../../shared/protocol.ts';

/** A request or action refused, with a typed code and a sentence for people. */
export type Refusal = { ok: false; code: ErrorCode; message: string };
/** A player's request: accepted with their wallet balance after it (and, for a pf2 reveal, its signed acknowledgement), or refused. */
export type OperationResult = { ok: true; balanceMinor: number; statement?: WireStatement } | Refusal;
/** A dealer's action on a table: done, or refused. No balance is involved. */
export type ActionResult = { ok: true } | Refusal;

/** What applying one request gave: its answer, and what memory learns once the batch commits. */
export type Applied = { result: OperationResult; afterCommit?: () => void };

export type QueuedOperation = {
  /** Requests sharing a key never share a batch. */
  keys: readonly string[];
  /** performance.now() when it arrived. */
  enqueuedAt: number;
  /** Checks and writes, inside the batch's transaction (in a savepoint of its own). */
  apply: () => Applied;
  /** Called once the batch committed (or failed), after afterCommit ran. */
  answer: (result: OperationResult, committedAt: number) => void;
};

export type BetQueueOptions = {
  db: Database;
  /** Requests applied in one group commit at most (one fsync each). */
  maxOperationsPerCommit: number;
  /** Runs the flush on a later turn of the event loop. */
  later: (task: () => void) => void;
  /** Before each batch: the table resets what it counts across one batch. */
  beginBatch: () => void;
  /** After each group commit (or failed commit): how long its transaction took and how many requests it held. */
  committed: (durationMs: number, operationCount: number) => void;
  /** After each batch was answered. */
  afterBatch: () => void;
  /** An unexpected failure: logged with context, never thrown into the event loop. */
  failed: (context: string, error: unknown) => void;
};

/** Thrown inside a savepoint to roll back a refused request's writes. */
class Refused extends Error {
  readonly applied: Applied;
  constructor(applied: Applied) {
    super('refused');
    this.applied = applied;
  }
}

const internalError: OperationResult = { ok: false, code: ErrorCode.Internal, message: 'the server could not record this request; try again' };

export class BetQueue {
  readonly #options: BetQueueOptions;
  #queue: QueuedOperation[] = [];
  #scheduled = false;

  constructor(options: BetQueueOptions) {
    this.#options = options;
  }

  get length(): number {
    return this.#queue.length;
  }

  enqueue(operation: QueuedOperation): void {
    this.#queue.push(operation);
    // One event-loop turn can read thousands of requests off the sockets; a
    // commit per bounded batch lets acks flow during a storm instead of all
    // waiting for one giant transaction at the end of the turn.
    if (this.#queue.length >= this.#options.maxOperationsPerCommit) {
      this.flush();
      return;
    }
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#options.later(() => this.flush());
  }

  /** Applies and answers everything queued, batch by batch. */
  flush(): void {
    this.#scheduled = false;
    while (this.#queue.length > 0) {
      const batch: QueuedOperation[] = [];
      const rest: QueuedOperation[] = [];
      const taken = new Set<string>();
      for (const operation of this.#queue) {
        if (batch.length < this.#options.maxOperationsPerCommit && operation.keys.every((key) => !taken.has(key))) {
          batch.push(operation);
          for (const key of operation.keys) taken.add(key);
        } else {
          rest.push(operation);
        }
      }
      this.#queue = rest;
      this.#commit(batch);
    }
  }

  #commit(batch: readonly QueuedOperation[]): void {
    const { db } = this.#options;
    const startedAt = performance.now();
    let applied: Applied[];
    try {
      this.#options.beginBatch();
      applied = db.transaction(() => batch.map((operation) => this.#applyOne(operation)))();
    } catch (error) {
      this.#options.failed(`group commit of ${batch.length} requests`, error);
      applied = batch.map(() => ({ result: internalError }));
    }
    const committedAt = performance.now();
    this.#options.committed(committedAt - startedAt, batch.length);
    batch.forEach((operation, index) => {
      const outcome = applied[index] ?? { result: internalError };
      let result = outcome.result;
      try {
        outcome.afterCommit?.();
      } catch (error) {
        // Committed, but memory could not follow: a bug. The request stays recorded; the player hears it failed here.
        this.#options.failed('applying a committed request to memory', error);
        result = internalError;
      }
      operation.answer(result, committedAt);
    });
    this.#options.afterBatch();
  }

  #applyOne(operation: QueuedOperation): Applied {
    try {
      // A nested transaction is a savepoint: a request that throws or is refused is rolled back alone.
      return this.#options.db.transaction(() => {
        const applied = operation.apply();
        if (!applied.result.ok) throw new Refused(applied);
        return applied;
      })();
    } catch (error) {
      if (error instanceof Refused) return { result: error.applied.result };
      this.#options.failed('applying one request', error);
      return { result: internalError };
    }
  }
}
