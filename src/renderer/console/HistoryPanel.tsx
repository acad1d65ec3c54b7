// The last rounds of the selected table: a chart of stakes and house win,
// then the table of rounds. One query feeds both.
import { useQuery } from '@tanstack/react-query';
import { api, HISTORY_LIMIT, queryKeys } from './api.ts';
import { ErrorText } from './ErrorText.tsx';
import { RoundChart } from './RoundChart.tsx';
import { RoundHistoryTable } from './RoundHistoryTable.tsx';

export function HistoryPanel({ tableId, currency }: { tableId: string; currency: string }) {
  const rounds = useQuery({ queryKey: queryKeys.rounds(tableId), queryFn: () => api.rounds(tableId) });
  const list = rounds.data?.rounds ?? [];
  const stakeMinor = list.reduce((sum, round) => sum + round.stakeMinor, 0);
  const houseWinMinor = list.reduce((sum, round) => sum + round.houseWinMinor, 0);

  return (
    <section className="panel history">
      <h3>
        History <span className="muted">last {HISTORY_LIMIT} rounds</span>
      </h3>
      <ErrorText error={rounds.error} />
      <RoundChart rounds={list} currency={currency} stakeMinor={stakeMinor} houseWinMinor={houseWinMinor} />
      <RoundHistoryTable rounds={list} />
    </section>
  );
}
