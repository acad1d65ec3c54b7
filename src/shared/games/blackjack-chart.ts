// The basic-strategy chart the table plays by itself under pf2 (PF2.md §9):
// a hand of its own for the bets behind each seat, and a seat's hand whose
// decision timer ran out. It only hits or stands: the table never spends a
// player's money they did not choose to spend (no double, split or
// insurance), and bets behind never double or split. For six decks and a
// dealer standing on soft 17 these are the textbook hit/stand entries, with
// "double, else hit" played as hit and "double, else stand" as stand.
// Pure: the server, the page and any verifier read the same table.
import { TWENTY_ONE, cardPoints, handTotal } from './blackjack-hand.ts';

/** Named in every pf2 blackjack record and in docs/audit-format.md. */
export const BLACKJACK_CHART = 'hit-stand-6d-s17/1';

export type ChartAction = 'hit' | 'stand';

/** Hard totals against the up card (2..10, 11 for an ace): stand on 17+, on 13–16 against 2–6, on 12 against 4–6; hit everything else. */
function hardAction(total: number, up: number): ChartAction {
  if (total >= 17) return 'stand';
  if (total >= 13) return up <= 6 ? 'stand' : 'hit';
  if (total === 12) return up >= 4 && up <= 6 ? 'stand' : 'hit';
  return 'hit';
}

/** Soft totals: stand on 19+, on 18 against 2–8; hit soft 17 and below. */
function softAction(total: number, up: number): ChartAction {
  if (total >= 19) return 'stand';
  if (total === 18) return up <= 8 ? 'stand' : 'hit';
  return 'hit';
}

/** The chart on a hand total against the up card's points (1 for an ace); a hand at 21 or over stands. */
export function chartActionOnTotal(total: number, soft: boolean, upPoints: number): ChartAction {
  if (total >= TWENTY_ONE) return 'stand';
  const up = upPoints === 1 ? 11 : upPoints;
  return soft ? softAction(total, up) : hardAction(total, up);
}

/** What the chart plays on these cards against this up card. */
export function chartAction(cards: readonly number[], dealerUpCard: number): ChartAction {
  const { total, soft } = handTotal(cards);
  return chartActionOnTotal(total, soft, cardPoints(dealerUpCard));
}

/** The chart as players and auditors read it, one line per rule. */
export const blackjackChartText: readonly string[] = Object.freeze([
  `Chart ${BLACKJACK_CHART}: the table plays only hit or stand, never doubling, splitting or taking insurance.`,
  'Hard 17 or more: stand. Hard 13–16: stand against a dealer 2–6, else hit. Hard 12: stand against 4–6, else hit. Hard 11 or less: hit.',
  'Soft 19 or more: stand. Soft 18: stand against 2–8, hit against 9, 10 or an ace. Soft 17 or less: hit.',
]);
