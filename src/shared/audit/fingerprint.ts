// A signing key's fingerprint as auditors compare it: SHA-256 of the raw
// 32-byte Ed25519 public key in lowercase hex, shown in groups of four. The
// console, the export CLI and the verifier all print it this way.
import { sha256Hex } from './record-format.ts';

/** SHA-256 of the raw public key, lowercase hex. */
export function fingerprintOf(rawKey: Uint8Array): string {
  return sha256Hex(rawKey);
}

/** "1a2b 3c4d …": sixteen groups of four, easy to read aloud and compare. */
export function groupFingerprint(hex: string): string {
  return hex.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Accepts the fingerprint as the console shows it (grouped, any case, spaces or colons). */
export function normalizeFingerprint(text: string): string {
  return text.replace(/[\s:]/g, '').toLowerCase();
}
