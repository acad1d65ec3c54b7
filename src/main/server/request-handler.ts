// Answers every HTTP request that is not a WebSocket upgrade: the API routes
// (operator ones only with the operator credential), /metrics, the console
// login and the built pages. Errors become JSON answers, never a crash.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '../../shared/protocol.ts';
import { isOperatorPlace } from './client-address.ts';
import { consoleLogin } from './console-login.ts';
import { HttpError, securityHeaders, sendError } from './http-kit.ts';
import { wrongHostMessage } from './operator-host.ts';
import { parseRequestTarget } from './request-target.ts';
import { routes } from './route-table.ts';
import type { Services } from './services.ts';
import { pageFile, resolveStatic, sendFile } from './static-files.ts';

export function createRequestHandler(
  services: Services,
  staticDir: string,
  operatorHostAllowed: (request: IncomingMessage) => boolean,
  secure: boolean,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    securityHeaders(response, secure);
    handle(services, staticDir, operatorHostAllowed, request, response).catch((error: unknown) => {
      if (error instanceof HttpError) {
        if (!response.headersSent) sendError(response, error.status, error.code, error.message);
        else response.destroy();
        return;
      }
      // The client reset the connection mid-request (e.g. while its body was read): nobody is left to answer.
      if (request.socket.destroyed) return;
      console.error('request failed:', error);
      if (!response.headersSent) sendError(response, 500, ErrorCode.Internal, 'internal error');
      else response.destroy();
    });
  };
}

/** Operator paths outside /api/operator/: each answers only at this server's own names (DNS rebinding). */
const operatorPagePaths: ReadonlySet<string> = new Set(['/metrics', '/console/login', '/console/', '/console']);

async function handle(
  services: Services,
  staticDir: string,
  operatorHostAllowed: (request: IncomingMessage) => boolean,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = parseRequestTarget(request.url, 'http://request.invalid');
  if (!url) throw new HttpError(400, ErrorCode.BadMessage, 'the request target is not a valid URL');
  const method = request.method ?? 'GET';
  const path = url.pathname;
  if ((path.startsWith('/api/operator/') || operatorPagePaths.has(path)) && !operatorHostAllowed(request)) {
    throw new HttpError(421, ErrorCode.Forbidden, `${wrongHostMessage}, not ${JSON.stringify((request.headers.host ?? '').slice(0, 100))}`);
  }
  if (path.startsWith('/api/')) return serveApi(services, request, response, url, method);
  if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, ErrorCode.BadMessage, `no ${method} ${path}`);
  return servePage(services, staticDir, request, response, url);
}

async function serveApi(services: Services, request: IncomingMessage, response: ServerResponse, url: URL, method: string): Promise<void> {
  const path = url.pathname;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method !== method) continue;
    if (route.operator && !services.isOperator(request)) {
      throw new HttpError(401, ErrorCode.Unauthorized, 'operator session required (open the console link in this tab)');
    }
    await route.handler(services, { request, response, url, params: match.slice(1) });
    return;
  }
  const known = routes.some((route) => route.pattern.test(path));
  throw new HttpError(known ? 405 : 404, known ? ErrorCode.BadMessage : ErrorCode.NotFound, `no ${method} ${path}`);
}

async function servePage(services: Services, staticDir: string, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname;
  if (path === '/console/login') return consoleLogin(services, request, response, url);
  if (path === '/metrics') {
    // Operator side: a scraper on this machine, or one holding the console's credential.
    if (!services.isOperator(request) && !(isOperatorPlace(request, services.operatorAllowRemote) && services.metricsOpenOnLoopback)) {
      throw new HttpError(401, ErrorCode.Unauthorized, 'metrics are for the operator');
    }
    const text = await services.metrics.render();
    response.writeHead(200, { 'Content-Type': services.metrics.contentType, 'Cache-Control': 'no-store' });
    response.end(text);
    return;
  }
  if (path === '/') {
    const page = isOperatorPlace(request, services.operatorAllowRemote) ? '/console/' : '/player/';
    response.writeHead(302, { Location: page }).end();
    return;
  }
  if (path === '/console' || path === '/player') {
    response.writeHead(301, { Location: `${path}/` }).end();
    return;
  }
  if (path === '/console/' || path === '/player/') {
    const file = resolveStatic(staticDir, `${path}index.html`) ?? null;
    if (!file) {
      throw new HttpError(503, ErrorCode.Internal, `the pages are not built: run "npm run build:web" (looked in ${pageFile(staticDir, 'console')})`);
    }
    sendFile(response, file, false);
    return;
  }
  const file = path.startsWith('/assets/') ? resolveStatic(staticDir, path) : null;
  if (!file) throw new HttpError(404, ErrorCode.NotFound, `nothing at ${path}`);
  sendFile(response, file, true);
}
