// Dragon Tiger: the tie rules (half back, suited tie), the pf1 vectors, and
// the exact returns against closed-form counts and published house edges.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { Pf1Stream, clientStringOf, hexToBytes } from '../../src/shared/fairness/pf1.ts';
import { spotSchema, type DragonTigerOutcome } from '../../src/shared/protocol.ts';
import {
  DRAGON_TIGER_RULES_VERSION,
  dragonTiger,
  dragonTigerOutcomeOf,
  dragonTigerRules,
  dragonTigerSpots,
  isDragonTigerOutcome,
  isSuitedTie,
} from '../../src/shared/games/dragon-tiger.ts';
import { gameRules } from '../../src/shared/games/index.ts';

const { payoutMinor: dragonTigerPayoutMinor, rtpByKind: dragonTigerRtpByKind } = dragonTiger;
const deal = (dragon: string, tiger: string, winner: DragonTigerOutcome['winner']): DragonTigerOutcome => ({ dragon, tiger, winner });

describe('outcome', () => {
  it('ranks A low and K high, and ties equal ranks whatever the suit', () => {
    // Canonical indices: AS = 0, KS = 12, 2H = 14, KH = 25.
    expect(dragonTigerOutcomeOf(12, 0)).toEqual(deal('KS', 'AS', 'dragon'));
    expect(dragonTigerOutcomeOf(0, 14)).toEqual(deal('AS', '2H', 'tiger'));
    expect(dragonTigerOutcomeOf(12, 25)).toEqual(deal('KS', 'KH', 'tie'));
    expect(dragonTigerOutcomeOf(12, 12 + 52)).toEqual(deal('KS', 'KS', 'tie'));
  });

  it('knows a suited tie', () => {
    expect(isSuitedTie(deal('7H', '7H', 'tie'))).toBe(true);
    expect(isSuitedTie(deal('7H', '7D', 'tie'))).toBe(false);
    expect(isSuitedTie(deal('8H', '7H', 'dragon'))).toBe(false);
  });
});

describe('paytable', () => {
  it('has the four spots, registered', () => {
    expect(DRAGON_TIGER_RULES_VERSION).toBe('dragon-tiger/1');
    expect([...dragonTigerSpots.keys()].sort()).toEqual(['dragon', 'suited-tie', 'tie', 'tiger']);
    const rules = gameRules('dragon-tiger');
    expect(rules.rulesVersion).toBe('dragon-tiger/1');
    for (const id of dragonTigerSpots.keys()) {
      expect(spotSchema.safeParse(id).success).toBe(true);
      expect(rules.spotKind(id)).toBe(id);
    }
    expect(rules.spotKind('__proto__')).toBeNull();
    expect(rules.rtpByKind).toEqual(dragonTigerRtpByKind);
  });

  it('pays Dragon and Tiger 1:1', () => {
    const dragonWins = deal('9C', '3D', 'dragon');
    expect(dragonTigerPayoutMinor('dragon', 100, dragonWins)).toBe(200);
    expect(dragonTigerPayoutMinor('tiger', 100, dragonWins)).toBe(0);
    expect(dragonTigerPayoutMinor('tie', 100, dragonWins)).toBe(0);
    expect(dragonTigerPayoutMinor('suited-tie', 100, dragonWins)).toBe(0);
    expect(dragonTigerPayoutMinor('tiger', 100, deal('9C', 'JD', 'tiger'))).toBe(200);
  });

  it('gives Dragon and Tiger half back on a tie, rounded down', () => {
    const tie = deal('QC', 'QD', 'tie');
    expect(dragonTigerPayoutMinor('dragon', 100, tie)).toBe(50);
    expect(dragonTigerPayoutMinor('tiger', 100, tie)).toBe(50);
    expect(dragonTigerPayoutMinor('dragon', 101, tie)).toBe(50);
    expect(dragonTigerPayoutMinor('tiger', 1, tie)).toBe(0);
  });

  it('pays Tie 8:1 on any tie and Suited Tie 50:1 only on the same card', () => {
    const unsuited = deal('QC', 'QD', 'tie');
    const suited = deal('QC', 'QC', 'tie');
    expect(dragonTigerPayoutMinor('tie', 100, unsuited)).toBe(900);
    expect(dragonTigerPayoutMinor('tie', 100, suited)).toBe(900);
    expect(dragonTigerPayoutMinor('suited-tie', 100, unsuited)).toBe(0);
    expect(dragonTigerPayoutMinor('suited-tie', 100, suited)).toBe(5100);
    expect(dragonTigerPayoutMinor('dragon', 100, suited)).toBe(50);
  });

  it('offers Tie 11:1 as a table option under another rules version', () => {
    const eleven = dragonTigerRules({ tiePays: 11 });
    expect(eleven.rulesVersion).not.toBe(DRAGON_TIGER_RULES_VERSION);
    expect(eleven.payoutMinor('tie', 100, deal('QC', 'QD', 'tie'))).toBe(1200);
    expect(eleven.payoutMinor('dragon', 100, deal('QC', 'QD', 'tie'))).toBe(50);
  });

  it('refuses unknown spots, bad stakes and malformed outcomes', () => {
    const outcome = deal('9C', '3D', 'dragon');
    expect(() => dragonTigerPayoutMinor('big', 100, outcome)).toThrow();
    expect(() => dragonTigerPayoutMinor('dragon', -1, outcome)).toThrow();
    expect(() => dragonTigerPayoutMinor('dragon', 100, { ...outcome, winner: 'banker' as never })).toThrow();
    expect(() => gameRules('dragon-tiger').payoutMinor('dragon', 100, { dice: [1, 2, 3] })).toThrow();
  });
});

type RoundVector = { game: string; round: number; clientSeeds: string[]; serverSeed: string; outcome: unknown };
const vectors = JSON.parse(readFileSync(new URL('../fixtures/pf1-vectors.json', import.meta.url), 'utf8')) as {
  rounds: RoundVector[];
};

describe('pf1 vectors', () => {
  const rounds = vectors.rounds.filter((round) => round.game === 'dragon-tiger');
  it('exist', () => expect(rounds.length).toBeGreaterThan(0));
  it.each(rounds.map((round) => [round.round, round] as const))('round %i reproduces through the registered rules', (_, vector) => {
    const stream = new Pf1Stream(hexToBytes(vector.serverSeed), clientStringOf(vector.clientSeeds), vector.round);
    const outcome = gameRules('dragon-tiger').draw(stream);
    expect(outcome).toEqual(vector.outcome);
    expect(isDragonTigerOutcome(outcome)).toBe(true);
  });
});

describe('exact returns', () => {
  // Two cards off 416 (8 decks): 32 of each rank, 8 of each exact card.
  const deals = 416 * 415;
  const tie = (13 * 32 * 31) / deals;
  const suitedTie = (52 * 8 * 7) / deals;
  const dragonWins = (1 - tie) / 2;

  it('match the closed form', () => {
    expect(dragonTigerRtpByKind.dragon).toBeCloseTo(2 * dragonWins + tie / 2, 14);
    expect(dragonTigerRtpByKind.tiger).toBeCloseTo(2 * dragonWins + tie / 2, 14);
    expect(dragonTigerRtpByKind.tie).toBeCloseTo(9 * tie, 14);
    expect(dragonTigerRtpByKind['suited-tie']).toBeCloseTo(51 * suitedTie, 14);
    expect(dragonTigerRules({ tiePays: 11 }).rtpByKind.tie).toBeCloseTo(12 * tie, 14);
  });

  it('match the published house edges (8 decks, to the published two decimals of a percent)', () => {
    // Dragon/Tiger with half back on a tie 3.73%, Tie 8:1 32.77%, Tie 11:1 10.36%, Suited Tie 50:1 13.98%.
    expect(Math.abs(dragonTigerRtpByKind.dragon - (1 - 0.0373))).toBeLessThan(5e-5);
    expect(Math.abs(dragonTigerRtpByKind.tie - (1 - 0.3277))).toBeLessThan(5e-5);
    expect(Math.abs(dragonTigerRules({ tiePays: 11 }).rtpByKind.tie - (1 - 0.1036))).toBeLessThan(5e-5);
    expect(Math.abs(dragonTigerRtpByKind['suited-tie'] - (1 - 0.1398))).toBeLessThan(5e-5);
  });
});
