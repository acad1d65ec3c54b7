// DNS rebinding: a page on evil.example whose name then resolves to
// 127.0.0.1 talks to this server as a same-origin page (its Origin matches
// its Host). Browsers always send the name they used in Host, so the
// operator side (its API and socket, /metrics, the console login and page)
// answers only requests addressed to a name this server really has:
// loopback (localhost, 127.0.0.0/8, [::1]), the configured public URL's
// host and, when the operator is served remotely (--operator-remote), this
// machine's own interface addresses. Players' routes answer any name.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

export type OperatorHostOptions = { publicUrl?: string | undefined; operatorAllowRemote: boolean };

/** The name in a Host header, lowercased, without the port; IPv6 without brackets. Null when it is not a host name. */
export function hostName(header: string | undefined): string | null {
  if (header === undefined) return null;
  const value = header.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) return isIP(bracketed[1]!) === 6 ? bracketed[1]! : null;
  const plain = /^([a-z0-9.-]+?)\.?(?::\d{1,5})?$/.exec(value);
  return plain ? plain[1]! : null;
}

function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name === '::1') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

function ownAddresses(): Set<string> {
  const addresses = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) addresses.add(entry.address.toLowerCase().replace(/%.*$/, ''));
  }
  return addresses;
}

/** Builds the check once per server: the public host is fixed, interface addresses are read when asked. */
export function operatorHostCheck(options: OperatorHostOptions): (request: IncomingMessage) => boolean {
  const publicHost = options.publicUrl === undefined ? null : hostName(new URL(options.publicUrl).host);
  return (request) => {
    const name = hostName(request.headers.host);
    if (name === null) return false;
    if (isLoopbackName(name) || name === publicHost) return true;
    if (!options.operatorAllowRemote || isIP(name) === 0) return false;
    // The address this connection reached, or any other of this machine's.
    const local = request.socket.localAddress?.replace(/^::ffff:/, '');
    return name === local || ownAddresses().has(name);
  };
}

export const wrongHostMessage =
  'the operator side answers only at this machine\'s own names (localhost, 127.0.0.1, [::1]) or the configured public URL';
