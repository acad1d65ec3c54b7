// The installation's Ed25519 signing key. Created at first start in the data
// folder as a PKCS#8 PEM file readable by its owner only (0600), next to the
// database but not in it: a copy of the database (a backup, a support
// bundle) then cannot sign exports, and standard tools (openssl) read it.
// Every key this installation has used is also listed in the database
// (audit_keys), so a replaced key file shows up as a new, dated fingerprint.
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintOf } from '../../shared/audit/fingerprint.ts';
import { rawPublicKey } from '../verifier/ed25519.ts';

export const SIGNING_KEY_FILE = 'audit-signing-key.pem';

export type SigningKey = {
  privateKey: KeyObject;
  /** Raw 32-byte public key, lowercase hex. */
  publicKeyHex: string;
  /** SHA-256 of the raw public key, lowercase hex. */
  fingerprint: string;
  file: string;
};

function fromPem(file: string, pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 private key`);
  const raw = rawPublicKey(privateKey);
  return { privateKey, publicKeyHex: raw.toString('hex'), fingerprint: fingerprintOf(raw), file };
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'ENOENT';
}

/** Reads the key; tightens its permissions to 0600 if someone loosened them. */
export function loadSigningKey(dataDir: string): SigningKey {
  const file = join(dataDir, SIGNING_KEY_FILE);
  const pem = readFileSync(file, 'utf8');
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    console.warn(`pitboss: ${file} was readable by others; restricting it to its owner`);
    chmodSync(file, 0o600);
  }
  return fromPem(file, pem);
}

/** The installation's key, created on first use. */
export function loadOrCreateSigningKey(dataDir: string): { key: SigningKey; created: boolean } {
  try {
    return { key: loadSigningKey(dataDir), created: false };
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  const file = join(dataDir, SIGNING_KEY_FILE);
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  try {
    // 'wx': never overwrite a key another process created a moment ago.
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') return { key: loadSigningKey(dataDir), created: false };
    throw error;
  }
  return { key: fromPem(file, pem), created: true };
}

/** The 64-byte Ed25519 signature (RFC 8032) of data: a manifest, or one round's proof. */
export function signBytes(privateKey: KeyObject, data: Uint8Array): Buffer {
  return sign(null, data, privateKey);
}
