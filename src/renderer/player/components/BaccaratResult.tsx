// The coup on the felt: Player's hand on the left, Banker's on the right,
// dealt face down and turned over in the table's order (P1 B1 P2 B2, then
// the third cards, which lie sideways), each total shown once its hand is
// complete, then who won and what it paid me.
import type { CSSProperties } from 'react';
import type { BaccaratOutcome } from '../../../shared/protocol.ts';
import { baccaratDeal, lastStepOf, type BaccaratSide, type DealtCard } from '../lib/cards.ts';
import type { ResultView } from '../state/selectors.ts';
import { PlayingCard } from './PlayingCard.tsx';
import { RoundPayout } from './RoundPayout.tsx';

type Props = { record: ResultView; outcome: BaccaratOutcome; currency: string | undefined };

const SIDE_NAME: Record<BaccaratSide, string> = { player: 'Player', banker: 'Banker' };

export function BaccaratResult({ record, outcome, currency }: Props) {
  const dealt = baccaratDeal(outcome);
  const finalStep = dealt.length;
  const verdict =
    outcome.winner === 'tie'
      ? `Tie ${outcome.playerTotal}`
      : `${SIDE_NAME[outcome.winner]} wins ${Math.max(outcome.playerTotal, outcome.bankerTotal)} to ${Math.min(outcome.playerTotal, outcome.bankerTotal)}`;
  return (
    <div
      key={record.round}
      className={`result-panel card-table baccarat-result winner-${outcome.winner}`}
      data-testid="last-result"
      data-round={record.round}
      data-winner={outcome.winner}
      data-player={outcome.player.join(',')}
      data-banker={outcome.banker.join(',')}
      data-player-total={outcome.playerTotal}
      data-banker-total={outcome.bankerTotal}
      style={{ '--verdict-step': finalStep } as CSSProperties}
      aria-live="polite"
    >
      <Hand side="player" cards={dealt} total={outcome.playerTotal} won={outcome.winner === 'player'} />
      <div className="coup-verdict" style={{ '--step': finalStep } as CSSProperties}>
        <strong className={`verdict-banner verdict-${outcome.winner}`}>{verdict}</strong>
        <span className="muted">Round {record.round}</span>
        <RoundPayout record={record} currency={currency} />
      </div>
      <Hand side="banker" cards={dealt} total={outcome.bankerTotal} won={outcome.winner === 'banker'} />
    </div>
  );
}

function Hand({ side, cards, total, won }: { side: BaccaratSide; cards: DealtCard[]; total: number; won: boolean }) {
  const own = cards.filter((card) => card.side === side);
  const complete = lastStepOf(cards, side) + 1;
  return (
    <section className={`hand hand-${side} ${won ? 'is-winner' : ''}`} aria-label={`${SIDE_NAME[side]} hand, ${total}`}>
      <header className="hand-header">
        <span className="hand-name">{SIDE_NAME[side]}</span>
        <span className="hand-total" style={{ '--step': complete } as CSSProperties} data-total={total}>
          {total}
        </span>
      </header>
      <div className="hand-cards">
        {own.map((card) => (
          <PlayingCard key={card.position} name={card.card} step={card.step} sideways={card.position === 2} />
        ))}
      </div>
    </section>
  );
}
