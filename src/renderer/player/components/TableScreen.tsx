// One table session on screen: starts the connection and lays out the table.
import type { JoinResponse } from '../../../shared/api.ts';
import { PlayerContext } from '../hooks/player-context.ts';
import { useTableSession } from '../hooks/use-table-session.ts';
import { TableLayout } from './TableLayout.tsx';

type Props = { session: JoinResponse; onSessionInvalid: (message: string) => void };

export function TableScreen({ session, onSessionInvalid }: Props) {
  const live = useTableSession(session, onSessionInvalid);
  return (
    <PlayerContext.Provider value={live}>
      <TableLayout />
    </PlayerContext.Provider>
  );
}
