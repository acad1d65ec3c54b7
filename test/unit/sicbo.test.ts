// Sic bo: every spot against all 216 throws, settled by an oracle written
// from the rules in a different way (sorted dice, face counts), the pf1
// vectors, and the exact returns as fractions of 216.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { Pf1Stream, clientStringOf, hexToBytes } from '../../src/shared/fairness/pf1.ts';
import { spotSchema } from '../../src/shared/protocol.ts';
import {
  SICBO_RULES_VERSION,
  allThrows,
  isSicboOutcome,
  sicboPayoutMinor,
  sicboRtpByKind,
  sicboSpots,
  type SicboBetKind,
} from '../../src/shared/games/sicbo.ts';
import { gameRules } from '../../src/shared/games/index.ts';

// ---------------------------------------------------------------- the oracle

/** Total returned on a stake of 1 for each throw. */
type OracleSpot = { kind: string; returned: (dice: number[]) => number };

/** Totals paying the same, and what they pay. */
const TOTAL_PAYS: [number, number, number][] = [
  [4, 17, 60],
  [5, 16, 30],
  [6, 15, 17],
  [7, 14, 12],
  [8, 13, 8],
  [9, 12, 6],
  [10, 11, 6],
];

function oracleSpots(): Map<string, OracleSpot> {
  const spots = new Map<string, OracleSpot>();
  const faces = [1, 2, 3, 4, 5, 6];
  const facts = (dice: number[]) => {
    const sorted = [...dice].sort((a, b) => a - b);
    const counts = faces.map((face) => dice.filter((die) => die === face).length);
    return { total: sorted[0]! + sorted[1]! + sorted[2]!, triple: sorted[0] === sorted[2], counts };
  };
  const evenMoney = (won: (total: number) => boolean) => (dice: number[]) => {
    const { total, triple } = facts(dice);
    return !triple && won(total) ? 2 : 0;
  };
  spots.set('small', { kind: 'small', returned: evenMoney((total) => [4, 5, 6, 7, 8, 9, 10].includes(total)) });
  spots.set('big', { kind: 'big', returned: evenMoney((total) => [11, 12, 13, 14, 15, 16, 17].includes(total)) });
  spots.set('odd', { kind: 'odd', returned: evenMoney((total) => [5, 7, 9, 11, 13, 15, 17].includes(total)) });
  spots.set('even', { kind: 'even', returned: evenMoney((total) => [4, 6, 8, 10, 12, 14, 16].includes(total)) });
  spots.set('any-triple', { kind: 'any-triple', returned: (dice) => (facts(dice).triple ? 31 : 0) });
  for (const face of faces) {
    spots.set(`triple:${face}`, { kind: 'triple', returned: (dice) => (facts(dice).counts[face - 1] === 3 ? 181 : 0) });
    spots.set(`double:${face}`, { kind: 'double', returned: (dice) => (facts(dice).counts[face - 1]! >= 2 ? 11 : 0) });
    // One die: 1 to 1; two: 2 to 1; three: 3 to 1.
    spots.set(`single:${face}`, { kind: 'single', returned: (dice) => [0, 2, 3, 4][facts(dice).counts[face - 1]!]! });
    for (const other of faces) {
      if (other <= face) continue;
      spots.set(`combo:${face}-${other}`, {
        kind: 'combo',
        returned: (dice) => (facts(dice).counts[face - 1]! > 0 && facts(dice).counts[other - 1]! > 0 ? 6 : 0),
      });
    }
  }
  for (const [low, high, pays] of TOTAL_PAYS) {
    for (const total of [low, high]) {
      spots.set(`total:${total}`, { kind: `total-${low}-or-${high}`, returned: (dice) => (facts(dice).total === total ? pays + 1 : 0) });
    }
  }
  return spots;
}

const oracle = oracleSpots();
const throws = allThrows();

describe('throws', () => {
  it('are all 216 ordered throws, once each', () => {
    expect(throws).toHaveLength(216);
    expect(new Set(throws.map((dice) => dice.join(''))).size).toBe(216);
  });
});

describe('paytable', () => {
  it('has exactly the oracle spots, registered', () => {
    expect(SICBO_RULES_VERSION).toBe('sicbo/1');
    expect([...sicboSpots.keys()].sort()).toEqual([...oracle.keys()].sort());
    expect(sicboSpots.size).toBe(4 + 6 + 1 + 6 + 14 + 15 + 6);
    const rules = gameRules('sicbo');
    expect(rules.rulesVersion).toBe('sicbo/1');
    for (const [id, spot] of oracle) {
      expect(spotSchema.safeParse(id).success).toBe(true);
      expect(rules.spotKind(id)).toBe(spot.kind);
    }
    expect(rules.spotKind('combo:2-1')).toBeNull();
    expect(rules.spotKind('total:3')).toBeNull();
    expect(rules.rtpByKind).toEqual(sicboRtpByKind);
  });

  it.each([...oracle.entries()])('%s settles every one of the 216 throws as the oracle says', (id, spot) => {
    for (const dice of throws) {
      expect(sicboPayoutMinor(id, 1, { dice }), dice.join('-')).toBe(spot.returned(dice));
      expect(sicboPayoutMinor(id, 250, { dice }), dice.join('-')).toBe(250 * spot.returned(dice));
    }
  });

  it('refuses unknown spots, bad stakes and malformed dice', () => {
    expect(() => sicboPayoutMinor('single:7', 100, { dice: [1, 2, 3] })).toThrow();
    expect(() => sicboPayoutMinor('combo:3-3', 100, { dice: [1, 2, 3] })).toThrow();
    expect(() => sicboPayoutMinor('small', 0, { dice: [1, 2, 3] })).toThrow();
    expect(() => sicboPayoutMinor('small', 100, { dice: [0, 2, 3] })).toThrow();
    expect(() => sicboPayoutMinor('small', 100, { dice: [1, 2] as never })).toThrow();
    expect(() => sicboPayoutMinor('small', 100, { dice: [1, 2, 3.5] })).toThrow();
    expect(() => gameRules('sicbo').payoutMinor('small', 100, { pocket: 3 })).toThrow();
  });
});

type RoundVector = { game: string; round: number; clientSeeds: string[]; serverSeed: string; outcome: unknown };
const vectors = JSON.parse(readFileSync(new URL('../fixtures/pf1-vectors.json', import.meta.url), 'utf8')) as {
  rounds: RoundVector[];
};

describe('pf1 vectors', () => {
  const rounds = vectors.rounds.filter((round) => round.game === 'sicbo');
  it('exist', () => expect(rounds.length).toBeGreaterThan(0));
  it.each(rounds.map((round) => [round.round, round] as const))('round %i reproduces through the registered rules', (_, vector) => {
    const stream = new Pf1Stream(hexToBytes(vector.serverSeed), clientStringOf(vector.clientSeeds), vector.round);
    const outcome = gameRules('sicbo').draw(stream);
    expect(outcome).toEqual(vector.outcome);
    expect(isSicboOutcome(outcome)).toBe(true);
  });
});

describe('exact returns', () => {
  it('average the oracle over every spot of a kind and every throw', () => {
    const byKind = new Map<string, { units: number; throws: number }>();
    for (const spot of oracle.values()) {
      const tally = byKind.get(spot.kind) ?? { units: 0, throws: 0 };
      for (const dice of throws) tally.units += spot.returned(dice);
      tally.throws += throws.length;
      byKind.set(spot.kind, tally);
    }
    expect(Object.keys(sicboRtpByKind).sort()).toEqual([...byKind.keys()].sort());
    for (const [kind, tally] of byKind) expect(sicboRtpByKind[kind as SicboBetKind], kind).toBe(tally.units / tally.throws);
  });

  it('are the textbook fractions of 216', () => {
    const ways: Record<number, number> = { 4: 3, 5: 6, 6: 10, 7: 15, 8: 21, 9: 25, 10: 27 };
    const expected: Record<string, number> = {
      // 105 of the 216 throws are 4–10 without a triple.
      small: (2 * 105) / 216,
      big: (2 * 105) / 216,
      odd: (2 * 105) / 216,
      even: (2 * 105) / 216,
      triple: 181 / 216,
      'any-triple': (31 * 6) / 216,
      // At least two of a face: 15 throws with exactly two, 1 with three.
      double: (11 * 16) / 216,
      // Two given faces both showing: 6 orders of (a, b, other) for 4 others, plus 3 each of (a, a, b) and (a, b, b).
      combo: (6 * 30) / 216,
      // One die shows the face in 75 throws, two in 15, three in 1.
      single: (2 * 75 + 3 * 15 + 4 * 1) / 216,
    };
    for (const [low, high, pays] of TOTAL_PAYS) expected[`total-${low}-or-${high}`] = ((pays + 1) * ways[low]!) / 216;
    expect(Object.keys(sicboRtpByKind).sort()).toEqual(Object.keys(expected).sort());
    for (const [kind, rtp] of Object.entries(expected)) expect(sicboRtpByKind[kind as SicboBetKind], kind).toBeCloseTo(rtp, 14);
  });
});
