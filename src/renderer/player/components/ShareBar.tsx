// How the results split between the sides (Banker / Player / Tie, Small /
// Big / Triple…), as one bar in the sides' colours with percentages.
import { percentOf } from '../lib/game-stats.ts';

/** Shares of the results as one bar, in the sides' colours. */
export function ShareBar({ parts }: { parts: [tone: string, count: number][] }) {
  const whole = parts.reduce((sum, [, count]) => sum + count, 0);
  if (whole === 0) return null;
  return (
    <div className="share-bar" aria-hidden="true">
      {parts.map(([tone, count]) =>
        count > 0 ? (
          <span key={tone} className={`share share-${tone}`} style={{ flexGrow: count }}>
            {percentOf(count, whole)}%
          </span>
        ) : null,
      )}
    </div>
  );
}
