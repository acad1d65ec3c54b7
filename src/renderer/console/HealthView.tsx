// Live health of the server: the numbers now, the last five minutes as
// small multiples (one chart per question a dealer or a technician asks),
// and who is slow. Samples arrive once a second, oldest first.
import { latencyAlertMs, type OperatorTable } from '../../shared/api.ts';
import { ErrorText } from './ErrorText.tsx';
import { clockTime, formatMetric, latencyAlertOf, useHealth } from './health.ts';
import { HealthChart } from './HealthChart.tsx';
import { HealthStat } from './HealthStat.tsx';
import { PlayerLatencyList } from './PlayerLatencyList.tsx';

const BLUE = '#3b6fd8';
const GREEN = '#3fb950';
const YELLOW = '#e0b341';
const RED = '#f85149';
const PURPLE = '#a371f7';

export function HealthView({ tables }: { tables: OperatorTable[] }) {
  const health = useHealth();
  const samples = health.data?.samples ?? [];
  const latest = samples.at(-1);
  const { alerting } = latencyAlertOf(health.data);

  return (
    <div className="health-view" data-testid="health-view">
      <div className="table-title">
        <h2>Live health</h2>
        <span className="muted">
          {latest ? `last ${samples.length} s · updated ${clockTime(latest.at)}` : health.isPending ? 'Loading…' : 'no samples yet'}
        </span>
        <ErrorText error={health.error} />
      </div>
      <div className="health-stats">
        <HealthStat label="Connections" testId="health-connections" value={formatMetric(latest?.connections ?? null)} />
        <HealthStat label="Messages in / s" testId="health-messages-in" value={formatMetric(latest?.messagesInPerSecond ?? null)} />
        <HealthStat label="Messages out / s" testId="health-messages-out" value={formatMetric(latest?.messagesOutPerSecond ?? null)} />
        <HealthStat label="Bets / s" testId="health-bets" value={formatMetric(latest?.betsPerSecond ?? null)} />
        <HealthStat label="Latency p50" testId="health-p50" value={formatMetric(latest?.latencyP50Ms ?? null, 'ms')} />
        <HealthStat
          label="Latency p99"
          testId="health-p99"
          value={formatMetric(latest?.latencyP99Ms ?? null, 'ms')}
          tone={alerting ? 'bad' : 'good'}
        />
        <HealthStat label="Event-loop lag p99" testId="health-loop-lag" value={formatMetric(latest?.eventLoopLagP99Ms ?? null, 'ms')} />
        <HealthStat
          label="Lagging clients"
          testId="health-lagging"
          value={formatMetric(latest?.laggingClients ?? null)}
          tone={(latest?.laggingClients ?? 0) > 0 ? 'warn' : ''}
        />
      </div>
      <div className="health-charts">
        <HealthChart
          title="Connections"
          testId="health-chart-connections"
          samples={samples}
          series={[
            { key: 'connections', name: 'Connected', color: BLUE, area: true },
            { key: 'laggingClients', name: 'Lagging', color: YELLOW },
          ]}
        />
        <HealthChart
          title="Messages per second"
          testId="health-chart-messages"
          samples={samples}
          series={[
            { key: 'messagesInPerSecond', name: 'In', color: GREEN },
            { key: 'messagesOutPerSecond', name: 'Out', color: BLUE },
          ]}
        />
        <HealthChart
          title="Bets per second"
          testId="health-chart-bets"
          samples={samples}
          series={[{ key: 'betsPerSecond', name: 'Bets', color: YELLOW, area: true }]}
        />
        <HealthChart
          title="Latency"
          testId="health-chart-latency"
          samples={samples}
          unit="ms"
          alertAt={latencyAlertMs}
          series={[
            { key: 'latencyP50Ms', name: 'p50', color: GREEN },
            { key: 'latencyP99Ms', name: 'p99', color: RED },
          ]}
        />
        <HealthChart
          title="Event-loop lag p99"
          testId="health-chart-loop-lag"
          samples={samples}
          unit="ms"
          series={[{ key: 'eventLoopLagP99Ms', name: 'Lag p99', color: PURPLE, area: true }]}
        />
      </div>
      <PlayerLatencyList players={health.data?.players ?? []} tables={tables} />
    </div>
  );
}
