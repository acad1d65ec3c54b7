// Operator credentials. A one-time login token (printed by `serve`, or made
// by the desktop shell) is exchanged once for a session and then stops
// working, so a link left in a terminal log is harmless. A session is two
// secrets: the HttpOnly cookie, and a second secret the console page holds
// in sessionStorage and sends in a header (a subprotocol entry on the
// operator socket). Cookies are scoped to a host, not a port, so any program
// listening on another port of 127.0.0.1 receives the cookie when the dealer
// opens its page; the second secret never rides in a cookie, so the cookie
// alone operates nothing. Only SHA-256 hashes are kept, in memory: a restart
// asks for a fresh link.
import { timingSafeEqual } from 'node:crypto';
import { hashToken, newToken } from './secrets.ts';

export const loginTokenLifetimeMs = 10 * 60_000;
export const sessionLifetimeMs = 12 * 60 * 60_000;
const maxPendingLogins = 32;
const maxSessions = 256;

/** What a logged-in console holds: `session` goes in the cookie, `secret` in the X-Pitboss-Operator header. */
export type OperatorCredential = { session: string; secret: string };

type StoredSession = { secretHash: Buffer; expiresAt: number };

export class OperatorSessions {
  readonly #pendingLogins = new Map<string, number>();
  readonly #sessions = new Map<string, StoredSession>();
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

  /** Consumes a login token; returns the new session's credential, or null. */
  redeem(loginToken: string): OperatorCredential | null {
    const key = hashToken(loginToken);
    const expiresAt = this.#pendingLogins.get(key);
    this.#pendingLogins.delete(key);
    if (expiresAt === undefined || expiresAt < this.#now()) return null;
    return this.createSession();
  }

  /** A session directly (the desktop shell sets the cookie itself and hands the page the secret in the URL fragment). */
  createSession(): OperatorCredential {
    const credential = { session: newToken(), secret: newToken() };
    if (this.#sessions.size >= maxSessions) this.#dropExpired();
    if (this.#sessions.size >= maxSessions) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest !== undefined) this.#sessions.delete(oldest);
    }
    this.#sessions.set(hashToken(credential.session), {
      secretHash: Buffer.from(hashToken(credential.secret), 'hex'),
      expiresAt: this.#now() + sessionLifetimeMs,
    });
    return credential;
  }

  /** Pushes a live session's expiry out again (the desktop shell, whose page keeps its secret). False when it is gone. */
  renew(sessionToken: string): boolean {
    const stored = this.#live(sessionToken);
    if (!stored) return false;
    stored.expiresAt = this.#now() + sessionLifetimeMs;
    return true;
  }

  /** True only for a live session's cookie together with that same session's secret. */
  isValid(sessionToken: string | undefined, secret: string | undefined): boolean {
    const stored = this.#live(sessionToken);
    if (!stored || !secret) return false;
    // Compared as fixed-length hashes, in constant time.
    return timingSafeEqual(stored.secretHash, Buffer.from(hashToken(secret), 'hex'));
  }

  #live(sessionToken: string | undefined): StoredSession | null {
    if (!sessionToken) return null;
    const key = hashToken(sessionToken);
    const stored = this.#sessions.get(key);
    if (!stored) return null;
    if (stored.expiresAt < this.#now()) {
      this.#sessions.delete(key);
      return null;
    }
    return stored;
  }

  #dropExpired(): void {
    const now = this.#now();
    for (const [key, stored] of this.#sessions) if (stored.expiresAt < now) this.#sessions.delete(key);
  }
}
