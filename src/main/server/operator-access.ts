// Who counts as the operator, on HTTP and on the console socket alike: every
// condition in one function, so the two ways in cannot drift apart.
import type { IncomingMessage } from 'node:http';
import { OPERATOR_COOKIE, OPERATOR_SECRET_HEADER, OPERATOR_SUBPROTOCOL_PREFIX } from '../../shared/api.ts';
import { isOperatorPlace } from './client-address.ts';
import { parseCookies } from './http-kit.ts';
import type { OperatorSessions } from './operator-sessions.ts';
import { originAllowed } from './origin-check.ts';

export type OperatorCheck = (request: IncomingMessage, via: 'http' | 'socket') => boolean;

/**
 * The operator: from an operator place, addressed by one of this server's
 * own names (not a rebound one), with the session cookie AND that session's
 * secret, which a browser page sends in a header (a socket: a subprotocol
 * entry, since browsers cannot set headers on a WebSocket).
 */
export function operatorCheck(
  operatorHostAllowed: (request: IncomingMessage) => boolean,
  operatorSessions: OperatorSessions,
  operatorAllowRemote: () => boolean,
): OperatorCheck {
  return (request, via) => {
    if (!operatorHostAllowed(request)) return false;
    if (!isOperatorPlace(request, operatorAllowRemote())) return false;
    if (!originAllowed(request, undefined)) return false;
    return operatorSessions.isValid(parseCookies(request.headers.cookie).get(OPERATOR_COOKIE), operatorSecret(request, via));
  };
}

/** The secret half of an operator credential: a header on HTTP, a subprotocol entry on the socket. */
function operatorSecret(request: IncomingMessage, via: 'http' | 'socket'): string | undefined {
  if (via === 'http') {
    const header = request.headers[OPERATOR_SECRET_HEADER.toLowerCase()];
    return typeof header === 'string' ? header : undefined;
  }
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((part) => part.trim());
  return offered.find((part) => part.startsWith(OPERATOR_SUBPROTOCOL_PREFIX))?.slice(OPERATOR_SUBPROTOCOL_PREFIX.length);
}
