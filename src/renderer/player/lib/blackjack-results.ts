// The lines of the blackjack result banner: how each of my hands ended, my
// insurance, my bets behind, and under pf2 (docs/PF2.md §9) the hand the
// chart played for my bets behind and any hand of mine the chart played
// because its timer ran out or I was away. Pure, so the banner's words can
// be checked without a browser.
import type { BlackjackOutcome, TableSummary } from '../../../shared/protocol.ts';
import { parseBlackjackSpot } from '../../../shared/games/blackjack-spots.ts';
import { behindHandText, chartPlayedHands, chartReasonText } from '../../../shared/games/blackjack-words.ts';
import { RESULT_TEXT, myHandResults, type BlackjackHandResult } from './blackjack-table.ts';

/** One line of the banner; `result` colours it, and a plain fact (the chart played a hand) has none. */
export type ResultLine = { key: string; text: string; result: BlackjackHandResult | null };

const handText = (result: BlackjackHandResult, total: number): string =>
  result === 'lose' && total > 21 ? `Bust ${total}` : `${RESULT_TEXT[result]} · ${total}`;

const seatLabel = (seat: number, hand: number, split: boolean): string => `Seat ${seat}${split ? ` · hand ${hand + 1}` : ''}`;

/** The seats I played and those I bet behind, from my bets of the round. */
export function mySeatsOf(mySpots: readonly string[]): { seats: Set<number>; behind: Set<number> } {
  const seats = new Set<number>();
  const behind = new Set<number>();
  for (const spotId of mySpots) {
    const spot = parseBlackjackSpot(spotId);
    if (spot?.kind === 'seat') seats.add(spot.seat);
    if (spot?.kind === 'behind') behind.add(spot.seat);
  }
  return { seats, behind };
}

function behindLines(outcome: BlackjackOutcome, behind: ReadonlySet<number>): ResultLine[] {
  return outcome.seats
    .filter((seat) => behind.has(seat.seat))
    .flatMap((seat): ResultLine[] => {
      // pf2: bets behind settle on a hand of their own, played by the chart; pf1: they ride the seat's first hand.
      if (seat.behind !== undefined) {
        return [{ key: `behind-${seat.seat}`, text: behindHandText(seat.seat, seat.behind, 'mine'), result: seat.behind.result }];
      }
      const first = seat.hands[0];
      if (first === undefined) return [];
      return [{ key: `behind-${seat.seat}`, text: `Behind seat ${seat.seat}: ${handText(first.result, first.total)}`, result: first.result }];
    });
}

function chartLines(outcome: BlackjackOutcome, seats: ReadonlySet<number>): ResultLine[] {
  return chartPlayedHands(outcome)
    .filter((played) => seats.has(played.seat))
    .map((played) => {
      const split = (outcome.seats.find((seat) => seat.seat === played.seat)?.hands.length ?? 0) > 1;
      const label = seatLabel(played.seat, played.hand, split);
      return { key: `chart-${played.seat}-${played.hand}`, text: `${label}: ${chartReasonText(played.reason, 'mine')}`, result: null };
    });
}

export function blackjackResultLines(outcome: BlackjackOutcome, mySpots: readonly string[], fairness: TableSummary['fairness'] | undefined): ResultLine[] {
  const { seats, behind } = mySeatsOf(mySpots);
  return [
    ...myHandResults(outcome, seats).map((hand) => ({
      key: `seat-${hand.seat}-${hand.hand}`,
      text: `${seatLabel(hand.seat, hand.hand, hand.split)}: ${handText(hand.result, hand.total)}`,
      result: hand.result,
    })),
    // pf1 records a timeout too, but there the hand simply stood: nothing more to say.
    ...(fairness === 'pf2' ? chartLines(outcome, seats) : []),
    // Insurance is its own bet on the dealer's hand: it wins exactly when the dealer has blackjack.
    ...outcome.seats
      .filter((seat) => seats.has(seat.seat) && seat.insured)
      .map((seat): ResultLine => ({
        key: `insurance-${seat.seat}`,
        text: `Insurance seat ${seat.seat}: ${outcome.dealer.blackjack ? 'Pays 2 to 1' : 'Lose'}`,
        result: outcome.dealer.blackjack ? 'win' : 'lose',
      })),
    ...behindLines(outcome, behind),
  ];
}
