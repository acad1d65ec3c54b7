// The record format's node side: the hash that chains records together.
// The record's shape, its constants and the names of the export's files are in src/shared/audit-record.ts, which
// docs/audit-format.md describes field by field. Nothing in this module
// touches the database, so the verifier depends on it without trusting
// anything the server keeps.
import { createHash } from 'node:crypto';
import { canonicalize } from './canonical-json.ts';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 over the canonical (RFC 8785) JSON of the record without its own `hash` member. */
export function recordHash(record: Readonly<Record<string, unknown>>): string {
  const content: Record<string, unknown> = { ...record };
  delete content.hash;
  return sha256Hex(canonicalize(content));
}

/** "wallet:ply_x" and the like: one spelling per account, so records compare as text. */
export function accountName(kind: string, ref: string): string {
  return ref === '' ? kind : `${kind}:${ref}`;
}
