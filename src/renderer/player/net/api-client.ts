// The few REST calls the player page makes. Errors from the API come as
// { error: { code, message } }; the message is what the player sees.
import type { ApiError, JoinRequest, JoinResponse, MeResponse, RoundProof } from '../../../shared/api.ts';
import type { ErrorCode } from '../../../shared/protocol.ts';

export class ApiRequestError extends Error {
  readonly status: number;
  /** The API's error code, when the answer carried one. */
  readonly code: ErrorCode | null;
  constructor(status: number, message: string, code: ErrorCode | null = null) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
  }
}

function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return (
    typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string' && 'code' in error && typeof error.code === 'string'
  );
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init.headers } });
  } catch {
    throw new ApiRequestError(0, 'The table cannot be reached. Check your connection and try again.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (isApiError(body)) throw new ApiRequestError(response.status, body.error.message, body.error.code);
    throw new ApiRequestError(response.status, `The server answered ${response.status}`);
  }
  return body as T;
}

const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

export function joinTable(join: JoinRequest): Promise<JoinResponse> {
  return request<JoinResponse>('/api/join', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(join),
  });
}

export type SessionCheck = 'valid' | 'invalid' | 'unknown';

/**
 * Tells a dead session from a dead network after a WebSocket upgrade failed:
 * the browser hides the upgrade's 401, so ask /api/me with the same token.
 */
export async function checkSession(token: string): Promise<SessionCheck> {
  try {
    await request<MeResponse>('/api/me', { headers: bearer(token) });
    return 'valid';
  } catch (error) {
    return error instanceof ApiRequestError && error.status === 401 ? 'invalid' : 'unknown';
  }
}

export function fetchRoundProof(tableId: string, round: number, token: string): Promise<RoundProof> {
  return request<RoundProof>(`/api/tables/${encodeURIComponent(tableId)}/rounds/${round}/proof`, {
    headers: bearer(token),
  });
}
