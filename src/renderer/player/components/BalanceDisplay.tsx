// My wallet balance as the server last stated it, and what is on the table.
import { formatMinor } from '../../../shared/money.ts';
import { usePlayerState } from '../hooks/player-context.ts';
import { myConfirmedBets, myPendingBets, totalOf } from '../state/selectors.ts';

export function BalanceDisplay() {
  const state = usePlayerState();
  const currency = state.table?.limits.currency;
  const balance = state.balanceMinor;
  const onTable = totalOf(myConfirmedBets(state)) + totalOf(myPendingBets(state));
  return (
    <div className="balance">
      <strong data-testid="balance" data-balance-minor={balance ?? undefined}>
        {balance === null ? '—' : formatMinor(balance, currency)}
      </strong>
      <span className="balance-label">
        {state.identity?.name}
        {onTable > 0 && ` · on table ${formatMinor(onTable)}`}
      </span>
    </div>
  );
}
