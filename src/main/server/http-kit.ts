// Small helpers for the HTTP API: JSON bodies with a size limit, typed error
// replies, and the security headers every response carries.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { ApiError } from '../../shared/api.ts';
import { ErrorCode } from '../../shared/protocol.ts';

export const maxRequestBodyBytes = 16_384;

export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  constructor(status: number, code: ErrorCode, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const statusOfCode: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BadMessage]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.Internal]: 500,
};

/** The HTTP status for an expected error code: 409 for anything that conflicts with state. */
export function statusFor(code: ErrorCode): number {
  return statusOfCode[code] ?? 409;
}

export function securityHeaders(response: ServerResponse, secure: boolean): void {
  if (secure) response.setHeader('Strict-Transport-Security', 'max-age=31536000');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  response.end(text);
}

export function sendError(response: ServerResponse, status: number, code: ErrorCode, message: string): void {
  const body: ApiError = { error: { code, message } };
  sendJson(response, status, body);
}

/** Reads and validates a JSON body; throws HttpError with a clear message on anything else. */
export async function readJson<Schema extends z.ZodType>(request: IncomingMessage, schema: Schema): Promise<z.output<Schema>> {
  const type = request.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new HttpError(415, ErrorCode.BadMessage, 'send the body as application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxRequestBodyBytes) throw new HttpError(413, ErrorCode.BadMessage, `the body is over ${maxRequestBodyBytes} bytes`);
    chunks.push(chunk);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, ErrorCode.BadMessage, 'the body is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new HttpError(400, ErrorCode.BadMessage, `${where}${issue?.message ?? 'invalid body'}`);
  }
  return parsed.data;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    cookies.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  return cookies;
}

export function bearerToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return null;
  const token = header.slice('Bearer '.length).trim();
  return /^[A-Za-z0-9_-]{16,128}$/.test(token) ? token : null;
}

/** A positive integer query parameter with a default and a ceiling. */
export function queryInteger(url: URL, name: string, fallback: number, maximum: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^\d{1,9}$/.test(raw)) throw new HttpError(400, ErrorCode.BadMessage, `${name} must be a positive integer`);
  return Math.min(Math.max(Number(raw), 1), maximum);
}
