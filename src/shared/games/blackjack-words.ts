// How a pf2 blackjack outcome's extras read, in the same plain words on the
// player page and the console (docs/PF2.md §9): the hand the table played by
// the chart for the bets behind a seat, and a hand the chart played because
// its timer ran out or its owner was away.
import type { BlackjackOutcome } from '../protocol/outcomes.ts';

export type BehindHand = NonNullable<BlackjackOutcome['seats'][number]['behind']>;
type Decision = BlackjackOutcome['decisions'][number];

const SUIT_SYMBOL: Readonly<Record<string, string>> = { S: '♠', H: '♥', D: '♦', C: '♣' };

/** "10H" as "10♥"; a name that is no card stays as it came (the outcome comes from the network). */
export function cardText(name: string): string {
  const symbol = SUIT_SYMBOL[name.slice(-1)];
  return symbol === undefined ? name : `${name.slice(0, -1)}${symbol}`;
}

/** How a hand ended, in one word: "blackjack", "win", "push", "lose", or "bust" for a lost hand over 21. */
export function handResultWord(hand: Pick<BehindHand, 'total' | 'result'>): string {
  return hand.result === 'lose' && hand.total > 21 ? 'bust' : hand.result;
}

/** "10♥ 6♣ 9♦, 25, bust": the cards, the total and how it ended. */
export function behindHandDetails(behind: BehindHand): string {
  return `${behind.cards.map(cardText).join(' ')}, ${behind.total}, ${handResultWord(behind)}`;
}

/** The bets-behind hand as a sentence: about my bet (player page) or the seat's bets behind (console). */
export function behindHandText(seat: number, behind: BehindHand, whose: 'mine' | 'table'): string {
  const subject = whose === 'mine' ? `Your bet behind seat ${seat}` : `The bets behind seat ${seat}`;
  const verb = whose === 'mine' ? 'played its own hand' : 'played their own hand';
  return `${subject} ${verb}: ${behindHandDetails(behind)}`;
}

export type ChartReason = 'timeout' | 'absent';

export function isChartReason(action: Decision['action']): action is ChartReason {
  return action === 'timeout' || action === 'absent';
}

/** Why the chart played a hand, said to the seat's owner ('mine') or to anyone else ('table'). */
export function chartReasonText(reason: ChartReason, whose: 'mine' | 'table'): string {
  if (reason === 'timeout') return 'the timer ran out: played by the chart';
  return whose === 'mine' ? 'you were away: played by the chart' : 'the player was away: played by the chart';
}

/** Each hand the table decided itself (pf2: the chart played it), once per seat and hand, in the order decided. */
export function chartPlayedHands(outcome: BlackjackOutcome): { seat: number; hand: number; reason: ChartReason }[] {
  const seen = new Set<string>();
  const hands: { seat: number; hand: number; reason: ChartReason }[] = [];
  for (const decision of outcome.decisions) {
    const key = `${decision.seat}/${decision.hand}`;
    if (!isChartReason(decision.action) || seen.has(key)) continue;
    seen.add(key);
    hands.push({ seat: decision.seat, hand: decision.hand, reason: decision.action });
  }
  return hands;
}
