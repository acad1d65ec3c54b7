// Quitting never abandons a round: if a table has one in flight the dealer is
// asked first, then the embedded server stops the same way `npm run serve`
// does on SIGTERM (Pitboss.close: void or settle, hang up, close the database)
// and only then does the process exit.
import type { MessageBoxOptions } from 'electron';
import type { ShutdownStep } from './table-status.ts';

export type QuitGuardDeps = {
  /** The rounds a stop would resolve right now. */
  plan(): ShutdownStep[];
  /** Asks the dealer; true means "settle/void and quit". */
  confirm(plan: ShutdownStep[]): Promise<boolean>;
  /** Pitboss.close(), or nothing when the server never started. */
  close(): Promise<void>;
  /** app.quit(): runs before-quit again, which now lets it through. */
  quit(): void;
  /** app.exit(code): the way out when closing failed. */
  exit(code: number): void;
  log(message: string, error?: unknown): void;
};

export type QuitGuard = {
  /** Whether before-quit and window close may proceed (only once the server is closed). */
  readonly mayQuit: boolean;
  /** Starts the quit flow; asks only when `ask` and a round is in flight. Idempotent while running. */
  request(options?: { ask: boolean }): Promise<void>;
};

type State = 'running' | 'asking' | 'closing' | 'closed';

export function createQuitGuard(deps: QuitGuardDeps): QuitGuard {
  let state: State = 'running';
  let asking: Promise<void> | null = null;
  let stopping: Promise<void> | null = null;

  function stop(): Promise<void> {
    stopping ??= (async () => {
      state = 'closing';
      try {
        await deps.close();
      } catch (error) {
        // The database may be half closed: leave without running anything else.
        deps.log('pitboss: closing the server failed', error);
        state = 'closed';
        deps.exit(1);
        return;
      }
      state = 'closed';
      deps.quit();
    })();
    return stopping;
  }

  async function askThenStop(): Promise<void> {
    const plan = deps.plan();
    if (plan.length > 0) {
      state = 'asking';
      let confirmed = false;
      try {
        confirmed = await deps.confirm(plan);
      } catch (error) {
        deps.log('pitboss: the quit dialog failed; staying open', error);
      }
      // A signal may have stopped the server while the dialog was open.
      if (stopping) return stopping;
      if (!confirmed) {
        state = 'running';
        return;
      }
    }
    return stop();
  }

  return {
    get mayQuit() {
      return state === 'closed';
    },
    request(options = { ask: true }) {
      if (stopping) return stopping;
      // A signal or an OS shutdown cannot wait for the dealer to answer.
      if (!options.ask) return stop();
      asking ??= askThenStop().finally(() => (asking = null));
      return asking;
    },
  };
}

const fates: Record<ShutdownStep['resolution'], string> = {
  void: 'will be voided and every stake refunded',
  settle: 'will be settled (its result is already drawn)',
  resume: 'is frozen (pf2): it is never voided, and its reveal window reopens when Pitboss starts again',
};

/** The question asked before quitting with rounds in flight; button 0 quits, Cancel is the default. */
export function quitDialogOptions(plan: readonly ShutdownStep[]): MessageBoxOptions {
  const lines = plan.map((step) => {
    const round = step.round === null ? '' : `, round ${step.round}`;
    const fate = fates[step.resolution];
    return `${step.table}${round}: ${fate}.`;
  });
  return {
    type: 'warning',
    title: 'Quit Pitboss',
    message: plan.length === 1 ? 'A round is in flight.' : `${plan.length} rounds are in flight.`,
    detail: `${lines.join('\n')}\n\nPlayers are told before the table closes.`,
    buttons: ['Settle/void and quit', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}
