// The order a server stops in, so no round is left half-settled and no
// player misses how it ended: tables first, then sockets, then HTTP, then the file.
import type { Server } from 'node:http';
import type { Database } from '../storage/database.ts';
import { closeDatabase } from '../storage/database.ts';
import type { TableRegistry } from '../tables/registry.ts';
import type { Gateway } from './gateway.ts';
import type { Metrics } from './metrics.ts';
import type { BeaconVerifier } from '../beacon/beacon-verifier.ts';

export type RunningParts = { tables: TableRegistry; gateway: Gateway; metrics: Metrics; server: Server; db: Database; beaconVerifier: BeaconVerifier | null };

export async function stopPitboss({ tables, gateway, metrics, server, db, beaconVerifier }: RunningParts): Promise<void> {
  // Stop taking bets, resolve rounds in flight (players hear it), then hang up. A round waiting for its beacon waits again at the next start.
  tables.shutdown('the server is stopping');
  await beaconVerifier?.close();
  await gateway.close();
  metrics.stop();
  await new Promise<void>((resolveClose) => {
    server.close(() => resolveClose());
    server.closeAllConnections();
  });
  closeDatabase(db);
}
