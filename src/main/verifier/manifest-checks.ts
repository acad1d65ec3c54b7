// The export's signed manifest: read it (size-bounded), check its shape, the
// Ed25519 signature over its exact bytes, and that the key is the one the
// auditor expects; at the end, compare what it claims with what the records
// add up to. Pure: shared code and Node built-ins only.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import { Check, type Finding } from '../../shared/audit-api.ts';
import { ExportFile } from '../../shared/audit-record.ts';
import { fingerprintOf, groupFingerprint, normalizeFingerprint } from '../../shared/audit/fingerprint.ts';
import { publicKeyFromHex, rawPublicKey, signatureValid } from './ed25519.ts';
import type { FileEntry, Manifest, Tally } from '../../shared/audit/manifest.ts';
import { manifestShape } from '../../shared/audit/record-schema.ts';
import { checkShape } from '../../shared/audit/shape.ts';

export type FileFinding = Finding & { file: string };

const maxManifestBytes = 1 << 20;
const maxPemBytes = 4096;

/** The whole file if it is at most `limit` bytes; an error message otherwise. */
function readSmallFile(path: string, limit: number): Buffer | string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return (error as { code?: unknown }).code === 'ENOENT' ? 'the file is missing' : `cannot be read: ${(error as Error).message}`;
  }
  try {
    const size = fstatSync(fd).size;
    if (size > limit) return `is ${size} bytes, more than the ${limit} this file can be`;
    const buffer = Buffer.alloc(size);
    let offset = 0;
    while (offset < size) {
      const read = readSync(fd, buffer, offset, size - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return buffer.subarray(0, offset);
  } finally {
    closeSync(fd);
  }
}

export type LoadedManifest = {
  manifest: Manifest | null;
  fingerprint: string | null;
  pinned: boolean;
  findings: FileFinding[];
};

export function loadManifest(dir: string, expectFingerprint: string | undefined): LoadedManifest {
  const findings: FileFinding[] = [];
  const fail = (file: string, check: Check, field: string, message: string): void => {
    findings.push({ file, check, field, message });
  };
  const bytes = readSmallFile(join(dir, ExportFile.Manifest), maxManifestBytes);
  const signature = readSmallFile(join(dir, ExportFile.Signature), 1024);
  const pem = readSmallFile(join(dir, ExportFile.PublicKey), maxPemBytes);

  let manifest: Manifest | null = null;
  if (typeof bytes === 'string') {
    fail(ExportFile.Manifest, Check.Manifest, '(file)', bytes);
  } else {
    try {
      const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      const problem = checkShape(parsed, manifestShape);
      if (problem) fail(ExportFile.Manifest, Check.Manifest, problem.path, problem.message);
      else manifest = parsed as Manifest;
    } catch (error) {
      fail(ExportFile.Manifest, Check.Manifest, '(file)', `not UTF-8 JSON: ${(error as Error).message}`);
    }
  }

  let pemKey: KeyObject | null = null;
  if (typeof pem === 'string') fail(ExportFile.PublicKey, Check.Signature, '(file)', pem);
  else {
    try {
      pemKey = createPublicKey(pem.toString('utf8'));
      if (pemKey.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
    } catch (error) {
      pemKey = null;
      fail(ExportFile.PublicKey, Check.Signature, '(file)', `not an Ed25519 public key: ${(error as Error).message}`);
    }
  }

  // The key the manifest names; public-key.pem must be the same key (it is there for openssl).
  let key: KeyObject | null = pemKey;
  if (manifest) {
    try {
      key = publicKeyFromHex(manifest.signing.publicKey);
    } catch (error) {
      fail(ExportFile.Manifest, Check.Signature, 'signing.publicKey', (error as Error).message);
    }
    const raw = Buffer.from(manifest.signing.publicKey, 'hex');
    if (fingerprintOf(raw) !== manifest.signing.fingerprint) {
      fail(ExportFile.Manifest, Check.Signature, 'signing.fingerprint', 'is not the SHA-256 of signing.publicKey');
    }
    if (pemKey && !rawPublicKey(pemKey).equals(raw)) fail(ExportFile.PublicKey, Check.Signature, '(file)', 'holds a different key than manifest.json names');
  }

  const fingerprint = key ? fingerprintOf(rawPublicKey(key)) : null;
  if (typeof signature === 'string') fail(ExportFile.Signature, Check.Signature, '(file)', signature);
  else if (key && typeof bytes !== 'string' && !signatureValid(key, bytes, signature)) {
    fail(ExportFile.Signature, Check.Signature, 'signature', 'the Ed25519 signature does not verify over manifest.json: the manifest was changed or signed by another key');
  }
  const pinned = expectFingerprint !== undefined;
  if (pinned && fingerprint !== normalizeFingerprint(expectFingerprint)) {
    fail(ExportFile.Manifest, Check.Signature, 'signing.fingerprint', `signed by ${fingerprint ? groupFingerprint(fingerprint) : 'no usable key'}, not by the expected key ${expectFingerprint}`);
  }
  return { manifest, fingerprint, pinned, findings };
}

/** What the manifest claims against what the data files turned out to hold. */
export function compareWithManifest(manifest: Manifest, tally: Tally, files: readonly FileEntry[]): FileFinding[] {
  const findings: FileFinding[] = [];
  const claim = (field: string, claimed: unknown, actual: unknown, check: Check = Check.Totals): void => {
    if (claimed !== actual) {
      findings.push({ file: ExportFile.Manifest, check, field, message: `the manifest says ${JSON.stringify(claimed)}, the records give ${JSON.stringify(actual)}` });
    }
  };
  for (const [name, value] of Object.entries(tally.counts)) claim(`counts.${name}`, manifest.counts[name as keyof Tally['counts']], value);
  for (const [name, value] of Object.entries(tally.totals)) claim(`totals.${name}`, manifest.totals[name as keyof Tally['totals']], value);
  const ends = ['firstSeq', 'lastSeq', 'firstRound', 'lastRound', 'startPrevHash', 'firstHash', 'lastHash'] as const;
  for (const name of ends) claim(name, manifest[name], tally[name], Check.Chain);

  const listed = manifest.files.map((file) => file.name);
  if (listed.length !== files.length || files.some((file, index) => listed[index] !== file.name)) {
    findings.push({ file: ExportFile.Manifest, check: Check.Files, field: 'files', message: `expected exactly ${files.map((file) => file.name).join(', ')}` });
    return findings;
  }
  files.forEach((file, index) => {
    const entry = manifest.files[index];
    if (entry?.sha256 !== file.sha256) {
      findings.push({ file: file.name, check: Check.Files, field: `files[${index}].sha256`, message: `${file.name} hashes to ${file.sha256}, not to the signed ${String(entry?.sha256)}: the file was changed` });
    } else if (entry.bytes !== file.bytes) {
      findings.push({ file: file.name, check: Check.Files, field: `files[${index}].bytes`, message: `${file.name} is ${file.bytes} bytes` });
    }
  });
  return findings;
}
