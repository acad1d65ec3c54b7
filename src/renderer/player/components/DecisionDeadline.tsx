// The time left for the blackjack decision in turn, as a bar that drains to
// the deadline (server time, so the clock offset is applied): green, amber in
// the last 5 s, red in the last 2 s, as the betting timer.
import { useNow } from '../hooks/use-now.ts';

const AMBER_MS = 5_000;
const RED_MS = 2_000;

type Props = {
  /** Epoch ms on the server's clock. */
  deadline: number;
  /** When the decision's timer started (server clock), or null if this page did not see it start. */
  startedAt: number | null;
  clockOffsetMs: number;
  /** Big with its seconds written out (the decision bar), or a thin line under a seat. */
  size: 'large' | 'small';
  testId?: string;
};

export function DecisionDeadline({ deadline, startedAt, clockOffsetMs, size, testId }: Props) {
  const now = useNow(100) + clockOffsetMs;
  const left = Math.max(0, deadline - now);
  const span = startedAt === null ? left : Math.max(left, deadline - startedAt);
  const fill = span > 0 ? Math.min(1, left / span) : 0;
  const tone = left <= RED_MS ? 'red' : left < AMBER_MS ? 'amber' : 'green';
  const seconds = Math.ceil(left / 1000);
  return (
    <div
      className={`decision-deadline deadline-${size} timer-${tone}`}
      data-testid={testId}
      data-deadline={deadline}
      role={size === 'large' ? 'timer' : undefined}
      aria-label={size === 'large' ? `${seconds} seconds to decide` : undefined}
    >
      <div className="timer">
        <div className="timer-fill" style={{ width: `${Math.round(fill * 1000) / 10}%` }} />
      </div>
      {size === 'large' && <span className="deadline-seconds">{seconds} s</span>}
    </div>
  );
}
