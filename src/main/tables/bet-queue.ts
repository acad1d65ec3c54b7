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
import { ErrorCode, type WireProof, type WireStatement } from '../../shared/protocol.ts';

/** A request or action refused, with a typed code and a sentence for people. */
export type Refusal = { ok: false; code: ErrorCode; message: string };
/** A player's request: accepted with their wallet balance after it (and, for a pf2 reveal, its signed acknowledgement), or refused. */
export type OperationResult = { ok: true; balanceMinor: number; statement?: WireStatement; acknowledgement?: BatchAcknowledgement } | Refusal;

/** pf2 (PF2.md §7): the signed pf2.bets of the request's group commit, and the request's own lines in its tree with their proofs. */
export type BatchAcknowledgement = { statement: WireStatement; lines: WireProof[] };

/** Signs one group commit's acknowledgement lines; gives each line's proof. */
export type BatchSigner = (lines: readonly string[]) => { statement: WireStatement; proofOf(line: string): WireProof };
/** A dealer's action on a table: done, or refused. No balance is involved. */
export type ActionResult = { ok: true } | Refusal;

/**
 * What applying one request gave: its answer, what memory learns once the
 * batch commits, and (pf2) the acknowledgement lines it adds to the batch's
 * signed tree.
 */
export type Applied = { result: OperationResult; afterCommit?: () => void; acknowledged?: readonly string[] };

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
  /** pf2: signs the batch's acknowledgement lines once it committed (one signature per group commit). */
  signBatch: BatchSigner;
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
    const results = applied.map((outcome) => {
      try {
        outcome.afterCommit?.();
        return outcome.result;
      } catch (error) {
        // Committed, but memory could not follow: a bug. The request stays recorded; the player hears it failed here.
        this.#options.failed('applying a committed request to memory', error);
        return internalError;
      }
    });
    this.#acknowledge(applied, results);
    batch.forEach((operation, index) => operation.answer(results[index] ?? internalError, committedAt));
    this.#options.afterBatch();
  }

  /** pf2: one signed tree over the lines of every committed request of the batch; each request's answer carries its own proofs. */
  #acknowledge(applied: readonly Applied[], results: OperationResult[]): void {
    const lines = applied.flatMap((outcome, index) => (results[index]?.ok ? (outcome.acknowledged ?? []) : []));
    if (lines.length === 0) return;
    try {
      const signed = this.#options.signBatch(lines);
      applied.forEach((outcome, index) => {
        const result = results[index];
        if (!result?.ok || !outcome.acknowledged?.length) return;
        results[index] = { ...result, acknowledgement: { statement: signed.statement, lines: outcome.acknowledged.map((line) => signed.proofOf(line)) } };
      });
    } catch (error) {
      // The requests are committed; only their signed acknowledgement is missing, which the page reports.
      this.#options.failed('signing a batch of acknowledgements', error);
    }
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
