// Closing a table is irreversible, so it takes two clicks (no window.confirm:
// it blocks the page and the live updates behind it).
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { OperatorTable } from '../../shared/api.ts';
import { roundInFlight } from '../../shared/round-actions.ts';
import { api, queryKeys } from './api.ts';
import { ErrorText } from './ErrorText.tsx';
import { tablePhase } from './roundActions.ts';

export function CloseTableButton({ table }: { table: OperatorTable }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const close = useMutation({
    mutationFn: () => api.closeTable(table.id),
    onSettled: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.tables });
    },
  });
  const inFlight = roundInFlight(tablePhase(table));
  if (!table.open) return null;

  return (
    <span className="row">
      {confirming ? (
        <>
          <button type="button" className="danger" disabled={close.isPending} onClick={() => close.mutate()}>
            Confirm close
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button
          type="button"
          disabled={inFlight}
          title={inFlight ? 'Finish or void the round first' : 'Close this table'}
          onClick={() => {
            close.reset();
            setConfirming(true);
          }}
        >
          Close table
        </button>
      )}
      <ErrorText error={close.error} />
    </span>
  );
}
