// The withheld counts of each pf2 table's recent rounds, fed by the live
// round.revealed events (and by a snapshot's reveal set when the console
// joins after it), so a dealer sees a bettor who keeps withholding rather
// than only the round in play. No REST endpoint lists them; the rounds
// history does not carry pf2's counts.
import type { TableEvent, WireStatement } from '../../shared/protocol.ts';
import { revealOf, withReveal, type Pf2Reveal } from './pf2.ts';
import { createStore } from './store.ts';

/** Rounds kept per table: enough to see a pattern, few enough to read at a glance. */
export const RECENT_REVEALS = 10;

const store = createStore<ReadonlyMap<string, readonly Pf2Reveal[]>>(new Map());

/** Records one round's reveal set for a table; a statement without its counts is ignored. */
export function recordReveal(tableId: string, round: number, statement: WireStatement | null): void {
  const reveal = revealOf(round, statement);
  if (reveal === null) return;
  const current = store.get();
  const recent = current.get(tableId) ?? [];
  const known = recent.find((entry) => entry.round === round);
  if (known && known.revealed === reveal.revealed && known.withheld === reveal.withheld) return;
  const copy = new Map(current);
  copy.set(tableId, withReveal(recent, reveal, RECENT_REVEALS));
  store.set(copy);
}

export function applyPf2Event(tableId: string, event: TableEvent): void {
  if (event.kind === 'round.revealed') recordReveal(tableId, event.round, event.statement);
  else if (event.kind === 'table.closed') {
    const copy = new Map(store.get());
    copy.delete(tableId);
    store.set(copy);
  }
}

const none: readonly Pf2Reveal[] = [];

export function useRecentReveals(tableId: string): readonly Pf2Reveal[] {
  return store.use().get(tableId) ?? none;
}
