// A tiny external store for state fed by the WebSocket rather than by
// queries. Change notifications are coalesced, because a betting storm can
// deliver hundreds of events a second and React only needs to draw the last.
import { useSyncExternalStore } from 'react';

const NOTIFY_DELAY_MS = 50;

export type Store<T> = {
  get: () => T;
  set: (next: T) => void;
  use: () => T;
};

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  let timer: number | null = null;
  const listeners = new Set<() => void>();

  const notify = (): void => {
    timer = null;
    for (const listener of listeners) listener();
  };
  const subscribe = (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const get = (): T => value;

  return {
    get,
    set(next) {
      if (Object.is(next, value)) return;
      value = next;
      timer ??= window.setTimeout(notify, NOTIFY_DELAY_MS);
    },
    use: () => useSyncExternalStore(subscribe, get),
  };
}
