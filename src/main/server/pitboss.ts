// The composition root: one HTTP server (REST + static pages) with the
// WebSocket gateway on the same port, the SQLite file, the ledger and the
// tables. Both the Electron shell and the headless CLI start it this way.
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import {
  createTableSchema,
  OPERATOR_COOKIE,
  OPERATOR_SECRET_FRAGMENT,
  OPERATOR_SECRET_HEADER,
  OPERATOR_SUBPROTOCOL_PREFIX,
  type CreateTableRequest,
} from '../../shared/api.ts';
import { AuditService } from '../audit/audit-service.ts';
import * as auditRoutes from './audit-routes.ts';
import { ErrorCode } from '../../shared/protocol.ts';
import { AccountKind, Ledger } from '../ledger/ledger.ts';
import { Money } from '../ledger/money.ts';
import { defaultJoinLimits, type JoinLimits } from '../players/join-rules.ts';
import { PlayerStore } from '../players/player-store.ts';
import { closeDatabase, openDatabase } from '../storage/database.ts';
import { systemClock } from '../tables/clock.ts';
import { defaultFinishBetsPerStep } from '../tables/round-finisher.ts';
import { TableRegistry } from '../tables/registry.ts';
import { defaultChainLength } from '../tables/seed-chain.ts';
import { TableStore } from '../tables/table-store.ts';
import type { TableObserver } from '../tables/table.ts';
import { createEdgeServer, directEdgeLimits, proxiedEdgeLimits, type EdgeLimits } from './edge-server.ts';
import { Gateway } from './gateway.ts';
import { defaultGatewayLimits, type GatewayLimits, type GatewayOptions } from './gateway-options.ts';
import { Metrics } from './metrics.ts';
import { HttpError, parseCookies, securityHeaders, sendError } from './http-kit.ts';
import * as operatorRoutes from './operator-routes.ts';
import { operatorHostCheck, wrongHostMessage } from './operator-host.ts';
import { OperatorSessions } from './operator-sessions.ts';
import { KeyedRateLimiter } from './rate-limit.ts';
import * as publicRoutes from './public-routes.ts';
import type { RouteContext } from './public-routes.ts';
import { hashToken, loadOrCreateSecretFile, PLAYER_REFERENCE_KEY_FILE, playerReference } from './secrets.ts';
import type { TlsMaterial } from './tls.ts';
import { clientAddress, isOperatorPlace } from './client-address.ts';
import type { Services } from './services.ts';
import { inviteUrl } from './services.ts';
import { parseRequestTarget } from './request-target.ts';
import { pageFile, resolveStatic, sendFile } from './static-files.ts';

export type PitbossOptions = {
  host: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** The built pages (out/renderer). */
  staticDir: string;
  /** The origin players reach this server at, e.g. a tunnel's https://…; join links use it. */
  publicUrl?: string;
  /** Serve the operator API to non-loopback addresses too. */
  operatorAllowRemote?: boolean;
  /** Serve https:// and wss:// with this certificate. */
  tls?: TlsMaterial;
  /**
   * Believe X-Forwarded-For from a reverse proxy or tunnel (for per-client
   * rate limits). Off by default: the header is then ignored for addresses.
   */
  trustProxy?: boolean;
  chainLength?: number;
  /** Create a roulette table when there is none, so a fresh install has something to join. */
  createDefaultTable?: boolean;
  now?: () => number;
  /** Per remote address; tests and load runs from one loopback address raise this. */
  joinRateLimit?: RateLimit;
  /** Daily caps on joins and welcome chips, per table and per address; tests and load runs from one loopback address raise them. */
  joinLimits?: Partial<JoinLimits>;
  gatewayLimits?: Partial<GatewayLimits>;
  /**
   * Connection caps per address and header/request timeouts (edge-server.ts).
   * Defaults: 256 connections and 16 pending handshakes per address, or
   * proxy-sized caps with trustProxy (every connection then comes from the proxy).
   */
  edgeLimits?: Partial<EdgeLimits>;
  /**
   * Let a Prometheus scraper on this machine read /metrics without the console
   * cookie (default on; remote scrapers always need --operator-remote and the cookie).
   */
  metricsOpenOnLoopback?: boolean;
  /** Bets posted and recorded per step when a big round settles or voids (tests make rounds "big" with a small one). */
  finishBetsPerStep?: number;
  /** Load runs (the bench) watch the tables and the fan-out through these, besides the server's own metrics. */
  observers?: { table?: TableObserver; gateway?: Pick<GatewayOptions, 'publishing' | 'published'> };
};

export type RateLimit = { ratePerSecond: number; burst: number };
const joinRateLimit: RateLimit = { ratePerSecond: 0.5, burst: 10 };

export type Pitboss = {
  origin: string;
  port: number;
  services: Services;
  /** A fresh one-time console link (its token works once). */
  issueConsoleUrl(): string;
  /** The invite link of the first open table, if any. */
  firstInviteUrl(): string | null;
  close(): Promise<void>;
};

export const databaseFileName = 'pitboss.db';

export const defaultTable: CreateTableRequest = {
  name: 'Roulette 1',
  game: 'roulette-eu',
  currency: 'EUR',
  minBetMinor: 100,
  maxSpotMinor: 50_000,
  maxRoundMinor: 200_000,
  bettingWindowMs: 15_000,
  autoCycle: false,
  joinCreditMinor: 100_000,
};

type Handler = (services: Services, context: RouteContext) => void | Promise<void>;
export type Route = { method: string; pattern: RegExp; handler: Handler; operator: boolean };

/** Every HTTP API route; exported so the authorization test covers each operator route, new ones included. */
export const routes: readonly Route[] = [
  { method: 'POST', pattern: /^\/api\/join$/, handler: publicRoutes.join, operator: false },
  { method: 'GET', pattern: /^\/api\/tables$/, handler: publicRoutes.tables, operator: false },
  { method: 'GET', pattern: /^\/api\/me$/, handler: publicRoutes.me, operator: false },
  { method: 'GET', pattern: /^\/api\/me\/ledger$/, handler: publicRoutes.myLedger, operator: false },
  { method: 'GET', pattern: /^\/api\/tables\/([\w-]+)\/history$/, handler: publicRoutes.history, operator: false },
  { method: 'GET', pattern: /^\/api\/tables\/([\w-]+)\/rounds\/(\d{1,15})\/proof$/, handler: publicRoutes.proof, operator: false },
  { method: 'GET', pattern: /^\/api\/operator\/tables$/, handler: operatorRoutes.listTables, operator: true },
  { method: 'POST', pattern: /^\/api\/operator\/tables$/, handler: operatorRoutes.createTable, operator: true },
  { method: 'DELETE', pattern: /^\/api\/operator\/tables\/([\w-]+)$/, handler: operatorRoutes.closeTable, operator: true },
  { method: 'POST', pattern: /^\/api\/operator\/tables\/([\w-]+)\/actions$/, handler: operatorRoutes.tableAction, operator: true },
  { method: 'GET', pattern: /^\/api\/operator\/tables\/([\w-]+)\/rounds$/, handler: operatorRoutes.listRounds, operator: true },
  { method: 'GET', pattern: /^\/api\/operator\/tables\/([\w-]+)\/invite$/, handler: operatorRoutes.invite, operator: true },
  { method: 'GET', pattern: /^\/api\/operator\/players$/, handler: operatorRoutes.listPlayers, operator: true },
  { method: 'POST', pattern: /^\/api\/operator\/players\/([\w-]+)\/cashier$/, handler: operatorRoutes.cashier, operator: true },
  { method: 'POST', pattern: /^\/api\/operator\/players\/([\w-]+)\/moderation$/, handler: operatorRoutes.moderate, operator: true },
  { method: 'GET', pattern: /^\/api\/operator\/ledger$/, handler: operatorRoutes.ledgerSummary, operator: true },
  { method: 'GET', pattern: /^\/api\/operator\/health$/, handler: operatorRoutes.health, operator: true },
  { method: 'GET', pattern: /^\/api\/tables\/([\w-]+)\/rounds\/(\d{1,15})\/record$/, handler: auditRoutes.roundRecord, operator: false },
  { method: 'GET', pattern: /^\/api\/operator\/audit\/key$/, handler: auditRoutes.signingKey, operator: true },
  { method: 'POST', pattern: /^\/api\/operator\/audit\/exports$/, handler: auditRoutes.startExport, operator: true },
  { method: 'POST', pattern: /^\/api\/operator\/audit\/verifications$/, handler: auditRoutes.startVerify, operator: true },
  { method: 'GET', pattern: /^\/api\/operator\/audit\/jobs\/([\w-]+)$/, handler: auditRoutes.jobStatus, operator: true },
  { method: 'GET', pattern: /^\/api\/operator\/audit\/jobs\/([\w-]+)\/files\/([\w.-]+)$/, handler: auditRoutes.exportFile, operator: true },
];

export async function startPitboss(options: PitbossOptions): Promise<Pitboss> {
  const now = options.now ?? Date.now;
  mkdirSync(options.dataDir, { recursive: true });
  const db = openDatabase(join(options.dataDir, databaseFileName));
  const ledger = new Ledger(db, now);
  const tableStore = new TableStore(db);
  const players = new PlayerStore(db);
  // Before the tables load: recovering an interrupted round appends its record.
  const audit = new AuditService({ db, dataDir: options.dataDir, now });
  const operatorSessions = new OperatorSessions(now);
  const operatorHostAllowed = operatorHostCheck({ publicUrl: options.publicUrl, operatorAllowRemote: options.operatorAllowRemote ?? false });
  const playerReferenceKey = loadOrCreateSecretFile(options.dataDir, PLAYER_REFERENCE_KEY_FILE);
  const staticDir = resolve(options.staticDir);
  let origin = '';
  const publicOrigin = (): string => options.publicUrl?.replace(/\/+$/, '') ?? origin;

  const metrics: Metrics = new Metrics(() => {
    const stats = gateway.stats();
    return {
      playersConnected: stats.players,
      operatorsConnected: stats.operators,
      laggingClients: stats.lagging,
      bufferedBytes: stats.bufferedBytes,
      slowDisconnects: stats.slowDisconnects,
      latenciesMs: gateway.latencies(),
      roundPhases: tables.all().map((table) => ({ tableId: table.id, phase: table.phase })),
    };
  });
  const gateway = new Gateway({
    now,
    countMessages: (direction, count) => metrics.countMessages(direction, count),
    log: (message, error) => console.error(`pitboss: ${message}:`, error),
    limits: { ...defaultGatewayLimits, ...options.gatewayLimits },
    originAllowed: (request) => originAllowed(request, options.publicUrl),
    clientAddress: (request) => clientAddress(request, options.trustProxy ?? false),
    authenticatePlayer: (token) => {
      const player = players.bySessionHash(hashToken(token));
      const table = player ? tables.get(player.tableId) : undefined;
      if (!player || !table) return null;
      // A kicked session stays out until its cool-down ends (a revoked one is not found at all).
      if (player.kickedUntil !== null && player.kickedUntil > now()) return null;
      return {
        playerId: player.id,
        name: player.name,
        clientSeed: player.clientSeed,
        muted: player.muted,
        walletAccountId: ledger.account(AccountKind.Wallet, player.id),
        table,
      };
    },
    authorizeOperator: (request) => operatorAllowed(request, 'socket'),
    balanceOf: (walletAccountId) => ledger.balanceOf(walletAccountId),
    setClientSeed: (playerId, clientSeed) => players.setClientSeed(playerId, clientSeed),
    playerName: (playerId) => players.byId(playerId)?.name ?? '?',
    ...options.observers?.gateway,
  });
  const tableObservers: TableObserver[] = [metrics, ...(options.observers?.table ? [options.observers.table] : [])];
  const tableObserver: TableObserver = {
    committed: (durationMs, operationCount) => tableObservers.forEach((each) => each.committed(durationMs, operationCount)),
    betRequestAnswered: (accepted, betCount, waitedMs) => tableObservers.forEach((each) => each.betRequestAnswered(accepted, betCount, waitedMs)),
    roundEnded: (phase) => tableObservers.forEach((each) => each.roundEnded(phase)),
  };

  const tables = new TableRegistry({
    observer: tableObserver,
    db,
    store: tableStore,
    ledger,
    houseAccountId: ledger.account(AccountKind.House, ''),
    chainLength: options.chainLength ?? defaultChainLength,
    clock: systemClock(now),
    publish: (envelope) => gateway.publish(envelope),
    balanceChanged: (playerId, balanceMinor) => gateway.sendBalance(playerId, balanceMinor),
    playerSettled: (playerId, settlement, balanceMinor) => gateway.sendSettlement(playerId, settlement, balanceMinor),
    recorder: audit.recorder,
    finishBetsPerStep: options.finishBetsPerStep ?? defaultFinishBetsPerStep,
  });
  ledger.account(AccountKind.Cashier, '');
  tables.loadAll();
  if (options.createDefaultTable && tables.all().length === 0) tables.create(createTableSchema.parse(defaultTable));

  metrics.start(now);
  const services: Services = {
    metrics,
    db,
    audit,
    ledger,
    money: new Money(ledger),
    tables,
    tableStore,
    players,
    gateway,
    operatorSessions,
    now,
    publicOrigin,
    operatorAllowRemote: options.operatorAllowRemote ?? false,
    clientAddress: (request) => clientAddress(request, options.trustProxy ?? false),
    joinLimiter: new KeyedRateLimiter({ ...joinRateLimit, ...options.joinRateLimit, maxKeys: 10_000 }),
    joinLimits: { ...defaultJoinLimits, ...options.joinLimits },
    loginLimiter: new KeyedRateLimiter({ ratePerSecond: 0.2, burst: 5, maxKeys: 1_000 }),
    secure: options.tls !== undefined,
    metricsOpenOnLoopback: options.metricsOpenOnLoopback ?? true,
    isOperator: (request) => operatorAllowed(request, 'http'),
    playerReference: (tableId, playerId) => playerReference(playerReferenceKey, tableId, playerId),
  };

  /**
   * The operator: from an operator place, addressed by one of this server's
   * own names (not a rebound one), with the session cookie AND that session's
   * secret, which a browser page sends in a header (a socket: a subprotocol
   * entry, since browsers cannot set headers on a WebSocket).
   */
  function operatorAllowed(request: IncomingMessage, via: 'http' | 'socket'): boolean {
    if (!operatorHostAllowed(request)) return false;
    if (!isOperatorPlace(request, services.operatorAllowRemote)) return false;
    if (!originAllowed(request, undefined)) return false;
    return operatorSessions.isValid(parseCookies(request.headers.cookie).get(OPERATOR_COOKIE), operatorSecret(request, via));
  }

  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    securityHeaders(response, options.tls !== undefined);
    handle(services, staticDir, operatorHostAllowed, request, response).catch((error: unknown) => {
      if (error instanceof HttpError) {
        if (!response.headersSent) sendError(response, error.status, error.code, error.message);
        else response.destroy();
        return;
      }
      // The client reset the connection mid-request (e.g. while its body was read): nobody is left to answer.
      if (request.socket.destroyed) return;
      console.error('request failed:', error);
      if (!response.headersSent) sendError(response, 500, ErrorCode.Internal, 'internal error');
      else response.destroy();
    });
  };
  const server: Server = createEdgeServer({
    tls: options.tls,
    limits: { ...(options.trustProxy ? proxiedEdgeLimits : directEdgeLimits), ...options.edgeLimits },
    onRequest,
    onUpgrade: (request, socket, head) => gateway.handleUpgrade(request, socket, head),
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, options.host, () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  const displayHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `${options.tls ? 'https' : 'http'}://${displayHost}:${address.port}`;

  let closing: Promise<void> | null = null;
  return {
    origin,
    port: address.port,
    services,
    issueConsoleUrl: () => `${consoleOrigin(origin, address)}/console/login?token=${operatorSessions.issueLoginToken()}`,
    firstInviteUrl: () => {
      const first = tables.all()[0];
      return first ? inviteUrl(services, first.inviteCode) : null;
    },
    close: () => {
      closing ??= (async () => {
        // Stop taking bets, resolve rounds in flight (players hear it), then hang up.
        tables.shutdown('the server is stopping');
        await gateway.close();
        metrics.stop();
        await new Promise<void>((resolveClose) => {
          server.close(() => resolveClose());
          server.closeAllConnections();
        });
        closeDatabase(db);
      })();
      return closing;
    },
  };
}

/**
 * Browsers send Origin on WebSocket upgrades and state-changing requests: it
 * must be this server itself (or the public URL players use), so a page on
 * another site cannot act with a visitor's credentials. Clients that are not
 * browsers send none.
 */
function originAllowed(request: IncomingMessage, publicUrl: string | undefined): boolean {
  const originHeader = request.headers.origin;
  if (originHeader === undefined) return true;
  const host = request.headers.host;
  if (host !== undefined && (originHeader === `http://${host}` || originHeader === `https://${host}`)) return true;
  return publicUrl !== undefined && originHeader === new URL(publicUrl).origin;
}

/** The secret half of an operator credential: a header on HTTP, a subprotocol entry on the socket. */
function operatorSecret(request: IncomingMessage, via: 'http' | 'socket'): string | undefined {
  if (via === 'http') {
    const header = request.headers[OPERATOR_SECRET_HEADER.toLowerCase()];
    return typeof header === 'string' ? header : undefined;
  }
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((part) => part.trim());
  return offered.find((part) => part.startsWith(OPERATOR_SUBPROTOCOL_PREFIX))?.slice(OPERATOR_SUBPROTOCOL_PREFIX.length);
}

/** Where the console link points: a server bound to every address (0.0.0.0, ::) is reached from this machine at loopback. */
function consoleOrigin(origin: string, address: AddressInfo): string {
  if (address.address !== '0.0.0.0' && address.address !== '::') return origin;
  const url = new URL(origin);
  url.hostname = address.family === 'IPv6' ? '[::1]' : '127.0.0.1';
  return url.origin;
}

/** Operator paths outside /api/operator/: each answers only at this server's own names (DNS rebinding). */
const operatorPagePaths: ReadonlySet<string> = new Set(['/metrics', '/console/login', '/console/', '/console']);

async function handle(
  services: Services,
  staticDir: string,
  operatorHostAllowed: (request: IncomingMessage) => boolean,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = parseRequestTarget(request.url, 'http://request.invalid');
  if (!url) throw new HttpError(400, ErrorCode.BadMessage, 'the request target is not a valid URL');
  const method = request.method ?? 'GET';
  const path = url.pathname;
  if ((path.startsWith('/api/operator/') || operatorPagePaths.has(path)) && !operatorHostAllowed(request)) {
    throw new HttpError(421, ErrorCode.Forbidden, `${wrongHostMessage}, not ${JSON.stringify((request.headers.host ?? '').slice(0, 100))}`);
  }

  if (path.startsWith('/api/')) {
    for (const route of routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      if (route.method !== method) continue;
      if (route.operator && !services.isOperator(request)) {
        throw new HttpError(401, ErrorCode.Unauthorized, 'operator session required (open the console link in this tab)');
      }
      await route.handler(services, { request, response, url, params: match.slice(1) });
      return;
    }
    const known = routes.some((route) => route.pattern.test(path));
    throw new HttpError(known ? 405 : 404, known ? ErrorCode.BadMessage : ErrorCode.NotFound, `no ${method} ${path}`);
  }

  if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, ErrorCode.BadMessage, `no ${method} ${path}`);

  if (path === '/console/login') return consoleLogin(services, request, response, url);
  if (path === '/metrics') {
    // Operator side: a scraper on this machine, or one holding the console's credential.
    if (!services.isOperator(request) && !(isOperatorPlace(request, services.operatorAllowRemote) && services.metricsOpenOnLoopback)) {
      throw new HttpError(401, ErrorCode.Unauthorized, 'metrics are for the operator');
    }
    const text = await services.metrics.render();
    response.writeHead(200, { 'Content-Type': services.metrics.contentType, 'Cache-Control': 'no-store' });
    response.end(text);
    return;
  }
  if (path === '/') {
    const page = isOperatorPlace(request, services.operatorAllowRemote) ? '/console/' : '/player/';
    response.writeHead(302, { Location: page }).end();
    return;
  }
  if (path === '/console' || path === '/player') {
    response.writeHead(301, { Location: `${path}/` }).end();
    return;
  }
  if (path === '/console/' || path === '/player/') {
    const file = resolveStatic(staticDir, `${path}index.html`) ?? null;
    if (!file) {
      throw new HttpError(503, ErrorCode.Internal, `the pages are not built: run "npm run build:web" (looked in ${pageFile(staticDir, 'console')})`);
    }
    sendFile(response, file, false);
    return;
  }
  const file = path.startsWith('/assets/') ? resolveStatic(staticDir, path) : null;
  if (!file) throw new HttpError(404, ErrorCode.NotFound, `nothing at ${path}`);
  sendFile(response, file, true);
}

function consoleLogin(services: Services, request: IncomingMessage, response: ServerResponse, url: URL): void {
  if (!isOperatorPlace(request, services.operatorAllowRemote)) {
    throw new HttpError(403, ErrorCode.Forbidden, 'the console is only served to this machine');
  }
  const token = url.searchParams.get('token') ?? '';
  if (!services.loginLimiter.take(services.clientAddress(request), services.now())) {
    throw new HttpError(429, ErrorCode.RateLimited, 'too many console logins; wait a moment');
  }
  const credential = /^[A-Za-z0-9_-]{16,128}$/.test(token) ? services.operatorSessions.redeem(token) : null;
  if (!credential) {
    response.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('This console link was already used or has expired. Ask Pitboss for a new one (restart `npm run serve`).\n');
    return;
  }
  // The secret rides in the fragment, which browsers never send to a server:
  // no cookie-bearing request can fetch it. The page moves it to
  // sessionStorage (scoped to this origin, port included) and clears the URL.
  response.writeHead(302, {
    'Set-Cookie': `${OPERATOR_COOKIE}=${credential.session}; HttpOnly; SameSite=Strict; Path=/${services.secure ? '; Secure' : ''}`,
    Location: `/console/#${OPERATOR_SECRET_FRAGMENT}=${credential.secret}`,
    'Cache-Control': 'no-store',
  });
  response.end();
}
