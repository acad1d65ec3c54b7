// Stakes (bars) and house win (line) per round, oldest on the left. Values
// stay in integer minor units; only the axis and tooltip format them.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RoundSummary } from '../../shared/api.ts';
import { formatMinor } from '../../shared/money.ts';

type Props = { rounds: RoundSummary[]; currency: string; stakeMinor: number; houseWinMinor: number };

/** Axis ticks need to be short: exact below 1,000.00, then "1.2k" / "3.4M" (display only, never parsed back). */
function compact(minor: number): string {
  const major = minor / 100;
  if (Math.abs(major) >= 1_000_000) return `${(major / 1_000_000).toFixed(1)}M`;
  if (Math.abs(major) >= 1_000) return `${(major / 1_000).toFixed(1)}k`;
  return formatMinor(minor);
}

export function RoundChart({ rounds, currency, stakeMinor, houseWinMinor }: Props) {
  const data = [...rounds].reverse().map((round) => ({
    round: round.round,
    stakeMinor: round.stakeMinor,
    houseWinMinor: round.houseWinMinor,
  }));
  return (
    <div className="chart">
      <div className="chart-totals">
        <span>
          Stakes <strong>{formatMinor(stakeMinor, currency)}</strong>
        </span>
        <span>
          House win <strong className={houseWinMinor < 0 ? 'bad' : 'good'}>{formatMinor(houseWinMinor, currency)}</strong>
        </span>
      </div>
      <ResponsiveContainer width="100%" height={180}>
        <ComposedChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#2a3140" vertical={false} />
          <XAxis dataKey="round" stroke="#8a94a8" fontSize={11} />
          <YAxis stroke="#8a94a8" fontSize={11} width={56} allowDecimals={false} tickFormatter={compact} />
          <Tooltip
            contentStyle={{ background: '#161b24', border: '1px solid #2a3140', fontSize: 12 }}
            labelFormatter={(round) => `Round #${String(round)}`}
            formatter={(value) => (typeof value === 'number' ? formatMinor(value, currency) : String(value))}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine y={0} stroke="#8a94a8" />
          <Bar dataKey="stakeMinor" name="Stakes" fill="#3b6fd8" maxBarSize={28} isAnimationActive={false} />
          <Line dataKey="houseWinMinor" name="House win" stroke="#e0b341" dot={false} strokeWidth={2} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
