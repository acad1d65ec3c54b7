// Fetching a drand beacon round from relays (docs/PF2.md §6): the server's
// only outside input. A relay is untrusted: each answer is read under a time
// and size limit, must name the round asked for, and its signature must
// verify against the chain's public key (off the event loop: the verifier's
// worker) before the value is used. A relay that times out, refuses, answers
// garbage, another round or a bad signature is passed over for the next one;
// once every relay has failed, the round is asked again after a backoff that
// grows to a cap, for as long as the table waits: a late beacon delays a
// round, it never voids it.
import { setTimeout as sleep } from 'node:timers/promises';
import type { BeaconChain } from '../../shared/fairness/beacon-chain.ts';
import { beaconEmittedAt } from '../../shared/fairness/pf2-beacon.ts';
import { beaconRandomness } from '../../shared/fairness/pf2-beacon-signature.ts';
import type { BeaconVerifier } from './beacon-verifier.ts';

/** The League of Entropy's public HTTP relays, tried in this order by default. */
export const defaultBeaconRelays: readonly string[] = ['https://api.drand.sh', 'https://api2.drand.sh', 'https://api3.drand.sh', 'https://drand.cloudflare.com'];

export type BeaconClientOptions = {
  chain: BeaconChain;
  /** Base URLs, tried in turn. */
  relays: readonly string[];
  verifier: Pick<BeaconVerifier, 'signatureProblem'>;
  /** Epoch ms: the real clock (a relay's rounds follow real time). */
  now?: () => number;
  /** One relay request, connect to last byte. */
  requestTimeoutMs?: number;
  /** An answer longer than this is garbage (a drand round is ~250 bytes). */
  maxResponseBytes?: number;
  /** The pause after every relay failed once, doubled per pass up to retryMaxMs. */
  retryInitialMs?: number;
  retryMaxMs?: number;
};

const DEFAULT_REQUEST_TIMEOUT_MS = 3_000;
const DEFAULT_MAX_RESPONSE_BYTES = 4_096;
const DEFAULT_RETRY_INITIAL_MS = 250;
const DEFAULT_RETRY_MAX_MS = 5_000;

/** A relay base URL as `--beacon-relay` takes it: http(s), no query or fragment; the trailing slash dropped. */
export function parseRelayUrl(text: string): { url: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `${JSON.stringify(text)} is not a URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: `a beacon relay must be http:// or https://, not ${url.protocol}` };
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return { problem: 'a beacon relay URL takes no query, fragment or credentials' };
  return { url: url.href.replace(/\/+$/, '') };
}

export class BeaconClient {
  readonly chain: BeaconChain;
  readonly #relays: readonly string[];
  readonly #verifier: Pick<BeaconVerifier, 'signatureProblem'>;
  readonly #now: () => number;
  readonly #requestTimeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #retryInitialMs: number;
  readonly #retryMaxMs: number;

  constructor(options: BeaconClientOptions) {
    if (options.relays.length === 0) throw new Error('a beacon client needs at least one relay');
    this.chain = options.chain;
    this.#relays = options.relays;
    this.#verifier = options.verifier;
    this.#now = options.now ?? Date.now;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#retryInitialMs = options.retryInitialMs ?? DEFAULT_RETRY_INITIAL_MS;
    this.#retryMaxMs = options.retryMaxMs ?? DEFAULT_RETRY_MAX_MS;
  }

  /**
   * The checked signature of beacon round `round`, asked from its emission
   * time on and retried until obtained; `late` hears the problems of every
   * pass over the relays that failed. Null once `signal` aborts. Never rejects.
   */
  async waitFor(round: number, options: { signal: AbortSignal; late: (problems: readonly string[]) => void }): Promise<string | null> {
    const { signal, late } = options;
    try {
      const untilEmitted = beaconEmittedAt(round, this.chain) * 1000 - this.#now();
      if (untilEmitted > 0) await sleep(untilEmitted, undefined, { signal });
      for (let pauseMs = this.#retryInitialMs; ; pauseMs = Math.min(this.#retryMaxMs, pauseMs * 2)) {
        const problems: string[] = [];
        for (const relay of this.#relays) {
          if (signal.aborted) return null;
          const answer = await this.fetchRound(relay, round, signal);
          if ('signature' in answer) return answer.signature;
          problems.push(`${relay}: ${answer.problem}`);
        }
        late(problems);
        await sleep(pauseMs, undefined, { signal });
      }
    } catch (error) {
      if (signal.aborted) return null;
      throw error;
    }
  }

  /** One relay's answer for one round, checked: the signature, or why this relay's answer cannot be used. */
  async fetchRound(relay: string, round: number, signal: AbortSignal): Promise<{ signature: string } | { problem: string }> {
    const body = await this.#get(`${relay}/${this.chain.chainHash}/public/${round}`, signal);
    if ('problem' in body) return body;
    const problem = roundAnswerProblem(body.json, round);
    if (problem !== null) return { problem };
    const signature = (body.json as { signature: string }).signature;
    try {
      const invalid = await this.#verifier.signatureProblem(round, signature, this.chain);
      return invalid === null ? { signature } : { problem: `refused: ${invalid}` };
    } catch (error) {
      return { problem: `its signature could not be checked: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  async #get(url: string, signal: AbortSignal): Promise<{ json: unknown } | { problem: string }> {
    const timeout = AbortSignal.timeout(this.#requestTimeoutMs);
    try {
      const response = await fetch(url, { signal: AbortSignal.any([signal, timeout]), headers: { accept: 'application/json' }, redirect: 'error' });
      if (!response.ok) {
        await response.body?.cancel();
        return { problem: `HTTP ${response.status}${response.status === 425 || response.status === 404 ? ' (the round is not published yet)' : ''}` };
      }
      const text = await readCapped(response, this.#maxResponseBytes);
      if (text === null) return { problem: `answered more than ${this.#maxResponseBytes} bytes` };
      try {
        return { json: JSON.parse(text) };
      } catch {
        return { problem: 'answered something that is not JSON' };
      }
    } catch (error) {
      if (timeout.aborted) return { problem: `no answer within ${this.#requestTimeoutMs} ms` };
      if (signal.aborted) throw error;
      return { problem: `unreachable: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}` };
    }
  }
}

/** Why a relay's JSON is not the answer for `round` (drand's `{round, randomness, signature}`), or null. The signature is checked after. */
export function roundAnswerProblem(json: unknown, round: number): string | null {
  if (typeof json !== 'object' || json === null) return 'answered something that is not a drand round';
  const answer = json as Record<string, unknown>;
  if (answer.round !== round) return `answered round ${JSON.stringify(answer.round)} when asked for round ${round}`;
  if (typeof answer.signature !== 'string' || !/^[0-9a-f]{96}$/.test(answer.signature)) return 'answered no signature of 96 lowercase hex digits';
  // The randomness is ours to derive; a relay that states another one is not to be trusted with the signature either.
  if (answer.randomness !== undefined && answer.randomness !== beaconRandomness(answer.signature)) return 'answered a randomness that is not the hash of its signature';
  return null;
}

/** The body as text, or null once it passes `maxBytes` (the rest is not read). */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
