// Whether the server has rejected our operator cookie. Any 401 flips it, and
// the whole page switches to the "open the console link" message, because no
// panel can do anything useful without a session.
import { useSyncExternalStore } from 'react';

let unauthorized = false;
const listeners = new Set<() => void>();

export function reportUnauthorized(): void {
  if (unauthorized) return;
  unauthorized = true;
  for (const listener of listeners) listener();
}

export function isUnauthorized(): boolean {
  return unauthorized;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useUnauthorized(): boolean {
  return useSyncExternalStore(subscribe, isUnauthorized);
}
