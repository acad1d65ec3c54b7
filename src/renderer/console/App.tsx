// The console's frame: header, tables sidebar and the selected table's
// panel. Owns the live WebSocket and the table selection.
import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, queryKeys } from './api.ts';
import { ErrorText } from './ErrorText.tsx';
import { Header } from './Header.tsx';
import { NewTableForm } from './NewTableForm.tsx';
import { TableList } from './TableList.tsx';
import { TablePanel } from './TablePanel.tsx';
import { UnauthorizedPage } from './UnauthorizedPage.tsx';
import { useOperatorLive } from './live.ts';
import { useUnauthorized } from './session.ts';
import { useSelectedTable } from './useSelectedTable.ts';

export function App() {
  const unauthorized = useUnauthorized();
  useOperatorLive();
  const tablesQuery = useQuery({ queryKey: queryKeys.tables, queryFn: api.tables, enabled: !unauthorized });
  const [selectedId, select] = useSelectedTable();
  const tables = tablesQuery.data?.tables ?? [];
  const selected = tables.find((table) => table.id === selectedId);

  // With nothing (or a vanished table) selected, show the first table rather than an empty page.
  const firstId = tables[0]?.id ?? null;
  useEffect(() => {
    if (tablesQuery.isSuccess && !selected && firstId !== null) select(firstId);
  }, [tablesQuery.isSuccess, selected, firstId, select]);

  if (unauthorized) return <UnauthorizedPage />;

  return (
    <div className="console">
      <Header />
      <aside className="sidebar">
        <section className="panel">
          <h2>Tables</h2>
          {tablesQuery.isPending && <p className="muted">Loading…</p>}
          <ErrorText error={tablesQuery.error} />
          <TableList tables={tables} selectedId={selected?.id ?? null} onSelect={select} />
        </section>
        <NewTableForm onCreated={select} />
      </aside>
      <main className="workspace">
        {selected ? (
          <TablePanel key={selected.id} table={selected} />
        ) : (
          <p className="muted empty">{tablesQuery.isSuccess ? 'No tables yet — create one on the left.' : ''}</p>
        )}
      </main>
    </div>
  );
}
