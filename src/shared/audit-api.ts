// The audit HTTP API: request schemas and response types, shared by the
// server (its audit routes), the operator console and the player page. One
// contract, declared once: the verification report here is the one
// `npm run verify` prints, and the record is the one an export holds
// (audit-record.ts).
import { z } from 'zod';
import type { Counts, PROOF_FORMAT, RoundRecord, Totals } from './audit-record.ts';

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

// ---------------------------------------------------------------- verification report

/** The checks a verification runs, in the words its report uses. */
export const Check = {
  Manifest: 'manifest',
  Signature: 'signature',
  Files: 'files',
  Format: 'format',
  Chain: 'chain',
  Csv: 'csv',
  Seeds: 'seeds',
  Outcomes: 'outcomes',
  Payouts: 'payouts',
  Ledger: 'ledger',
  Totals: 'totals',
} as const;
export type Check = (typeof Check)[keyof typeof Check];

/** One problem, and the field an auditor should look at. */
export type Finding = { check: Check; field: string; message: string };

/** One problem a verification found: where (file, line, table, round) and which field. */
export type Failure = Finding & { file: string; line: number | null; tableId: string | null; round: number | null };
export type CheckResult = { check: Check; ok: boolean; detail: string };

export type VerifyReport = {
  ok: boolean;
  dir: string;
  fingerprint: string | null;
  fingerprintPinned: boolean;
  checks: CheckResult[];
  /** In the order found; the first one is the one to look at. A verification keeps the first 100; failureCount counts them all. */
  failures: Failure[];
  failureCount: number;
  records: number;
  counts: Counts;
  totals: Totals;
  stats: { seedsChecked: number; outcomesChecked: number; betsChecked: number; transfersChecked: number };
  /** pf2 rounds: how many, the receipts checked, and per bettor (by reference) how often they withheld. */
  pf2: Pf2Summary;
  durationMs: number;
};

export type Pf2Summary = {
  rounds: number;
  receiptsChecked: number;
  /** Other signed statements players hold (reveal and decision acknowledgements, freezes, …), compared with their records. */
  statementsChecked: number;
  bettors: number;
  /** Bettors who withheld at least once, most first: frozen commitments, withheld ones, and the rate. */
  withholding: { reference: string; frozen: number; withheld: number; rate: number }[];
};

// ---------------------------------------------------------------- jobs and key

export type AuditJobKind = 'export' | 'verify';
export type AuditJobState = 'running' | 'done' | 'failed';

/** GET /api/operator/audit/jobs/:jobId: poll this for the progress bar. */
export type AuditJob = {
  id: string;
  kind: AuditJobKind;
  state: AuditJobState;
  tableId: string | null;
  /** The folder on the server machine the job writes (export) or reads (verify). */
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

/** A key this installation has signed with (the audit_keys table). */
export type KnownKey = { fingerprint: string; publicKeyHex: string; firstUsedAt: number };

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

// ---------------------------------------------------------------- player

/** GET /api/tables/:tableId/rounds/:round/record: the downloadable proof of one round (docs/audit-format.md §7). */
export type RoundRecordProof = {
  format: typeof PROOF_FORMAT;
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
