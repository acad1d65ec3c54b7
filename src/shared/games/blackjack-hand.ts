// Blackjack hand arithmetic on pf1 card indices: points, hard and soft
// totals, pairs. Pure and table-free, so the round engine, the RTP analysis
// and the tests all count a hand the same way.
import { cardRank } from '../fairness/pf1.ts';

export const BLACKJACK_DECKS = 6;
/** Dealer and player aim for this; above it a hand is bust. */
export const TWENTY_ONE = 21;
/** The dealer stands on every 17, soft 17 included (S17). */
export const DEALER_STANDS_ON = 17;
/** An ace counts 1, or 11 when that does not bust the hand: 10 more. */
const ACE_BONUS = 10;

/** A = 1, 2–9 face value, 10/J/Q/K = 10. Whether an ace counts 11 is handTotal's business. */
export function cardPoints(card: number): number {
  const rank = cardRank(card);
  return rank >= 10 ? 10 : rank;
}

export type HandTotal = {
  total: number;
  /** An ace is counted 11, so one more card can never bust the hand. */
  soft: boolean;
};

/** Hard and soft totals from card points; shared by cards and by the RTP analysis's abstract hands. */
export function totalOfPoints(hardSum: number, hasAce: boolean): HandTotal {
  // Only one ace can ever count 11: two would already make 22.
  if (hasAce && hardSum + ACE_BONUS <= TWENTY_ONE) return { total: hardSum + ACE_BONUS, soft: true };
  return { total: hardSum, soft: false };
}

export function handTotal(cards: readonly number[]): HandTotal {
  let hardSum = 0;
  let hasAce = false;
  for (const card of cards) {
    const points = cardPoints(card);
    hardSum += points;
    if (points === 1) hasAce = true;
  }
  return totalOfPoints(hardSum, hasAce);
}

/**
 * Two cards worth 21. It is a blackjack only on a hand as dealt: the round
 * knows whether the hand came from a split, this function does not.
 */
export function isTwoCardTwentyOne(cards: readonly number[]): boolean {
  return cards.length === 2 && handTotal(cards).total === TWENTY_ONE;
}

/**
 * Two cards of equal POINTS, so K-J is a pair like 8-8 (the common rule:
 * basic strategy never splits tens, so this costs the house nothing).
 */
export function isSplittablePair(cards: readonly number[]): boolean {
  const [first, second] = cards;
  return cards.length === 2 && first !== undefined && second !== undefined && cardPoints(first) === cardPoints(second);
}
