// Exact infinite-deck analysis of this table's rules (S17, 3:2, peek, double
// any two, double after split, split once, one card to split aces), with the
// seat playing the strategy that maximises its own return. The main bet's RTP
// is the published 6-deck figure (blackjack.ts); this model exists for what no
// one publishes: how much a bet behind gives up by never doubling or
// splitting. An infinite deck makes every card independent, so the whole
// game is a few small recursions and the numbers are exact for that model.
import { chartActionOnTotal } from './blackjack-chart.ts';
import { DEALER_STANDS_ON, TWENTY_ONE, totalOfPoints } from './blackjack-hand.ts';

/** Card points 1 (ace) .. 10; the chance of each on an infinite deck. */
const POINTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
const chanceOf = (points: number) => (points === 10 ? 4 / 13 : 1 / 13);
const BLACKJACK_PAYS = 1.5;
const BUST = TWENTY_ONE + 1;

/** Final dealer totals 17..21 and bust, given the up card and no dealer blackjack (the dealer peeked). */
export function dealerFinals(up: number): Map<number, number> {
  const finals = new Map<number, number>();
  const add = (total: number, chance: number) => finals.set(total, (finals.get(total) ?? 0) + chance);
  const draw = (hardSum: number, hasAce: boolean, chance: number, isHole: boolean): void => {
    const { total } = totalOfPoints(hardSum, hasAce);
    if (!isHole && total >= DEALER_STANDS_ON) {
      add(total > TWENTY_ONE ? BUST : total, chance);
      return;
    }
    // The hole card is known not to complete a blackjack: condition it on that.
    const excluded = isHole && up === 1 ? 10 : isHole && up === 10 ? 1 : 0;
    const remaining = 1 - (excluded === 0 ? 0 : chanceOf(excluded));
    for (const points of POINTS) {
      if (points !== excluded) draw(hardSum + points, hasAce || points === 1, (chance * chanceOf(points)) / remaining, false);
    }
  };
  draw(up, up === 1, 1, true);
  return finals;
}

type Values = { stand: number; hit: number; double: number };

/** The seat's values per up card, memoised by hand state (hard sum, has an ace). */
class Analysis {
  readonly #up: number;
  readonly #finals: Map<number, number>;
  readonly #best = new Map<string, number>();

  constructor(up: number) {
    this.#up = up;
    this.#finals = dealerFinals(up);
  }

  /** pf2's hand for bets behind: hit or stand as the chart says, never doubling or splitting. */
  chart(hardSum: number, hasAce: boolean): number {
    const { total, soft } = totalOfPoints(hardSum, hasAce);
    if (total > TWENTY_ONE) return -1;
    if (chartActionOnTotal(total, soft, this.#up) === 'stand') return this.stand(hardSum, hasAce);
    return this.#expect((points) => this.chart(hardSum + points, hasAce || points === 1));
  }

  stand(hardSum: number, hasAce: boolean): number {
    const { total } = totalOfPoints(hardSum, hasAce);
    if (total > TWENTY_ONE) return -1;
    let value = 0;
    for (const [dealer, chance] of this.#finals) {
      if (dealer === BUST || dealer < total) value += chance;
      else if (dealer > total) value -= chance;
    }
    return value;
  }

  /** Best of stand and hit once more cards are drawn (no more doubling). */
  best(hardSum: number, hasAce: boolean): number {
    if (totalOfPoints(hardSum, hasAce).total > TWENTY_ONE) return -1;
    const key = `${hardSum}:${hasAce}`;
    const known = this.#best.get(key);
    if (known !== undefined) return known;
    const value = Math.max(this.stand(hardSum, hasAce), this.hit(hardSum, hasAce));
    this.#best.set(key, value);
    return value;
  }

  hit(hardSum: number, hasAce: boolean): number {
    return this.#expect((points) => this.best(hardSum + points, hasAce || points === 1));
  }

  /** Per unit of the original stake: twice the stake on one more card. */
  double(hardSum: number, hasAce: boolean): number {
    return 2 * this.#expect((points) => this.stand(hardSum + points, hasAce || points === 1));
  }

  values(hardSum: number, hasAce: boolean): Values {
    return { stand: this.stand(hardSum, hasAce), hit: this.hit(hardSum, hasAce), double: this.double(hardSum, hasAce) };
  }

  /**
   * One hand of a split pair, for the seat and for a bet behind riding it at
   * its original stake: split aces stand on one card (A+10 is 21, not a
   * blackjack); any other hand may stand, hit or double, but not split again.
   */
  splitHand(pair: number): { seat: number; behind: number } {
    let seat = 0;
    let behind = 0;
    for (const points of POINTS) {
      const hardSum = pair + points;
      const hasAce = pair === 1 || points === 1;
      const chance = chanceOf(points);
      if (pair === 1) {
        const value = this.stand(hardSum, hasAce);
        seat += chance * value;
        behind += chance * value;
        continue;
      }
      const choice = seatChoice(this.values(hardSum, hasAce));
      seat += chance * choice.seat;
      behind += chance * choice.behind;
    }
    return { seat, behind };
  }

  #expect(valueAfter: (points: number) => number): number {
    let value = 0;
    for (const points of POINTS) value += chanceOf(points) * valueAfter(points);
    return value;
  }
}

/** The seat picks its best play; a bet behind gets the same hand, but only half of a double's value per unit (it never doubles). */
function seatChoice(values: Values, split?: { seat: number; behind: number }): { seat: number; behind: number } {
  const options = [
    { seat: values.stand, behind: values.stand },
    { seat: values.hit, behind: values.hit },
    { seat: values.double, behind: values.double / 2 },
  ];
  if (split !== undefined) options.push(split);
  return options.reduce((best, option) => (option.seat > best.seat ? option : best));
}

export type InfiniteDeckReturns = {
  /** Expected net result per unit of the seat's main bet: negative is the house edge. */
  seat: number;
  /** The same for a bet behind that never doubles, splits or insures (it rides the seat's first hand at its stake). */
  behind: number;
  /** pf2: a bet behind on a hand of its own from the seat's opening cards, played by the chart (blackjack-chart.ts). */
  chartBehind: number;
};

export function infiniteDeckReturns(): InfiniteDeckReturns {
  let seat = 0;
  let behind = 0;
  let chartBehind = 0;
  for (const up of POINTS) {
    const analysis = new Analysis(up);
    const dealerBlackjack = up === 1 ? chanceOf(10) : up === 10 ? chanceOf(1) : 0;
    for (const first of POINTS) {
      for (const second of POINTS) {
        const chance = chanceOf(up) * chanceOf(first) * chanceOf(second);
        const natural = first + second === 11 && (first === 1 || second === 1);
        // Against a dealer blackjack (found by the peek) only a natural pushes; every other hand loses its stake.
        const lostToBlackjack = dealerBlackjack * (natural ? 0 : -1);
        let played: { seat: number; behind: number };
        const charted = natural ? BLACKJACK_PAYS : analysis.chart(first + second, first === 1 || second === 1);
        if (natural) {
          played = { seat: BLACKJACK_PAYS, behind: BLACKJACK_PAYS };
        } else {
          const hasAce = first === 1 || second === 1;
          const pair = first === second ? analysis.splitHand(first) : undefined;
          // Splitting puts a second stake on the other hand; the bet behind keeps only the first.
          const split = pair === undefined ? undefined : { seat: 2 * pair.seat, behind: pair.behind };
          played = seatChoice(analysis.values(first + second, hasAce), split);
        }
        seat += chance * (lostToBlackjack + (1 - dealerBlackjack) * played.seat);
        behind += chance * (lostToBlackjack + (1 - dealerBlackjack) * played.behind);
        chartBehind += chance * (lostToBlackjack + (1 - dealerBlackjack) * charted);
      }
    }
  }
  return { seat, behind, chartBehind };
}
