// One player: status, money, and the cashier and moderation controls.
import type { OperatorPlayer } from '../../shared/api.ts';
import { formatMinor } from '../../shared/money.ts';
import { CashierControls } from './CashierControls.tsx';
import { ModerationControls } from './ModerationControls.tsx';

/** Latency bands a dealer can read at a glance: fine, noticeable, bad. */
function latencyClass(latencyMs: number): string {
  if (latencyMs < 150) return 'good';
  if (latencyMs < 500) return 'warn';
  return 'bad';
}

export function PlayerRow({ player }: { player: OperatorPlayer }) {
  return (
    <tr data-testid="player-row" data-player-name={player.name} className={player.revoked ? 'revoked' : ''}>
      <td>
        <span className={player.connected ? 'dot online' : 'dot offline'} title={player.connected ? 'Connected' : 'Disconnected'} />
      </td>
      <td>{player.name}</td>
      <td className="num" data-testid="player-balance" data-balance-minor={player.balanceMinor}>
        {formatMinor(player.balanceMinor)}
      </td>
      <td className="num">{player.onTableMinor > 0 ? formatMinor(player.onTableMinor) : <span className="muted">—</span>}</td>
      <td className="num">
        {player.latencyMs === null ? (
          <span className="muted">—</span>
        ) : (
          <span className={latencyClass(player.latencyMs)}>{Math.round(player.latencyMs)} ms</span>
        )}
      </td>
      <td>
        {player.muted && <span className="badge badge-muted">muted</span>}
        {player.revoked && <span className="badge badge-closed">revoked</span>}
        {player.kickedUntil !== null && !player.revoked && (
          <span className="badge badge-muted" data-testid="player-kicked" title="Kept out of the table until then">
            kicked until {new Date(player.kickedUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
          </span>
        )}
      </td>
      <td>
        <CashierControls player={player} />
      </td>
      <td>
        <ModerationControls player={player} />
      </td>
    </tr>
  );
}
