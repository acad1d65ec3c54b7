// Token buckets: a burst allowance that refills at a steady rate. Used per
// WebSocket connection (messages) and per remote address (joins, logins).

export class TokenBucket {
  readonly #ratePerSecond: number;
  readonly #burst: number;
  #tokens: number;
  #updatedAt: number;

  constructor(ratePerSecond: number, burst: number, now: number) {
    this.#ratePerSecond = ratePerSecond;
    this.#burst = burst;
    this.#tokens = burst;
    this.#updatedAt = now;
  }

  take(now: number): boolean {
    const elapsedSeconds = Math.max(0, now - this.#updatedAt) / 1000;
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsedSeconds * this.#ratePerSecond);
    this.#updatedAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/** One bucket per key (e.g. remote address), with a bound on how many keys it remembers. */
export class KeyedRateLimiter {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #ratePerSecond: number;
  readonly #burst: number;
  readonly #maxKeys: number;

  constructor(options: { ratePerSecond: number; burst: number; maxKeys: number }) {
    this.#ratePerSecond = options.ratePerSecond;
    this.#burst = options.burst;
    this.#maxKeys = options.maxKeys;
  }

  take(key: string, now: number): boolean {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= this.#maxKeys) {
        // Forget the oldest key: Map iterates in insertion order.
        const oldest = this.#buckets.keys().next().value;
        if (oldest !== undefined) this.#buckets.delete(oldest);
      }
      bucket = new TokenBucket(this.#ratePerSecond, this.#burst, now);
      this.#buckets.set(key, bucket);
    }
    return bucket.take(now);
  }
}
