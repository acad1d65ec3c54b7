// The console's dealer actions and their hotkeys, so the buttons and the
// hotkeys can never disagree. Which are legal in which phase is the shared
// definition the server enforces (shared/round-actions.ts); this only keeps
// the dealer from pressing buttons that would fail.
import type { OperatorTable } from '../../shared/api.ts';
import type { Phase } from '../../shared/protocol.ts';
import { isLegalInPhase, type PhaseAction } from '../../shared/round-actions.ts';

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

const phaseActions: Record<Exclude<DealerAction, 'auto'>, PhaseAction> = {
  open: 'open',
  close: 'close',
  spin: 'spin',
  void: 'void',
  rotate: 'rotate-chain',
};

export function isActionLegal(action: DealerAction, table: OperatorTable): boolean {
  if (!table.open) return false;
  if (action === 'auto') return true;
  return isLegalInPhase(phaseActions[action], tablePhase(table));
}
