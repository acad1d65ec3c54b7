// The WebSocket edge. Players authenticate at the upgrade (the session token
// rides in the Sec-WebSocket-Protocol header, never in a URL) and are refused
// with 401 before a socket exists. Every inbound frame is rate limited, size
// limited (maxPayload) and validated against the protocol schema before the
// table sees it; bad input gets a typed error and changes nothing.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { WS_OPERATOR_PATH, WS_PLAYER_PATH } from '../../shared/api.ts';
import {
  AUTH_SUBPROTOCOL_PREFIX,
  ClientKind,
  CloseCode,
  ErrorCode,
  Limits,
  PROTOCOL_VERSION,
  ServerKind,
  parseClientMessage,
  type ClientMessage,
  type ServerMessage,
} from '../../shared/protocol.ts';
import type { Seat, Table, EventEnvelope, OperationResult } from '../tables/table.ts';
import { KeyedRateLimiter, TokenBucket } from './rate-limit.ts';

/** Consecutive rate-limited frames after which a client is disconnected. */
const maxRateLimitStrikes = 50;

export type PlayerSession = {
  playerId: string;
  name: string;
  clientSeed: string;
  muted: boolean;
  walletAccountId: number;
  table: Table;
};

export type GatewayOptions = {
  now: () => number;
  /** WebSocket upgrades per remote address: guessing tokens costs time. */
  upgradeRateLimit: { ratePerSecond: number; burst: number };
  /** Resolves a presented session token to a seated player, or null. */
  authenticatePlayer: (token: string) => PlayerSession | null;
  /** True when the upgrade request carries a valid operator session (and comes from an allowed place). */
  authorizeOperator: (request: IncomingMessage) => boolean;
  balanceOf: (walletAccountId: number) => number;
  setClientSeed: (playerId: string, clientSeed: string) => void;
  playerName: (playerId: string) => string;
};

type PlayerConnection = {
  socket: WebSocket;
  session: PlayerSession;
  bucket: TokenBucket;
  rateLimitStrikes: number;
  awaitingPong: boolean;
  pingSentAt: number;
  latencyMs: number | null;
};

export class Gateway {
  readonly #options: GatewayOptions;
  readonly #server: WebSocketServer;
  readonly #byPlayer = new Map<string, PlayerConnection>();
  readonly #byTable = new Map<string, Set<PlayerConnection>>();
  readonly #operators = new Set<WebSocket>();
  readonly #upgradeLimiter: KeyedRateLimiter;
  readonly #heartbeat: NodeJS.Timeout;

  constructor(options: GatewayOptions) {
    this.#options = options;
    this.#upgradeLimiter = new KeyedRateLimiter({ ...options.upgradeRateLimit, maxKeys: 10_000 });
    this.#server = new WebSocketServer({
      noServer: true,
      maxPayload: Limits.maxPayloadBytes,
      perMessageDeflate: false,
      clientTracking: false,
      // Echo only the protocol name, never the auth token offered beside it.
      handleProtocols: (protocols) => (protocols.has(PROTOCOL_VERSION) ? PROTOCOL_VERSION : false),
    });
    this.#heartbeat = setInterval(() => this.#beat(), Limits.heartbeatIntervalMs);
    this.#heartbeat.unref();
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(request.url ?? '/', 'http://upgrade.invalid').pathname;
    const address = request.socket.remoteAddress ?? 'unknown';
    if (!this.#upgradeLimiter.take(address, this.#options.now())) return refuse(socket, 429, 'Too Many Requests');
    if (path === WS_PLAYER_PATH) {
      const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((part) => part.trim());
      if (!offered.includes(PROTOCOL_VERSION)) return refuse(socket, 400, 'Bad Request');
      const token = offered.find((part) => part.startsWith(AUTH_SUBPROTOCOL_PREFIX))?.slice(AUTH_SUBPROTOCOL_PREFIX.length);
      const session = token && /^[A-Za-z0-9_-]{16,128}$/.test(token) ? this.#options.authenticatePlayer(token) : null;
      if (!session || session.table.isClosed) return refuse(socket, 401, 'Unauthorized');
      this.#server.handleUpgrade(request, socket, head, (ws) => this.#acceptPlayer(ws, session));
      return;
    }
    if (path === WS_OPERATOR_PATH) {
      if (!this.#options.authorizeOperator(request)) return refuse(socket, 401, 'Unauthorized');
      this.#server.handleUpgrade(request, socket, head, (ws) => this.#acceptOperator(ws));
      return;
    }
    refuse(socket, 404, 'Not Found');
  }

  /** Sends one table event to everyone at that table and to every console: serialized once. */
  publish(envelope: EventEnvelope): void {
    const text = JSON.stringify(envelope);
    for (const connection of this.#byTable.get(envelope.tableId) ?? []) this.#send(connection.socket, text);
    for (const operator of this.#operators) this.#send(operator, text);
  }

  sendBalance(playerId: string, balanceMinor: number): void {
    const connection = this.#byPlayer.get(playerId);
    if (connection) this.#sendMessage(connection.socket, { kind: ServerKind.Balance, balanceMinor });
  }

  isConnected(playerId: string): boolean {
    return this.#byPlayer.has(playerId);
  }

  latencyMs(playerId: string): number | null {
    return this.#byPlayer.get(playerId)?.latencyMs ?? null;
  }

  connectionCount(): number {
    return this.#byPlayer.size;
  }

  setMuted(playerId: string, muted: boolean): void {
    const connection = this.#byPlayer.get(playerId);
    if (connection) connection.session.muted = muted;
  }

  disconnect(playerId: string, code: CloseCode, reason: string): void {
    this.#byPlayer.get(playerId)?.socket.close(code, reason);
  }

  disconnectTable(tableId: string): void {
    for (const connection of this.#byTable.get(tableId) ?? []) connection.socket.close(CloseCode.TableClosed, 'the table closed');
  }

  close(): void {
    clearInterval(this.#heartbeat);
    for (const connection of this.#byPlayer.values()) connection.socket.close(CloseCode.GoingAway, 'the server is stopping');
    for (const operator of this.#operators) operator.close(CloseCode.GoingAway, 'the server is stopping');
    this.#server.close();
  }

  // ------------------------------------------------------------ players

  #acceptPlayer(socket: WebSocket, session: PlayerSession): void {
    const { playerId, table } = session;
    const previous = this.#byPlayer.get(playerId);
    if (previous) {
      this.#forget(previous);
      previous.socket.close(CloseCode.ReplacedByNewConnection, 'opened somewhere else');
    }
    const now = this.#options.now();
    const connection: PlayerConnection = {
      socket,
      session,
      bucket: new TokenBucket(Limits.messagesPerSecond, Limits.messageBurst, now),
      rateLimitStrikes: 0,
      awaitingPong: false,
      pingSentAt: now,
      latencyMs: null,
    };
    this.#byPlayer.set(playerId, connection);
    let peers = this.#byTable.get(table.id);
    if (!peers) {
      peers = new Set();
      this.#byTable.set(table.id, peers);
    }
    peers.add(connection);
    socket.on('message', (data, isBinary) => this.#onPlayerMessage(connection, data, isBinary));
    socket.on('pong', () => {
      connection.awaitingPong = false;
      connection.latencyMs = this.#options.now() - connection.pingSentAt;
    });
    socket.on('close', () => {
      if (this.#byPlayer.get(playerId) !== connection) return;
      this.#forget(connection);
      table.seatDisconnected(playerId);
    });
    socket.on('error', () => socket.terminate());

    this.#sendMessage(socket, {
      kind: ServerKind.Welcome,
      protocol: PROTOCOL_VERSION,
      playerId,
      name: session.name,
      tableId: table.id,
      balanceMinor: this.#options.balanceOf(session.walletAccountId),
      clientSeed: session.clientSeed,
      serverTime: now,
    });
    // Join first so the snapshot's seq already covers the player's own arrival.
    table.seatConnected({ playerId, name: session.name, connected: true });
    this.#sendMessage(socket, { kind: ServerKind.Snapshot, snapshot: table.snapshot(playerId, this.#options.playerName) });
    // A ping right away gives the console a latency figure without waiting a heartbeat.
    connection.pingSentAt = now;
    connection.awaitingPong = true;
    socket.ping();
  }

  #forget(connection: PlayerConnection): void {
    this.#byPlayer.delete(connection.session.playerId);
    this.#byTable.get(connection.session.table.id)?.delete(connection);
  }

  #onPlayerMessage(connection: PlayerConnection, data: RawData, isBinary: boolean): void {
    const { socket } = connection;
    if (!connection.bucket.take(this.#options.now())) {
      connection.rateLimitStrikes += 1;
      if (connection.rateLimitStrikes > maxRateLimitStrikes) {
        socket.close(CloseCode.RateLimited, 'too many messages');
        return;
      }
      this.#sendError(socket, null, ErrorCode.RateLimited, `at most ${Limits.messagesPerSecond} messages per second`);
      return;
    }
    connection.rateLimitStrikes = 0;
    if (isBinary) {
      this.#sendError(socket, null, ErrorCode.BadMessage, 'binary frames are not accepted; send JSON text');
      return;
    }
    const parsed = parseClientMessage(rawToString(data));
    if (!parsed.ok) {
      this.#sendError(socket, parsed.requestId, ErrorCode.BadMessage, parsed.message);
      return;
    }
    this.#dispatch(connection, parsed.message);
  }

  #dispatch(connection: PlayerConnection, message: ClientMessage): void {
    const { session, socket } = connection;
    const seat: Seat = {
      playerId: session.playerId,
      name: session.name,
      walletAccountId: session.walletAccountId,
      muted: session.muted,
    };
    switch (message.kind) {
      case ClientKind.BetPlace:
        void session.table
          .placeBets(seat, session.clientSeed, message.round, message.bets)
          .then((result) => this.#reply(socket, message.requestId, result));
        return;
      case ClientKind.BetCancel:
        void session.table
          .cancelBets(seat, message.round, message.betIds)
          .then((result) => this.#reply(socket, message.requestId, result));
        return;
      case ClientKind.SeedSet:
        this.#options.setClientSeed(session.playerId, message.clientSeed);
        session.clientSeed = message.clientSeed;
        this.#reply(socket, message.requestId, { ok: true, balanceMinor: this.#options.balanceOf(session.walletAccountId) });
        return;
      case ClientKind.Ping:
        this.#sendMessage(socket, {
          kind: ServerKind.Pong,
          requestId: message.requestId,
          clientTime: message.clientTime,
          serverTime: this.#options.now(),
        });
        return;
    }
  }

  #reply(socket: WebSocket, requestId: string, result: OperationResult): void {
    if (result.ok) this.#sendMessage(socket, { kind: ServerKind.Ack, requestId, balanceMinor: result.balanceMinor });
    else this.#sendError(socket, requestId, result.code, result.message);
  }

  // ------------------------------------------------------------ operators

  #acceptOperator(socket: WebSocket): void {
    this.#operators.add(socket);
    // Consoles only listen: anything they send is ignored, bounded by maxPayload.
    socket.on('close', () => this.#operators.delete(socket));
    socket.on('error', () => socket.terminate());
  }

  // ------------------------------------------------------------ plumbing

  #beat(): void {
    const now = this.#options.now();
    for (const connection of this.#byPlayer.values()) {
      if (connection.awaitingPong && now - connection.pingSentAt >= Limits.heartbeatIntervalMs) {
        connection.socket.terminate();
        continue;
      }
      connection.awaitingPong = true;
      connection.pingSentAt = now;
      connection.socket.ping();
    }
  }

  #sendError(socket: WebSocket, requestId: string | null, code: ErrorCode, message: string): void {
    this.#sendMessage(socket, { kind: ServerKind.Error, requestId, code, message });
  }

  #sendMessage(socket: WebSocket, message: ServerMessage): void {
    this.#send(socket, JSON.stringify(message));
  }

  #send(socket: WebSocket, text: string): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    // A client that does not read cannot be allowed to grow server memory.
    if (socket.bufferedAmount > Limits.maxBufferedBytesPerClient) {
      socket.terminate();
      return;
    }
    socket.send(text);
  }
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function refuse(socket: Duplex, status: number, text: string): void {
  // Destroy only once the reply is flushed, or the client never sees the status.
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
