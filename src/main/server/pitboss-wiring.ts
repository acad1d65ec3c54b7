// Builds the server's parts from its options: the SQLite file and the stores
// on it, the metrics, the WebSocket gateway, the tables and the services the
// routes use. The gateway and the tables call each other, so each reaches the
// other lazily; startPitboss (pitboss.ts) builds them in this order.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../storage/database.ts';
import { createTableSchema } from '../../shared/api.ts';
import { AuditService } from '../audit/audit-service.ts';
import { AccountKind, Ledger } from '../ledger/ledger.ts';
import { Money } from '../ledger/money.ts';
import { defaultJoinLimits } from '../players/join-rules.ts';
import { PlayerStore } from '../storage/player-store.ts';
import { openDatabase } from '../storage/database.ts';
import { systemClock } from '../tables/clock.ts';
import { TableRegistry } from '../tables/registry.ts';
import { defaultFinishBetsPerStep } from '../tables/round-finisher.ts';
import { defaultFreezeLinesPerStep } from '../tables/pf2-freeze.ts';
import { defaultChainLength } from '../tables/seed-chain.ts';
import { TableStore } from '../storage/table-store.ts';
import { Pf2Store } from '../storage/pf2-store.ts';
import type { TableObserver } from '../tables/table.ts';
import { clientAddress } from './client-address.ts';
import { Gateway } from './gateway.ts';
import { defaultGatewayLimits } from './gateway-options.ts';
import { Metrics } from './metrics.ts';
import type { OperatorCheck } from './operator-access.ts';
import type { OperatorSessions } from './operator-sessions.ts';
import { originAllowed } from './origin-check.ts';
import { databaseFileName, defaultJoinRateLimit, defaultTable, type PitbossOptions } from './pitboss-options.ts';
import { KeyedRateLimiter } from './rate-limit.ts';
import { hashToken } from './secrets.ts';
import type { Services } from './services.ts';
import type { ServerBeacon } from './pitboss-beacon.ts';

export type Storage = { db: Database; ledger: Ledger; tableStore: TableStore; pf2Store: Pf2Store; players: PlayerStore; audit: AuditService };

export function openStorage(dataDir: string, now: () => number): Storage {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(join(dataDir, databaseFileName));
  const ledger = new Ledger(db, now);
  const tableStore = new TableStore(db);
  const pf2Store = new Pf2Store(db);
  const players = new PlayerStore(db);
  // Before the tables load: recovering an interrupted round appends its record.
  const audit = new AuditService({ db, dataDir, now });
  return { db, ledger, tableStore, pf2Store, players, audit };
}

export function createMetrics(gateway: () => Gateway, tables: () => TableRegistry): Metrics {
  return new Metrics(() => {
    const stats = gateway().stats();
    return {
      playersConnected: stats.players,
      operatorsConnected: stats.operators,
      laggingClients: stats.lagging,
      bufferedBytes: stats.bufferedBytes,
      slowDisconnects: stats.slowDisconnects,
      latenciesMs: gateway().latencies(),
      roundPhases: tables().all().map((table) => ({ tableId: table.id, phase: table.phase })),
    };
  });
}

type GatewayParts = { storage: Storage; metrics: Metrics; tables: () => TableRegistry; operatorAllowed: OperatorCheck; referenceOf: PlayerReferenceOf };

export function createGateway(options: PitbossOptions, now: () => number, { storage, metrics, tables, operatorAllowed, referenceOf }: GatewayParts): Gateway {
  const { players, ledger } = storage;
  return new Gateway({
    now,
    countMessages: (direction, count) => metrics.countMessages(direction, count),
    log: (message, error) => console.error(`pitboss: ${message}:`, error),
    limits: { ...defaultGatewayLimits, ...options.gatewayLimits },
    originAllowed: (request) => originAllowed(request, options.publicUrl),
    clientAddress: (request) => clientAddress(request, options.trustProxy ?? false),
    authenticatePlayer: (token) => {
      const player = players.bySessionHash(hashToken(token));
      const table = player ? tables().get(player.tableId) : undefined;
      if (!player || !table) return null;
      // A kicked session stays out until its cool-down ends (a revoked one is not found at all).
      if (player.kickedUntil !== null && player.kickedUntil > now()) return null;
      return {
        playerId: player.id,
        reference: referenceOf(player.tableId, player.id),
        statementKey: storage.audit.key.publicKeyHex,
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
}

/** Creates the registry, loads every open table (recovering interrupted rounds) and, if asked, a first table. */
/** New tables take the public beacon when the server can reach the internet (it has a public URL) and fetches one. */
export function beaconByDefault(options: PitbossOptions, beacon: ServerBeacon | null): boolean {
  return beacon !== null && options.publicUrl !== undefined;
}

export function createTables(
  options: PitbossOptions,
  now: () => number,
  parts: { storage: Storage; gateway: Gateway; metrics: Metrics; referenceOf: PlayerReferenceOf; beacon: ServerBeacon | null },
): TableRegistry {
  const { storage, gateway, metrics, referenceOf, beacon } = parts;
  const { db, tableStore, ledger, audit } = storage;
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
    sendPrivately: (playerId, message) => gateway.sendPrivately(playerId, message),
    signStatement: (text) => audit.signText(text),
    playerReference: referenceOf,
    recorder: audit.recorder,
    finishBetsPerStep: options.finishBetsPerStep ?? defaultFinishBetsPerStep,
    freezeLinesPerStep: options.freezeLinesPerStep ?? defaultFreezeLinesPerStep,
    beacon: beacon?.client ?? null,
    log: (line) => console.error(line),
  });
  ledger.account(AccountKind.Cashier, '');
  tables.loadAll();
  if (options.createDefaultTable && tables.all().length === 0) tables.create(createTableSchema.parse({ ...defaultTable, beacon: beaconByDefault(options, beacon) }));
  return tables;
}

type ServiceParts = {
  storage: Storage;
  metrics: Metrics;
  gateway: Gateway;
  tables: TableRegistry;
  operatorSessions: OperatorSessions;
  operatorAllowed: OperatorCheck;
  publicOrigin: () => string;
  referenceOf: PlayerReferenceOf;
  beacon: ServerBeacon | null;
};

/** A player's keyed pseudonym at a table (public proofs, pf2 lines). */
export type PlayerReferenceOf = (tableId: string, playerId: string) => string;

export function createServices(options: PitbossOptions, now: () => number, parts: ServiceParts): Services {
  const { storage, metrics, gateway, tables, operatorSessions, operatorAllowed, publicOrigin, referenceOf, beacon } = parts;
  return {
    metrics,
    db: storage.db,
    audit: storage.audit,
    ledger: storage.ledger,
    money: new Money(storage.ledger),
    tables,
    tableStore: storage.tableStore,
    pf2Store: storage.pf2Store,
    players: storage.players,
    gateway,
    operatorSessions,
    now,
    publicOrigin,
    operatorAllowRemote: options.operatorAllowRemote ?? false,
    clientAddress: (request) => clientAddress(request, options.trustProxy ?? false),
    joinLimiter: new KeyedRateLimiter({ ...defaultJoinRateLimit, ...options.joinRateLimit, maxKeys: 10_000 }),
    joinLimits: { ...defaultJoinLimits, ...options.joinLimits },
    loginLimiter: new KeyedRateLimiter({ ratePerSecond: 0.2, burst: 5, maxKeys: 1_000 }),
    secure: options.tls !== undefined,
    metricsOpenOnLoopback: options.metricsOpenOnLoopback ?? true,
    isOperator: (request) => operatorAllowed(request, 'http'),
    playerReference: referenceOf,
    beaconChain: beacon?.client.chain ?? null,
    beaconByDefault: beaconByDefault(options, beacon),
  };
}
