// The console's frame: header, tables sidebar and the workspace, which shows
// the selected table's panel (the default), live health or the audit. Owns
// the live WebSocket, the table selection and the current view.
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
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
import type { ConsoleView } from './ViewTabs.tsx';

// Loaded on first use: a dealer who never opens them never downloads them.
const HealthView = lazy(() => import('./HealthView.tsx').then((module) => ({ default: module.HealthView })));
const AuditView = lazy(() => import('./AuditView.tsx').then((module) => ({ default: module.AuditView })));

export function App() {
  const unauthorized = useUnauthorized();
  useOperatorLive();
  const tablesQuery = useQuery({ queryKey: queryKeys.tables, queryFn: api.tables, enabled: !unauthorized });
  const [selectedId, select] = useSelectedTable();
  const [view, setView] = useState<ConsoleView>('tables');
  // Picking a table in the sidebar always brings its panel up, whatever view was open.
  const openTable = useCallback(
    (tableId: string) => {
      select(tableId);
      setView('tables');
    },
    [select],
  );
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
      <Header view={view} onView={setView} />
      <aside className="sidebar">
        <section className="panel">
          <h2>Tables</h2>
          {tablesQuery.isPending && <p className="muted">Loading…</p>}
          <ErrorText error={tablesQuery.error} />
          <TableList tables={tables} selectedId={selected?.id ?? null} onSelect={openTable} />
        </section>
        <NewTableForm onCreated={openTable} />
      </aside>
      <main className="workspace">
        {view === 'health' ? (
          <Suspense fallback={<p className="muted empty">Loading…</p>}>
            <HealthView tables={tables} />
          </Suspense>
        ) : view === 'audit' ? (
          <Suspense fallback={<p className="muted empty">Loading…</p>}>
            <AuditView tables={tables} defaultTableId={selected?.id ?? null} />
          </Suspense>
        ) : selected ? (
          <TablePanel key={selected.id} table={selected} />
        ) : (
          <p className="muted empty">{tablesQuery.isSuccess ? 'No tables yet — create one on the left.' : ''}</p>
        )}
      </main>
    </div>
  );
}
