// The bets on each table's layout right now, rebuilt from the live
// bets.placed / bets.cancelled events. There is no REST endpoint for them,
// so when the console joins mid-round (or misses events while reconnecting)
// the set is marked incomplete until the next round opens.
import type { PlacedBet, TableEvent } from '../../shared/protocol.ts';
import { createStore } from './store.ts';

export type TableBets = {
  round: number;
  bets: ReadonlyMap<string, PlacedBet>;
  /** False when we may have missed some of this round's events. */
  complete: boolean;
};

type State = ReadonlyMap<string, TableBets>;

const store = createStore<State>(new Map());
const lastSeq = new Map<string, number>();

function update(tableId: string, next: TableBets | undefined): void {
  const copy = new Map(store.get());
  if (next) copy.set(tableId, next);
  else copy.delete(tableId);
  store.set(copy);
}

function betsWithout(bets: ReadonlyMap<string, PlacedBet>, keep: (bet: PlacedBet) => boolean): Map<string, PlacedBet> {
  const kept = new Map<string, PlacedBet>();
  for (const [betId, bet] of bets) if (keep(bet)) kept.set(betId, bet);
  return kept;
}

export function applyBetEvent(tableId: string, seq: number, event: TableEvent): void {
  const previousSeq = lastSeq.get(tableId);
  lastSeq.set(tableId, seq);
  let current = store.get().get(tableId);
  if (current && previousSeq !== undefined && seq !== previousSeq + 1) current = { ...current, complete: false };

  switch (event.kind) {
    case 'round.opened':
      update(tableId, { round: event.round, bets: new Map(), complete: true });
      return;
    case 'bets.placed': {
      const base = current && current.round === event.round ? current : { round: event.round, bets: new Map(), complete: false };
      const bets = new Map(base.bets);
      for (const bet of event.bets) bets.set(bet.betId, bet);
      update(tableId, { ...base, bets });
      return;
    }
    case 'bets.cancelled': {
      if (!current || current.round !== event.round) return;
      const cancelled = new Set(event.betIds);
      // An empty list means "all of this player's bets", as in the client request.
      const bets = betsWithout(current.bets, (bet) =>
        bet.playerId !== event.playerId || (cancelled.size > 0 && !cancelled.has(bet.betId)),
      );
      update(tableId, { ...current, bets });
      return;
    }
    case 'round.settled':
    case 'round.voided':
      // Settled or refunded: nothing is on the layout any more.
      update(tableId, { round: event.round, bets: new Map(), complete: true });
      return;
    case 'table.closed':
      update(tableId, undefined);
      lastSeq.delete(tableId);
      return;
    default:
      if (current !== store.get().get(tableId)) update(tableId, current);
  }
}

/** After a reconnect we cannot know what we missed. */
export function markAllIncomplete(): void {
  const copy = new Map<string, TableBets>();
  for (const [tableId, entry] of store.get()) copy.set(tableId, { ...entry, complete: false });
  lastSeq.clear();
  store.set(copy);
}

export function useTableBets(tableId: string): TableBets | undefined {
  return store.use().get(tableId);
}
