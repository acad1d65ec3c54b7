// Hot and cold numbers over the results on screen. Every pocket counts, so a
// number that has not come up at all is the coldest there is.
import type { HistoryEntry } from '../../../shared/protocol.ts';
import { POCKET_COUNT } from '../../../shared/games/roulette.ts';
import { pocketOf } from './pocket-of.ts';

export type PocketFrequency = { pocket: number; count: number };
export type HotCold = { hot: PocketFrequency[]; cold: PocketFrequency[] };

export const HOT_COLD_SIZE = 5;

/** history is newest first; ties go to the more recent number (hot) or the one missing longest (cold). */
export function hotAndCold(history: readonly HistoryEntry[], size = HOT_COLD_SIZE): HotCold {
  const count = new Array<number>(POCKET_COUNT).fill(0);
  // Index (0 = newest) of each pocket's latest appearance; Infinity means never.
  const lastSeen = new Array<number>(POCKET_COUNT).fill(Number.POSITIVE_INFINITY);
  history.forEach((entry, index) => {
    const pocket = pocketOf(entry.outcome);
    if (pocket === null || !Number.isInteger(pocket) || pocket < 0 || pocket >= POCKET_COUNT) return;
    count[pocket] = (count[pocket] ?? 0) + 1;
    lastSeen[pocket] = Math.min(lastSeen[pocket] ?? Number.POSITIVE_INFINITY, index);
  });
  const all = count.map((times, pocket) => ({ pocket, count: times, lastSeen: lastSeen[pocket] ?? 0 }));
  const hot = all
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count || a.lastSeen - b.lastSeen || a.pocket - b.pocket)
    .slice(0, size);
  const cold = [...all]
    .sort((a, b) => a.count - b.count || b.lastSeen - a.lastSeen || a.pocket - b.pocket)
    .slice(0, size);
  const strip = ({ pocket, count: times }: { pocket: number; count: number }): PocketFrequency => ({ pocket, count: times });
  return { hot: hot.map(strip), cold: cold.map(strip) };
}
