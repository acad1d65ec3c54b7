// The sic bo statistics board, under the layout: the last throws (newest
// first) with their totals, how the throws split between Small, Big and
// triples and between Odd and Even, the hot and cold totals, and how often
// each face fell. Side by side on a laptop, stacked on a phone.
import { useMemo } from 'react';
import { usePlayerState } from '../hooks/player-context.ts';
import { diceTotal, isTripleThrow } from '../lib/dice.ts';
import { hotColdTotals, percentOf, sicboThrows, sicboTally, type TotalFrequency } from '../lib/game-stats.ts';
import type { Arrangement } from '../lib/table-layouts.ts';
import { Die } from './Die.tsx';
import { ShareBar } from './ShareBar.tsx';

export function SicboHistory({ arrangement }: { arrangement: Arrangement }) {
  const { history } = usePlayerState();
  const throws = useMemo(() => sicboThrows(history), [history]);
  const tally = useMemo(() => sicboTally(throws), [throws]);
  const hotCold = useMemo(() => hotColdTotals(throws), [throws]);
  const newestFirst = [...throws].reverse();
  const dice = 3 * tally.throws;

  return (
    <section className={`panel sicbo-board sicbo-board-${arrangement}`} aria-label="Sic bo results">
      <div className="sicbo-results">
        <h2>
          Last results <span className="muted">· {tally.throws}</span>
        </h2>
        <div className="sicbo-strip" data-testid="sicbo-history" data-count={tally.throws}>
          {tally.throws === 0 && <span className="muted">No results yet</span>}
          {newestFirst.map(({ round, outcome }) => {
            const total = diceTotal(outcome.dice);
            const kind = isTripleThrow(outcome.dice) ? 'triple' : total <= 10 ? 'small' : 'big';
            return (
              <span
                key={round}
                className={`throw-chip throw-${kind}`}
                data-round={round}
                data-dice={outcome.dice.join(',')}
                data-total={total}
                title={`Round ${round}: ${outcome.dice.join(' ')} = ${total}`}
              >
                <span className="throw-dice">
                  {outcome.dice.map((face, index) => (
                    <Die key={index} face={face} size="tiny" />
                  ))}
                </span>
                <span className="throw-chip-total">{total}</span>
              </span>
            );
          })}
        </div>
      </div>
      {tally.throws > 0 && (
        <div className="sicbo-stats">
          <h3>Small · Triple · Big</h3>
          <ShareBar
            parts={[
              ['small', tally.small],
              ['triple', tally.triple],
              ['big', tally.big],
            ]}
          />
          <h3>Odd · Triple · Even</h3>
          <ShareBar
            parts={[
              ['odd', tally.odd],
              ['triple', tally.triple],
              ['even', tally.even],
            ]}
          />
          <div className="hot-cold">
            <div data-testid="sicbo-hot-totals">
              <h3>Hot totals</h3>
              {hotCold.hot.map((entry) => (
                <TotalChip key={entry.total} entry={entry} />
              ))}
            </div>
            <div data-testid="sicbo-cold-totals">
              <h3>Cold totals</h3>
              {hotCold.cold.map((entry) => (
                <TotalChip key={entry.total} entry={entry} />
              ))}
            </div>
          </div>
          <h3>Faces</h3>
          <ul className="face-bars">
            {tally.faces.map((count, index) => (
              <li key={index}>
                <Die face={index + 1} size="tiny" />
                <span className="face-bar">
                  <span style={{ width: `${percentOf(count, dice)}%` }} />
                </span>
                <span className="face-share">{percentOf(count, dice)}%</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function TotalChip({ entry }: { entry: TotalFrequency }) {
  return (
    <span className={`total-chip ${entry.total <= 10 ? 'total-small' : 'total-big'}`} title={`${entry.total}: ×${entry.count}`}>
      {entry.total}
      <small className="pocket-note">×{entry.count}</small>
    </span>
  );
}
