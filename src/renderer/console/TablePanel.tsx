// Everything about the selected table, laid out for a dealer: round and
// actions first, then the layout, the players, the invite and the history.
import type { OperatorTable } from '../../shared/api.ts';
import { formatMinor } from '../../shared/money.ts';
import { CloseTableButton } from './CloseTableButton.tsx';
import { GAME_LABELS } from './games.ts';
import { HistoryPanel } from './HistoryPanel.tsx';
import { InvitePanel } from './InvitePanel.tsx';
import { LiveBetsPanel } from './LiveBetsPanel.tsx';
import { PlayersPanel } from './PlayersPanel.tsx';
import { RoundPanel } from './RoundPanel.tsx';

export function TablePanel({ table }: { table: OperatorTable }) {
  const { currency, minBetMinor, maxSpotMinor, maxRoundMinor } = table.limits;
  return (
    <div className="table-panel" data-testid="table-panel" data-table-id={table.id}>
      <div className="table-title">
        <h2>{table.name}</h2>
        <span className="muted">
          {GAME_LABELS[table.game] ?? table.game} · {currency} · min {formatMinor(minBetMinor)} · spot {formatMinor(maxSpotMinor)} · round{' '}
          {formatMinor(maxRoundMinor)} · window {table.bettingWindowMs / 1000} s
        </span>
        {!table.open && <span className="badge badge-closed">table closed</span>}
        <span className="spacer" />
        <CloseTableButton table={table} />
      </div>
      <div className="table-grid">
        <RoundPanel table={table} />
        <LiveBetsPanel table={table} />
        <InvitePanel tableId={table.id} />
        <PlayersPanel tableId={table.id} currency={currency} />
        <HistoryPanel tableId={table.id} currency={currency} />
      </div>
    </div>
  );
}
