// Everything the gateway writes to a socket goes through here, so backpressure
// is applied in one place: a lagging client gets coalesced state, one past
// the hard limit is closed with TooSlow, and messages out are counted.
import { WebSocket } from 'ws';
import { CloseCode, ErrorCode, ServerKind, type ServerMessage } from '../../shared/protocol.ts';
import type { GatewayLimits, GatewayOptions } from './gateway-options.ts';
import type { PlayerConnection } from './player-connection.ts';

export class SocketWriter {
  readonly #options: GatewayOptions;
  readonly #limits: GatewayLimits;
  #coalescedSnapshots = 0;
  #slowDisconnects = 0;

  constructor(options: GatewayOptions) {
    this.#options = options;
    this.#limits = options.limits;
  }

  get coalescedSnapshots(): number {
    return this.#coalescedSnapshots;
  }

  get slowDisconnects(): number {
    return this.#slowDisconnects;
  }

  sendSnapshot(connection: PlayerConnection): void {
    const { table, playerId } = connection.session;
    this.sendMessage(connection.socket, { kind: ServerKind.Snapshot, snapshot: table.snapshot(playerId, this.#options.playerName) });
  }

  /** A lagging client that drained gets the current state in one message. */
  catchUp(connection: PlayerConnection): void {
    if (!connection.lagging || connection.socket.bufferedAmount > this.#limits.softBufferedBytes / 2) return;
    connection.lagging = false;
    this.#coalescedSnapshots += 1;
    this.sendSnapshot(connection);
  }

  sendEvent(connection: PlayerConnection, frame: Buffer): boolean {
    const { socket } = connection;
    if (socket.readyState !== WebSocket.OPEN) return false;
    if (this.#overHardLimit(socket)) return false;
    if (connection.lagging) {
      // The snapshot it will get covers this event: the table mutates before it emits.
      this.catchUp(connection);
      return false;
    }
    if (socket.bufferedAmount > this.#limits.softBufferedBytes) {
      connection.lagging = true;
      return false;
    }
    socket.send(frame, { binary: false });
    return true;
  }

  sendError(socket: WebSocket, requestId: string | null, code: ErrorCode, message: string): void {
    this.sendMessage(socket, { kind: ServerKind.Error, requestId, code, message });
  }

  sendMessage(socket: WebSocket, message: ServerMessage): void {
    if (this.sendFrame(socket, Buffer.from(JSON.stringify(message)))) this.#options.countMessages?.('out', 1);
  }

  sendFrame(socket: WebSocket, frame: Buffer): boolean {
    if (socket.readyState !== WebSocket.OPEN) return false;
    if (this.#overHardLimit(socket)) return false;
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
}
