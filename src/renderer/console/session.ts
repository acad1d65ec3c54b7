// The console's operator credential and whether the server has rejected it.
// The session cookie (HttpOnly) goes along by itself; its second secret
// arrives once in the URL fragment (#operator=…, from the console login or
// the desktop shell), moves to sessionStorage (scoped to this origin, port
// included, so no other local server's page can read it) and leaves the URL.
// Every operator request sends it in a header, the operator socket as a
// subprotocol entry. Any 401 flips the page to the "open the console link"
// message, because no panel can do anything useful without a session.
import { useSyncExternalStore } from 'react';
import { OPERATOR_SECRET_FRAGMENT, OPERATOR_SECRET_HEADER, OPERATOR_SUBPROTOCOL_PREFIX } from '../../shared/api.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';

const STORAGE_KEY = 'pitboss.operator-secret';
const SECRET_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

let secret: string | null = null;

/** Takes the secret out of the URL fragment (keeping the rest of it) into sessionStorage; call before anything reads the hash. */
export function captureOperatorSecret(): void {
  const params = new URLSearchParams(location.hash.slice(1));
  const handed = params.get(OPERATOR_SECRET_FRAGMENT);
  if (handed !== null) {
    params.delete(OPERATOR_SECRET_FRAGMENT);
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${location.search}${rest === '' ? '' : `#${rest}`}`);
    if (SECRET_PATTERN.test(handed)) {
      secret = handed;
      try {
        sessionStorage.setItem(STORAGE_KEY, handed);
      } catch {
        // Storage disabled: the secret lives until the page reloads.
      }
      return;
    }
  }
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    secret = stored !== null && SECRET_PATTERN.test(stored) ? stored : null;
  } catch {
    secret = null;
  }
}

/** Headers every operator request carries (none without a secret: the server then answers 401). */
export function operatorHeaders(): Record<string, string> {
  return secret === null ? {} : { [OPERATOR_SECRET_HEADER]: secret };
}

/** The operator socket's subprotocols: the protocol version the server picks, and the secret. */
export function operatorSubprotocols(): string[] {
  return secret === null ? [PROTOCOL_VERSION] : [PROTOCOL_VERSION, `${OPERATOR_SUBPROTOCOL_PREFIX}${secret}`];
}

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
