// Sic bo, three dice: the layout, ONE table-driven paytable, the pf1 draw and
// the exact return of every bet kind over all 216 throws.
import type { Outcome, SicboOutcome } from '../protocol.ts';
import type { Pf1Stream } from '../fairness/pf1.ts';

export const SICBO_RULES_VERSION = 'sicbo/1';
export const DIE_FACES = 6;

/** The two totals paying the same (t and 21 − t are equally likely) share one kind, so each kind has one return. */
export type SicboTotalKind =
  | 'total-4-or-17'
  | 'total-5-or-16'
  | 'total-6-or-15'
  | 'total-7-or-14'
  | 'total-8-or-13'
  | 'total-9-or-12'
  | 'total-10-or-11';

export type SicboBetKind =
  | 'small'
  | 'big'
  | 'odd'
  | 'even'
  | 'triple'
  | 'any-triple'
  | 'double'
  | SicboTotalKind
  | 'combo'
  | 'single';

export type SicboSpot = {
  id: string;
  kind: SicboBetKind;
  /** Winnings per unit staked per match ("180 to 1"); the stake comes back on top. */
  payout: number;
  /**
   * How many times the bet wins on these dice: 0 or 1, except a single
   * number, which is paid once per die showing it (1:1, 2:1, 3:1).
   */
  matches(dice: readonly number[]): number;
};

/** Payout per kind: the whole paytable. */
const PAYOUT: Record<SicboBetKind, number> = {
  small: 1,
  big: 1,
  odd: 1,
  even: 1,
  triple: 180,
  'any-triple': 30,
  double: 10,
  'total-4-or-17': 60,
  'total-5-or-16': 30,
  'total-6-or-15': 17,
  'total-7-or-14': 12,
  'total-8-or-13': 8,
  'total-9-or-12': 6,
  'total-10-or-11': 6,
  combo: 5,
  single: 1,
};

const FACES = [1, 2, 3, 4, 5, 6] as const;

function sum(dice: readonly number[]): number {
  return dice.reduce((total, die) => total + die, 0);
}

function count(dice: readonly number[], face: number): number {
  return dice.filter((die) => die === face).length;
}

function isTriple(dice: readonly number[]): boolean {
  return dice[0] === dice[1] && dice[1] === dice[2];
}

export function totalKind(total: number): SicboTotalKind {
  if (!Number.isInteger(total) || total < 4 || total > 17) throw new RangeError(`no total bet on ${total}`);
  const low = Math.min(total, 21 - total);
  return `total-${low}-or-${21 - low}` as SicboTotalKind;
}

function buildSpots(): Map<string, SicboSpot> {
  const spots = new Map<string, SicboSpot>();
  const add = (kind: SicboBetKind, id: string, wins: (dice: readonly number[]) => boolean | number): void => {
    spots.set(id, Object.freeze({ id, kind, payout: PAYOUT[kind], matches: (dice: readonly number[]) => Number(wins(dice)) }));
  };
  // Even-money bets all lose to any triple: that is the house's edge on them.
  add('small', 'small', (dice) => !isTriple(dice) && sum(dice) <= 10);
  add('big', 'big', (dice) => !isTriple(dice) && sum(dice) >= 11);
  add('odd', 'odd', (dice) => !isTriple(dice) && sum(dice) % 2 === 1);
  add('even', 'even', (dice) => !isTriple(dice) && sum(dice) % 2 === 0);
  for (const face of FACES) add('triple', `triple:${face}`, (dice) => count(dice, face) === 3);
  add('any-triple', 'any-triple', isTriple);
  // A specific double also wins when all three dice show the number.
  for (const face of FACES) add('double', `double:${face}`, (dice) => count(dice, face) >= 2);
  // Totals win on triples too (3-3-3 is a 9).
  for (let total = 4; total <= 17; total++) add(totalKind(total), `total:${total}`, (dice) => sum(dice) === total);
  for (const low of FACES) {
    for (const high of FACES) {
      if (low < high) add('combo', `combo:${low}-${high}`, (dice) => dice.includes(low) && dice.includes(high));
    }
  }
  for (const face of FACES) add('single', `single:${face}`, (dice) => count(dice, face));
  return spots;
}

export const sicboSpots: ReadonlyMap<string, SicboSpot> = buildSpots();

// ---------------------------------------------------------------- draw and settle

/** Only a sic bo outcome has dice. */
export function isSicboOutcome(outcome: Outcome): outcome is SicboOutcome {
  return 'dice' in outcome;
}

/** §5 sicbo: three dice, each 1 + uniform(6), in that order. */
export function drawSicbo(stream: Pf1Stream): SicboOutcome {
  return { dice: [1 + stream.uniform(DIE_FACES), 1 + stream.uniform(DIE_FACES), 1 + stream.uniform(DIE_FACES)] };
}

/**
 * Total returned to the player for one bet: stake × (1 + payout × matches)
 * on a win, 0 on a loss. Throws on an unknown spot, a malformed amount or
 * malformed dice: the server validates at the edge, so reaching here with one
 * is a bug.
 */
export function sicboPayoutMinor(spotId: string, amountMinor: number, outcome: SicboOutcome): number {
  const spot = sicboSpots.get(spotId);
  if (spot === undefined) throw new Error(`unknown sic bo spot ${JSON.stringify(spotId)}`);
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) throw new RangeError(`bad stake ${amountMinor}`);
  const { dice } = outcome;
  if (!Array.isArray(dice) || dice.length !== 3 || !dice.every((die) => Number.isInteger(die) && die >= 1 && die <= DIE_FACES)) {
    throw new RangeError(`bad dice ${JSON.stringify(dice)}`);
  }
  const matches = spot.matches(dice);
  if (matches === 0) return 0;
  const total = amountMinor * (1 + spot.payout * matches);
  if (!Number.isSafeInteger(total)) throw new RangeError('payout exceeds safe integer range');
  return total;
}

/** Every throw of three dice in drawing order: all 216, each equally likely. */
export function allThrows(): [number, number, number][] {
  return FACES.flatMap((first) => FACES.flatMap((second) => FACES.map((third): [number, number, number] => [first, second, third])));
}

/** Exact return per unit staked on each kind, averaged over the kind's spots and all 216 throws. */
function computeRtp(): Record<SicboBetKind, number> {
  const throws = allThrows();
  const returned = new Map<SicboBetKind, { units: number; throws: number }>();
  for (const spot of sicboSpots.values()) {
    const tally = returned.get(spot.kind) ?? { units: 0, throws: 0 };
    for (const dice of throws) tally.units += sicboPayoutMinor(spot.id, 1, { dice });
    tally.throws += throws.length;
    returned.set(spot.kind, tally);
  }
  const rtp = {} as Record<SicboBetKind, number>;
  for (const kind of Object.keys(PAYOUT) as SicboBetKind[]) {
    const tally = returned.get(kind);
    if (tally === undefined) throw new Error(`no spots of kind ${kind}`);
    rtp[kind] = tally.units / tally.throws;
  }
  return rtp;
}

export const sicboRtpByKind: Record<SicboBetKind, number> = Object.freeze(computeRtp());
