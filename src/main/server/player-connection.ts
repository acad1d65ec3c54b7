// One player's socket as the gateway keeps it: the session it carries, its
// rate-limit buckets, the heartbeat that measures latency and cuts off a dead
// peer, and whether it is lagging (skipping events until it drains).
import type { WebSocket } from 'ws';
import { Limits } from '../../shared/protocol.ts';
import type { GatewayLimits, PlayerSession } from './gateway-options.ts';
import { TokenBucket } from './rate-limit.ts';
import type { SocketWriter } from './socket-writer.ts';

export type PlayerConnection = {
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

export function newPlayerConnection(socket: WebSocket, session: PlayerSession, limits: GatewayLimits, now: number): PlayerConnection {
  return {
    socket,
    session,
    bucket: new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now),
    cancelBucket: new TokenBucket(limits.cancelsPerSecond, limits.cancelBurst, now),
    rateLimitStrikes: 0,
    awaitingPong: true,
    pingSentAt: now,
    latencyMs: null,
    lagging: false,
  };
}

export function pongReceived(connection: PlayerConnection, now: number): void {
  connection.awaitingPong = false;
  connection.latencyMs = now - connection.pingSentAt;
}

/** One heartbeat: a peer that did not answer the last ping is cut off; otherwise it may catch up and is pinged again. */
export function heartbeat(connection: PlayerConnection, now: number, writer: SocketWriter): void {
  if (connection.awaitingPong && now - connection.pingSentAt >= Limits.heartbeatIntervalMs) {
    connection.socket.terminate();
    return;
  }
  writer.catchUp(connection);
  connection.awaitingPong = true;
  connection.pingSentAt = now;
  connection.socket.ping();
}
