// A minimal store around playerReducer. Reads are always current (the
// connection resends from the latest outbox); change notifications are
// coalesced, because a betting storm can bring hundreds of events a second
// and the screen only needs the last state of each frame.
import { playerReducer, type PlayerAction } from './player-reducer.ts';
import type { PlayerState } from './player-state.ts';

export type PlayerStore = {
  getState: () => PlayerState;
  dispatch: (action: PlayerAction) => void;
  subscribe: (listener: () => void) => () => void;
};

/** schedule runs the notification later (e.g. on the next animation frame); tests pass one that runs at once. */
export function createPlayerStore(initial: PlayerState, schedule: (notify: () => void) => void): PlayerStore {
  let state = initial;
  let notifyQueued = false;
  const listeners = new Set<() => void>();
  const notify = (): void => {
    notifyQueued = false;
    for (const listener of listeners) listener();
  };
  return {
    getState: () => state,
    dispatch(action) {
      const next = playerReducer(state, action);
      if (next === state) return;
      state = next;
      if (notifyQueued) return;
      notifyQueued = true;
      schedule(notify);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
