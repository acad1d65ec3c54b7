// A table's results history (the last results shown beside the layout) from
// its stored rounds: the one rule both the public history route and the
// table's snapshot use, so the two can never show different lists. Pure.
import { Limits, Phase, type HistoryEntry, type Outcome } from './protocol.ts';

/** What the rule reads of a stored round. */
export type HistoryRound = { number: number; phase: string; outcome: Outcome | null; settledAt: number | null };

/**
 * Settled rounds only, each at the time it settled; voided and unfinished
 * rounds are not results. `newestFirst` is the table's latest rounds as the
 * store reads them (number descending); the history is oldest first, at most
 * Limits.historyLength entries.
 */
export function historyOf(newestFirst: readonly HistoryRound[]): HistoryEntry[] {
  const history: HistoryEntry[] = [];
  for (const round of newestFirst) {
    if (history.length === Limits.historyLength) break;
    if (round.phase !== Phase.Settled || round.outcome === null || round.settledAt === null) continue;
    history.push({ round: round.number, outcome: round.outcome, settledAt: round.settledAt });
  }
  return history.reverse();
}
