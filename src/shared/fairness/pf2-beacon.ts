// The public beacon of docs/PF2.md §6: drand quicknet's published constants
// and the pure arithmetic of which beacon round a freeze (or resume) fixes
// and when a round is emitted. Fetching a round and checking its BLS
// signature are not here. Pure: no node: modules.

/** The League of Entropy's quicknet chain, the default beacon (§6). */
export const QUICKNET = {
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  publicKey:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  /** Seconds since the Unix epoch. */
  genesis: 1692803367,
  /** Seconds between rounds. */
  period: 3,
  scheme: 'bls-unchained-g1-rfc9380',
  /** Hash-to-curve domain tag of the G1 signatures. */
  dst: 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_',
} as const;

/** The part of a drand chain the schedule needs. */
export type BeaconSchedule = { genesis: number; period: number };

/** The reveal window a table may choose (§4), in milliseconds. */
export const REVEAL_WINDOW_MS = { min: 500, max: 5000, default: 2000 } as const;

/** The beacon round must be emitted at least this long after the reveal window closes (§6). */
export const BEACON_MARGIN_MS = 3000;

const MS_PER_SECOND = 1000;

/** ⌈a / b⌉ for safe integers, b > 0, exactly (no floating-point rounding near integers). */
function ceilDivide(a: number, b: number): number {
  const remainder = ((a % b) + b) % b;
  return (a - remainder) / b + (remainder === 0 ? 0 : 1);
}

function checkSchedule(chain: BeaconSchedule): void {
  if (!Number.isSafeInteger(chain.genesis) || !Number.isSafeInteger(chain.period) || chain.period < 1) {
    throw new RangeError('a beacon schedule needs an integer genesis and a positive integer period');
  }
}

/**
 * R of §6: the first beacon round emitted at or after `at + revealWindowMs +
 * 3000` ms, i.e. max(1, ⌈((at + revealWindowMs + 3000)/1000 − genesis) /
 * period⌉ + 1), computed in integer milliseconds. `at` is `frozenAt`, or
 * `resumedAt` for the R′ of a resume (§8).
 */
export function beaconRoundFor(at: number, revealWindowMs: number, chain: BeaconSchedule = QUICKNET): number {
  checkSchedule(chain);
  if (!Number.isSafeInteger(at) || !Number.isSafeInteger(revealWindowMs) || revealWindowMs < 0) {
    throw new RangeError('times must be safe integers of milliseconds');
  }
  const earliest = at + revealWindowMs + BEACON_MARGIN_MS;
  const sinceGenesis = earliest - chain.genesis * MS_PER_SECOND;
  return Math.max(1, ceilDivide(sinceGenesis, chain.period * MS_PER_SECOND) + 1);
}

/** When beacon round r is emitted, in seconds since the Unix epoch: genesis + (r − 1) · period. */
export function beaconEmittedAt(round: number, chain: BeaconSchedule = QUICKNET): number {
  checkSchedule(chain);
  if (!Number.isSafeInteger(round) || round < 1) throw new RangeError('beacon rounds are positive integers');
  return chain.genesis + (round - 1) * chain.period;
}

/** Whether a reveal window length is one a table may choose. */
export function isRevealWindowMs(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= REVEAL_WINDOW_MS.min && (value as number) <= REVEAL_WINDOW_MS.max;
}

/**
 * The beacon a round's signed statements fix (§6, §8): the chain its freeze
 * named, and R′ of its last resume, else R of its freeze. Null when the
 * freeze names no chain, or (a malformed statement) no round with it.
 */
export function beaconFixedBy(freeze: Record<string, unknown>, resumes: readonly Record<string, unknown>[]): { chain: string; round: number } | null {
  const chain = freeze.beaconChain;
  const round = (resumes.at(-1) ?? freeze).beaconRound;
  if (typeof chain !== 'string' || typeof round !== 'number') return null;
  return { chain, round };
}
