// Starts an export of one table's finished rounds in a time range (the last
// 24 hours unless changed). The server writes the folder: under its data
// folder by default, or, in the desktop app, wherever the dealer picks in
// the native save dialog.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { OperatorTable } from '../../shared/api.ts';
import type { StartExportRequest } from '../../shared/audit-api.ts';
import { api } from './api.ts';
import { trackAuditJob } from './audit.ts';
import { fromDatetimeLocal, toDatetimeLocal } from './datetimeLocal.ts';
import { ErrorText } from './ErrorText.tsx';

const DAY_MS = 24 * 60 * 60 * 1000;

type Props = { tables: OperatorTable[]; defaultTableId: string | null };

/** The request for the form's fields, or throws a message for the operator. */
function toRequest(tableId: string, from: string, to: string): StartExportRequest {
  if (tableId === '') throw new Error('Choose a table to export');
  const fromAt = fromDatetimeLocal(from);
  const toAt = fromDatetimeLocal(to);
  if (fromAt === null) throw new Error('From: enter a date and time');
  if (toAt === null) throw new Error('To: enter a date and time');
  if (toAt <= fromAt) throw new Error('To must be after From');
  return { tableId, from: new Date(fromAt).toISOString(), to: new Date(toAt).toISOString() };
}

export function AuditExportForm({ tables, defaultTableId }: Props) {
  const queryClient = useQueryClient();
  const [chosenTableId, setTableId] = useState('');
  const [range, setRange] = useState(() => {
    const now = Date.now();
    // "To" rounds up to the next minute, so the round that just finished is in.
    return { from: toDatetimeLocal(now - DAY_MS), to: toDatetimeLocal(now + 60_000) };
  });
  const [formError, setFormError] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: api.startExport,
    onSuccess: ({ job }) => trackAuditJob(queryClient, job),
  });
  const bridge = window.pitbossDesktop;
  const canChooseFolder = typeof bridge?.saveExport === 'function';
  const tableId = chosenTableId || defaultTableId || tables[0]?.id || '';

  const begin = async (chooseFolder: boolean): Promise<void> => {
    setFormError(null);
    start.reset();
    let request: StartExportRequest;
    try {
      request = toRequest(tableId, range.from, range.to);
    } catch (error) {
      setFormError(error instanceof Error ? error.message : String(error));
      return;
    }
    if (chooseFolder && bridge) {
      const table = tables.find((candidate) => candidate.id === tableId);
      const suggested = `pitboss-audit-${table?.name ?? tableId}-${range.from.slice(0, 10)}-to-${range.to.slice(0, 10)}`;
      let dir: string | null;
      try {
        dir = await bridge.saveExport(suggested);
      } catch (error) {
        setFormError(`The save dialog failed: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (dir === null) return; // cancelled
      request = { ...request, dir };
    }
    start.mutate(request);
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void begin(canChooseFolder);
  };

  return (
    <form className="panel audit-form" onSubmit={submit} data-testid="audit-export-form">
      <h3>Export</h3>
      <label className="wide">
        Table
        <select data-testid="audit-export-table" value={tableId} onChange={(event) => setTableId(event.target.value)}>
          {tables.length === 0 && <option value="">No tables</option>}
          {tables.map((table) => (
            <option key={table.id} value={table.id}>
              {table.name}
              {table.open ? '' : ' (closed)'}
            </option>
          ))}
        </select>
      </label>
      <label>
        From
        <input
          type="datetime-local"
          data-testid="audit-export-from"
          value={range.from}
          onChange={(event) => setRange((current) => ({ ...current, from: event.target.value }))}
        />
      </label>
      <label>
        To
        <input
          type="datetime-local"
          data-testid="audit-export-to"
          value={range.to}
          onChange={(event) => setRange((current) => ({ ...current, to: event.target.value }))}
        />
      </label>
      <p className="muted wide">
        Rounds that finished in the range (local time), as records.jsonl, rounds.csv, bets.csv and transfers.csv, with a manifest signed by the key above.
      </p>
      <div className="wide row">
        <button type="submit" className="primary" data-testid="audit-export-submit" disabled={start.isPending || tables.length === 0}>
          {start.isPending ? 'Starting…' : canChooseFolder ? 'Export to folder…' : 'Export'}
        </button>
        {canChooseFolder && (
          <button type="button" data-testid="audit-export-default" disabled={start.isPending || tables.length === 0} onClick={() => void begin(false)}>
            Export to the data folder
          </button>
        )}
        <ErrorText error={formError ?? start.error} />
      </div>
    </form>
  );
}
