// The Origin test for browser requests and WebSocket upgrades, shared by the
// player gateway and the operator check (cross-site request forgery and
// cross-site WebSocket hijacking).
import type { IncomingMessage } from 'node:http';

/**
 * Browsers send Origin on WebSocket upgrades and state-changing requests: it
 * must be this server itself (or the public URL players use), so a page on
 * another site cannot act with a visitor's credentials. Clients that are not
 * browsers send none.
 */
export function originAllowed(request: IncomingMessage, publicUrl: string | undefined): boolean {
  const originHeader = request.headers.origin;
  if (originHeader === undefined) return true;
  const host = request.headers.host;
  if (host !== undefined && (originHeader === `http://${host}` || originHeader === `https://${host}`)) return true;
  return publicUrl !== undefined && originHeader === new URL(publicUrl).origin;
}
