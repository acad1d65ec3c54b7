// What the console adds to a pf2 blackjack outcome (docs/PF2.md §9): which
// hands the chart played because a timer ran out or a player was away, in
// the player page's words. Pure, so it can be checked without a browser.
import type { BlackjackOutcome } from '../../shared/protocol.ts';
import { chartPlayedHands, chartReasonText } from '../../shared/games/blackjack-words.ts';

/** Only a pf2 round deals bets-behind hands, so they tell the scheme (pf1's timeouts just stood: nothing to add). */
export function isPf2Outcome(outcome: BlackjackOutcome): boolean {
  return outcome.seats.some((seat) => seat.behind !== undefined);
}

/** Why the chart played each hand of a seat, for the dealer: "hand 2: the timer ran out: played by the chart". */
export function chartNotes(outcome: BlackjackOutcome, seat: number): string[] {
  if (!isPf2Outcome(outcome)) return [];
  const split = (outcome.seats.find((candidate) => candidate.seat === seat)?.hands.length ?? 0) > 1;
  return chartPlayedHands(outcome)
    .filter((played) => played.seat === seat)
    .map((played) => `${split ? `hand ${played.hand + 1}: ` : ''}${chartReasonText(played.reason, 'table')}`);
}
