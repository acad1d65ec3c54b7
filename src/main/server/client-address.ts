// Who is asking: the address rate limits key on, and whether a request may
// reach the operator API. A tunnel or reverse proxy on this machine makes
// every outside request arrive from loopback, so a request that carries
// forwarding headers never counts as "this machine".
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function forwarded(request: IncomingMessage): boolean {
  return request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
}

/**
 * The client's address. Behind a trusted proxy it is the RIGHTMOST
 * X-Forwarded-For entry: the proxy appends the peer it saw, while every
 * entry to its left was written by the client and proves nothing. Exactly
 * one proxy hop is trusted. A missing or unparsable entry falls back to the
 * socket's address (the proxy's), so garbage shares one allowance instead of
 * minting new ones.
 */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return peer;
  return lastForwardedAddress(request.headers['x-forwarded-for']) ?? peer;
}

function lastForwardedAddress(header: string | string[] | undefined): string | null {
  // Repeated headers arrive joined by Node, or as an array from other callers: the last one is the proxy's.
  const joined = Array.isArray(header) ? header.join(',') : header;
  if (joined === undefined) return null;
  const last = joined.slice(joined.lastIndexOf(',') + 1).trim();
  return normalizedAddress(last);
}

/** An IP address as written in X-Forwarded-For (optionally with a port or brackets), or null. */
function normalizedAddress(entry: string): string | null {
  if (entry.length > 64) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(entry);
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(entry);
  const candidate = bracketed?.[1] ?? ipv4WithPort?.[1] ?? entry;
  return isIP(candidate) === 0 ? null : candidate.toLowerCase();
}

/** True when operator requests may come from where this one does. */
export function isOperatorPlace(request: IncomingMessage, operatorAllowRemote: boolean): boolean {
  if (operatorAllowRemote) return true;
  return isLoopback(request.socket.remoteAddress) && !forwarded(request);
}
