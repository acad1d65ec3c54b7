// Estimates the server's clock from the `at` stamp of live events, so the
// betting countdown (closesAt is server time) is right even when the
// dealer's machine and the server disagree about the time.
const SAMPLE_COUNT = 20;
const samples: number[] = [];

export function recordServerTime(serverAt: number): void {
  samples.push(serverAt - Date.now());
  if (samples.length > SAMPLE_COUNT) samples.shift();
}

/** Now, on the server's clock. Network delay only ever makes a sample low, so the largest recent one is the best guess. */
export function serverNow(): number {
  const offset = samples.length === 0 ? 0 : Math.max(...samples);
  return Date.now() + offset;
}
