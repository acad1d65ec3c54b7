// The blackjack round that just ended, above the table: the dealer's hand
// (total, blackjack or bust) and how each of my hands and bets behind ended
// (lib/blackjack-results.ts), then what the round paid me. The table itself
// keeps the cards on the felt until the next round opens.
import type { CSSProperties } from 'react';
import type { BlackjackOutcome, TableSummary } from '../../../shared/protocol.ts';
import { blackjackResultLines } from '../lib/blackjack-results.ts';
import { dealerVerdict } from '../lib/blackjack-table.ts';
import { revealDelayMs } from '../lib/reveal.ts';
import type { ResultView } from '../state/selectors.ts';
import { RoundPayout } from './RoundPayout.tsx';

type Props = {
  record: ResultView;
  outcome: BlackjackOutcome;
  currency: string | undefined;
  /** My bets of that round, when this page knows them: which seats were mine and which I bet behind. */
  mySpots: readonly string[];
  /** pf2 says more: the hand the chart played for my bets behind, and hands the chart played for me. */
  fairness: TableSummary['fairness'] | undefined;
};

export function BlackjackResult({ record, outcome, currency, mySpots, fairness }: Props) {
  const lines = blackjackResultLines(outcome, mySpots, fairness);
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
            <li key={line.key} className={line.result === null ? 'bj-result is-note' : `bj-result result-${line.result}`}>
              {line.text}
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
