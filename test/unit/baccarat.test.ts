// Baccarat against an oracle written out from the standard rules chart: the
// tableau (through the real pf1 draw, on shoes forced to deal chosen cards),
// the pf1 vectors, payouts and the exact odds.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { Pf1Stream, SEED_BYTES, clientStringOf, hexToBytes } from '../../src/shared/fairness/pf1.ts';
import { spotSchema, type BaccaratOutcome } from '../../src/shared/protocol.ts';
import { drawBaccaratHand } from '../../src/shared/games/baccarat-draw.ts';
import {
  BACCARAT_RULES_VERSION,
  baccaratPayoutMinor,
  baccaratResultCounts,
  baccaratRtpByKind,
  baccaratSpots,
  baccaratTableau,
  isBaccaratOutcome,
  isPair,
} from '../../src/shared/games/baccarat.ts';
import { gameRules } from '../../src/shared/games/index.ts';

// ---------------------------------------------------------------- the oracle

/**
 * The banker's drawing chart when the player drew a third card: row = banker
 * total, column = the third card's value 0..9, D = banker draws.
 */
const BANKER_CHART: Record<number, string> = {
  0: 'DDDDDDDDDD',
  1: 'DDDDDDDDDD',
  2: 'DDDDDDDDDD',
  3: 'DDDDDDDD.D',
  4: '..DDDDDD..',
  5: '....DDDD..',
  6: '......DD..',
  7: '..........',
};

const isNatural = (playerTotal: number, bankerTotal: number) => playerTotal >= 8 || bankerTotal >= 8;
const oraclePlayerDraws = (playerTotal: number, bankerTotal: number) => !isNatural(playerTotal, bankerTotal) && playerTotal <= 5;
function oracleBankerDraws(playerTotal: number, bankerTotal: number, third: number | null): boolean {
  if (isNatural(playerTotal, bankerTotal)) return false;
  if (third === null) return bankerTotal <= 5;
  return BANKER_CHART[bankerTotal]?.[third] === 'D';
}

const RANKS = ['A', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'J', 'Q', 'K'];
const SUITS = ['S', 'H', 'D', 'C'];
const pointsOfName = (name: string) => {
  const rank = name.slice(0, -1);
  return ['10', 'J', 'Q', 'K'].includes(rank) ? 0 : RANKS.indexOf(rank) + 1;
};
/** Canonical shoe index (§5) of a named card in the given deck. */
const indexOfName = (name: string, deck: number) => deck * 52 + SUITS.indexOf(name.slice(-1)) * 13 + RANKS.indexOf(name.slice(0, -1));

/** Deals a hand from a known card order by the chart above. */
function oracleDeal(order: readonly string[]): BaccaratOutcome {
  const cards = [...order];
  const next = () => {
    const card = cards.shift();
    if (card === undefined) throw new Error('oracle ran out of cards');
    return card;
  };
  const total = (hand: string[]) => hand.reduce((sum, card) => sum + pointsOfName(card), 0) % 10;
  const p1 = next();
  const b1 = next();
  const player = [p1, next()];
  const banker = [b1, next()];
  const playerTotal = total(player);
  const bankerTotal = total(banker);
  let third: number | null = null;
  if (oraclePlayerDraws(playerTotal, bankerTotal)) {
    const card = next();
    player.push(card);
    third = pointsOfName(card);
  }
  if (oracleBankerDraws(playerTotal, bankerTotal, third)) banker.push(next());
  const finalPlayer = total(player);
  const finalBanker = total(banker);
  return {
    player,
    banker,
    playerTotal: finalPlayer,
    bankerTotal: finalBanker,
    winner: finalPlayer > finalBanker ? 'player' : finalBanker > finalPlayer ? 'banker' : 'tie',
  };
}

/** A pf1 stream whose shoe deals exactly these card indices first, by answering uniform() with each card's offset. */
class RiggedStream extends Pf1Stream {
  readonly #shoe = Array.from({ length: 416 }, (_, index) => index);
  readonly #order: number[];
  #dealt = 0;
  constructor(order: number[]) {
    super(new Uint8Array(SEED_BYTES), '', 1);
    this.#order = order;
  }
  override uniform(m: number): number {
    const t = this.#dealt++;
    const j = this.#shoe.indexOf(this.#order[t] as number, t);
    if (j < t || j - t >= m) throw new Error(`cannot deal card ${t}`);
    [this.#shoe[t], this.#shoe[j]] = [this.#shoe[j] as number, this.#shoe[t] as number];
    return j - t;
  }
}

/** A card worth `points`, of a rank chosen by `variety` so the cases use many ranks (0 points: 10, J, Q or K). */
function cardWorth(points: number, suit: string, variety: number): string {
  const rank = points === 0 ? (['10', 'J', 'Q', 'K'][variety % 4] as string) : (RANKS[points - 1] as string);
  return `${rank}${suit}`;
}

type Case = { playerTotal: number; bankerTotal: number; third: number | null };
const cases: Case[] = [];
for (let playerTotal = 0; playerTotal <= 9; playerTotal++) {
  for (let bankerTotal = 0; bankerTotal <= 9; bankerTotal++) {
    for (const third of [null, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) cases.push({ playerTotal, bankerTotal, third });
  }
}
/** Whether the case can happen: the player draws a third card exactly when the chart says so. */
const reachable = ({ playerTotal, bankerTotal, third }: Case) => oraclePlayerDraws(playerTotal, bankerTotal) === (third !== null);

/** Six cards: two for each hand making its total, then the case's third card (if any) and one more. */
function orderFor({ playerTotal, bankerTotal, third }: Case): string[] {
  const variety = playerTotal + bankerTotal;
  // Three ways to make a two-card total, the last past 10 (7 + 5 = 2), so the mod-10 count is exercised.
  const split = (total: number): [number, number] =>
    variety % 3 === 0 ? [total, 0] : variety % 3 === 1 ? [0, total] : [(total + 5) % 10, 5];
  const [p1, p2] = split(playerTotal);
  const [b1, b2] = split(bankerTotal);
  const extra = [third ?? 4, (variety + (third ?? 0)) % 10];
  return [
    cardWorth(p1, 'S', variety),
    cardWorth(b1, 'H', variety + 1),
    cardWorth(p2, 'D', variety + 2),
    cardWorth(b2, 'C', variety + 3),
    cardWorth(extra[0] as number, 'S', variety + 1),
    cardWorth(extra[1] as number, 'H', variety + 2),
  ];
}

describe('tableau', () => {
  it('covers all 1100 cases, 532 of them reachable', () => {
    expect(cases).toHaveLength(10 * 10 * 11);
    // 48 (player 0–5 against banker 0–7) × 10 third cards, plus the 52 where the player stands.
    expect(cases.filter(reachable)).toHaveLength(6 * 8 * 10 + (100 - 6 * 8));
  });

  it.each(cases.map((c) => [`player ${c.playerTotal} banker ${c.bankerTotal} third ${c.third ?? 'none'}`, c] as const))(
    'the real draw deals %s as the chart says',
    (_, c) => {
      // Deck 0 for the first four, deck 1 for the last two: all six are distinct shoe cards.
      const order = orderFor(c);
      const [p1, b1, p2, b2] = order.map(pointsOfName) as [number, number, number, number];
      expect([(p1 + p2) % 10, (b1 + b2) % 10]).toEqual([c.playerTotal, c.bankerTotal]);
      const indices = order.map((name, position) => indexOfName(name, position < 4 ? 0 : 1));
      const dealt = drawBaccaratHand(new RiggedStream(indices));
      expect(dealt).toEqual(oracleDeal(order));
      if (reachable(c)) {
        expect(dealt.player.length === 3).toBe(c.third !== null);
        expect(dealt.banker.length === 3).toBe(oracleBankerDraws(c.playerTotal, c.bankerTotal, c.third));
      }
    },
  );

  it('is what the exact odds use, in every reachable case', () => {
    for (const c of cases.filter(reachable)) {
      expect(baccaratTableau.playerDraws(c.playerTotal, c.bankerTotal)).toBe(c.third !== null);
      expect(baccaratTableau.bankerDraws(c.playerTotal, c.bankerTotal, c.third), JSON.stringify(c)).toBe(
        oracleBankerDraws(c.playerTotal, c.bankerTotal, c.third),
      );
    }
    expect(() => baccaratTableau.playerDraws(10, 0)).toThrow();
  });
});

// ---------------------------------------------------------------- vectors

type RoundVector = { game: string; round: number; clientSeeds: string[]; serverSeed: string; outcome: unknown };
const vectors = JSON.parse(readFileSync(new URL('../fixtures/pf1-vectors.json', import.meta.url), 'utf8')) as {
  rounds: RoundVector[];
};

describe('pf1 vectors', () => {
  const rounds = vectors.rounds.filter((round) => round.game === 'baccarat');
  it('exist', () => expect(rounds.length).toBeGreaterThan(0));
  it.each(rounds.map((round) => [round.round, round] as const))('round %i reproduces through the registered rules', (_, vector) => {
    const stream = new Pf1Stream(hexToBytes(vector.serverSeed), clientStringOf(vector.clientSeeds), vector.round);
    const outcome = gameRules('baccarat').draw(stream);
    expect(outcome).toEqual(vector.outcome);
    expect(isBaccaratOutcome(outcome)).toBe(true);
  });
});

// ---------------------------------------------------------------- paytable

const hand = (player: string[], banker: string[], winner: BaccaratOutcome['winner']): BaccaratOutcome => ({
  player,
  banker,
  // Totals do not matter to settlement, which reads the winner.
  playerTotal: 0,
  bankerTotal: 0,
  winner,
});

describe('paytable', () => {
  it('has the five spots, registered', () => {
    expect(BACCARAT_RULES_VERSION).toBe('baccarat/1');
    expect([...baccaratSpots.keys()].sort()).toEqual(['banker', 'banker-pair', 'player', 'player-pair', 'tie']);
    const rules = gameRules('baccarat');
    expect(rules.rulesVersion).toBe('baccarat/1');
    for (const id of baccaratSpots.keys()) {
      expect(spotSchema.safeParse(id).success).toBe(true);
      expect(rules.spotKind(id)).toBe(id);
    }
    expect(rules.spotKind('toString')).toBeNull();
    expect(rules.rtpByKind).toEqual(baccaratRtpByKind);
  });

  it('pays Player 1:1 and pushes it on a tie', () => {
    expect(baccaratPayoutMinor('player', 100, hand(['2S', '3S'], ['KS', 'KH'], 'player'))).toBe(200);
    expect(baccaratPayoutMinor('player', 100, hand(['2S', '3S'], ['KS', '5H'], 'tie'))).toBe(100);
    expect(baccaratPayoutMinor('player', 100, hand(['2S', '3S'], ['KS', '6H'], 'banker'))).toBe(0);
  });

  it('pays Banker 0.95:1, commission rounded down to the minor unit, and pushes it on a tie', () => {
    const bankerWins = hand(['2S', '3S'], ['KS', '6H'], 'banker');
    expect(baccaratPayoutMinor('banker', 100, bankerWins)).toBe(195);
    expect(baccaratPayoutMinor('banker', 20, bankerWins)).toBe(39);
    // 1.05 × 0.95 = 0.9975 -> 0.99
    expect(baccaratPayoutMinor('banker', 105, bankerWins)).toBe(204);
    expect(baccaratPayoutMinor('banker', 19, bankerWins)).toBe(19 + 18);
    expect(baccaratPayoutMinor('banker', 1, bankerWins)).toBe(1);
    expect(baccaratPayoutMinor('banker', 1_000_000_000_000, bankerWins)).toBe(1_950_000_000_000);
    for (let stake = 1; stake <= 500; stake++) {
      expect(baccaratPayoutMinor('banker', stake, bankerWins)).toBe(stake + Math.floor((stake * 95) / 100));
    }
    expect(baccaratPayoutMinor('banker', 100, hand(['2S', '3S'], ['KS', '5H'], 'tie'))).toBe(100);
    expect(baccaratPayoutMinor('banker', 100, hand(['2S', '3S'], ['KS', 'KH'], 'player'))).toBe(0);
  });

  it('pays Tie 8:1 and nothing otherwise', () => {
    expect(baccaratPayoutMinor('tie', 100, hand(['2S', '3S'], ['KS', '5H'], 'tie'))).toBe(900);
    expect(baccaratPayoutMinor('tie', 100, hand(['2S', '3S'], ['KS', 'KH'], 'player'))).toBe(0);
    expect(baccaratPayoutMinor('tie', 100, hand(['2S', '3S'], ['KS', '6H'], 'banker'))).toBe(0);
  });

  it('pays pairs 11:1 on the first two cards of equal rank, whatever the result', () => {
    expect(isPair(['10S', '10H'])).toBe(true);
    expect(isPair(['KS', 'KS'])).toBe(true);
    expect(isPair(['10S', 'KH'])).toBe(false);
    expect(isPair(['JS', 'QS'])).toBe(false);
    expect(isPair(['AS', '2S', 'AH'])).toBe(false);
    const outcome = hand(['7S', '7D', '9C'], ['QS', 'KS'], 'banker');
    expect(baccaratPayoutMinor('player-pair', 100, outcome)).toBe(1200);
    expect(baccaratPayoutMinor('banker-pair', 100, outcome)).toBe(0);
    expect(baccaratPayoutMinor('banker-pair', 100, hand(['2S', '3S'], ['10D', '10C'], 'tie'))).toBe(1200);
  });

  it('refuses unknown spots, bad stakes and malformed outcomes', () => {
    const outcome = hand(['2S', '3S'], ['KS', 'KH'], 'player');
    expect(() => baccaratPayoutMinor('either-pair', 100, outcome)).toThrow();
    expect(() => baccaratPayoutMinor('toString', 100, outcome)).toThrow();
    expect(() => baccaratPayoutMinor('player', 0, outcome)).toThrow();
    expect(() => baccaratPayoutMinor('player', 1.5, outcome)).toThrow();
    expect(() => baccaratPayoutMinor('tie', 100, { ...outcome, winner: 'dragon' as never })).toThrow();
    expect(() => gameRules('baccarat').payoutMinor('player', 100, { pocket: 3 })).toThrow();
  });
});

// ---------------------------------------------------------------- exact odds

describe('exact odds', () => {
  it('counts 6-card sequences exactly as the published combinatorial analysis (8 decks)', () => {
    expect(baccaratResultCounts).toEqual({
      banker: 2_292_252_566_437_888,
      player: 2_230_518_282_592_256,
      tie: 475_627_426_473_216,
      total: 4_998_398_275_503_360,
    });
    expect(baccaratResultCounts.total).toBe(416 * 415 * 414 * 413 * 412 * 411);
  });

  it('gives the published returns', () => {
    // Published house edges: banker 1.0579%, player 1.2351%, tie 8:1 14.3596%, pairs 11:1 10.3614%.
    const published = { banker: 0.989421, player: 0.987649, tie: 0.856404, 'player-pair': 0.896386, 'banker-pair': 0.896386 };
    for (const [kind, rtp] of Object.entries(published)) {
      expect(Math.abs(baccaratRtpByKind[kind as keyof typeof published] - rtp), kind).toBeLessThan(1e-6);
    }
    // The brief's rounded figures.
    expect(Math.abs(baccaratRtpByKind.banker - 0.98942)).toBeLessThan(1e-5);
    expect(Math.abs(baccaratRtpByKind.player - 0.98764)).toBeLessThan(1e-5);
    expect(Math.abs(baccaratRtpByKind.tie - 0.85641)).toBeLessThan(1e-5);
    expect(Math.abs(baccaratRtpByKind['player-pair'] - 0.8964)).toBeLessThan(2e-5);
    // A pair: the second card one of the 31 left of the first's rank, out of 415.
    expect(baccaratRtpByKind['player-pair']).toBe((12 * 31) / 415);
  });
});
