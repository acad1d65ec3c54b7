// The double-entry invariant at a glance: all balances must sum to zero.
// Anything else is a bug the operator has to see immediately, hence red.
import { useQuery } from '@tanstack/react-query';
import { formatMinor } from '../../shared/money.ts';
import { api, queryKeys } from './api.ts';
import { ErrorText } from './ErrorText.tsx';

export function LedgerSummary() {
  // Events invalidate it; the slow poll only catches movements no event announces.
  const ledger = useQuery({ queryKey: queryKeys.ledger, queryFn: api.ledger, refetchInterval: 10_000 });
  if (ledger.error) return <ErrorText error={ledger.error} />;
  if (!ledger.data) return <span className="muted">Ledger…</span>;
  const { sumMinor, transferCount, accounts } = ledger.data;
  const balanced = sumMinor === 0;
  return (
    <details className="ledger">
      <summary>
        Ledger Σ{' '}
        <span
          data-testid="ledger-sum"
          data-sum-minor={sumMinor}
          className={balanced ? 'good' : 'bad'}
          title={balanced ? 'Balanced' : 'Balances do not sum to zero'}
        >
          {formatMinor(sumMinor)}
        </span>{' '}
        <span className="muted">· {transferCount} transfers</span>
      </summary>
      <table className="grid compact ledger-accounts">
        <thead>
          <tr>
            <th>Account</th>
            <th>Ref</th>
            <th className="num">Balance</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={`${account.kind}:${account.ref}`}>
              <td>{account.kind}</td>
              <td className="mono">{account.ref}</td>
              <td className="num">{formatMinor(account.balanceMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
