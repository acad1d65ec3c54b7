// What a player's frame goes through before the table sees it: the rate
// limit, the text-only rule and the protocol schema; then it is dispatched to
// the table and answered with an ack or a typed error. Bad input changes nothing.
import type { RawData } from 'ws';
import { ClientKind, CloseCode, ErrorCode, ServerKind, parseClientMessage, type ClientMessage } from '../../shared/protocol.ts';
import type { Seat, OperationResult } from '../tables/table.ts';
import type { GatewayOptions } from './gateway-options.ts';
import type { PlayerConnection } from './player-connection.ts';
import type { SocketWriter } from './socket-writer.ts';

export function onPlayerMessage(options: GatewayOptions, writer: SocketWriter, connection: PlayerConnection, data: RawData, isBinary: boolean): void {
  const { socket } = connection;
  const limits = options.limits;
  options.countMessages?.('in', 1);
  if (!connection.bucket.take(options.now())) {
    connection.rateLimitStrikes += 1;
    if (connection.rateLimitStrikes > limits.maxRateLimitStrikes) {
      socket.close(CloseCode.RateLimited, 'too many messages');
      return;
    }
    writer.sendError(socket, null, ErrorCode.RateLimited, `at most ${limits.messagesPerSecond} messages per second`);
    return;
  }
  connection.rateLimitStrikes = 0;
  if (isBinary) {
    writer.sendError(socket, null, ErrorCode.BadMessage, 'binary frames are not accepted; send JSON text');
    return;
  }
  const parsed = parseClientMessage(rawToString(data));
  if (!parsed.ok) {
    writer.sendError(socket, parsed.requestId, ErrorCode.BadMessage, parsed.message);
    return;
  }
  dispatch(options, writer, connection, parsed.message);
}

function dispatch(options: GatewayOptions, writer: SocketWriter, connection: PlayerConnection, message: ClientMessage): void {
  const { session, socket } = connection;
  const reply = (requestId: string, result: OperationResult): void => {
    if (result.ok) {
      const { balanceMinor, statement, acknowledgement } = result;
      writer.sendMessage(socket, { kind: ServerKind.Ack, requestId, balanceMinor, ...(statement ? { statement } : {}), ...(acknowledgement ? { acknowledgement } : {}) });
    }
    else writer.sendError(socket, requestId, result.code, result.message);
  };
  const seat: Seat = {
    playerId: session.playerId,
    name: session.name,
    walletAccountId: session.walletAccountId,
    muted: session.muted,
  };
  switch (message.kind) {
    case ClientKind.BetPlace:
      void session.table
        .placeBets(seat, session.clientSeed, message.round, message.bets, message.commitment)
        .then((result) => reply(message.requestId, result));
      return;
    case ClientKind.Reveal:
      void session.table.reveal(seat, message.round, message.secret).then((result) => reply(message.requestId, result));
      return;
    case ClientKind.BetCancel:
      if (!connection.cancelBucket.take(options.now())) {
        writer.sendError(socket, message.requestId, ErrorCode.RateLimited, `at most ${options.limits.cancelsPerSecond} take-backs per second`);
        return;
      }
      void session.table.cancelBets(seat, message.round, message.betIds).then((result) => reply(message.requestId, result));
      return;
    case ClientKind.BlackjackDecide:
      void session.table
        .decide(seat, message.requestId, message.round, { seat: message.seat, hand: message.hand, action: message.action })
        .then((result) => reply(message.requestId, result));
      return;
    case ClientKind.SeedSet:
      options.setClientSeed(session.playerId, message.clientSeed);
      session.clientSeed = message.clientSeed;
      reply(message.requestId, { ok: true, balanceMinor: options.balanceOf(session.walletAccountId) });
      return;
    case ClientKind.Ping:
      writer.sendMessage(socket, {
        kind: ServerKind.Pong,
        requestId: message.requestId,
        clientTime: message.clientTime,
        serverTime: options.now(),
      });
      return;
  }
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
