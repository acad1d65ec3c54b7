// The WebSocket edge. Players authenticate at the upgrade (the session token
// rides in the Sec-WebSocket-Protocol header, never in a URL) and are refused
// with 401 before a socket exists. Every inbound frame is rate limited, size
// limited (maxPayload) and validated against the protocol schema before the
// table sees it; bad input gets a typed error and changes nothing.
//
// Outbound, every table event is serialized once and written to every
// socket at that table. A client that stops reading first gets coalesced
// state (one fresh snapshot once it catches up) instead of every event, and
// past a hard limit it is closed with TooSlow (cut off if it does not finish
// the close within a grace), so no client can grow server memory.
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
  RESUME_QUERY_PARAMETER,
  ServerKind,
  parseClientMessage,
  type ClientMessage,
  type PlayerSettlement,
  type ServerMessage,
} from '../../shared/protocol.ts';
import type { Seat, Table, EventEnvelope, OperationResult } from '../tables/table.ts';
import { KeyedRateLimiter, TokenBucket } from './rate-limit.ts';
import { refuse } from './refuse.ts';
import { parseRequestTarget } from './request-target.ts';
import { ReplayBuffer } from './replay-buffer.ts';

export type GatewayLimits = {
  /** Above this many unsent bytes a client gets coalesced state instead of every event. */
  softBufferedBytes: number;
  /** Above this many unsent bytes a client is closed with TooSlow; nothing more is written to it. */
  hardBufferedBytes: number;
  /** How long a client closed for being too slow has to read its close frame before it is cut off. */
  tooSlowCloseGraceMs: number;
  /** Consecutive rate-limited frames after which a client is disconnected. */
  maxRateLimitStrikes: number;
  replayEventsPerTable: number;
  replayBytesPerTable: number;
  messagesPerSecond: number;
  messageBurst: number;
  cancelsPerSecond: number;
  cancelBurst: number;
  upgradesPerSecond: number;
  upgradeBurst: number;
};

export const defaultGatewayLimits: GatewayLimits = {
  softBufferedBytes: 256 * 1024,
  hardBufferedBytes: 1024 * 1024,
  tooSlowCloseGraceMs: 2_000,
  maxRateLimitStrikes: 50,
  replayEventsPerTable: 1_024,
  replayBytesPerTable: 1024 * 1024,
  messagesPerSecond: Limits.messagesPerSecond,
  messageBurst: Limits.messageBurst,
  cancelsPerSecond: Limits.cancelsPerSecond,
  cancelBurst: Limits.cancelBurst,
  upgradesPerSecond: 5,
  upgradeBurst: 20,
};

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
  limits: GatewayLimits;
  /** Resolves a presented session token to a seated player, or null. */
  authenticatePlayer: (token: string) => PlayerSession | null;
  /** True when the upgrade request carries a valid operator session (and comes from an allowed place). */
  authorizeOperator: (request: IncomingMessage) => boolean;
  /** The address upgrade rate limits key on. */
  clientAddress: (request: IncomingMessage) => string;
  /** False for a browser page of another site (cross-site WebSocket hijacking). */
  originAllowed: (request: IncomingMessage) => boolean;
  balanceOf: (walletAccountId: number) => number;
  setClientSeed: (playerId: string, clientSeed: string) => void;
  playerName: (playerId: string) => string;
  /** Where an unexpected failure at the edge is reported (the socket is cut off, the server goes on). */
  log: (message: string, error: unknown) => void;
  /** Counts for live health: every message in and out. */
  countMessages?: (direction: 'in' | 'out', count: number) => void;
  /** Load runs (the bench) watch the fan-out: called as `publish` starts handing an event out... */
  publishing?: (envelope: EventEnvelope) => void;
  /** ...and once every socket has it: how many got it and how long serializing and handing it out took. */
  published?: (envelope: EventEnvelope, sentCount: number, durationMs: number) => void;
};

type PlayerConnection = {
  socket: WebSocket;
  session: PlayerSession;
  bucket: TokenBucket;
  cancelBucket: TokenBucket;
  rateLimitStrikes: number;
  awaitingPong: boolean;
  pingSentAt: number;
  latencyMs: number | null;
  /** Skipping events until the socket drains; then it gets one fresh snapshot. */
  lagging: boolean;
};

export class Gateway {
  readonly #options: GatewayOptions;
  readonly #limits: GatewayLimits;
  readonly #server: WebSocketServer;
  readonly #byPlayer = new Map<string, PlayerConnection>();
  readonly #byTable = new Map<string, Set<PlayerConnection>>();
  readonly #replay = new Map<string, ReplayBuffer>();
  readonly #operators = new Set<WebSocket>();
  readonly #upgradeLimiter: KeyedRateLimiter;
  readonly #heartbeat: NodeJS.Timeout;
  #coalescedSnapshots = 0;
  #slowDisconnects = 0;

  constructor(options: GatewayOptions) {
    this.#options = options;
    this.#limits = options.limits;
    this.#upgradeLimiter = new KeyedRateLimiter({
      ratePerSecond: this.#limits.upgradesPerSecond,
      burst: this.#limits.upgradeBurst,
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
    this.#heartbeat = setInterval(() => this.#beat(), Limits.heartbeatIntervalMs);
    this.#heartbeat.unref();
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
      this.#server.handleUpgrade(request, socket, head, (ws) => this.#accepted(ws, accepted, () => this.#acceptPlayer(ws, session, since)));
      return;
    }
    if (url.pathname === WS_OPERATOR_PATH) {
      if (!this.#options.authorizeOperator(request)) return refuse(socket, 401, 'Unauthorized');
      this.#server.handleUpgrade(request, socket, head, (ws) => this.#accepted(ws, accepted, () => this.#acceptOperator(ws)));
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

  /** Sends one table event to everyone at that table and to every console: serialized once. */
  publish(envelope: EventEnvelope): void {
    this.#options.publishing?.(envelope);
    const startedAt = performance.now();
    const frame = Buffer.from(JSON.stringify(envelope));
    this.#replayOf(envelope.tableId).push(envelope.seq, frame);
    let sent = 0;
    for (const connection of this.#byTable.get(envelope.tableId) ?? []) {
      if (this.#sendEvent(connection, frame)) sent += 1;
    }
    for (const operator of this.#operators) if (this.#sendFrame(operator, frame)) sent += 1;
    this.#options.countMessages?.('out', sent);
    this.#options.published?.(envelope, sent, performance.now() - startedAt);
  }

  sendBalance(playerId: string, balanceMinor: number): void {
    const connection = this.#byPlayer.get(playerId);
    if (connection) this.#sendMessage(connection.socket, { kind: ServerKind.Balance, balanceMinor });
  }

  sendSettlement(playerId: string, settlement: PlayerSettlement, balanceMinor: number): void {
    const connection = this.#byPlayer.get(playerId);
    if (connection) this.#sendMessage(connection.socket, { kind: ServerKind.Settlement, ...settlement, balanceMinor });
  }

  isConnected(playerId: string): boolean {
    return this.#byPlayer.has(playerId);
  }

  latencyMs(playerId: string): number | null {
    return this.#byPlayer.get(playerId)?.latencyMs ?? null;
  }

  /** Every connected player's last measured round trip, for health charts. */
  latencies(): number[] {
    const values: number[] = [];
    for (const connection of this.#byPlayer.values()) if (connection.latencyMs !== null) values.push(connection.latencyMs);
    return values;
  }

  stats(): {
    players: number;
    operators: number;
    lagging: number;
    bufferedBytes: number;
    coalescedSnapshots: number;
    slowDisconnects: number;
  } {
    let lagging = 0;
    let bufferedBytes = 0;
    for (const connection of this.#byPlayer.values()) {
      if (connection.lagging) lagging += 1;
      bufferedBytes += connection.socket.bufferedAmount;
    }
    return {
      players: this.#byPlayer.size,
      operators: this.#operators.size,
      lagging,
      bufferedBytes,
      coalescedSnapshots: this.#coalescedSnapshots,
      slowDisconnects: this.#slowDisconnects,
    };
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
    this.#replay.delete(tableId);
  }

  /** Says goodbye to everyone; a client that does not answer the close handshake within the grace period is cut off. */
  async close(graceMs = 1_000): Promise<void> {
    clearInterval(this.#heartbeat);
    const sockets = [...[...this.#byPlayer.values()].map((connection) => connection.socket), ...this.#operators];
    const closed = sockets.map(
      (socket) => new Promise<void>((resolveClose) => (socket.readyState === WebSocket.CLOSED ? resolveClose() : socket.once('close', () => resolveClose()))),
    );
    for (const socket of sockets) socket.close(CloseCode.GoingAway, 'the server is stopping');
    const grace = setTimeout(() => {
      for (const socket of sockets) socket.terminate();
    }, graceMs);
    await Promise.all(closed);
    clearTimeout(grace);
    this.#server.close();
  }

  // ------------------------------------------------------------ players

  #acceptPlayer(socket: WebSocket, session: PlayerSession, since: number | null): void {
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
      bucket: new TokenBucket(this.#limits.messagesPerSecond, this.#limits.messageBurst, now),
      cancelBucket: new TokenBucket(this.#limits.cancelsPerSecond, this.#limits.cancelBurst, now),
      rateLimitStrikes: 0,
      awaitingPong: true,
      pingSentAt: now,
      latencyMs: null,
      lagging: false,
    };
    this.#byPlayer.set(playerId, connection);
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
    // Seat first, so the snapshot or replay already covers the player's own arrival;
    // then join the broadcast set, so no event is seen twice or before the state it applies to.
    table.seatConnected({ playerId, name: session.name, connected: true });
    const missed = since === null ? null : this.#replayOf(table.id).since(since);
    if (missed) for (const frame of missed) this.#sendFrame(socket, frame);
    else this.#sendSnapshot(connection);
    let peers = this.#byTable.get(table.id);
    if (!peers) {
      peers = new Set();
      this.#byTable.set(table.id, peers);
    }
    peers.add(connection);
    // A ping right away gives the console a latency figure without waiting a heartbeat.
    socket.ping();
  }

  #sendSnapshot(connection: PlayerConnection): void {
    const { table, playerId } = connection.session;
    this.#sendMessage(connection.socket, { kind: ServerKind.Snapshot, snapshot: table.snapshot(playerId, this.#options.playerName) });
  }

  #forget(connection: PlayerConnection): void {
    this.#byPlayer.delete(connection.session.playerId);
    this.#byTable.get(connection.session.table.id)?.delete(connection);
  }

  #onPlayerMessage(connection: PlayerConnection, data: RawData, isBinary: boolean): void {
    const { socket } = connection;
    this.#options.countMessages?.('in', 1);
    if (!connection.bucket.take(this.#options.now())) {
      connection.rateLimitStrikes += 1;
      if (connection.rateLimitStrikes > this.#limits.maxRateLimitStrikes) {
        socket.close(CloseCode.RateLimited, 'too many messages');
        return;
      }
      this.#sendError(socket, null, ErrorCode.RateLimited, `at most ${this.#limits.messagesPerSecond} messages per second`);
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
        if (!connection.cancelBucket.take(this.#options.now())) {
          this.#sendError(socket, message.requestId, ErrorCode.RateLimited, `at most ${this.#limits.cancelsPerSecond} take-backs per second`);
          return;
        }
        void session.table
          .cancelBets(seat, message.round, message.betIds)
          .then((result) => this.#reply(socket, message.requestId, result));
        return;
      case ClientKind.BlackjackDecide:
        void session.table
          .decide(seat, message.requestId, message.round, { seat: message.seat, hand: message.hand, action: message.action })
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

  #replayOf(tableId: string): ReplayBuffer {
    let buffer = this.#replay.get(tableId);
    if (!buffer) {
      buffer = new ReplayBuffer(this.#limits.replayEventsPerTable, this.#limits.replayBytesPerTable);
      this.#replay.set(tableId, buffer);
    }
    return buffer;
  }

  #beat(): void {
    const now = this.#options.now();
    for (const connection of this.#byPlayer.values()) {
      if (connection.awaitingPong && now - connection.pingSentAt >= Limits.heartbeatIntervalMs) {
        connection.socket.terminate();
        continue;
      }
      this.#catchUp(connection);
      connection.awaitingPong = true;
      connection.pingSentAt = now;
      connection.socket.ping();
    }
  }

  /** A lagging client that drained gets the current state in one message. */
  #catchUp(connection: PlayerConnection): void {
    if (!connection.lagging || connection.socket.bufferedAmount > this.#limits.softBufferedBytes / 2) return;
    connection.lagging = false;
    this.#coalescedSnapshots += 1;
    this.#sendSnapshot(connection);
  }

  #sendEvent(connection: PlayerConnection, frame: Buffer): boolean {
    const { socket } = connection;
    if (socket.readyState !== WebSocket.OPEN) return false;
    if (this.#overHardLimit(socket)) return false;
    if (connection.lagging) {
      // The snapshot it will get covers this event: the table mutates before it emits.
      this.#catchUp(connection);
      return false;
    }
    if (socket.bufferedAmount > this.#limits.softBufferedBytes) {
      connection.lagging = true;
      return false;
    }
    socket.send(frame, { binary: false });
    return true;
  }

  /**
   * Past the hard limit the socket is closed with TooSlow, so a page that
   * reads again learns why and does not reconnect into the same flood. The
   * socket is CLOSING from here on, so nothing more is queued on it; one that
   * still does not read is cut off after the grace (ws alone would wait 30 s).
   */
  #overHardLimit(socket: WebSocket): boolean {
    if (socket.bufferedAmount <= this.#limits.hardBufferedBytes) return false;
    this.#slowDisconnects += 1;
    socket.close(CloseCode.TooSlow, 'too slow to keep up');
    const grace = setTimeout(() => socket.terminate(), this.#limits.tooSlowCloseGraceMs);
    grace.unref();
    socket.once('close', () => clearTimeout(grace));
    return true;
  }

  #sendError(socket: WebSocket, requestId: string | null, code: ErrorCode, message: string): void {
    this.#sendMessage(socket, { kind: ServerKind.Error, requestId, code, message });
  }

  #sendMessage(socket: WebSocket, message: ServerMessage): void {
    if (this.#sendFrame(socket, Buffer.from(JSON.stringify(message)))) this.#options.countMessages?.('out', 1);
  }

  #sendFrame(socket: WebSocket, frame: Buffer): boolean {
    if (socket.readyState !== WebSocket.OPEN) return false;
    if (this.#overHardLimit(socket)) return false;
    socket.send(frame, { binary: false });
    return true;
  }
}

function parseSince(raw: string | null): number | null {
  if (raw === null || !/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
