// Identifiers for rows that are not secret but must never collide (tables,
// rounds' players, bets): 96 bits from the operating system's CSPRNG. Below
// every folder of src/main, so tables and server alike can make them; the
// secret tokens are the server's (server/secrets.ts).
import { randomBytes } from 'node:crypto';

/** A URL-safe identifier that is not secret but must not collide (96 bits), e.g. "tbl_…". */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
