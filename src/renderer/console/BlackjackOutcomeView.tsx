// A blackjack outcome in the console's compact line: the dealer's hand and
// each seat's results. Under pf2 (docs/PF2.md §9) each seat also shows the
// hand the chart played for its bets behind, and a hand the chart played
// because its timer ran out or its player was away, in the player page's words.
import type { BlackjackOutcome } from '../../shared/protocol.ts';
import { behindHandText, handResultWord } from '../../shared/games/blackjack-words.ts';
import { chartNotes } from './blackjackOutcome.ts';
import { PlayingCard } from './PlayingCard.tsx';

function Cards({ names }: { names: string[] }) {
  return (
    <span className="cards">
      {names.map((name, index) => (
        <PlayingCard key={index} name={name} />
      ))}
    </span>
  );
}

export function BlackjackOutcomeView({ outcome }: { outcome: BlackjackOutcome }) {
  const { dealer } = outcome;
  return (
    <span className="outcome">
      D <Cards names={dealer.cards} /> <strong>{dealer.blackjack ? 'BJ' : dealer.total}</strong>
      {dealer.total > 21 && <span className="winner winner-bust">bust</span>}
      {outcome.seats.map((seat) => (
        <span key={seat.seat} className="bj-seat-result" title={`Seat ${seat.seat}`} data-seat={seat.seat}>
          · S{seat.seat}{' '}
          {seat.hands.map((hand, index) => (
            <span key={index} className={`winner winner-${hand.result}`}>
              {hand.total} {hand.result}
            </span>
          ))}
          {seat.behind !== undefined && (
            <span className="bj-behind-result" data-testid="behind-hand" title={behindHandText(seat.seat, seat.behind, 'table')}>
              {' '}
              behind <Cards names={seat.behind.cards} />{' '}
              <span className={`winner winner-${seat.behind.result}`}>
                {seat.behind.total} {handResultWord(seat.behind)}
              </span>
            </span>
          )}
          {chartNotes(outcome, seat.seat).map((note) => (
            <span key={note} className="muted bj-chart-played" data-testid="chart-played">
              {' '}
              ({note})
            </span>
          ))}
        </span>
      ))}
    </span>
  );
}
