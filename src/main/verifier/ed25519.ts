// Ed25519 as the export format uses it, on node:crypto: keys travel as 32
// raw bytes in hex (their fingerprint is in src/shared/audit/fingerprint.ts)
// and signatures are the 64 raw bytes of RFC 8032. Signing lives with the
// signing key (src/main/audit/signing-key.ts); this side only reads keys and
// checks signatures.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

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

/** Never throws: a malformed key or signature is simply not valid. */
export function signatureValid(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
  try {
    return verify(null, data, publicKey, signature);
  } catch {
    return false;
  }
}

/** The SPKI PEM of a key's public half, as public-key.pem holds it (for openssl). */
export function publicKeyPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ format: 'pem', type: 'spki' }).toString();
}
