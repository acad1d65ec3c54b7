// The blackjack round that just ended, above the table: the dealer's hand
// (total, blackjack or bust) and how each of my hands and bets behind ended,
// then what the round paid me. The table itself keeps the cards on the felt
// until the next round opens.
import type { CSSProperties } from 'react';
import type { BlackjackOutcome } from '../../../shared/protocol.ts';
import { parseBlackjackSpot } from '../../../shared/games/blackjack-spots.ts';
import { RESULT_TEXT, dealerVerdict, myHandResults, type BlackjackHandResult } from '../lib/blackjack-table.ts';
import { revealDelayMs } from '../lib/reveal.ts';
import type { ResultView } from '../state/selectors.ts';
import { RoundPayout } from './RoundPayout.tsx';

type Props = {
  record: ResultView;
  outcome: BlackjackOutcome;
  currency: string | undefined;
  /** My bets of that round, when this page knows them: which seats were mine and which I bet behind. */
  mySpots: readonly string[];
};

type Line = { key: string; label: string; result: BlackjackHandResult; text: string };

const handText = (result: BlackjackHandResult, total: number): string =>
  result === 'lose' && total > 21 ? `Bust ${total}` : `${RESULT_TEXT[result]} · ${total}`;

export function BlackjackResult({ record, outcome, currency, mySpots }: Props) {
  const seats = new Set<number>();
  const behind = new Set<number>();
  for (const spotId of mySpots) {
    const spot = parseBlackjackSpot(spotId);
    if (spot?.kind === 'seat') seats.add(spot.seat);
    if (spot?.kind === 'behind') behind.add(spot.seat);
  }
  const lines: Line[] = [
    ...myHandResults(outcome, seats).map((hand) => ({
      key: `seat-${hand.seat}-${hand.hand}`,
      label: `Seat ${hand.seat}${hand.split ? ` · hand ${hand.hand + 1}` : ''}`,
      result: hand.result,
      text: handText(hand.result, hand.total),
    })),
    // Insurance is its own bet on the dealer's hand: it wins exactly when the dealer has blackjack.
    ...outcome.seats
      .filter((seat) => seats.has(seat.seat) && seat.insured)
      .map((seat): Line => ({
        key: `insurance-${seat.seat}`,
        label: `Insurance seat ${seat.seat}`,
        result: outcome.dealer.blackjack ? 'win' : 'lose',
        text: outcome.dealer.blackjack ? 'Pays 2 to 1' : 'Lose',
      })),
    ...outcome.seats
      .filter((seat) => behind.has(seat.seat) && seat.hands[0] !== undefined)
      .map((seat) => ({
        key: `behind-${seat.seat}`,
        label: `Behind seat ${seat.seat}`,
        result: seat.hands[0]?.result ?? 'lose',
        text: handText(seat.hands[0]?.result ?? 'lose', seat.hands[0]?.total ?? 0),
      })),
  ];
  const dealerTone = outcome.dealer.blackjack ? 'blackjack' : outcome.dealer.total > 21 ? 'bust' : 'stands';
  return (
    <div
      key={record.round}
      className={`result-panel blackjack-result dealer-${dealerTone}`}
      data-testid="last-result"
      data-round={record.round}
      data-dealer-total={outcome.dealer.total}
      data-dealer-blackjack={outcome.dealer.blackjack ? 'true' : 'false'}
      data-dealer={outcome.dealer.cards.join(',')}
      style={{ '--reveal-ms': `${revealDelayMs(outcome)}ms` } as CSSProperties}
      aria-live="polite"
    >
      <strong className={`verdict-banner verdict-dealer-${dealerTone}`}>{dealerVerdict(outcome)}</strong>
      {lines.length > 0 && (
        <ul className="bj-my-results">
          {lines.map((line) => (
            <li key={line.key} className={`bj-result result-${line.result}`}>
              {line.label}: {line.text}
            </li>
          ))}
        </ul>
      )}
      <div className="result-detail">
        <span className="muted">Round {record.round}</span>
        <RoundPayout record={record} currency={currency} />
      </div>
    </div>
  );
}
