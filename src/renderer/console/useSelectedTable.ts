// The selected table lives in the URL hash (#table=<id>), so a reload or a
// bookmarked console tab comes back to the same table.
import { useCallback, useEffect, useState } from 'react';

function readHash(): string | null {
  const params = new URLSearchParams(location.hash.slice(1));
  return params.get('table');
}

export function useSelectedTable(): [string | null, (tableId: string | null) => void] {
  const [selected, setSelected] = useState<string | null>(readHash);

  useEffect(() => {
    const onHashChange = (): void => setSelected(readHash());
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const select = useCallback((tableId: string | null) => {
    setSelected(tableId);
    // replaceState: switching tables should not fill the back button's history.
    const hash = tableId === null ? '' : `#${new URLSearchParams({ table: tableId }).toString()}`;
    history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
  }, []);

  return [selected, select];
}
