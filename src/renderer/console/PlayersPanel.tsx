// The players seated at the selected table. Polled every 2 s on top of the
// live invalidations, because latency changes without any event saying so.
import { useQuery } from '@tanstack/react-query';
import { api, queryKeys } from './api.ts';
import { ErrorText } from './ErrorText.tsx';
import { PlayerRow } from './PlayerRow.tsx';

const POLL_MS = 2_000;

export function PlayersPanel({ tableId, currency }: { tableId: string; currency: string }) {
  const players = useQuery({
    queryKey: queryKeys.players(tableId),
    queryFn: () => api.players(tableId),
    refetchInterval: POLL_MS,
  });
  const list = players.data?.players ?? [];
  const connected = list.filter((player) => player.connected).length;

  return (
    <section className="panel players">
      <h3>
        Players <span className="muted">{connected} connected · {list.length} seated</span>
      </h3>
      <ErrorText error={players.error} />
      <table className="grid">
        <thead>
          <tr>
            <th aria-label="Connected" />
            <th>Name</th>
            <th className="num">Balance ({currency})</th>
            <th className="num">On table</th>
            <th className="num">Latency</th>
            <th>Flags</th>
            <th>Cashier</th>
            <th>Moderation</th>
          </tr>
        </thead>
        <tbody>
          {list.map((player) => (
            <PlayerRow key={player.playerId} player={player} />
          ))}
          {players.isSuccess && list.length === 0 && (
            <tr>
              <td colSpan={8} className="muted">
                Nobody has joined yet — share the invite.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
