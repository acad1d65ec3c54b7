// Which dealer actions are legal in which phase, in one place, so the
// buttons and the hotkeys can never disagree. The server enforces the same
// rules; this only keeps the dealer from pressing buttons that would fail.
import type { OperatorTable } from '../../shared/api.ts';
import type { Phase } from '../../shared/protocol.ts';

export type DealerAction = 'open' | 'close' | 'spin' | 'void' | 'auto' | 'rotate';

export const HOTKEYS: Partial<Record<DealerAction, string>> = {
  open: 'o',
  close: 'c',
  spin: 's',
  void: 'v',
  auto: 'a',
};

/** The phase shown for a table: 'idle' when it has never run a round. */
export function tablePhase(table: OperatorTable): Phase {
  return table.round?.phase ?? 'idle';
}

/** A round is in flight from betting until it is settled or voided (a blackjack hand in play included). */
export function roundInFlight(phase: Phase): boolean {
  return phase === 'betting' || phase === 'closed' || phase === 'playing' || phase === 'result';
}

export function isActionLegal(action: DealerAction, table: OperatorTable): boolean {
  if (!table.open) return false;
  const phase = tablePhase(table);
  switch (action) {
    case 'open':
      return !roundInFlight(phase);
    case 'close':
      return phase === 'betting';
    case 'spin':
      return phase === 'closed';
    case 'void':
      // A blackjack hand in play can still be taken back: every stake, doubles included, is refunded.
      return phase === 'betting' || phase === 'closed' || phase === 'playing';
    case 'auto':
      return true;
    case 'rotate':
      // The current commitment is already published to the players of a live round.
      return !roundInFlight(phase);
  }
}
