// The composition root: one HTTP server (REST + static pages) with the
// WebSocket gateway on the same port, the SQLite file, the ledger and the
// tables. Both the Electron shell and the headless CLI start it this way.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createEdgeServer, directEdgeLimits, proxiedEdgeLimits } from './edge-server.ts';
import { operatorCheck } from './operator-access.ts';
import { operatorHostCheck } from './operator-host.ts';
import { OperatorSessions } from './operator-sessions.ts';
import type { PitbossOptions } from './pitboss-options.ts';
import { stopPitboss } from './pitboss-shutdown.ts';
import { createBeacon } from './pitboss-beacon.ts';
import { createGateway, createMetrics, createServices, createTables, openStorage } from './pitboss-wiring.ts';
import { createRequestHandler } from './request-handler.ts';
import { loadOrCreateSecretFile, playerReference, PLAYER_REFERENCE_KEY_FILE } from './secrets.ts';
import type { Services } from './services.ts';
import { inviteUrl } from './services.ts';

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

export async function startPitboss(options: PitbossOptions): Promise<Pitboss> {
  const now = options.now ?? Date.now;
  const storage = openStorage(options.dataDir, now);
  const operatorSessions = new OperatorSessions(now);
  const operatorHostAllowed = operatorHostCheck({ publicUrl: options.publicUrl, operatorAllowRemote: options.operatorAllowRemote ?? false });
  const playerReferenceKey = loadOrCreateSecretFile(options.dataDir, PLAYER_REFERENCE_KEY_FILE);
  const referenceOf = (tableId: string, playerId: string): string => playerReference(playerReferenceKey, tableId, playerId);
  const staticDir = resolve(options.staticDir);
  let origin = '';
  const publicOrigin = (): string => options.publicUrl?.replace(/\/+$/, '') ?? origin;
  const operatorAllowed = operatorCheck(operatorHostAllowed, operatorSessions, () => services.operatorAllowRemote);

  const metrics = createMetrics(() => gateway, () => tables);
  const gateway = createGateway(options, now, { storage, metrics, tables: () => tables, operatorAllowed, referenceOf });
  const beacon = createBeacon(options);
  const tables = createTables(options, now, { storage, gateway, metrics, referenceOf, beacon });
  metrics.start(now);
  const services = createServices(options, now, { storage, metrics, gateway, tables, operatorSessions, operatorAllowed, publicOrigin, referenceOf, beacon });

  const server: Server = createEdgeServer({
    tls: options.tls,
    limits: { ...(options.trustProxy ? proxiedEdgeLimits : directEdgeLimits), ...options.edgeLimits },
    onRequest: createRequestHandler(services, staticDir, operatorHostAllowed, options.tls !== undefined),
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
      closing ??= stopPitboss({ tables, gateway, metrics, server, db: storage.db, beaconVerifier: beacon?.verifier ?? null });
      return closing;
    },
  };
}

/** Where the console link points: a server bound to every address (0.0.0.0, ::) is reached from this machine at loopback. */
function consoleOrigin(origin: string, address: AddressInfo): string {
  if (address.address !== '0.0.0.0' && address.address !== '::') return origin;
  const url = new URL(origin);
  url.hostname = address.family === 'IPv6' ? '[::1]' : '127.0.0.1';
  return url.origin;
}
