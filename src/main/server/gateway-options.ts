// What the WebSocket gateway is configured with: its limits (with defaults),
// the seated player a session token resolves to, and the callbacks through
// which it reaches authentication, the ledger and the metrics.
import type { IncomingMessage } from 'node:http';
import { Limits } from '../../shared/protocol.ts';
import type { Table, EventEnvelope } from '../tables/table.ts';

export type GatewayLimits = {
  /** Above this many unsent bytes a client gets coalesced state instead of every event. */
  softBufferedBytes: number;
  /** Above this many unsent bytes a client is closed with TooSlow; nothing more is written to it. */
  hardBufferedBytes: number;
  /** How long a client closed for being too slow has to read its close frame before it is cut off. */
  tooSlowCloseGraceMs: number;
  /** Consecutive rate-limited frames after which a client is disconnected. */
  maxRateLimitStrikes: number;
  replayEventsPerTable: number;
  replayBytesPerTable: number;
  messagesPerSecond: number;
  messageBurst: number;
  cancelsPerSecond: number;
  cancelBurst: number;
  upgradesPerSecond: number;
  upgradeBurst: number;
};

export const defaultGatewayLimits: GatewayLimits = {
  softBufferedBytes: 256 * 1024,
  hardBufferedBytes: 1024 * 1024,
  tooSlowCloseGraceMs: 2_000,
  maxRateLimitStrikes: 50,
  replayEventsPerTable: 1_024,
  replayBytesPerTable: 1024 * 1024,
  messagesPerSecond: Limits.messagesPerSecond,
  messageBurst: Limits.messageBurst,
  cancelsPerSecond: Limits.cancelsPerSecond,
  cancelBurst: Limits.cancelBurst,
  upgradesPerSecond: 5,
  upgradeBurst: 20,
};

export type PlayerSession = {
  playerId: string;
  /** The player's keyed pseudonym at the table: how public proofs and pf2 lines name them. */
  reference: string;
  /** The installation's public key, which signs pf2 statements (hex). */
  statementKey: string;
  name: string;
  clientSeed: string;
  muted: boolean;
  walletAccountId: number;
  table: Table;
};

export type GatewayOptions = {
  now: () => number;
  limits: GatewayLimits;
  /** Resolves a presented session token to a seated player, or null. */
  authenticatePlayer: (token: string) => PlayerSession | null;
  /** True when the upgrade request carries a valid operator session (and comes from an allowed place). */
  authorizeOperator: (request: IncomingMessage) => boolean;
  /** The address upgrade rate limits key on. */
  clientAddress: (request: IncomingMessage) => string;
  /** False for a browser page of another site (cross-site WebSocket hijacking). */
  originAllowed: (request: IncomingMessage) => boolean;
  balanceOf: (walletAccountId: number) => number;
  setClientSeed: (playerId: string, clientSeed: string) => void;
  playerName: (playerId: string) => string;
  /** Where an unexpected failure at the edge is reported (the socket is cut off, the server goes on). */
  log: (message: string, error: unknown) => void;
  /** Counts for live health: every message in and out. */
  countMessages?: (direction: 'in' | 'out', count: number) => void;
  /** Load runs (the bench) watch the fan-out: called as `publish` starts handing an event out... */
  publishing?: (envelope: EventEnvelope) => void;
  /** ...and once every socket has it: how many got it and how long serializing and handing it out took. */
  published?: (envelope: EventEnvelope, sentCount: number, durationMs: number) => void;
};
