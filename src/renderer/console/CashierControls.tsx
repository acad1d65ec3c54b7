// Chips in / chips out for one player. Each click gets a fresh idempotency
// key; when the outcome of a click is unknown (the network failed), the
// same key is reused for the retry, so the server moves the money once.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CashierRequest, OperatorPlayer, OperatorPlayersResponse } from '../../shared/api.ts';
import { parseMajorToMinor } from '../../shared/money.ts';
import { api, isNetworkFailure, queryKeys } from './api.ts';
import { ErrorText } from './ErrorText.tsx';

type Direction = CashierRequest['direction'];

const DEFAULT_NOTE: Record<Direction, string> = { credit: 'Chips in', debit: 'Chips out' };
/** Automatic retries of one click; they carry the same key, so they are safe. */
const NETWORK_RETRIES = 2;

export function CashierControls({ player }: { player: OperatorPlayer }) {
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  // The request whose outcome we do not know; retried as-is if the operator clicks the same thing again.
  const [unresolved, setUnresolved] = useState<CashierRequest | null>(null);

  const cashier = useMutation({
    mutationFn: (body: CashierRequest) => api.cashier(player.playerId, body),
    retry: (failures, error) => isNetworkFailure(error) && failures < NETWORK_RETRIES,
    onSuccess: ({ balanceMinor }) => {
      setUnresolved(null);
      setAmount('');
      setNote('');
      queryClient.setQueryData<OperatorPlayersResponse>(queryKeys.players(player.tableId), (previous) =>
        previous && {
          players: previous.players.map((row) => (row.playerId === player.playerId ? { ...row, balanceMinor } : row)),
        },
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.players(player.tableId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.ledger });
    },
    onError: (error, body) => setUnresolved(isNetworkFailure(error) ? body : null),
  });

  const submit = (direction: Direction): void => {
    setInputError(null);
    const amountMinor = parseMajorToMinor(amount);
    if (amountMinor === null || amountMinor === 0) {
      setInputError('Enter an amount like 50.00');
      return;
    }
    const text = note.trim() || DEFAULT_NOTE[direction];
    const sameClick =
      unresolved !== null &&
      unresolved.direction === direction &&
      unresolved.amountMinor === amountMinor &&
      unresolved.note === text;
    cashier.mutate({
      direction,
      amountMinor,
      note: text,
      idempotencyKey: sameClick ? unresolved.idempotencyKey : crypto.randomUUID(),
    });
  };

  // After a network failure the money may or may not have moved; the same click is safe to repeat.
  const shownError = cashier.error && unresolved ? `${cashier.error.message} — click again to retry safely` : cashier.error;

  return (
    <div className="cashier row">
      <input
        data-testid="cashier-amount"
        className="amount"
        inputMode="decimal"
        placeholder="0.00"
        aria-label={`Amount for ${player.name}`}
        value={amount}
        onChange={(event) => setAmount(event.target.value)}
      />
      <input
        data-testid="cashier-note"
        className="note"
        placeholder="Note"
        maxLength={200}
        aria-label={`Note for ${player.name}`}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      <button type="button" className="go" data-testid="cashier-credit" disabled={cashier.isPending} onClick={() => submit('credit')}>
        Credit
      </button>
      <button type="button" className="danger" data-testid="cashier-debit" disabled={cashier.isPending} onClick={() => submit('debit')}>
        Debit
      </button>
      <ErrorText error={inputError ?? shownError} />
    </div>
  );
}
