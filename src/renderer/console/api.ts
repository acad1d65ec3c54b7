// Typed calls to the operator REST API and the TanStack Query keys that cache
// them. Auth is the HttpOnly cookie set by the console link plus the
// session's secret in a header (session.ts); a 401 anywhere ends the session
// for the page.
import type {
  ApiError,
  CashierRequest,
  CreateTableRequest,
  HealthResponse,
  InviteResponse,
  LedgerSummaryResponse,
  ModerationRequest,
  OperatorPlayersResponse,
  OperatorTableResponse,
  OperatorTablesResponse,
  RoundsResponse,
  TableActionRequest,
} from '../../shared/api.ts';
import type { AuditJobResponse, AuditKeyResponse, StartExportRequest, StartVerifyRequest } from '../../shared/audit-api.ts';
import { operatorHeaders, reportUnauthorized } from './session.ts';

/** A failed API call: the server's error code and message, or a network failure (status 0). */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
  }
}

/** True when we cannot know whether the server acted (the request may or may not have landed). */
export function isNetworkFailure(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 0;
}

function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const inner = body.error;
  return typeof inner === 'object' && inner !== null && 'message' in inner && typeof inner.message === 'string';
}

async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...operatorHeaders(),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new ApiRequestError(0, 'network', `Server unreachable (${detail})`);
  }
  if (response.status === 401) reportUnauthorized();
  const text = await response.text();
  let json: unknown = null;
  if (text.length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON (a proxy error page, say): fall through to the generic message.
    }
  }
  if (!response.ok) {
    if (isApiError(json)) throw new ApiRequestError(response.status, json.error.code, json.error.message);
    throw new ApiRequestError(response.status, 'http', `${method} ${path} failed: HTTP ${response.status}`);
  }
  return json as T;
}

const segment = encodeURIComponent;

export const queryKeys = {
  tables: ['tables'] as const,
  players: (tableId: string) => ['players', tableId] as const,
  rounds: (tableId: string) => ['rounds', tableId] as const,
  invite: (tableId: string) => ['invite', tableId] as const,
  ledger: ['ledger'] as const,
  health: ['health'] as const,
  auditKey: ['audit', 'key'] as const,
  auditJob: (jobId: string) => ['audit', 'job', jobId] as const,
};

export const HISTORY_LIMIT = 50;

export const api = {
  tables: () => request<OperatorTablesResponse>('GET', '/api/operator/tables'),
  createTable: (body: CreateTableRequest) => request<OperatorTableResponse>('POST', '/api/operator/tables', body),
  tableAction: (tableId: string, body: TableActionRequest) =>
    request<OperatorTableResponse>('POST', `/api/operator/tables/${segment(tableId)}/actions`, body),
  closeTable: (tableId: string) => request<unknown>('DELETE', `/api/operator/tables/${segment(tableId)}`),
  players: (tableId: string) =>
    request<OperatorPlayersResponse>('GET', `/api/operator/players?tableId=${segment(tableId)}`),
  cashier: (playerId: string, body: CashierRequest) =>
    request<{ balanceMinor: number }>('POST', `/api/operator/players/${segment(playerId)}/cashier`, body),
  moderation: (playerId: string, body: ModerationRequest) =>
    request<unknown>('POST', `/api/operator/players/${segment(playerId)}/moderation`, body),
  rounds: (tableId: string) =>
    request<RoundsResponse>('GET', `/api/operator/tables/${segment(tableId)}/rounds?limit=${HISTORY_LIMIT}`),
  invite: (tableId: string) => request<InviteResponse>('GET', `/api/operator/tables/${segment(tableId)}/invite`),
  ledger: () => request<LedgerSummaryResponse>('GET', '/api/operator/ledger'),
  health: () => request<HealthResponse>('GET', '/api/operator/health'),
  auditKey: () => request<AuditKeyResponse>('GET', '/api/operator/audit/key'),
  startExport: (body: StartExportRequest) => request<AuditJobResponse>('POST', '/api/operator/audit/exports', body),
  startVerify: (body: StartVerifyRequest) => request<AuditJobResponse>('POST', '/api/operator/audit/verifications', body),
  auditJob: (jobId: string) => request<AuditJobResponse>('GET', `/api/operator/audit/jobs/${segment(jobId)}`),
};

/** Where a finished export's file downloads from. */
export function auditFileUrl(jobId: string, name: string): string {
  return `/api/operator/audit/jobs/${segment(jobId)}/files/${segment(name)}`;
}

/**
 * Downloads one file of a finished export. A plain link would carry only the
 * cookie, so the file is fetched with the operator secret and saved from a
 * blob (the desktop shell's save dialog takes blob: downloads of this origin).
 */
export async function downloadAuditFile(jobId: string, name: string, saveAs: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(auditFileUrl(jobId, name), { credentials: 'same-origin', headers: operatorHeaders() });
  } catch (cause) {
    throw new ApiRequestError(0, 'network', `Server unreachable (${cause instanceof Error ? cause.message : String(cause)})`);
  }
  if (response.status === 401) reportUnauthorized();
  if (!response.ok) {
    const json: unknown = await response.json().catch(() => null);
    if (isApiError(json)) throw new ApiRequestError(response.status, json.error.code, json.error.message);
    throw new ApiRequestError(response.status, 'http', `download of ${name} failed: HTTP ${response.status}`);
  }
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = saveAs;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Revoked after the click has handed the blob to the download.
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

/** The text to show for any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
