// Writes a table returned by a mutation straight into the cached table list,
// so the round panel reflects the dealer's click before the refetch lands.
import type { QueryClient } from '@tanstack/react-query';
import type { OperatorTable, OperatorTablesResponse } from '../../shared/api.ts';
import { queryKeys } from './api.ts';

export function putTable(queryClient: QueryClient, table: OperatorTable): void {
  queryClient.setQueryData<OperatorTablesResponse>(queryKeys.tables, (previous) => {
    if (!previous) return { tables: [table] };
    const known = previous.tables.some((existing) => existing.id === table.id);
    return {
      tables: known ? previous.tables.map((existing) => (existing.id === table.id ? table : existing)) : [...previous.tables, table],
    };
  });
  void queryClient.invalidateQueries({ queryKey: queryKeys.tables });
}
