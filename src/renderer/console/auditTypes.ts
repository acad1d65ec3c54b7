// The audit HTTP API as the console sees it. The server declares it in
// src/main/audit/audit-api.ts, which the renderer may not import; these
// mirror that contract (field for field, only what the console reads or
// sends) until the types move to src/shared/api.ts, where they belong.

/** POST /api/operator/audit/exports. `from`/`to`: ISO 8601 with Z or an offset; `dir`: an absolute folder on the server machine. */
export type StartExportRequest = { tableId: string; from?: string; to?: string; dir?: string };

/** POST /api/operator/audit/verifications: a folder on the server machine, optionally pinned to a key fingerprint. */
export type StartVerifyRequest = { dir: string; fingerprint?: string };

export type AuditJobKind = 'export' | 'verify';
export type AuditJobState = 'running' | 'done' | 'failed';

/** One problem a verification found: where (file, line, table, round) and which field. */
export type VerifyFailure = {
  check: string;
  field: string;
  message: string;
  file: string;
  line: number | null;
  tableId: string | null;
  round: number | null;
};

export type VerifyCheckResult = { check: string; ok: boolean; detail: string };

export type VerifyCounts = {
  records: number;
  settledRounds: number;
  voidedRounds: number;
  bets: number;
  settledBets: number;
  cancelledBets: number;
  refundedBets: number;
  transfers: number;
};

export type VerifyTotals = {
  stakeMinor: number;
  payoutMinor: number;
  houseWinMinor: number;
  refundedMinor: number;
  cancelledMinor: number;
};

export type VerifyReport = {
  ok: boolean;
  dir: string;
  fingerprint: string | null;
  fingerprintPinned: boolean;
  checks: VerifyCheckResult[];
  /** In the order found; the first one is the one to look at (the server keeps the first 100). */
  failures: VerifyFailure[];
  failureCount: number;
  records: number;
  counts: VerifyCounts;
  totals: VerifyTotals;
  durationMs: number;
};

/** GET /api/operator/audit/jobs/:jobId */
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
  report: VerifyReport | null;
  error: string | null;
};
export type AuditJobResponse = { job: AuditJob };

/** GET /api/operator/audit/key */
export type AuditKeyResponse = {
  algorithm: 'Ed25519';
  publicKey: string;
  publicKeyPem: string;
  /** SHA-256 of the raw public key, hex, and the same grouped by four for reading aloud. */
  fingerprint: string;
  fingerprintGrouped: string;
  /** Every key this installation has signed with, oldest first. */
  keys: { fingerprint: string; publicKeyHex: string; firstUsedAt: number }[];
};
