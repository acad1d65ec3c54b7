// Who is asking: the address rate limits key on, and whether a request may
// reach the operator API. A tunnel or reverse proxy on this machine makes
// every outside request arrive from loopback, so a request that carries
// forwarding headers never counts as "this machine".
import type { IncomingMessage } from 'node:http';

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function forwarded(request: IncomingMessage): boolean {
  return request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
}

/** The client's address: the first X-Forwarded-For hop when the proxy is trusted, else the socket's. */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const header = request.headers['x-forwarded-for'];
  if (trustProxy && typeof header === 'string') {
    const first = header.split(',')[0]?.trim();
    if (first) return first;
  }
  return request.socket.remoteAddress ?? 'unknown';
}

/** True when operator requests may come from where this one does. */
export function isOperatorPlace(request: IncomingMessage, operatorAllowRemote: boolean): boolean {
  if (operatorAllowRemote) return true;
  return isLoopback(request.socket.remoteAddress) && !forwarded(request);
}
