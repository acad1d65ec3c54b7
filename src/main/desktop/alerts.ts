// Notifications for what the dealer must not miss even with the window
// hidden: a player who dropped while their chips are on the layout, and
// player latency going bad. The shell checks the live server state once a
// second instead of relying on the page, because a hidden page is throttled
// (the console stops polling health while hidden).
import { latencyAlertMs } from '../../shared/api.ts';
import { formatMinor } from '../../shared/money.ts';
import { percentile } from '../../shared/percentile.ts';
import type { TableLike } from './table-status.ts';

export type AlertTable = TableLike & { stakesByPlayer(): Map<string, number> };

/** The slice of the server's Services the watcher reads (Services satisfies it). */
export type AlertSource = {
  tables: { all(): readonly AlertTable[] };
  players: { byId(playerId: string): { name: string } | null };
  gateway: { isConnected(playerId: string): boolean; latencies(): number[] };
};

export type Alert = { title: string; body: string };

/** The console's alert threshold (shared/api.ts); re-armed only once p99 is well below it, so it never flaps. */
export const latencyClearMs = latencyAlertMs * 0.8;

export type AlertWatcher = {
  /**
   * The notifications due now. While the console is visible it raises the
   * latency alert itself (LatencyAlert.tsx), so then the watcher only keeps
   * track, and a crossing already announced there is not announced twice.
   */
  check(context: { consoleVisible: boolean }): Alert[];
};

export function createAlertWatcher(source: AlertSource): AlertWatcher {
  // One notification per player per round, however often they flap.
  let notified = new Set<string>();
  let latencyHigh = false;

  function stakeAlerts(): Alert[] {
    const alerts: Alert[] = [];
    const liveRounds = new Set<string>();
    for (const table of source.tables.all()) {
      const round = table.roundView()?.round;
      if (round === undefined || !table.roundInFlight) continue;
      const roundKey = `${table.id}/${round}`;
      liveRounds.add(roundKey);
      for (const [playerId, stakeMinor] of table.stakesByPlayer()) {
        const key = `${roundKey}/${playerId}`;
        if (stakeMinor <= 0 || notified.has(key) || source.gateway.isConnected(playerId)) continue;
        notified.add(key);
        const name = source.players.byId(playerId)?.name ?? 'A player';
        alerts.push({
          title: `${name} disconnected with chips on the table`,
          body: `${formatMinor(stakeMinor, table.config.currency)} on ${table.name}, round ${round}.`,
        });
      }
    }
    // Forget rounds that are over, so the set never grows with the table's age.
    notified = new Set([...notified].filter((key) => liveRounds.has(key.slice(0, key.lastIndexOf('/')))));
    return alerts;
  }

  function latencyAlerts(consoleVisible: boolean): Alert[] {
    const samples = source.gateway.latencies();
    const p99 = percentile(samples, 0.99);
    if (p99 === null) {
      latencyHigh = false;
      return [];
    }
    if (!latencyHigh && p99 > latencyAlertMs) {
      latencyHigh = true;
      if (consoleVisible) return [];
      return [{ title: 'Player latency is high', body: `p99 round trip ${Math.round(p99)} ms across ${samples.length} connected players.` }];
    }
    if (latencyHigh && p99 < latencyClearMs) latencyHigh = false;
    return [];
  }

  return { check: ({ consoleVisible }) => [...stakeAlerts(), ...latencyAlerts(consoleVisible)] };
}
