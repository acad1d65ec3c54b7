// Test harness: the real server on an ephemeral loopback port with a real
// SQLite file in a temp folder, an operator API client, and real `ws` player
// clients that wait on named messages (never on sleeps).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { OPERATOR_COOKIE, OPERATOR_SECRET_FRAGMENT, OPERATOR_SECRET_HEADER, WS_PLAYER_PATH, type CreateTableRequest, type JoinResponse, type OperatorTable } from '../../src/shared/api.ts';
import { AUTH_SUBPROTOCOL_PREFIX, PROTOCOL_VERSION, RESUME_QUERY_PARAMETER, type ServerMessage } from '../../src/shared/protocol.ts';
import type { AuditJob } from '../../src/shared/audit-api.ts';
import { startPitboss, type Pitboss } from '../../src/main/server/pitboss.ts';
import type { PitbossOptions } from '../../src/main/server/pitboss-options.ts';
import type { OperatorCredential } from '../../src/main/server/operator-sessions.ts';

export const repositoryRoot = resolve(import.meta.dirname, '../..');

export type TestServer = {
  pitboss: Pitboss;
  origin: string;
  dataDir: string;
  operator: OperatorClient;
  /** Stops the server; the data folder stays until `dispose`. */
  stop(): Promise<void>;
  dispose(): Promise<void>;
};

const testJoinLimits = {
  joinsPerAddressPerDay: 100_000,
  joinsPerInvitePerDay: 100_000,
  joinCreditsPerAddressPerDay: 100_000,
  joinCreditsPerInvitePerDay: 100_000,
};

export async function startTestServer(options: Partial<PitbossOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pitboss-test-'));
  const pitboss = await startPitboss({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    staticDir: join(repositoryRoot, 'out/renderer'),
    chainLength: 200,
    // Every test player joins from 127.0.0.1 and most expect welcome chips: the per-address caps
    // would stop them. test/integration/joining.test.ts passes its own joinLimits to test the caps.
    joinLimits: testJoinLimits,
    // Tests never reach the internet: a test that wants a beacon serves one on loopback
    // (test/support/test-beacon.ts) and passes it here.
    beacon: null,
    ...options,
  });
  const operator = new OperatorClient(pitboss.origin, pitboss.services.operatorSessions.createSession());
  let stopped = false;
  return {
    pitboss,
    origin: pitboss.origin,
    dataDir,
    operator,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pitboss.close();
    },
    dispose: async () => {
      if (!stopped) await pitboss.close();
      stopped = true;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type ApiReply<T = unknown> = { status: number; body: T };

export class OperatorClient {
  readonly origin: string;
  /** The cookie alone: what another program on this machine could capture (item 7); it operates nothing by itself. */
  readonly cookie: string;
  readonly secret: string;

  constructor(origin: string, credential: OperatorCredential) {
    this.origin = origin;
    this.cookie = `${OPERATOR_COOKIE}=${credential.session}`;
    this.secret = credential.secret;
  }

  /** The session cookie and its secret, as the console page sends them. */
  get headers(): Record<string, string> {
    return { Cookie: this.cookie, [OPERATOR_SECRET_HEADER]: this.secret };
  }

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiReply<T>> {
    return request<T>(this.origin, method, path, body, this.headers);
  }

  /**
   * A pf1 table unless `overrides` names a scheme: the tests written on this
   * helper bet without commitments and spin after the close, as pf1 does,
   * while a new table's default is pf2 (test/integration/default-fairness.test.ts
   * covers the default; pf2 tests pass `fairness: 'pf2'`).
   */
  async createTable(overrides: Partial<CreateTableRequest> = {}): Promise<OperatorTable> {
    const reply = await this.call<{ table: OperatorTable }>('POST', '/api/operator/tables', {
      name: 'Test roulette',
      game: 'roulette-eu',
      minBetMinor: 100,
      maxSpotMinor: 50_000,
      maxRoundMinor: 200_000,
      joinCreditMinor: 100_000,
      fairness: 'pf1',
      ...overrides,
    });
    if (reply.status !== 201) throw new Error(`create table: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.table;
  }

  async action(tableId: string, action: string, reason?: string): Promise<ApiReply> {
    return this.call('POST', `/api/operator/tables/${tableId}/actions`, reason === undefined ? { action } : { action, reason });
  }

  async mustAct(tableId: string, action: string): Promise<void> {
    const reply = await this.action(tableId, action);
    if (reply.status !== 200) throw new Error(`${action}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
}

/** Follows a one-time console link as a browser would: the cookie from Set-Cookie, the secret from the redirect's fragment. */
export async function consoleLogin(consoleUrl: string): Promise<OperatorClient> {
  const url = new URL(consoleUrl);
  const login = await fetch(consoleUrl, { redirect: 'manual' });
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const session = cookie.startsWith(`${OPERATOR_COOKIE}=`) ? cookie.slice(OPERATOR_COOKIE.length + 1) : '';
  const location = new URL(login.headers.get('location') ?? '', url);
  const secret = new URLSearchParams(location.hash.slice(1)).get(OPERATOR_SECRET_FRAGMENT) ?? '';
  if (login.status !== 302 || session === '' || secret === '') throw new Error(`console login failed: ${login.status}`);
  return new OperatorClient(url.origin, { session, secret });
}

export async function request<T = unknown>(
  origin: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiReply<T>> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    redirect: 'manual',
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : null;
  } catch {
    // Not JSON (e.g. a redirect or plain text): keep the text.
  }
  return { status: response.status, body: parsed as T };
}

export async function joinTable(origin: string, invite: string, name: string, clientSeed?: string): Promise<JoinResponse> {
  const reply = await request<JoinResponse>(origin, 'POST', '/api/join', { invite, name, ...(clientSeed ? { clientSeed } : {}) });
  if (reply.status !== 201) throw new Error(`join: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

export function inviteOf(table: OperatorTable): string {
  const invite = new URLSearchParams(new URL(table.inviteUrl).hash.slice(1)).get('invite') ?? '';
  if (!invite) throw new Error(`no invite in ${table.inviteUrl}`);
  return invite;
}

const defaultWaitMs = 5_000;

/** A real `ws` client speaking the player protocol, recording everything it receives. */
export class PlayerClient {
  readonly socket: WebSocket;
  readonly received: ServerMessage[] = [];
  closeCode: number | null = null;
  #waiters: {
    predicate: (message: ServerMessage) => boolean;
    resolve: (message: ServerMessage) => void;
    reject: (error: Error) => void;
  }[] = [];
  #closeWaiters: ((code: number) => void)[] = [];
  #nextRequest = 0;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      this.received.push(message);
      this.#waiters = this.#waiters.filter((waiter) => {
        if (!waiter.predicate(message)) return true;
        waiter.resolve(message);
        return false;
      });
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      for (const waiter of this.#closeWaiters) waiter(code);
      // Nothing more will arrive: whoever waits for a message learns it now, not at a timeout.
      const waiting = this.#waiters;
      this.#waiters = [];
      for (const waiter of waiting) waiter.reject(new Error(`socket closed (${code})`));
    });
  }

  /** Connects and waits for the snapshot, or with `since` for the welcome (the missed events follow it). */
  static async connect(origin: string, token: string, options: { since?: number } = {}): Promise<PlayerClient> {
    const query = options.since === undefined ? '' : `?${RESUME_QUERY_PARAMETER}=${options.since}`;
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}${WS_PLAYER_PATH}${query}`, [
      PROTOCOL_VERSION,
      AUTH_SUBPROTOCOL_PREFIX + token,
    ]);
    const client = new PlayerClient(socket);
    await new Promise<void>((resolveOpen, rejectOpen) => {
      socket.once('open', () => resolveOpen());
      socket.once('unexpected-response', (_request, response) => rejectOpen(new Error(`upgrade refused: ${response.statusCode}`)));
      socket.once('error', rejectOpen);
    });
    if (options.since === undefined) await client.waitFor((message) => message.kind === 'snapshot', 'snapshot');
    else await client.waitFor((message) => message.kind === 'welcome', 'welcome');
    return client;
  }

  /** The seq of the last table event applied (from the snapshot or an event). */
  lastSeq(): number {
    let seq = 0;
    for (const message of this.received) {
      if (message.kind === 'snapshot') seq = message.snapshot.seq;
      else if (message.kind === 'event') seq = message.seq;
    }
    return seq;
  }

  /** Resolves with the first message (already received or future) that matches. */
  waitFor<Kind extends ServerMessage['kind']>(
    predicate: (message: ServerMessage) => boolean,
    label: string,
    options: { fromIndex?: number; timeoutMs?: number } = {},
  ): Promise<Extract<ServerMessage, { kind: Kind }>> {
    const past = this.received.slice(options.fromIndex ?? 0).find(predicate);
    if (past) return Promise.resolve(past as Extract<ServerMessage, { kind: Kind }>);
    if (this.closeCode !== null) return Promise.reject(new Error(`socket closed (${this.closeCode}) before ${label}`));
    return new Promise((resolveWait, rejectWait) => {
      const timer = setTimeout(
        () => rejectWait(new Error(`timed out waiting for ${label}; last: ${JSON.stringify(this.received.slice(-3))}`)),
        options.timeoutMs ?? defaultWaitMs,
      );
      this.#waiters.push({
        predicate,
        resolve: (message) => {
          clearTimeout(timer);
          resolveWait(message as Extract<ServerMessage, { kind: Kind }>);
        },
        reject: (error) => {
          clearTimeout(timer);
          rejectWait(error);
        },
      });
    });
  }

  waitForEvent(kind: string, round?: number): Promise<Extract<ServerMessage, { kind: 'event' }>> {
    return this.waitFor<'event'>(
      (message) =>
        message.kind === 'event' &&
        message.event.kind === kind &&
        (round === undefined || ('round' in message.event && message.event.round === round)),
      `event ${kind}${round === undefined ? '' : ` of round ${round}`}`,
    );
  }

  waitForClose(): Promise<number> {
    if (this.closeCode !== null) return Promise.resolve(this.closeCode);
    return new Promise((resolveClose) => this.#closeWaiters.push(resolveClose));
  }

  newRequestId(): string {
    this.#nextRequest += 1;
    return `req-${this.#nextRequest}`;
  }

  sendRaw(data: string | Buffer, options: { binary?: boolean } = {}): void {
    this.socket.send(data, { binary: options.binary ?? false });
  }

  /** Sends a request and resolves with its ack or error. */
  async request(message: Record<string, unknown> & { kind: string }): Promise<Extract<ServerMessage, { kind: 'ack' | 'error' }>> {
    const requestId = (message.requestId as string | undefined) ?? this.newRequestId();
    const fromIndex = this.received.length;
    this.socket.send(JSON.stringify({ ...message, requestId }));
    return this.waitFor<'ack' | 'error'>(
      (reply) => (reply.kind === 'ack' || reply.kind === 'error') && reply.requestId === requestId,
      `reply to ${requestId}`,
      { fromIndex },
    );
  }

  bet(round: number, bets: { betId: string; spot: string; amountMinor: number }[]) {
    return this.request({ kind: 'bet.place', round, bets });
  }

  close(): Promise<number> {
    this.socket.close();
    return this.waitForClose();
  }
}

/** Polls an audit job until it finishes: at most 400 polls, 20 s. */
export async function finishedJob(operator: OperatorClient, jobId: string): Promise<AuditJob> {
  const deadline = Date.now() + 20_000;
  for (let poll = 0; poll < 400 && Date.now() < deadline; poll++) {
    const reply = await operator.call<{ job: AuditJob }>('GET', `/api/operator/audit/jobs/${jobId}`);
    if (reply.body.job.state !== 'running') return reply.body.job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`audit job ${jobId} did not finish in time`);
}

/** Tries a WebSocket upgrade: 101 once it opens (then it is closed), else the refusal's HTTP status. */
export function upgradeStatus(url: string, protocols: string[], headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolveStatus, rejectStatus) => {
    const socket = new WebSocket(url, protocols, { headers });
    socket.once('unexpected-response', (_request, response) => {
      resolveStatus(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      socket.close();
      resolveStatus(101);
    });
    socket.once('error', rejectStatus);
  });
}
