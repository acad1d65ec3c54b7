// The tables sidebar: one row per table with its state, click to select. A
// pf2 table says so, because its dealer never spins and cannot void once frozen.
import type { OperatorTable } from '../../shared/api.ts';
import { PhaseBadge } from './PhaseBadge.tsx';
import { tablePhase } from './roundActions.ts';

type Props = {
  tables: OperatorTable[];
  selectedId: string | null;
  onSelect: (tableId: string) => void;
};

export function TableList({ tables, selectedId, onSelect }: Props) {
  return (
    <ul className="table-list">
      {tables.map((table) => (
        <li key={table.id}>
          <button
            type="button"
            data-testid="table-item"
            data-table-name={table.name}
            aria-pressed={table.id === selectedId}
            className={table.id === selectedId ? 'table-item selected' : 'table-item'}
            onClick={() => onSelect(table.id)}
          >
            <span className="table-item-name">{table.name}</span>
            <span className="table-item-meta">
              {table.open ? <PhaseBadge phase={tablePhase(table)} /> : <span className="badge badge-closed">table closed</span>}
              {table.round && <span className="muted">#{table.round.round}</span>}
              {table.autoCycle && <span className="badge badge-auto">auto</span>}
              {table.fairness === 'pf2' && (
                <span className="badge badge-pf2" title="pf2: bets freeze at close, bettors reveal, the round draws itself">
                  pf2
                </span>
              )}
              <span className="muted" title="Players connected">
                {table.playersConnected} connected
              </span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
