// The console's dealer actions and their hotkeys, so the buttons and the
// hotkeys can never disagree. Which are legal in which phase is the shared
// definition the server enforces (shared/round-actions.ts); this only keeps
// the dealer from pressing buttons that would fail, and says why a button is
// greyed (at a pf2 table spin and void are refused for reasons of their own).
import { drawLabel } from '../../shared/games/draw-verb.ts';
import type { OperatorTable } from '../../shared/api.ts';
import type { Phase } from '../../shared/protocol.ts';
import { PF2_VOID_REFUSAL, actionRefusal, type PhaseAction } from '../../shared/round-actions.ts';

export type DealerAction = 'open' | 'close' | 'spin' | 'void' | 'auto' | 'rotate' | 'beacon';

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

const phaseActions: Record<Exclude<DealerAction, 'auto' | 'beacon'>, PhaseAction> = {
  open: 'open',
  close: 'close',
  spin: 'spin',
  void: 'void',
  rotate: 'rotate-chain',
};

/** Null when the table accepts the action now, else the reason it would refuse it, for the button's tooltip. */
export function actionRefusalFor(action: DealerAction, table: OperatorTable): string | null {
  if (!table.open) return 'the table is closed';
  if (action === 'auto') return null;
  // The beacon setting applies from the next freeze, so it may change in any phase (PF2.md §6).
  if (action === 'beacon') return table.fairness === 'pf2' ? null : 'only a pf2 table takes a public beacon';
  return actionRefusal(phaseActions[action], tablePhase(table), table.fairness, table.game);
}

export function isActionLegal(action: DealerAction, table: OperatorTable): boolean {
  return actionRefusalFor(action, table) === null;
}

/**
 * The lines a pf2 table shows under its buttons, so the dealer reads why
 * spin and void are greyed rather than guessing: spin never, because the
 * round draws itself; void once the bets are frozen.
 */
export function pf2ActionNotes(table: OperatorTable): string[] {
  if (table.fairness !== 'pf2') return [];
  const notes = [`${drawLabel(table.game)}: the round draws itself when the reveal window closes`];
  const voidRefusal = actionRefusal('void', tablePhase(table), 'pf2', table.game);
  if (voidRefusal === PF2_VOID_REFUSAL) notes.push(`Void: ${voidRefusal}`);
  return notes;
}
