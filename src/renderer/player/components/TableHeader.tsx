// Who, where and how much: table name and limits, my name and balance, the link state.
import { formatMinor } from '../../../shared/money.ts';
import { usePlayerState } from '../hooks/player-context.ts';
import { BalanceDisplay } from './BalanceDisplay.tsx';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';

export function TableHeader() {
  const state = usePlayerState();
  const table = state.table;
  const limits = table?.limits;
  return (
    <header className="table-header">
      <h1>{table?.name ?? 'Pitboss'}</h1>
      <p className="limits">
        {limits
          ? `Min ${formatMinor(limits.minBetMinor)} · spot ${formatMinor(limits.maxSpotMinor)} · round ${formatMinor(limits.maxRoundMinor)} ${limits.currency}`
          : '\u00a0'}
      </p>
      <BalanceDisplay />
      <ConnectionIndicator />
    </header>
  );
}
