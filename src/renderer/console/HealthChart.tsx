// One small multiple of the health view: a few series of the per-second
// samples over the last minutes, oldest on the left, with the latest value of
// each in the title so the number is readable without hovering.
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HealthSample } from '../../shared/api.ts';
import { clockTime, formatMetric, niceAxis } from './health.ts';

export type HealthMetric = Exclude<keyof HealthSample, 'at'>;
export type HealthSeries = { key: HealthMetric; name: string; color: string; area?: boolean };

type Props = {
  title: string;
  testId: string;
  samples: HealthSample[];
  series: HealthSeries[];
  unit?: string;
  /** A dashed red line at this value (the latency alert threshold); the y axis always reaches past it. */
  alertAt?: number;
};

const AXIS = '#8a94a8';
const ALERT = '#f85149';

export function HealthChart({ title, testId, samples, series, unit = '', alertAt }: Props) {
  const latest = samples.at(-1);
  // Round ticks, and with a threshold the axis always reaches past it so the line is in view.
  let dataMax = 0;
  for (const sample of samples) for (const entry of series) dataMax = Math.max(dataMax, sample[entry.key] ?? 0);
  const axis = niceAxis(alertAt === undefined ? dataMax : Math.max(dataMax, alertAt * 1.2));
  return (
    <section className="panel health-chart" data-testid={testId}>
      <h3>
        {title}
        {series.map((entry) => (
          <span key={entry.key} className="health-latest" style={{ color: entry.color }}>
            {series.length > 1 ? `${entry.name} ` : ''}
            {formatMetric(latest ? latest[entry.key] : null, unit)}
          </span>
        ))}
      </h3>
      <ResponsiveContainer width="100%" height={150}>
        <ComposedChart data={samples} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#2a3140" vertical={false} />
          <XAxis
            dataKey="at"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={clockTime}
            stroke={AXIS}
            fontSize={11}
            minTickGap={40}
          />
          <YAxis
            stroke={AXIS}
            fontSize={11}
            width={44}
            domain={[0, axis.top]}
            ticks={axis.ticks}
            interval={0}
            tickFormatter={(value: number) => formatMetric(value)}
          />
          <Tooltip
            contentStyle={{ background: '#161b24', border: '1px solid #2a3140', fontSize: 12 }}
            labelFormatter={(at) => (typeof at === 'number' ? clockTime(at) : String(at))}
            formatter={(value) => (typeof value === 'number' ? formatMetric(value, unit) : '—')}
          />
          {alertAt !== undefined && (
            <ReferenceLine
              y={alertAt}
              stroke={ALERT}
              strokeDasharray="4 3"
              label={{ value: `${alertAt} ${unit}`.trim(), position: 'insideTopLeft', fill: ALERT, fontSize: 11 }}
            />
          )}
          {series.map((entry) =>
            entry.area ? (
              <Area
                key={entry.key}
                dataKey={entry.key}
                name={entry.name}
                stroke={entry.color}
                fill={entry.color}
                fillOpacity={0.2}
                strokeWidth={1.5}
                dot={false}
                isAnimationActive={false}
              />
            ) : (
              <Line
                key={entry.key}
                dataKey={entry.key}
                name={entry.name}
                stroke={entry.color}
                strokeWidth={1.5}
                dot={false}
                isAnimationActive={false}
              />
            ),
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </section>
  );
}
