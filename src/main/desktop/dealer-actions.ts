// Menu actions go through the same HTTP API the console's buttons use, with
// the shell's own operator session, rather than calling the Table directly.
// That keeps one path for every state change a dealer makes: the same
// validation, the same actor on the round, the same error messages, and
// whatever the route grows later (an audit line, a new check) applies to the
// menu too. Reads (the tray count, enabled items) do go to the registry
// directly: they change nothing and must not cost a request per second.
import { OPERATOR_COOKIE, OPERATOR_SECRET_HEADER, type ApiError, type TableActionRequest } from '../../shared/api.ts';
import type { OperatorCredential } from '../server/operator-sessions.ts';

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

function errorMessage(body: unknown, status: number): string {
  const message = (body as Partial<ApiError> | null)?.error?.message;
  return typeof message === 'string' ? message : `the server answered ${status}`;
}

/** Resolves to null when the server did it, else the reason it refused (for a notification). */
export async function postTableAction(
  fetchFn: FetchLike,
  origin: string,
  operator: OperatorCredential,
  tableId: string,
  request: TableActionRequest,
): Promise<string | null> {
  try {
    const response = await fetchFn(`${origin}/api/operator/tables/${encodeURIComponent(tableId)}/actions`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Cookie: `${OPERATOR_COOKIE}=${operator.session}`,
        [OPERATOR_SECRET_HEADER]: operator.secret,
      },
      body: JSON.stringify(request),
    });
    if (response.ok) return null;
    return errorMessage(await response.json().catch(() => null), response.status);
  } catch (error) {
    return `the server could not be reached (${(error as Error).message})`;
  }
}
