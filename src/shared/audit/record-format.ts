// The audit record format's rules, shared by the server that writes exports,
// the verifier that checks them and the player page: the hash that chains
// records (SHA-256 over RFC 8785 canonical JSON, canonical-json.ts), the
// spelling of account names, and, in the files next to this one, the exact
// shapes (record-schema.ts), the manifest (manifest.ts) and the CSV tables
// (csv.ts, csv-cell.ts). The record's types and constants are in
// src/shared/audit-record.ts, which docs/audit-format.md describes field by
// field. Pure: @noble/hashes rather than node:crypto, so a browser computes
// the same bytes; nothing here touches the database.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalize } from './canonical-json.ts';

/** SHA-256 in lowercase hex; a string is hashed as its UTF-8 bytes. */
export type Sha256Hex = (data: string | Uint8Array) => string;

export const sha256Hex: Sha256Hex = (data) => bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data));

/**
 * SHA-256 over the canonical (RFC 8785) JSON of the record without its own
 * `hash` member. A Node caller hashing many large records may pass
 * node:crypto's SHA-256 (the same function, natively several times faster).
 */
export function recordHash(record: Readonly<Record<string, unknown>>, hash: Sha256Hex = sha256Hex): string {
  const content: Record<string, unknown> = { ...record };
  delete content.hash;
  return hash(canonicalize(content));
}

/** "wallet:ply_x" and the like: one spelling per account, so records compare as text. */
export function accountName(kind: string, ref: string): string {
  return ref === '' ? kind : `${kind}:${ref}`;
}
