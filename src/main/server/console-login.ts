// The one-time console link: redeems its token for an operator session and
// hands the browser the cookie and (in the URL fragment) the session secret.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OPERATOR_COOKIE, OPERATOR_SECRET_FRAGMENT } from '../../shared/api.ts';
import { ErrorCode } from '../../shared/protocol.ts';
import { isOperatorPlace } from './client-address.ts';
import { HttpError } from './http-kit.ts';
import type { Services } from './services.ts';

export function consoleLogin(services: Services, request: IncomingMessage, response: ServerResponse, url: URL): void {
  if (!isOperatorPlace(request, services.operatorAllowRemote)) {
    throw new HttpError(403, ErrorCode.Forbidden, 'the console is only served to this machine');
  }
  const token = url.searchParams.get('token') ?? '';
  if (!services.loginLimiter.take(services.clientAddress(request), services.now())) {
    throw new HttpError(429, ErrorCode.RateLimited, 'too many console logins; wait a moment');
  }
  const credential = /^[A-Za-z0-9_-]{16,128}$/.test(token) ? services.operatorSessions.redeem(token) : null;
  if (!credential) {
    response.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('This console link was already used or has expired. Ask Pitboss for a new one (restart `npm run serve`).\n');
    return;
  }
  // The secret rides in the fragment, which browsers never send to a server:
  // no cookie-bearing request can fetch it. The page moves it to
  // sessionStorage (scoped to this origin, port included) and clears the URL.
  response.writeHead(302, {
    'Set-Cookie': `${OPERATOR_COOKIE}=${credential.session}; HttpOnly; SameSite=Strict; Path=/${services.secure ? '; Secure' : ''}`,
    Location: `/console/#${OPERATOR_SECRET_FRAGMENT}=${credential.secret}`,
    'Cache-Control': 'no-store',
  });
  response.end();
}
