// Checking drand beacon signatures (docs/PF2.md §6) off the event loop. One
// check is a BLS12-381 pairing, tens of milliseconds of CPU, and no single
// piece of work may hold the server's loop for more than ~50 ms: so one
// long-lived worker thread (beacon-worker.ts) runs the shared check, one
// request at a time from a bounded queue, each with a timeout. The worker is
// referenced only while it has work, so an idle verifier never keeps the
// process alive. If the worker cannot start at all (a packaging fault), the
// checks run on the main thread instead, one per turn of the loop, and that
// is said once on stderr: a slower loop beats a table that cannot resolve.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { beaconSignatureProblem, type BeaconKey } from '../../shared/fairness/pf2-beacon-signature.ts';

/** What the verifier sends the worker. */
export type VerificationRequest = { id: number; round: number; signature: string; publicKey: string; dst: string };
/** The worker's answer: null when the signature is valid, else why not. */
export type VerificationReply = { id: number; problem: string | null };
/** The worker's first message, once its modules have loaded. */
export type WorkerReady = { ready: true };

/** Why a check gave no verdict (the value is then neither accepted nor refused as forged). */
export type VerificationFailure = 'timeout' | 'queue-full' | 'closed' | 'worker-failed';

export class BeaconVerificationError extends Error {
  readonly reason: VerificationFailure;

  constructor(reason: VerificationFailure, message: string) {
    super(message);
    this.name = 'BeaconVerificationError';
    this.reason = reason;
  }
}

export type BeaconVerifierOptions = {
  /** How long one check may take once the worker has it. */
  requestTimeoutMs?: number;
  /** How long the worker may take to load before the verifier falls back to the main thread. */
  startTimeoutMs?: number;
  /** Checks waiting beyond this many are refused at once rather than queued. */
  maxQueuedRequests?: number;
  /** The worker script; by default beacon-worker next to this module. */
  workerFile?: URL;
  /** Where the one fallback notice goes; stderr by default. */
  log?: (line: string) => void;
};

const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
const DEFAULT_START_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_QUEUED_REQUESTS = 64;
const WORKER_NAME = 'beacon-worker';

/**
 * The worker script beside the module at `moduleUrl`: the bundled `.js` in
 * the Electron build (out/main/), else the `.ts` source, which Node 24 runs
 * by stripping its types (headless, vitest).
 */
export function workerFileNextTo(moduleUrl: string | URL): URL {
  const bundled = new URL(`./${WORKER_NAME}.js`, moduleUrl);
  return existsSync(fileURLToPath(bundled)) ? bundled : new URL(`./${WORKER_NAME}.ts`, moduleUrl);
}

type Pending = {
  request: VerificationRequest;
  resolve: (problem: string | null) => void;
  reject: (error: BeaconVerificationError) => void;
};

export class BeaconVerifier {
  readonly #requestTimeoutMs: number;
  readonly #startTimeoutMs: number;
  readonly #maxQueuedRequests: number;
  readonly #workerFile: URL;
  readonly #log: (line: string) => void;
  #queue: Pending[] = [];
  #current: Pending | null = null;
  #worker: Worker | null = null;
  #ready = false;
  #inThread = false;
  #closed = false;
  #nextId = 1;
  #requestTimer: NodeJS.Timeout | null = null;
  #startTimer: NodeJS.Timeout | null = null;

  constructor(options: BeaconVerifierOptions = {}) {
    this.#requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    this.#maxQueuedRequests = options.maxQueuedRequests ?? DEFAULT_MAX_QUEUED_REQUESTS;
    this.#workerFile = options.workerFile ?? workerFileNextTo(import.meta.url);
    this.#log = options.log ?? ((line) => console.error(line));
  }

  /** Where checks run: in the worker thread, or on the main thread after the worker could not start. */
  get mode(): 'worker' | 'in-thread' {
    return this.#inThread ? 'in-thread' : 'worker';
  }

  /**
   * Null when `signature` is the chain's valid value for `round`, else why
   * not (beaconSignatureProblem's words). Rejects with a
   * BeaconVerificationError only when no verdict could be had.
   */
  signatureProblem(round: number, signature: string, key: BeaconKey): Promise<string | null> {
    if (this.#closed) return Promise.reject(new BeaconVerificationError('closed', 'the beacon verifier is closed'));
    if (this.#queue.length >= this.#maxQueuedRequests) {
      return Promise.reject(new BeaconVerificationError('queue-full', `${this.#maxQueuedRequests} beacon checks are already waiting`));
    }
    const request: VerificationRequest = { id: this.#nextId++, round, signature, publicKey: key.publicKey, dst: key.dst };
    return new Promise((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      this.#pump();
    });
  }

  /** Refuses the checks still waiting and stops the worker. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#clearTimers();
    const waiting = [...(this.#current ? [this.#current] : []), ...this.#queue];
    this.#current = null;
    this.#queue = [];
    for (const pending of waiting) pending.reject(new BeaconVerificationError('closed', 'the beacon verifier closed before answering'));
    const worker = this.#worker;
    this.#worker = null;
    await worker?.terminate();
  }

  #pump(): void {
    if (this.#closed || this.#current !== null) return;
    if (this.#queue.length === 0) {
      this.#worker?.unref();
      return;
    }
    if (this.#inThread) this.#runInThread();
    else if (this.#worker === null) this.#spawn();
    else if (this.#ready) this.#dispatch(this.#worker);
  }

  #dispatch(worker: Worker): void {
    const pending = this.#queue.shift();
    if (!pending) return;
    this.#current = pending;
    worker.ref();
    worker.postMessage(pending.request);
    this.#requestTimer = setTimeout(() => this.#onTimeout(), this.#requestTimeoutMs);
    this.#requestTimer.unref();
  }

  #spawn(): void {
    let worker: Worker;
    try {
      // The parent's --input-type (a script run with -e) is refused for a file: the worker runs a file.
      const execArgv = process.execArgv.filter((argument) => !argument.startsWith('--input-type'));
      worker = new Worker(this.#workerFile, { name: WORKER_NAME, execArgv });
    } catch (error) {
      this.#fallBack(error);
      return;
    }
    this.#worker = worker;
    this.#ready = false;
    worker.on('message', (message: VerificationReply | WorkerReady) => this.#onMessage(worker, message));
    worker.on('error', (error) => this.#onWorkerGone(worker, error));
    worker.on('exit', (code) => this.#onWorkerGone(worker, `exit code ${code}`));
    this.#startTimer = setTimeout(() => this.#onWorkerGone(worker, `not ready within ${this.#startTimeoutMs} ms`), this.#startTimeoutMs);
    this.#startTimer.unref();
  }

  #onMessage(worker: Worker, message: VerificationReply | WorkerReady): void {
    if (worker !== this.#worker) return;
    if ('ready' in message) {
      this.#ready = true;
      this.#clearTimers();
      this.#pump();
      return;
    }
    const pending = this.#current;
    if (pending === null || message.id !== pending.request.id) return;
    this.#finish();
    pending.resolve(message.problem);
  }

  #onTimeout(): void {
    const pending = this.#current;
    // The worker may be wedged: replace it rather than queue more behind it.
    this.#retireWorker();
    this.#finish();
    pending?.reject(new BeaconVerificationError('timeout', `the beacon check took longer than ${this.#requestTimeoutMs} ms`));
  }

  #onWorkerGone(worker: Worker, cause: unknown): void {
    if (worker !== this.#worker) return;
    if (!this.#ready) {
      this.#fallBack(cause);
      return;
    }
    const pending = this.#current;
    this.#retireWorker();
    this.#finish();
    pending?.reject(new BeaconVerificationError('worker-failed', `the beacon worker stopped: ${describe(cause)}`));
  }

  /** Ends the current check (its caller is answered next) and moves the queue on. */
  #finish(): void {
    this.#clearTimers();
    this.#current = null;
    queueMicrotask(() => this.#pump());
  }

  #retireWorker(): void {
    const worker = this.#worker;
    this.#worker = null;
    this.#ready = false;
    void worker?.terminate();
  }

  #fallBack(cause: unknown): void {
    this.#retireWorker();
    this.#clearTimers();
    this.#inThread = true;
    this.#log(`beacon verifier: the worker thread could not start (${describe(cause)}); checking beacon signatures on the main thread`);
    this.#pump();
  }

  /** One check per turn of the loop, so queued checks let other work in between. */
  #runInThread(): void {
    const pending = this.#queue.shift();
    if (!pending) return;
    this.#current = pending;
    setImmediate(() => {
      if (this.#current !== pending) return;
      const { round, signature, publicKey, dst } = pending.request;
      const problem = beaconSignatureProblem(round, signature, { publicKey, dst });
      this.#finish();
      pending.resolve(problem);
    });
  }

  #clearTimers(): void {
    if (this.#requestTimer !== null) clearTimeout(this.#requestTimer);
    if (this.#startTimer !== null) clearTimeout(this.#startTimer);
    this.#requestTimer = null;
    this.#startTimer = null;
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
