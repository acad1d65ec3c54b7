// Tokens and ids from the operating system's CSPRNG. Session tokens carry
// 192 random bits and are stored only as SHA-256 hashes, so a copy of the
// database does not let anyone sit in a player's seat.
import { createHash, randomBytes } from 'node:crypto';

const tokenBytes = 24;

/** A URL-safe secret token (192 bits). */
export function newToken(): string {
  return randomBytes(tokenBytes).toString('base64url');
}

/** A URL-safe identifier that is not secret but must not collide (96 bits). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
