// The bets on the layout right now, totalled per spot and per player, from
// the live event stream (see liveBets.ts for why it can be incomplete).
import { useMemo } from 'react';
import type { OperatorTable } from '../../shared/api.ts';
import { formatMinor } from '../../shared/money.ts';
import { spotName } from '../../shared/games/spot-names.ts';
import type { PlacedBet } from '../../shared/protocol.ts';
import { roundInFlight } from '../../shared/round-actions.ts';
import { useTableBets } from './liveBets.ts';
import { tablePhase } from './roundActions.ts';

type Total = { key: string; label: string; amountMinor: number; count: number };

function totalsBy(bets: Iterable<PlacedBet>, keyOf: (bet: PlacedBet) => string, labelOf: (bet: PlacedBet) => string): Total[] {
  const totals = new Map<string, Total>();
  for (const bet of bets) {
    const key = keyOf(bet);
    const total = totals.get(key) ?? { key, label: labelOf(bet), amountMinor: 0, count: 0 };
    total.amountMinor += bet.amountMinor;
    total.count += 1;
    totals.set(key, total);
  }
  return [...totals.values()].sort((a, b) => b.amountMinor - a.amountMinor || a.label.localeCompare(b.label));
}

function TotalsTable({ title, totals }: { title: string; totals: Total[] }) {
  return (
    <table className="grid compact">
      <thead>
        <tr>
          <th>{title}</th>
          <th className="num">Bets</th>
          <th className="num">Total</th>
        </tr>
      </thead>
      <tbody>
        {totals.map((total) => (
          <tr key={total.key}>
            <td>{total.label}</td>
            <td className="num">{total.count}</td>
            <td className="num">{formatMinor(total.amountMinor)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LiveBetsPanel({ table }: { table: OperatorTable }) {
  const entry = useTableBets(table.id);
  const phase = tablePhase(table);
  const current = entry && table.round && entry.round === table.round.round ? entry : undefined;
  const bets = useMemo(() => [...(current?.bets.values() ?? [])], [current]);
  // Spots read as players read them ("Corner 17/18/20/21", "Behind seat 3"), not as protocol ids.
  const bySpot = useMemo(() => totalsBy(bets, (bet) => bet.spot, (bet) => spotName(bet.spot, table.game)), [bets, table.game]);
  const byPlayer = useMemo(() => totalsBy(bets, (bet) => bet.playerId, (bet) => bet.playerName), [bets]);
  const totalMinor = bets.reduce((sum, bet) => sum + bet.amountMinor, 0);

  return (
    <section className="panel live-bets" data-testid="live-bets">
      <h3>
        On the layout <span className="muted">{bets.length} bets · {formatMinor(totalMinor, table.limits.currency)}</span>
      </h3>
      {current && !current.complete && roundInFlight(phase) && (
        <p className="warning">Joined mid-round or missed events: bets placed earlier may be missing (the Players “On table” column is exact).</p>
      )}
      {bets.length === 0 ? (
        <p className="muted">No live bets.</p>
      ) : (
        <div className="split">
          <TotalsTable title="Spot" totals={bySpot} />
          <TotalsTable title="Player" totals={byPlayer} />
        </div>
      )}
    </section>
  );
}
