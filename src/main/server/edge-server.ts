// The HTTP(S) server players and the console reach, with every limit below
// the request handlers: per-address connection caps (connection-guard.ts),
// timeouts that really fire when configured, and a total answer to input
// the HTTP or TLS layer itself rejects.
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { ConnectionGuard, type ConnectionLimits } from './connection-guard.ts';
import { refuse } from './refuse.ts';
import type { TlsMaterial } from './tls.ts';

export type EdgeLimits = ConnectionLimits & {
  /** A connection that has not sent complete request headers (or finished TLS) this long after it started is closed. */
  headersTimeoutMs: number;
  /** A request whose body has not arrived this long after it started is closed. */
  requestTimeoutMs: number;
};

/** For a server reached directly: one address is one client. */
export const directEdgeLimits: EdgeLimits = {
  maxConnectionsPerAddress: 256,
  maxPendingHandshakesPerAddress: 16,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
};

/** Behind a trusted proxy every connection comes from the proxy: the caps bound the proxy, i.e. the whole table. */
export const proxiedEdgeLimits: EdgeLimits = {
  ...directEdgeLimits,
  maxConnectionsPerAddress: 16_384,
  maxPendingHandshakesPerAddress: 1_024,
};

/**
 * Node checks headersTimeout and requestTimeout only every
 * connectionsCheckingInterval (30 s by default), so a 10 s timeout let
 * half-open connections live 30 s; checking every second keeps the
 * configured figure within a second.
 */
const timeoutCheckIntervalMs = 1_000;

export function createEdgeServer(options: {
  tls: TlsMaterial | undefined;
  limits: EdgeLimits;
  onRequest: RequestListener;
  onUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
}): Server {
  const { limits, tls } = options;
  const timeouts = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs),
    connectionsCheckingInterval: Math.min(timeoutCheckIntervalMs, limits.headersTimeoutMs),
  };
  const server: Server = tls
    ? // The TLS handshake is part of the header deadline too (Node's default is 120 s).
      createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2', handshakeTimeout: limits.headersTimeoutMs, ...timeouts }, options.onRequest)
    : createHttpServer(timeouts, options.onRequest);
  new ConnectionGuard(limits).attach(server);
  server.on('upgrade', options.onUpgrade);
  // https forwards TLS failures (tlsClientError) here as well.
  server.on('clientError', answerClientError);
  return server;
}

/** A request the parser could not read gets a status if nothing was written yet; anything else (resets, TLS failures) is closed. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const code = error.code ?? '';
  const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : code.startsWith('HPE_') ? 400 : null;
  const untouched = (socket as Partial<Socket>).bytesWritten === 0;
  if (status === null || !untouched) {
    socket.on('error', () => socket.destroy());
    socket.destroy();
    return;
  }
  refuse(socket, status, status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request');
}
