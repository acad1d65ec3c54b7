// Reconnect delays: exponential (250 ms doubling, capped at 10 s) with full
// jitter, so a table full of phones that lost the same Wi-Fi does not come
// back in one synchronized storm.
export const BACKOFF_BASE_MS = 250;
export const BACKOFF_CAP_MS = 10_000;

/** The wait before reconnect attempt number `attempt` (0 = first retry); `unit` is uniform in [0, 1). */
export function reconnectDelayMs(attempt: number, unit: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.floor(unit * ceiling);
}
