// Ed25519 as the export format uses it: keys travel as 32 raw bytes in hex,
// a key's fingerprint is SHA-256 of those 32 bytes, and signatures are the
// 64 raw bytes of RFC 8032. Only node:crypto, so the verifier can use it.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { sha256Hex } from '../../shared/audit/record-format.ts';

export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

/** The raw 32-byte public key of an Ed25519 key object (public or private). */
export function rawPublicKey(key: KeyObject): Buffer {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 key, got ${String(publicKey.asymmetricKeyType)}`);
  const x = publicKey.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new Error('Ed25519 key without its public part');
  return Buffer.from(x, 'base64url');
}

/** Throws on anything but 64 lowercase hex digits. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('an Ed25519 public key is 64 lowercase hex digits');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
}

/** SHA-256 of the raw public key, lowercase hex. */
export function fingerprintOf(rawKey: Uint8Array): string {
  return sha256Hex(rawKey);
}

/** "1a2b 3c4d …": sixteen groups of four, easy to read aloud and compare. */
export function groupFingerprint(hex: string): string {
  return hex.replace(/(.{4})(?=.)/g, '$1 ');
}

export function signBytes(privateKey: KeyObject, data: Uint8Array): Buffer {
  return sign(null, data, privateKey);
}

/** Never throws: a malformed key or signature is simply not valid. */
export function signatureValid(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
  try {
    return verify(null, data, publicKey, signature);
  } catch {
    return false;
  }
}

export function publicKeyPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ format: 'pem', type: 'spki' }).toString();
}
