// What the HTTP routes work with, wired once by the server.
import type { IncomingMessage } from 'node:http';
import type { Database } from '../storage/database.ts';
import type { AuditService } from '../audit/audit-service.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { JoinLimits } from '../players/join-rules.ts';
import type { PlayerStore } from '../storage/player-store.ts';
import type { TableRegistry } from '../tables/registry.ts';
import type { TableStore } from '../storage/table-store.ts';
import type { Pf2Store } from '../storage/pf2-store.ts';
import type { Gateway } from './gateway.ts';
import type { OperatorSessions } from './operator-sessions.ts';
import type { KeyedRateLimiter } from './rate-limit.ts';
import type { Metrics } from './metrics.ts';
import type { Money } from '../ledger/money.ts';
import type { BeaconChain } from '../../shared/fairness/beacon-chain.ts';

export type Services = {
  metrics: Metrics;
  metricsOpenOnLoopback: boolean;
  db: Database;
  /** Round records, the export-signing key, export and verify jobs. */
  audit: AuditService;
  ledger: Ledger;
  /** Join credit, cashier, house float: every movement of money outside rounds. */
  money: Money;
  tables: TableRegistry;
  tableStore: TableStore;
  /** pf2 rounds' commitments, freezes and reveals (their proofs). */
  pf2Store: Pf2Store;
  players: PlayerStore;
  gateway: Gateway;
  operatorSessions: OperatorSessions;
  now: () => number;
  /** The origin players reach us at (http://host:port, or --public-url): join links use it. */
  publicOrigin: () => string;
  /** Accept operator requests from non-loopback addresses (off unless asked for). */
  operatorAllowRemote: boolean;
  /** Joining creates a player and may credit chips: throttled per address against farming and invite guessing. */
  joinLimiter: KeyedRateLimiter;
  /** Daily caps on joins and welcome chips per table and per address (see join-rules.ts). */
  joinLimits: JoinLimits;
  /** One-time console links: guessing them costs time. */
  loginLimiter: KeyedRateLimiter;
  /** The address rate limits key on (the proxy's client when trusted). */
  clientAddress: (request: IncomingMessage) => string;
  /** Served over TLS: cookies get the Secure flag. */
  secure: boolean;
  /** The request carries a valid operator credential (cookie and secret) from an operator place and name. */
  isOperator: (request: IncomingMessage) => boolean;
  /** pf2: the drand chain this server fetches its public beacon from; null when it fetches none (no table can take one). */
  beaconChain: BeaconChain | null;
  /** pf2: new tables take the public beacon unless told otherwise (the server was started with --public-url). */
  beaconByDefault: boolean;
  /** A player's pseudonym in public views (stable per table, keyed with a server secret). */
  playerReference: (tableId: string, playerId: string) => string;
};

export function inviteUrl(services: Services, inviteCode: string): string {
  // The key's fingerprint rides along, so a page pins the key the dealer shared, not the one a server first shows (PF2.md §7).
  return `${services.publicOrigin()}/player/#invite=${inviteCode}&key=${services.audit.key.fingerprint}`;
}
