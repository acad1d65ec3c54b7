// Top bar: product name, live-connection state and the ledger invariant,
// the things a dealer glances at without changing table.
import { LedgerSummary } from './LedgerSummary.tsx';
import { useLiveStatus } from './live.ts';

const STATUS_TEXT = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' } as const;

export function Header() {
  const status = useLiveStatus();
  return (
    <header className="header">
      <h1>Pitboss</h1>
      <span className={`live live-${status}`} title="Operator event stream">
        <span className="dot" /> {STATUS_TEXT[status]}
      </span>
      <span className="spacer" />
      <LedgerSummary />
    </header>
  );
}
