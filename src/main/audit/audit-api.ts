// The audit HTTP API: request schemas and response types. The console and
// the player page need these types too; they belong in src/shared/api.ts
// (the renderer never imports src/main), which the lead owns.
import { z } from 'zod';
import type { RoundRecord } from './record-format.ts';
import type { KnownKey } from './signing-key.ts';
import type { VerifyReport } from './verify-export.ts';

const folderSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => !path.includes('\0'), 'a path cannot contain NUL');

/** POST /api/operator/audit/exports: starts an export job. `from`/`to` are ISO 8601; `dir` an absolute folder (default: under the data folder). */
export const startExportSchema = z.strictObject({
  tableId: z.string().min(1).max(64),
  from: z.string().max(64).optional(),
  to: z.string().max(64).optional(),
  dir: folderSchema.optional(),
});
export type StartExportRequest = z.infer<typeof startExportSchema>;

/** POST /api/operator/audit/verifications: verifies an export folder on this machine. */
export const startVerifySchema = z.strictObject({
  dir: folderSchema,
  /** Pin the signing key (the fingerprint as the console shows it). */
  fingerprint: z.string().max(128).optional(),
});
export type StartVerifyRequest = z.infer<typeof startVerifySchema>;

export type AuditJobKind = 'export' | 'verify';
export type AuditJobState = 'running' | 'done' | 'failed';

/** GET /api/operator/audit/jobs/:jobId: poll this for the progress bar. */
export type AuditJob = {
  id: string;
  kind: AuditJobKind;
  state: AuditJobState;
  tableId: string | null;
  dir: string;
  startedAt: number;
  finishedAt: number | null;
  /** Records done so far, of `total` (null until known). */
  records: number;
  total: number | null;
  /** Bytes written so far (exports). */
  bytes: number;
  /** The files of a finished export, downloadable at …/jobs/:jobId/files/:name. */
  files: string[];
  /** A finished verification's report. */
  report: VerifyReport | null;
  error: string | null;
};
export type AuditJobResponse = { job: AuditJob };

/** GET /api/operator/audit/key */
export type AuditKeyResponse = {
  algorithm: 'Ed25519';
  /** Raw 32-byte public key, hex. */
  publicKey: string;
  publicKeyPem: string;
  /** SHA-256 of the raw public key, hex, and the same grouped by four for reading aloud. */
  fingerprint: string;
  fingerprintGrouped: string;
  /** Every key this installation has signed with, oldest first. */
  keys: KnownKey[];
};

/** GET /api/tables/:tableId/rounds/:round/record: the downloadable proof of one round (docs/audit-format.md §7). */
export type RoundRecordProof = {
  format: 'pitboss.round-proof/1';
  record: RoundRecord;
  check: {
    canonicalization: 'RFC 8785';
    hashAlgorithm: 'SHA-256';
    genesisHash: string;
    commitment: string;
    chainIndex: number;
    prevHash: string;
    hash: string;
  };
  /** Ed25519 over the UTF-8 bytes of the record's canonical JSON (its line in records.jsonl); value is the 64-byte signature in hex. */
  signature: { algorithm: 'Ed25519'; publicKey: string; fingerprint: string; value: string };
};
