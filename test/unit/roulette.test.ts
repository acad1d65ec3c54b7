// The roulette paytable against an oracle built a different way: spots come
// from the geometry of the number grid, colours from the classic rule, and
// payouts from "36 divided by the numbers covered, minus the stake".
import { describe, it, expect } from 'vitest';
import { spotSchema } from '../../src/shared/protocol.ts';
import {
  POCKET_COUNT,
  RED_NUMBERS,
  ROULETTE_RULES_VERSION,
  insideSpotFor,
  numberAt,
  pocketColor,
  roulettePayoutMinor,
  rouletteRtpByKind,
  rouletteSpots,
  type RouletteBetKind,
} from '../../src/shared/games/roulette.ts';
import { gameRules, games } from '../../src/shared/games/index.ts';

const numbers = Array.from({ length: 36 }, (_, i) => i + 1);
const pockets = [0, ...numbers];

/** Red: odd in 1–10 and 19–28, even in 11–18 and 29–36. */
function oracleRed(n: number): boolean {
  if (n === 0) return false;
  const oddIsRed = (n >= 1 && n <= 10) || (n >= 19 && n <= 28);
  return oddIsRed === (n % 2 === 1);
}

/** Grid position: numbers run across in threes (a street per row), three columns down the table. */
const cell = (n: number) => ({ street: Math.floor((n - 1) / 3), column: ((n - 1) % 3) + 1 });
const at = (street: number, column: number) => numbers.find((n) => cell(n).street === street && cell(n).column === column);

type OracleSpot = { kind: RouletteBetKind; pockets: number[] };

function oracleSpots(): Map<string, OracleSpot> {
  const spots = new Map<string, OracleSpot>();
  const put = (kind: RouletteBetKind, id: string, covered: number[]) => spots.set(id, { kind, pockets: covered.sort((a, b) => a - b) });
  const named = (kind: RouletteBetKind, covered: number[]) => {
    const sorted = [...covered].sort((a, b) => a - b);
    put(kind, `${kind}:${sorted.join('-')}`, sorted);
  };
  for (const n of pockets) named('straight', [n]);
  // Splits: any two cells sharing an edge, and zero with each number of the first street.
  for (const a of numbers) {
    for (const b of numbers) {
      const ca = cell(a);
      const cb = cell(b);
      if (a < b && Math.abs(ca.street - cb.street) + Math.abs(ca.column - cb.column) === 1) named('split', [a, b]);
    }
  }
  for (const n of numbers.filter((n) => cell(n).street === 0)) named('split', [0, n]);
  // Streets: each row of three; trios: zero with two touching numbers of the first street.
  for (let street = 0; street < 12; street++) named('street', numbers.filter((n) => cell(n).street === street));
  named('street', [0, 1, 2]);
  named('street', [0, 2, 3]);
  // Corners: every 2×2 block of cells.
  for (let street = 0; street < 11; street++) {
    for (let column = 1; column <= 2; column++) {
      const block = [at(street, column), at(street, column + 1), at(street + 1, column), at(street + 1, column + 1)];
      named('corner', block as number[]);
    }
  }
  put('first-four', 'first-four', [0, 1, 2, 3]);
  for (let street = 0; street < 11; street++) {
    const covered = numbers.filter((n) => cell(n).street === street || cell(n).street === street + 1);
    put('line', `line:${Math.min(...covered)}-${Math.max(...covered)}`, covered);
  }
  for (let column = 1; column <= 3; column++) put('column', `column:${column}`, numbers.filter((n) => cell(n).column === column));
  for (let dozen = 1; dozen <= 3; dozen++) put('dozen', `dozen:${dozen}`, numbers.filter((n) => Math.ceil(n / 12) === dozen));
  put('red', 'red', numbers.filter(oracleRed));
  put('black', 'black', numbers.filter((n) => !oracleRed(n)));
  put('odd', 'odd', numbers.filter((n) => n % 2 === 1));
  put('even', 'even', numbers.filter((n) => n % 2 === 0));
  put('low', 'low', numbers.filter((n) => n <= 18));
  put('high', 'high', numbers.filter((n) => n >= 19));
  return spots;
}

const oracle = oracleSpots();

describe('roulette paytable', () => {
  it('has the rules version', () => {
    expect(ROULETTE_RULES_VERSION).toBe('roulette-eu/1');
    expect(POCKET_COUNT).toBe(37);
  });

  it('has exactly the oracle spot ids', () => {
    expect([...rouletteSpots.keys()].sort()).toEqual([...oracle.keys()].sort());
  });

  it('has the standard number of spots of each kind', () => {
    const counts: Record<string, number> = {};
    for (const spot of rouletteSpots.values()) counts[spot.kind] = (counts[spot.kind] ?? 0) + 1;
    expect(counts).toEqual({
      straight: 37,
      split: 60,
      street: 14,
      corner: 22,
      'first-four': 1,
      line: 11,
      column: 3,
      dozen: 3,
      red: 1,
      black: 1,
      odd: 1,
      even: 1,
      low: 1,
      high: 1,
    });
    expect(rouletteSpots.size).toBe(157);
  });

  it.each([...oracle.entries()])('%s covers, pays and settles as the oracle says', (id, expected) => {
    const spot = rouletteSpots.get(id);
    expect(spot).toBeDefined();
    if (spot === undefined) return;
    expect(spot.id).toBe(id);
    expect(spot.kind).toBe(expected.kind);
    expect(spot.pockets).toEqual(expected.pockets);
    // Every European bet pays 36 units per unit covered-on, stake included.
    expect(spot.payout).toBe(36 / expected.pockets.length - 1);
    expect(spotSchema.safeParse(id).success).toBe(true);
    for (const pocket of pockets) {
      const win = expected.pockets.includes(pocket);
      expect(roulettePayoutMinor(id, 100, { pocket }), `pocket ${pocket}`).toBe(win ? 3600 / expected.pockets.length : 0);
    }
  });

  it('lets zero lose every outside bet', () => {
    for (const spot of rouletteSpots.values()) {
      if (['column', 'dozen', 'red', 'black', 'odd', 'even', 'low', 'high'].includes(spot.kind)) {
        expect(roulettePayoutMinor(spot.id, 100, { pocket: 0 })).toBe(0);
      }
    }
  });

  it('returns RTP 36/37 for every kind, computed by enumeration', () => {
    expect(Object.keys(rouletteRtpByKind).sort()).toEqual([...new Set([...oracle.values()].map((s) => s.kind))].sort());
    for (const [kind, rtp] of Object.entries(rouletteRtpByKind)) expect(rtp, kind).toBe(36 / 37);
  });

  it('pays integer minor units and validates its input', () => {
    expect(roulettePayoutMinor('straight:17', 250, { pocket: 17 })).toBe(9000);
    expect(roulettePayoutMinor('split:0-3', 1, { pocket: 3 })).toBe(18);
    expect(roulettePayoutMinor('red', 333, { pocket: 1 })).toBe(666);
    expect(() => roulettePayoutMinor('straight:37', 100, { pocket: 1 })).toThrow();
    expect(() => roulettePayoutMinor('split:2-1', 100, { pocket: 1 })).toThrow();
    expect(() => roulettePayoutMinor('constructor', 100, { pocket: 1 })).toThrow();
    expect(() => roulettePayoutMinor('red', 0, { pocket: 1 })).toThrow();
    expect(() => roulettePayoutMinor('red', 1.5, { pocket: 1 })).toThrow();
    expect(() => roulettePayoutMinor('red', 100, { pocket: 37 })).toThrow();
    expect(() => roulettePayoutMinor('straight:1', Number.MAX_SAFE_INTEGER, { pocket: 1 })).toThrow();
  });
});

describe('roulette colours and layout', () => {
  it('colours pockets by the classic rule', () => {
    expect([...RED_NUMBERS].sort((a, b) => a - b)).toEqual(numbers.filter(oracleRed));
    expect(pocketColor(0)).toBe('green');
    for (const n of numbers) expect(pocketColor(n)).toBe(oracleRed(n) ? 'red' : 'black');
  });

  it('lays numbers out by street and column', () => {
    expect(numberAt(0, 1)).toBe(1);
    expect(numberAt(11, 3)).toBe(36);
    for (const n of numbers) expect(numberAt(cell(n).street, cell(n).column)).toBe(n);
    expect(() => numberAt(12, 1)).toThrow();
    expect(() => numberAt(0, 0)).toThrow();
  });

  it('finds the inside spot covering a set of pockets', () => {
    expect(insideSpotFor([2, 1])).toBe('split:1-2');
    expect(insideSpotFor([3, 0])).toBe('split:0-3');
    expect(insideSpotFor([5, 1, 4, 2])).toBe('corner:1-2-4-5');
    expect(insideSpotFor([3, 2, 1, 0])).toBe('first-four');
    expect(insideSpotFor([0, 2, 3])).toBe('street:0-2-3');
    expect(insideSpotFor([6, 5, 4, 3, 2, 1])).toBe('line:1-6');
    expect(insideSpotFor([17])).toBe('straight:17');
    expect(insideSpotFor([1, 3])).toBeNull();
    expect(insideSpotFor([3, 4])).toBeNull();
    expect(insideSpotFor([])).toBeNull();
  });
});

describe('game registry', () => {
  it('exposes roulette', () => {
    const rules = gameRules('roulette-eu');
    expect(rules).toBe(games['roulette-eu']);
    expect(rules.id).toBe('roulette-eu');
    expect(rules.rulesVersion).toBe(ROULETTE_RULES_VERSION);
    expect(rules.spotKind('corner:1-2-4-5')).toBe('corner');
    expect(rules.spotKind('first-four')).toBe('first-four');
    expect(rules.spotKind('straight:37')).toBeNull();
    expect(rules.spotKind('toString')).toBeNull();
    expect(rules.rtpByKind).toEqual(rouletteRtpByKind);
    expect(rules.payoutMinor('dozen:3', 10, { pocket: 36 })).toBe(30);
  });

  it('refuses unknown games', () => {
    expect(() => gameRules('craps' as never)).toThrow();
    expect(() => gameRules('__proto__' as never)).toThrow();
  });
});
