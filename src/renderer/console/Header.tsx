// Top bar: product name, live-connection state, the view tabs and the ledger
// invariant, the things a dealer glances at without changing table; under
// it, in every view, the latency alert when there is one.
import { LatencyAlert } from './LatencyAlert.tsx';
import { LedgerSummary } from './LedgerSummary.tsx';
import { useLiveStatus } from './live.ts';
import { ViewTabs, type ConsoleView } from './ViewTabs.tsx';

const STATUS_TEXT = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' } as const;

type Props = { view: ConsoleView; onView: (view: ConsoleView) => void };

export function Header({ view, onView }: Props) {
  const status = useLiveStatus();
  return (
    <header className="header">
      <h1>Pitboss</h1>
      <span className={`live live-${status}`} title="Operator event stream">
        <span className="dot" /> {STATUS_TEXT[status]}
      </span>
      <ViewTabs view={view} onView={onView} />
      <span className="spacer" />
      <LedgerSummary />
      <LatencyAlert onOpenHealth={view === 'health' ? undefined : () => onView('health')} />
    </header>
  );
}
