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
//
// This class keeps who is connected where and fans events out; the handshake
// is upgrade-router.ts, inbound frames player-messages.ts, writing (with its
// backpressure) socket-writer.ts, and one player's socket player-connection.ts.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import { CloseCode, Limits, PROTOCOL_VERSION, ServerKind, type PlayerSettlement, type ServerMessage } from '../../shared/protocol.ts';
import type { EventEnvelope } from '../tables/table.ts';
import type { GatewayOptions, PlayerSession } from './gateway-options.ts';
import { heartbeat, newPlayerConnection, pongReceived, type PlayerConnection } from './player-connection.ts';
import { onPlayerMessage } from './player-messages.ts';
import { ReplayBuffer } from './replay-buffer.ts';
import { SocketWriter } from './socket-writer.ts';
import { UpgradeRouter } from './upgrade-router.ts';

export class Gateway {
  readonly #options: GatewayOptions;
  readonly #upgrades: UpgradeRouter;
  readonly #writer: SocketWriter;
  readonly #byPlayer = new Map<string, PlayerConnection>();
  readonly #byTable = new Map<string, Set<PlayerConnection>>();
  readonly #replay = new Map<string, ReplayBuffer>();
  readonly #operators = new Set<WebSocket>();
  readonly #heartbeat: NodeJS.Timeout;

  constructor(options: GatewayOptions) {
    this.#options = options;
    this.#writer = new SocketWriter(options);
    this.#upgrades = new UpgradeRouter(options, {
      acceptPlayer: (socket, session, since) => this.#acceptPlayer(socket, session, since),
      acceptOperator: (socket) => this.#acceptOperator(socket),
    });
    this.#heartbeat = setInterval(() => this.#beat(), Limits.heartbeatIntervalMs);
    this.#heartbeat.unref();
  }

  /** Total: no exception leaves it (see UpgradeRouter.handleUpgrade). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#upgrades.handleUpgrade(request, socket, head);
  }

  /** Sends one table event to everyone at that table and to every console: serialized once. */
  publish(envelope: EventEnvelope): void {
    this.#options.publishing?.(envelope);
    const startedAt = performance.now();
    const frame = Buffer.from(JSON.stringify(envelope));
    this.#replayOf(envelope.tableId).push(envelope.seq, frame);
    let sent = 0;
    for (const connection of this.#byTable.get(envelope.tableId) ?? []) {
      if (this.#writer.sendEvent(connection, frame)) sent += 1;
    }
    for (const operator of this.#operators) if (this.#writer.sendFrame(operator, frame)) sent += 1;
    this.#options.countMessages?.('out', sent);
    this.#options.published?.(envelope, sent, performance.now() - startedAt);
  }

  sendBalance(playerId: string, balanceMinor: number): void {
    const connection = this.#byPlayer.get(playerId);
    if (connection) this.#writer.sendMessage(connection.socket, { kind: ServerKind.Balance, balanceMinor });
  }

  sendSettlement(playerId: string, settlement: PlayerSettlement, balanceMinor: number): void {
    const connection = this.#byPlayer.get(playerId);
    if (connection) this.#writer.sendMessage(connection.socket, { kind: ServerKind.Settlement, ...settlement, balanceMinor });
  }

  sendPrivately(playerId: string, message: ServerMessage): void {
    const connection = this.#byPlayer.get(playerId);
    if (connection) this.#writer.sendMessage(connection.socket, message);
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
      coalescedSnapshots: this.#writer.coalescedSnapshots,
      slowDisconnects: this.#writer.slowDisconnects,
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
    this.#upgrades.close();
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
    const connection = newPlayerConnection(socket, session, this.#options.limits, now);
    this.#byPlayer.set(playerId, connection);
    socket.on('message', (data, isBinary) => onPlayerMessage(this.#options, this.#writer, connection, data, isBinary));
    socket.on('pong', () => pongReceived(connection, this.#options.now()));
    socket.on('close', () => {
      if (this.#byPlayer.get(playerId) !== connection) return;
      this.#forget(connection);
      table.seatDisconnected(playerId);
    });
    socket.on('error', () => socket.terminate());

    this.#writer.sendMessage(socket, {
      kind: ServerKind.Welcome,
      protocol: PROTOCOL_VERSION,
      playerId,
      reference: session.reference,
      statementKey: session.statementKey,
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
    if (missed) for (const frame of missed) this.#writer.sendFrame(socket, frame);
    else this.#writer.sendSnapshot(connection);
    // pf2: a bettor (re)connecting while the reveal window is open gets its frozen lines again, to check before it reveals.
    const lines = table.frozenLinesOf(playerId);
    if (lines) this.#writer.sendMessage(socket, lines);
    let peers = this.#byTable.get(table.id);
    if (!peers) {
      peers = new Set();
      this.#byTable.set(table.id, peers);
    }
    peers.add(connection);
    // A ping right away gives the console a latency figure without waiting a heartbeat.
    socket.ping();
  }

  #forget(connection: PlayerConnection): void {
    this.#byPlayer.delete(connection.session.playerId);
    this.#byTable.get(connection.session.table.id)?.delete(connection);
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
      buffer = new ReplayBuffer(this.#options.limits.replayEventsPerTable, this.#options.limits.replayBytesPerTable);
      this.#replay.set(tableId, buffer);
    }
    return buffer;
  }

  #beat(): void {
    const now = this.#options.now();
    for (const connection of this.#byPlayer.values()) heartbeat(connection, now, this.#writer);
  }
}
