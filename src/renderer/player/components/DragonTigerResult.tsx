// One card each, Dragon first, then Tiger, turned over face to face; the
// higher rank wins (aces low), equal ranks tie, and a tie of the very same
// card is a suited tie.
import type { CSSProperties } from 'react';
import type { DragonTigerOutcome } from '../../../shared/protocol.ts';
import { isSuitedTie } from '../../../shared/games/dragon-tiger.ts';
import type { ResultView } from '../state/selectors.ts';
import { PlayingCard } from './PlayingCard.tsx';
import { RoundPayout } from './RoundPayout.tsx';

type Props = { record: ResultView; outcome: DragonTigerOutcome; currency: string | undefined };

export function DragonTigerResult({ record, outcome, currency }: Props) {
  const verdict =
    outcome.winner === 'tie' ? (isSuitedTie(outcome) ? 'Suited tie' : 'Tie') : outcome.winner === 'dragon' ? 'Dragon wins' : 'Tiger wins';
  return (
    <div
      key={record.round}
      className={`result-panel card-table dragon-tiger-result winner-${outcome.winner}`}
      data-testid="last-result"
      data-round={record.round}
      data-winner={outcome.winner}
      data-dragon={outcome.dragon}
      data-tiger={outcome.tiger}
      style={{ '--verdict-step': 2 } as CSSProperties}
      aria-live="polite"
    >
      <section className={`hand hand-dragon ${outcome.winner === 'dragon' ? 'is-winner' : ''}`} aria-label="Dragon">
        <header className="hand-header">
          <span className="hand-name">Dragon</span>
        </header>
        <div className="hand-cards">
          <PlayingCard name={outcome.dragon} step={0} />
        </div>
      </section>
      <div className="coup-verdict" style={{ '--step': 2 } as CSSProperties}>
        <span className="versus" aria-hidden="true">
          VS
        </span>
        <strong className={`verdict-banner verdict-${outcome.winner}`}>{verdict}</strong>
        <span className="muted">Round {record.round}</span>
        <RoundPayout record={record} currency={currency} />
      </div>
      <section className={`hand hand-tiger ${outcome.winner === 'tiger' ? 'is-winner' : ''}`} aria-label="Tiger">
        <header className="hand-header">
          <span className="hand-name">Tiger</span>
        </header>
        <div className="hand-cards">
          <PlayingCard name={outcome.tiger} step={1} />
        </div>
      </section>
    </div>
  );
}
