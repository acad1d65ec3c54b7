// Operator credentials. A one-time login token (printed by `serve`, or made
// by the desktop shell) is exchanged once for an HttpOnly session cookie and
// then stops working, so a link left in a terminal log is harmless. Sessions
// live in memory only: a restart asks for a fresh link.
import { hashToken, newToken } from './secrets.ts';

export const loginTokenLifetimeMs = 10 * 60_000;
export const sessionLifetimeMs = 12 * 60 * 60_000;
const maxPendingLogins = 32;

export class OperatorSessions {
  readonly #pendingLogins = new Map<string, number>();
  readonly #sessions = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** A fresh single-use login token. */
  issueLoginToken(): string {
    const token = newToken();
    if (this.#pendingLogins.size >= maxPendingLogins) {
      const oldest = this.#pendingLogins.keys().next().value;
      if (oldest !== undefined) this.#pendingLogins.delete(oldest);
    }
    this.#pendingLogins.set(hashToken(token), this.#now() + loginTokenLifetimeMs);
    return token;
  }

  /** Consumes a login token; returns a session token for the cookie, or null. */
  redeem(loginToken: string): string | null {
    const key = hashToken(loginToken);
    const expiresAt = this.#pendingLogins.get(key);
    this.#pendingLogins.delete(key);
    if (expiresAt === undefined || expiresAt < this.#now()) return null;
    return this.createSession();
  }

  /** A session directly (the desktop shell sets it as a cookie itself; it never travels in a URL). */
  createSession(): string {
    const token = newToken();
    this.#sessions.set(hashToken(token), this.#now() + sessionLifetimeMs);
    return token;
  }

  isValid(sessionToken: string | undefined): boolean {
    if (!sessionToken) return false;
    const key = hashToken(sessionToken);
    const expiresAt = this.#sessions.get(key);
    if (expiresAt === undefined) return false;
    if (expiresAt < this.#now()) {
      this.#sessions.delete(key);
      return false;
    }
    return true;
  }
}
