// The player's session per invite, kept in localStorage so a reload or a
// phone that drops the tab lands back at the table without joining again.
// What comes back out is checked: storage can hold anything. Beside the
// sessions it keeps one random browser id, sent with every join, so the
// server can pay welcome chips once per browser and keep a barred one out.
import { z } from 'zod';
import type { JoinResponse } from '../../../shared/api.ts';
import { randomId } from '../lib/random-id.ts';

const sessionSchema = z.object({
  token: z.string().min(1),
  playerId: z.string().min(1),
  tableId: z.string().min(1),
  name: z.string().min(1),
  // Sessions stored before references were reported learn theirs from the welcome.
  reference: z.string().max(64).default(''),
  // Sessions stored before join credit was reported have none to show.
  joinCredit: z.object({ amountMinor: z.number(), withheld: z.string().nullable() }).default({ amountMinor: 0, withheld: null }),
});

const keyOf = (invite: string): string => `pitboss.session.${invite}`;

export function loadSession(invite: string): JoinResponse | null {
  try {
    const raw = window.localStorage.getItem(keyOf(invite));
    if (raw === null) return null;
    const parsed = sessionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    // Private browsing or corrupt JSON: behave as if nothing was stored.
    return null;
  }
}

export function saveSession(invite: string, session: JoinResponse): void {
  try {
    window.localStorage.setItem(keyOf(invite), JSON.stringify(session));
  } catch {
    // Storage full or disabled: the session still works until the tab closes.
  }
}

export function dropSession(invite: string): void {
  try {
    window.localStorage.removeItem(keyOf(invite));
  } catch {
    // Nothing to drop if storage is unavailable.
  }
}

const browserIdKey = 'pitboss.browser';
const browserIdPattern = /^[A-Za-z0-9_-]{16,128}$/;

/** This browser's id for joins, made once; without storage (some private modes) a fresh one per page load. */
export function browserId(): string {
  try {
    const stored = window.localStorage.getItem(browserIdKey);
    if (stored !== null && browserIdPattern.test(stored)) return stored;
    const fresh = randomId(24);
    window.localStorage.setItem(browserIdKey, fresh);
    return fresh;
  } catch {
    return randomId(24);
  }
}
