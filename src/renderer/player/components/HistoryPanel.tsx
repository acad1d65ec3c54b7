// The last results as coloured chips (newest first) and the hot and cold
// numbers among them.
import { useMemo } from 'react';
import { usePlayerState } from '../hooks/player-context.ts';
import { hotAndCold } from '../lib/history-stats.ts';
import { pocketOf } from '../lib/pocket-of.ts';
import { PocketChip } from './PocketChip.tsx';

export function HistoryPanel() {
  const { history } = usePlayerState();
  const stats = useMemo(() => hotAndCold(history), [history]);
  return (
    <section className="panel">
      <h2>
        Last results <span className="muted">· {history.length}</span>
      </h2>
      <div className="history-strip" data-testid="history">
        {history.length === 0 && <span className="muted">No results yet</span>}
        {history.map((entry) => {
          const pocket = pocketOf(entry.outcome);
          return pocket === null ? null : (
            <span key={entry.round} data-round={entry.round} data-pocket={pocket}>
              <PocketChip pocket={pocket} />
            </span>
          );
        })}
      </div>
      {history.length > 0 && (
        <div className="hot-cold">
          <div data-testid="hot-numbers">
            <h3>Hot</h3>
            {stats.hot.map((entry) => (
              <PocketChip key={entry.pocket} pocket={entry.pocket} note={`×${entry.count}`} />
            ))}
          </div>
          <div data-testid="cold-numbers">
            <h3>Cold</h3>
            {stats.cold.map((entry) => (
              <PocketChip key={entry.pocket} pocket={entry.pocket} note={`×${entry.count}`} />
            ))}
          </div>
        </div>
      )}
    </section>
  );
}
