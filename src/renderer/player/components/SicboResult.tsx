// The three dice as they came out of the shaker, in the order drawn, their
// total and what it makes: Small or Big, Odd or Even, or a triple (which
// beats all four).
import type { CSSProperties } from 'react';
import type { SicboOutcome } from '../../../shared/protocol.ts';
import { diceTotal, isTripleThrow } from '../lib/dice.ts';
import type { ResultView } from '../state/selectors.ts';
import { Die } from './Die.tsx';
import { RoundPayout } from './RoundPayout.tsx';

type Props = { record: ResultView; outcome: SicboOutcome; currency: string | undefined };

export function SicboResult({ record, outcome, currency }: Props) {
  const total = diceTotal(outcome.dice);
  const triple = isTripleThrow(outcome.dice);
  const size = total <= 10 ? 'small' : 'big';
  const tags = triple ? [`Triple ${outcome.dice[0]}`] : [size === 'small' ? 'Small' : 'Big', total % 2 === 1 ? 'Odd' : 'Even'];
  return (
    <div
      key={record.round}
      className={`result-panel sicbo-result ${triple ? 'is-triple' : `is-${size}`}`}
      data-testid="last-result"
      data-round={record.round}
      data-dice={outcome.dice.join(',')}
      data-total={total}
      aria-live="polite"
    >
      <div className="dice-bowl" aria-label={`Dice ${outcome.dice.join(', ')}`}>
        {outcome.dice.map((face, index) => (
          <Die key={index} face={face} size="large" step={index} rolling />
        ))}
      </div>
      <div className="throw-verdict" style={{ '--step': 3 } as CSSProperties}>
        <span className={`throw-total total-${triple ? 'triple' : size}`}>{total}</span>
        <span className="throw-tags">
          {tags.map((tag) => (
            <span key={tag} className="throw-tag">
              {tag}
            </span>
          ))}
        </span>
      </div>
      <div className="result-detail">
        <span className="muted">Round {record.round}</span>
        <RoundPayout record={record} currency={currency} />
      </div>
    </div>
  );
}
