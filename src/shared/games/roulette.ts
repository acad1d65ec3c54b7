// European single-zero roulette: the layout, ONE table-driven paytable and
// the pf1 draw. Server (bet validation, settlement), console and player page
// all read this, so a spot id means the same thing everywhere.
import type { RouletteOutcome } from '../protocol.ts';
import type { Pf1Stream } from '../fairness/pf1.ts';

export const ROULETTE_RULES_VERSION = 'roulette-eu/1';
export const POCKET_COUNT = 37;

export type RouletteBetKind =
  | 'straight'
  | 'split'
  | 'street'
  | 'corner'
  | 'first-four'
  | 'line'
  | 'column'
  | 'dozen'
  | 'red'
  | 'black'
  | 'odd'
  | 'even'
  | 'low'
  | 'high';

export type RouletteSpot = {
  id: string;
  kind: RouletteBetKind;
  /** Ascending pocket numbers the spot wins on. */
  pockets: readonly number[];
  /** Winnings per unit staked ("35 to 1"); the stake comes back on top. */
  payout: number;
};

/** Payout per kind: the whole paytable. A street on a zero trio pays like any street. */
const PAYOUT: Record<RouletteBetKind, number> = {
  straight: 35,
  split: 17,
  street: 11,
  corner: 8,
  'first-four': 8,
  line: 5,
  column: 2,
  dozen: 2,
  red: 1,
  black: 1,
  odd: 1,
  even: 1,
  low: 1,
  high: 1,
};

export const RED_NUMBERS: ReadonlySet<number> = new Set([
  1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36,
]);

export function pocketColor(n: number): 'red' | 'black' | 'green' {
  if (n === 0) return 'green';
  return RED_NUMBERS.has(n) ? 'red' : 'black';
}

// ---------------------------------------------------------------- layout

/** The layout has 12 streets (rows across the table) of 3 numbers; column c (1..3) holds 1+c-1, 4+c-1, … */
export const STREET_COUNT = 12;
export const COLUMN_COUNT = 3;

/** The number at street s (0..11) and column c (1..3): 3s + c. */
export function numberAt(street: number, column: number): number {
  if (!Number.isInteger(street) || street < 0 || street >= STREET_COUNT) throw new RangeError(`bad street ${street}`);
  if (!Number.isInteger(column) || column < 1 || column > COLUMN_COUNT) throw new RangeError(`bad column ${column}`);
  return 3 * street + column;
}

// ---------------------------------------------------------------- spots

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function buildSpots(): Map<string, RouletteSpot> {
  const spots = new Map<string, RouletteSpot>();
  const add = (kind: RouletteBetKind, id: string, pockets: number[]): void => {
    const sorted = [...pockets].sort((a, b) => a - b);
    spots.set(id, { id, kind, pockets: Object.freeze(sorted), payout: PAYOUT[kind] });
  };
  // Inside spots get ids from their pockets joined in ascending order.
  const inside = (kind: RouletteBetKind, pockets: number[]): void =>
    add(kind, `${kind}:${[...pockets].sort((a, b) => a - b).join('-')}`, pockets);

  for (let n = 0; n <= 36; n++) inside('straight', [n]);

  // Zero touches 1, 2 and 3; then every number's neighbour across (same street) and along (next street).
  for (const n of [1, 2, 3]) inside('split', [0, n]);
  for (let n = 1; n <= 36; n++) {
    if (n % 3 !== 0) inside('split', [n, n + 1]);
    if (n <= 33) inside('split', [n, n + 3]);
  }

  for (let s = 0; s < STREET_COUNT; s++) inside('street', range(3 * s + 1, 3 * s + 3));
  inside('street', [0, 1, 2]);
  inside('street', [0, 2, 3]);

  // A corner's lowest number is in column 1 or 2 of streets 0..10.
  for (let s = 0; s < STREET_COUNT - 1; s++) {
    for (const c of [1, 2]) {
      const n = numberAt(s, c);
      inside('corner', [n, n + 1, n + 3, n + 4]);
    }
  }

  add('first-four', 'first-four', [0, 1, 2, 3]);

  // A line is two neighbouring streets; its id names the ends, not all six.
  for (let s = 0; s < STREET_COUNT - 1; s++) {
    const first = 3 * s + 1;
    add('line', `line:${first}-${first + 5}`, range(first, first + 5));
  }

  for (const c of [1, 2, 3]) add('column', `column:${c}`, range(1, 36).filter((n) => (n - c) % 3 === 0));
  for (const d of [1, 2, 3]) add('dozen', `dozen:${d}`, range(12 * (d - 1) + 1, 12 * d));
  add('red', 'red', range(1, 36).filter((n) => RED_NUMBERS.has(n)));
  add('black', 'black', range(1, 36).filter((n) => !RED_NUMBERS.has(n)));
  add('odd', 'odd', range(1, 36).filter((n) => n % 2 === 1));
  add('even', 'even', range(1, 36).filter((n) => n % 2 === 0));
  add('low', 'low', range(1, 18));
  add('high', 'high', range(19, 36));
  return spots;
}

export const rouletteSpots: ReadonlyMap<string, RouletteSpot> = buildSpots();

const INSIDE_KINDS: ReadonlySet<RouletteBetKind> = new Set(['straight', 'split', 'street', 'corner', 'first-four', 'line']);

const insideByPockets: ReadonlyMap<string, string> = new Map(
  [...rouletteSpots.values()]
    .filter((spot) => INSIDE_KINDS.has(spot.kind))
    .map((spot) => [spot.pockets.join('-'), spot.id]),
);

/**
 * The inside spot covering exactly these pockets, in any order, or null.
 * Lets the player page turn a click between cells (two, three, four or six
 * numbers) into a spot id without knowing the id format.
 */
export function insideSpotFor(pockets: readonly number[]): string | null {
  return insideByPockets.get([...pockets].sort((a, b) => a - b).join('-')) ?? null;
}

// ---------------------------------------------------------------- draw and settle

/** §5 roulette-eu: pocket = uniform(37). */
export function drawRoulette(stream: Pf1Stream): RouletteOutcome {
  return { pocket: stream.uniform(POCKET_COUNT) };
}

/**
 * Total returned to the player for one bet: stake × (payout + 1) on a win, 0
 * on a loss. Throws on an unknown spot or malformed amount: the server
 * validates both at the edge, so reaching here with one is a bug.
 */
export function roulettePayoutMinor(spotId: string, amountMinor: number, outcome: RouletteOutcome): number {
  const spot = rouletteSpots.get(spotId);
  if (spot === undefined) throw new Error(`unknown roulette spot ${JSON.stringify(spotId)}`);
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) throw new RangeError(`bad stake ${amountMinor}`);
  const { pocket } = outcome;
  if (!Number.isInteger(pocket) || pocket < 0 || pocket >= POCKET_COUNT) throw new RangeError(`bad pocket ${pocket}`);
  if (!spot.pockets.includes(pocket)) return 0;
  const total = amountMinor * (spot.payout + 1);
  if (!Number.isSafeInteger(total)) throw new RangeError('payout exceeds safe integer range');
  return total;
}

/** Return to player per kind, by enumerating every pocket for every spot of that kind. */
function computeRtp(): Record<RouletteBetKind, number> {
  const returned = new Map<RouletteBetKind, { units: number; spins: number }>();
  for (const spot of rouletteSpots.values()) {
    const tally = returned.get(spot.kind) ?? { units: 0, spins: 0 };
    for (let pocket = 0; pocket < POCKET_COUNT; pocket++) {
      tally.units += roulettePayoutMinor(spot.id, 1, { pocket });
      tally.spins++;
    }
    returned.set(spot.kind, tally);
  }
  const rtp = {} as Record<RouletteBetKind, number>;
  for (const kind of Object.keys(PAYOUT) as RouletteBetKind[]) {
    const tally = returned.get(kind);
    if (tally === undefined) throw new Error(`no spots of kind ${kind}`);
    // One division of two exact integers, so equal ratios give identical doubles.
    rtp[kind] = tally.units / tally.spins;
  }
  return rtp;
}

export const rouletteRtpByKind: Record<RouletteBetKind, number> = Object.freeze(computeRtp());
