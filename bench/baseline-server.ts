// The yardstick of `npm run bench`: a bare `ws` WebSocketServer on
// 127.0.0.1:0 that, on command, broadcasts one payload to every client the
// way the ws documentation does it (serialize once, ws.send to each open
// client). The payload is the bytes of a real Pitboss round.result envelope
// captured in the same run, re-stamped with `at` = Date.now() and the round
// number, so both servers put the same bytes on the same number of sockets.
// Same socket options as Pitboss's gateway: no compression, same maxPayload,
// same subprotocol.
import { WebSocketServer, WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { Limits, PROTOCOL_VERSION } from '../src/shared/protocol.ts';
import { monotonicMs, threadCpuMs } from './histogram.ts';

export type BaselineCommand =
  | { type: 'payload'; template: string }
  | { type: 'broadcast'; round: number }
  | { type: 'memory'; gc: boolean }
  | { type: 'clients' }
  | { type: 'stop' };

export type BaselineEvent =
  | { type: 'ready'; url: string; pid: number }
  | { type: 'broadcasted'; round: number; at: number; emitPrecise: number; publishMs: number; cpuMs: number; bytes: number; recipients: number }
  | { type: 'memory'; memory: { rss: number; heapUsed: number }; gcAvailable: boolean }
  | { type: 'clients'; count: number; bufferedBytes: number }
  | { type: 'stopped' }
  | { type: 'fatal'; message: string };

const send = (message: BaselineEvent): void => {
  if (process.connected) process.send?.(message);
};

function main(maxLifetimeMs: number): void {
  setTimeout(() => process.exit(3), maxLifetimeMs).unref();
  const clock = monotonicMs;
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    perMessageDeflate: false,
    maxPayload: Limits.maxPayloadBytes,
    handleProtocols: (protocols) => (protocols.has(PROTOCOL_VERSION) ? PROTOCOL_VERSION : false),
  });
  server.on('connection', (socket) => socket.on('error', () => socket.terminate()));
  let template: { seq: number; at: number; event: { round: number } } | null = null;

  const stop = (): void => {
    for (const client of server.clients) client.terminate();
    server.close(() => {
      send({ type: 'stopped' });
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  process.on('disconnect', stop);

  process.on('message', (command: BaselineCommand) => {
    switch (command.type) {
      case 'payload':
        template = JSON.parse(command.template) as typeof template;
        return;
      case 'broadcast': {
        if (!template) {
          send({ type: 'fatal', message: 'broadcast before payload' });
          return;
        }
        // As Pitboss does it: stamp `at`, serialize once, hand the frame to every socket.
        template.seq += 1;
        template.event.round = command.round;
        template.at = Date.now();
        const emitPrecise = clock();
        const cpuBefore = threadCpuMs();
        const started = process.hrtime.bigint();
        const frame = Buffer.from(JSON.stringify(template));
        let recipients = 0;
        for (const client of server.clients) {
          if (client.readyState !== WebSocket.OPEN) continue;
          client.send(frame, { binary: false });
          recipients += 1;
        }
        const publishMs = Number(process.hrtime.bigint() - started) / 1e6;
        const cpuMs = threadCpuMs() - cpuBefore;
        send({ type: 'broadcasted', round: command.round, at: template.at, emitPrecise, publishMs, cpuMs, bytes: frame.length, recipients });
        return;
      }
      case 'memory': {
        const collect = (globalThis as { gc?: () => void }).gc;
        if (command.gc && collect) {
          collect();
          collect();
        }
        const usage = process.memoryUsage();
        send({ type: 'memory', memory: { rss: usage.rss, heapUsed: usage.heapUsed }, gcAvailable: collect !== undefined });
        return;
      }
      case 'clients': {
        let bufferedBytes = 0;
        for (const client of server.clients) bufferedBytes += client.bufferedAmount;
        send({ type: 'clients', count: server.clients.size, bufferedBytes });
        return;
      }
      case 'stop':
        stop();
        return;
    }
  });

  server.on('listening', () => {
    const address = server.address() as AddressInfo;
    send({ type: 'ready', url: `ws://127.0.0.1:${address.port}/`, pid: process.pid });
  });
}

if (import.meta.main) {
  process.once('message', (init: { type: 'init'; maxLifetimeMs: number }) => main(init.maxLifetimeMs));
}
