// What a Pitboss server is started with (the Electron shell, the headless CLI,
// tests and the bench all pass these) and the defaults it falls back on: the
// join rate limit, the database file name, the table a fresh install gets.
import type { CreateTableRequest } from '../../shared/api.ts';
import type { BeaconChain } from '../../shared/fairness/beacon-chain.ts';
import type { JoinLimits } from '../players/join-rules.ts';
import type { TableObserver } from '../tables/table.ts';
import type { EdgeLimits } from './edge-server.ts';
import type { GatewayLimits, GatewayOptions } from './gateway-options.ts';
import type { TlsMaterial } from './tls.ts';

export type PitbossOptions = {
  host: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** The built pages (out/renderer). */
  staticDir: string;
  /** The origin players reach this server at, e.g. a tunnel's https://…; join links use it. */
  publicUrl?: string;
  /**
   * pf2's public beacon (PF2.md §6): the drand chain and the relays tried in
   * turn. Left out: quicknet from the League of Entropy's relays; null: this
   * server offers no beacon. New tables take it when publicUrl is set.
   */
  beacon?: { chain: BeaconChain; relays: readonly string[] } | null;
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
  /** pf2: units of freeze work per step when a big round freezes (tests make freezes "big" with a small one). */
  freezeLinesPerStep?: number;
  /** Load runs (the bench) watch the tables and the fan-out through these, besides the server's own metrics. */
  observers?: { table?: TableObserver; gateway?: Pick<GatewayOptions, 'publishing' | 'published'> };
};

export type RateLimit = { ratePerSecond: number; burst: number };
export const defaultJoinRateLimit: RateLimit = { ratePerSecond: 0.5, burst: 10 };

export const databaseFileName = 'pitboss.db';

// The table serve and the desktop create on first start. It names no fairness,
// so it runs the game's default (defaultFairnessFor), like any new table.
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
