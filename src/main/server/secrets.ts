// Secret tokens from the operating system's CSPRNG (ids that are not secret
// are src/main/ids.ts). Session tokens carry 192 random bits and are stored
// only as SHA-256 hashes, so a copy of the database does not let anyone sit
// in a player's seat.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const tokenBytes = 24;

/** A URL-safe secret token (192 bits). */
export function newToken(): string {
  return randomBytes(tokenBytes).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * A 256-bit secret kept in a file of the data folder (owner-only), created on
 * first use: next to the database but not in it, so a copy of the database
 * alone cannot undo what the secret keys.
 */
export function loadOrCreateSecretFile(dataDir: string, fileName: string): Buffer {
  const file = join(dataDir, fileName);
  try {
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
  }
  const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  if (secret.length !== 32) throw new Error(`${file} does not hold a 256-bit hex secret; delete it to make a new one`);
  return secret;
}

export const PLAYER_REFERENCE_KEY_FILE = 'player-reference.key';

/**
 * A player's pseudonym in public views: a keyed hash of table and player,
 * the same for every round of that table, different at every table, and not
 * reversible (or linkable to a player id) without the server's key.
 */
export function playerReference(key: Buffer, tableId: string, playerId: string): string {
  return `p-${createHmac('sha256', key).update(`${tableId}\n${playerId}`, 'utf8').digest('hex').slice(0, 12)}`;
}
