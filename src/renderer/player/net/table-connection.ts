// The player's live link to the table: connects with the session token as a
// WebSocket subprotocol, feeds every message to the store, pings for the
// round trip, reconnects by itself with jittered backoff, and after each
// (re)connect resends the whole outbox with the same requestIds and betIds.
// It touches no DOM (the socket comes from openSocket), so tests drive it
// with a fake socket.
import { AUTH_SUBPROTOCOL_PREFIX, CloseCode, PROTOCOL_VERSION, type ClientMessage } from '../../../shared/protocol.ts';
import { reconnectDelayMs } from '../lib/backoff.ts';
import { randomId, randomUnit } from '../lib/random-id.ts';
import type { PendingRequest } from '../state/player-state.ts';
import type { PlayerStore } from '../state/store.ts';
import type { SessionCheck } from './api-client.ts';
import { finalCloseText } from './close-reasons.ts';
import { parseServerFrame } from './server-frame.ts';

export type SocketHandlers = {
  onOpen: () => void;
  onMessage: (data: unknown) => void;
  onClose: (code: number, reason: string) => void;
};
export type SocketHandle = { send: (data: string) => void; close: (code: number, reason: string) => void };
export type OpenSocket = (url: string, protocols: string[], handlers: SocketHandlers) => SocketHandle;

export type ConnectionOptions = {
  url: string;
  token: string;
  store: PlayerStore;
  openSocket: OpenSocket;
  checkSession: (token: string) => Promise<SessionCheck>;
  /** The token is dead (revoked, or /api/me says 401): the page must forget it and offer to join again. */
  onSessionInvalid: (message: string) => void;
  now?: () => number;
  random?: () => number;
};

export const PING_INTERVAL_MS = 5_000;
/** Three pings without a single message back: the link is dead even if the socket has not noticed. */
export const SILENCE_LIMIT_MS = 3 * PING_INTERVAL_MS + 1_000;
/** A close code of our own (4000 is unused by the server) for links the page gives up on. */
const ABANDON_CODE = 4000;

export class TableConnection {
  readonly #options: ConnectionOptions;
  readonly #now: () => number;
  readonly #random: () => number;
  #socket: SocketHandle | null = null;
  /** Bumped per socket, so late callbacks of an abandoned socket are ignored. */
  #generation = 0;
  #open = false;
  #attempt = 0;
  #lastMessageAt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #pingTimer: ReturnType<typeof setInterval> | null = null;
  #stopped = false;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? randomUnit;
  }

  start(): void {
    this.#connect();
    this.#pingTimer = setInterval(() => this.#tick(), PING_INTERVAL_MS);
  }

  stop(): void {
    this.#stopped = true;
    this.#clearRetry();
    if (this.#pingTimer !== null) clearInterval(this.#pingTimer);
    this.#pingTimer = null;
    const socket = this.#socket;
    this.#generation++;
    this.#socket = null;
    socket?.close(CloseCode.Normal, 'page closed');
  }

  /** Records a request in the outbox and sends it now if the link is up; otherwise it goes out after the next snapshot. */
  request(request: PendingRequest): void {
    const { store } = this.#options;
    store.dispatch({ type: 'request', request });
    if (this.#open && store.getState().synced) this.#transmit(request);
  }

  /** Skips the backoff wait (the player pressed Retry, or the device came back online). */
  retryNow(): void {
    if (this.#stopped || this.#socket !== null) return;
    this.#attempt = 0;
    this.#connect();
  }

  #connect(): void {
    this.#clearRetry();
    const generation = ++this.#generation;
    const current = (): boolean => generation === this.#generation && !this.#stopped;
    const { store, token } = this.#options;
    if (store.getState().connection.state !== 'reconnecting') store.dispatch({ type: 'connection', status: { state: 'connecting' } });
    let opened = false;
    this.#socket = this.#options.openSocket(this.#options.url, [PROTOCOL_VERSION, AUTH_SUBPROTOCOL_PREFIX + token], {
      onOpen: () => {
        if (!current()) return;
        opened = true;
        this.#open = true;
        this.#lastMessageAt = this.#now();
        store.dispatch({ type: 'connection', status: { state: 'connected' } });
      },
      onMessage: (data) => {
        if (current()) this.#receive(data);
      },
      onClose: (code, reason) => {
        if (current()) this.#closed(code, reason, opened);
      },
    });
  }

  #receive(data: unknown): void {
    const { store } = this.#options;
    this.#lastMessageAt = this.#now();
    const message = parseServerFrame(data);
    if (message === null) return;
    store.dispatch({ type: 'server', message, receivedAt: this.#now() });
    const state = store.getState();
    if (state.resyncNeeded) {
      // An event went missing: only a fresh snapshot can put the page right.
      this.#abandon('missed an event');
      return;
    }
    if (message.kind === 'snapshot') {
      this.#attempt = 0;
      // The reducer has already dropped what the snapshot proves done; the rest goes again, same ids.
      for (const request of state.outbox) this.#transmit(request);
    }
  }

  #closed(code: number, reason: string, wasOpen: boolean): void {
    const { store, token } = this.#options;
    this.#socket = null;
    this.#open = false;
    const final = finalCloseText(code);
    if (final !== null) {
      store.dispatch({ type: 'connection', status: { state: 'closed', code, reason: reason || final } });
      if (code === CloseCode.SessionRevoked) this.#options.onSessionInvalid(final);
      return;
    }
    this.#scheduleReconnect();
    if (wasOpen) return;
    // The browser hides a 401 at the upgrade; ask the API whether the token itself is dead.
    void this.#options.checkSession(token).then((check) => {
      // A link that opened meanwhile proves the token good; otherwise a dead token stops all retrying.
      if (check !== 'invalid' || this.#stopped || this.#open) return;
      this.#clearRetry();
      const pending = this.#socket;
      this.#generation++;
      this.#socket = null;
      pending?.close(ABANDON_CODE, 'session ended');
      const message = 'Your session has ended. Join again to keep playing.';
      store.dispatch({ type: 'connection', status: { state: 'closed', code: 401, reason: message } });
      this.#options.onSessionInvalid(message);
    });
  }

  #scheduleReconnect(): void {
    const delay = reconnectDelayMs(this.#attempt, this.#random());
    this.#attempt++;
    this.#options.store.dispatch({
      type: 'connection',
      status: { state: 'reconnecting', attempt: this.#attempt, retryAt: this.#now() + delay },
    });
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }

  /** Gives up on the current socket at once, without waiting for a close handshake a dead link never finishes. */
  #abandon(reason: string): void {
    const socket = this.#socket;
    this.#generation++;
    socket?.close(ABANDON_CODE, reason);
    this.#closed(ABANDON_CODE, reason, true);
  }

  #tick(): void {
    if (!this.#open || this.#socket === null) return;
    if (this.#now() - this.#lastMessageAt > SILENCE_LIMIT_MS) {
      this.#abandon('no answer');
      return;
    }
    this.#transmit({ kind: 'ping', requestId: randomId(), clientTime: this.#now() });
  }

  #transmit(message: ClientMessage): void {
    this.#socket?.send(JSON.stringify(message));
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }
}
