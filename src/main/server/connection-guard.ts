// Per-address caps below HTTP, applied the moment a TCP connection is
// accepted: how many connections one address may hold open, and how many of
// them may still be "pending" (no complete request or upgrade yet). Idle and
// half-sent connections are how one address exhausts the descriptor table
// and starves everyone else; over either cap the new connection is closed
// at once, before a byte is read.
//
// The key is the TCP peer, the only address known before any header. Behind
// a trusted proxy every connection comes from the proxy, so the caps then
// bound the proxy as a whole (pitboss.ts gives them proxy-sized defaults);
// per-client limits behind a proxy are the proxy's own and the
// X-Forwarded-For-keyed upgrade and join rate limits.
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

export type ConnectionLimits = {
  maxConnectionsPerAddress: number;
  maxPendingHandshakesPerAddress: number;
};

type AddressCounts = { open: number; pending: number };
type Tracked = { counts: AddressCounts; pending: boolean };

export class ConnectionGuard {
  readonly #limits: ConnectionLimits;
  readonly #byAddress = new Map<string, AddressCounts>();
  /**
   * By "address|port": the TLS socket a request arrives on is not the TCP
   * socket accepted, but both report the same peer address and port.
   */
  readonly #connections = new Map<string, Tracked>();

  constructor(limits: ConnectionLimits) {
    this.#limits = limits;
  }

  /** Watches every connection of this server (http or https). */
  attach(server: Server): void {
    server.on('connection', (socket: Socket) => this.#admit(socket));
    const handshaken = (request: IncomingMessage): void => this.#handshaken(request.socket);
    server.on('request', handshaken);
    server.on('upgrade', handshaken);
  }

  #admit(socket: Socket): void {
    const { remoteAddress: address, remotePort: port } = socket;
    if (address === undefined || port === undefined) {
      // Already reset by the peer: nothing to serve.
      socket.destroy();
      return;
    }
    const counts = this.#byAddress.get(address) ?? { open: 0, pending: 0 };
    if (counts.open >= this.#limits.maxConnectionsPerAddress || counts.pending >= this.#limits.maxPendingHandshakesPerAddress) {
      socket.destroy();
      return;
    }
    counts.open += 1;
    counts.pending += 1;
    this.#byAddress.set(address, counts);
    const key = `${address}|${port}`;
    const tracked: Tracked = { counts, pending: true };
    this.#connections.set(key, tracked);
    socket.once('close', () => {
      if (this.#connections.get(key) === tracked) this.#connections.delete(key);
      counts.open -= 1;
      if (tracked.pending) counts.pending -= 1;
      if (counts.open === 0 && this.#byAddress.get(address) === counts) this.#byAddress.delete(address);
    });
  }

  #handshaken(socket: Socket): void {
    const tracked = this.#connections.get(`${socket.remoteAddress}|${socket.remotePort}`);
    if (!tracked?.pending) return;
    tracked.pending = false;
    tracked.counts.pending -= 1;
  }
}
