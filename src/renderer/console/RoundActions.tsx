// The dealer's buttons and their hotkeys. Both go through `trigger`, which
// checks legality and refuses to send while the previous action is in
// flight, so a double press can never spin twice. A greyed button's tooltip
// says why; a pf2 table also writes its reasons out under the buttons.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { OperatorTable, TableActionRequest } from '../../shared/api.ts';
import { drawLabel } from '../../shared/games/draw-verb.ts';
import { api, queryKeys } from './api.ts';
import { ErrorText } from './ErrorText.tsx';
import { HOTKEYS, actionRefusalFor, isActionLegal, pf2ActionNotes, type DealerAction } from './roundActions.ts';
import { putTable } from './tablesCache.ts';
import { useHotkeys } from './useHotkeys.ts';

const VOID_REASON_DEFAULT = 'Dealer void';

/** The game's own verb (Spin, Deal, Roll); a pf2 round draws itself. */
function spinLabel(table: OperatorTable): string {
  if (table.fairness === 'pf2') return 'Draws itself';
  return drawLabel(table.game);
}

export function RoundActions({ table }: { table: OperatorTable }) {
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (body: TableActionRequest) => api.tableAction(table.id, body),
    onSuccess: ({ table: updated }) => {
      putTable(queryClient, updated);
      void queryClient.invalidateQueries({ queryKey: queryKeys.rounds(table.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.players(table.id) });
    },
  });

  const request = (action: DealerAction): TableActionRequest | null => {
    switch (action) {
      case 'open':
        return { action: 'open' };
      case 'close':
        return { action: 'close' };
      case 'spin':
        return { action: 'spin' };
      case 'auto':
        return { action: table.autoCycle ? 'auto-off' : 'auto-on' };
      case 'rotate':
        return { action: 'rotate-chain' };
      case 'beacon':
        return { action: table.beacon === null ? 'beacon-on' : 'beacon-off' };
      case 'void': {
        const reason = window.prompt(`Void round #${table.round?.round ?? ''}? Every stake is refunded. Reason:`, VOID_REASON_DEFAULT);
        if (reason === null) return null;
        const trimmed = reason.trim().slice(0, 200);
        return trimmed === '' ? { action: 'void' } : { action: 'void', reason: trimmed };
      }
    }
  };

  const trigger = (action: DealerAction): void => {
    if (act.isPending || !isActionLegal(action, table)) return;
    const body = request(action);
    if (body) act.mutate(body);
  };

  useHotkeys(
    Object.fromEntries(Object.entries(HOTKEYS).map(([action, key]) => [key, () => trigger(action as DealerAction)])),
  );

  const button = (action: DealerAction, label: string, className = '') => {
    const key = HOTKEYS[action];
    const refusal = actionRefusalFor(action, table);
    return (
      <button
        type="button"
        className={className}
        data-testid={`action-${action}`}
        title={refusal ?? undefined}
        disabled={act.isPending || refusal !== null}
        aria-keyshortcuts={key?.toUpperCase()}
        onClick={() => trigger(action)}
      >
        {label}
        {key && <kbd>{key.toUpperCase()}</kbd>}
      </button>
    );
  };

  const notes = pf2ActionNotes(table);
  return (
    <div className="actions">
      <div className="action-row">
        {button('open', 'Open betting', 'go')}
        {button('close', 'Close betting')}
        {/* Blackjack deals the cards; the hand is then played at the table before its result. */}
        {button('spin', spinLabel(table), 'primary')}
        {button('void', 'Void…', 'danger')}
      </div>
      <div className="action-row">
        {button('auto', table.autoCycle ? 'Auto-cycle: on' : 'Auto-cycle: off', table.autoCycle ? 'toggled' : '')}
        {button('rotate', 'Rotate chain')}
        {/* From the next freeze on; a round already frozen keeps the beacon it fixed. */}
        {table.fairness === 'pf2' && button('beacon', table.beacon === null ? 'Public beacon: off' : 'Public beacon: on', table.beacon === null ? '' : 'toggled')}
      </div>
      {notes.length > 0 && (
        <ul className="action-notes muted" data-testid="action-notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <ErrorText error={act.error} />
    </div>
  );
}
