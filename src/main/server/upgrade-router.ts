// The WebSocket handshake. Players authenticate at the upgrade (the session
// token rides in the Sec-WebSocket-Protocol header, never in a URL) and are
// refused with 401 before a socket exists; upgrades are rate limited per address.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_OPERATOR_PATH, WS_PLAYER_PATH } from '../../shared/api.ts';
import { AUTH_SUBPROTOCOL_PREFIX, Limits, PROTOCOL_VERSION, RESUME_QUERY_PARAMETER } from '../../shared/protocol.ts';
import type { GatewayOptions, PlayerSession } from './gateway-options.ts';
import { KeyedRateLimiter } from './rate-limit.ts';
import { refuse } from './refuse.ts';
import { parseRequestTarget } from './request-target.ts';

/** Where an accepted socket goes: a player (resuming after event `since`, if given) or a console. */
export type UpgradeTargets = {
  acceptPlayer: (socket: WebSocket, session: PlayerSession, since: number | null) => void;
  acceptOperator: (socket: WebSocket) => void;
};

export class UpgradeRouter {
  readonly #options: GatewayOptions;
  readonly #targets: UpgradeTargets;
  readonly #server: WebSocketServer;
  readonly #upgradeLimiter: KeyedRateLimiter;

  constructor(options: GatewayOptions, targets: UpgradeTargets) {
    this.#options = options;
    this.#targets = targets;
    this.#upgradeLimiter = new KeyedRateLimiter({
      ratePerSecond: options.limits.upgradesPerSecond,
      burst: options.limits.upgradeBurst,
      maxKeys: 10_000,
    });
    this.#server = new WebSocketServer({
      noServer: true,
      maxPayload: Limits.maxPayloadBytes,
      perMessageDeflate: false,
      clientTracking: false,
      // Echo only the protocol name, never the auth token offered beside it.
      handleProtocols: (protocols) => (protocols.has(PROTOCOL_VERSION) ? PROTOCOL_VERSION : false),
    });
  }

  /**
   * Total: whatever the request holds, the socket is accepted, refused or
   * destroyed, and no exception leaves this method (one would end the process).
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node removes its own listeners from an upgrade socket: a reset from here on needs this one.
    const onError = (): void => {
      socket.destroy();
    };
    socket.on('error', onError);
    try {
      this.#routeUpgrade(request, socket, head, () => socket.removeListener('error', onError));
    } catch (error) {
      this.#options.log('upgrade failed', error);
      socket.destroy();
    }
  }

  close(): void {
    this.#server.close();
  }

  #routeUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, accepted: () => void): void {
    const url = parseRequestTarget(request.url, 'http://upgrade.invalid');
    if (!url) return refuse(socket, 400, 'Bad Request');
    const address = this.#options.clientAddress(request);
    if (!this.#upgradeLimiter.take(address, this.#options.now())) return refuse(socket, 429, 'Too Many Requests');
    if (!this.#options.originAllowed(request)) return refuse(socket, 403, 'Forbidden');
    if (url.pathname === WS_PLAYER_PATH) {
      const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((part) => part.trim());
      if (!offered.includes(PROTOCOL_VERSION)) return refuse(socket, 400, 'Bad Request');
      const token = offered.find((part) => part.startsWith(AUTH_SUBPROTOCOL_PREFIX))?.slice(AUTH_SUBPROTOCOL_PREFIX.length);
      const session = token && /^[A-Za-z0-9_-]{16,128}$/.test(token) ? this.#options.authenticatePlayer(token) : null;
      if (!session || session.table.isClosed) return refuse(socket, 401, 'Unauthorized');
      const since = parseSince(url.searchParams.get(RESUME_QUERY_PARAMETER));
      this.#server.handleUpgrade(request, socket, head, (ws) => this.#accepted(ws, accepted, () => this.#targets.acceptPlayer(ws, session, since)));
      return;
    }
    if (url.pathname === WS_OPERATOR_PATH) {
      if (!this.#options.authorizeOperator(request)) return refuse(socket, 401, 'Unauthorized');
      this.#server.handleUpgrade(request, socket, head, (ws) => this.#accepted(ws, accepted, () => this.#targets.acceptOperator(ws)));
      return;
    }
    refuse(socket, 404, 'Not Found');
  }

  /** The 101 is already written: a failure now can only cut the socket off, never answer it. */
  #accepted(ws: WebSocket, accepted: () => void, accept: () => void): void {
    accepted();
    try {
      accept();
    } catch (error) {
      this.#options.log('accepting a socket failed', error);
      ws.terminate();
    }
  }
}

function parseSince(raw: string | null): number | null {
  if (raw === null || !/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}
