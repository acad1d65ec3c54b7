// Every connected player's round trip right now, worst first: the 50 worst
// as bars (a thousand rows would help nobody), and how many more there are.
import { latencyAlertMs, type HealthResponse, type OperatorTable } from '../../shared/api.ts';
import { formatMetric } from './health.ts';

export const SHOWN_PLAYERS = 50;

type Props = { players: HealthResponse['players']; tables: OperatorTable[] };

/** Slowest first; players not measured yet (no pong so far) last. */
function worstFirst(left: HealthResponse['players'][number], right: HealthResponse['players'][number]): number {
  if (left.latencyMs === right.latencyMs) return left.name.localeCompare(right.name);
  if (left.latencyMs === null) return 1;
  if (right.latencyMs === null) return -1;
  return right.latencyMs - left.latencyMs;
}

function band(latencyMs: number | null): string {
  if (latencyMs === null) return 'muted';
  if (latencyMs > latencyAlertMs) return 'bad';
  if (latencyMs > latencyAlertMs / 2) return 'warn';
  return 'good';
}

export function PlayerLatencyList({ players, tables }: Props) {
  const sorted = [...players].sort(worstFirst);
  const shown = sorted.slice(0, SHOWN_PLAYERS);
  const rest = sorted.length - shown.length;
  const above = players.filter((player) => player.latencyMs !== null && player.latencyMs > latencyAlertMs).length;
  const worst = shown[0]?.latencyMs ?? 0;
  // The scale always shows the threshold, so short bars mean "fine" at a glance.
  const scaleMs = Math.max(worst, latencyAlertMs * 1.5);
  const floorMs = shown.at(-1)?.latencyMs ?? null;
  const tableName = new Map(tables.map((table) => [table.id, table.name]));

  return (
    <section className="panel player-latency" data-testid="player-latency">
      <h3>
        Latency per player
        <span className="muted">
          {players.length} connected · <span className={above > 0 ? 'bad' : ''}>{above} above {latencyAlertMs} ms</span>
        </span>
      </h3>
      {players.length === 0 ? (
        <p className="muted">No players connected.</p>
      ) : (
        <table className="grid compact">
          <thead>
            <tr>
              <th>Player</th>
              <th>Table</th>
              <th className="latency-bar-cell">Round trip</th>
              <th className="num">ms</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((player) => (
              <tr key={player.playerId} data-testid="player-latency-row" data-player-name={player.name} data-latency-ms={player.latencyMs ?? ''}>
                <td>{player.name}</td>
                <td className="muted">{tableName.get(player.tableId) ?? player.tableId}</td>
                <td className="latency-bar-cell">
                  <span
                    className={`latency-bar ${band(player.latencyMs)}`}
                    style={{ width: `${Math.min(100, ((player.latencyMs ?? 0) / scaleMs) * 100)}%` }}
                  />
                  <span className="latency-threshold" style={{ left: `${(latencyAlertMs / scaleMs) * 100}%` }} />
                </td>
                <td className={`num ${band(player.latencyMs)}`}>{player.latencyMs === null ? 'not measured' : formatMetric(player.latencyMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rest > 0 && (
        <p className="muted" data-testid="player-latency-rest">
          and {rest.toLocaleString('en-US')} more player{rest === 1 ? '' : 's'}
          {floorMs === null ? ', not measured yet' : `, none slower than ${formatMetric(floorMs, 'ms')}`}
        </p>
      )}
    </section>
  );
}
