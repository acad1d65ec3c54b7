// The protocol's version, how a socket names its token and where it resumes,
// and the bounds every message and every table keeps to.
export const PROTOCOL_VERSION = 'pitboss.v1';
/** The WebSocket subprotocol that carries a player's session token, so the token never appears in a URL. */
export const AUTH_SUBPROTOCOL_PREFIX = 'auth.';

export const Limits = {
  maxPayloadBytes: 4096,
  maxBetsPerMessage: 40,
  maxBetsPerRoundPerPlayer: 300,
  /** Bets one round holds at most, taken back ones included: bounds settlement, its audit record and every snapshot. */
  maxBetsPerRound: 50_000,
  maxNameLength: 24,
  maxClientSeedLength: 64,
  maxIdLength: 64,
  messagesPerSecond: 20,
  messageBurst: 40,
  /** Take-backs have their own, smaller budget: placing and cancelling in a loop must not be free. */
  cancelsPerSecond: 5,
  cancelBurst: 20,
  heartbeatIntervalMs: 10_000,
  historyLength: 100,
  /** Table activity (bets, seeds, arrivals) is broadcast in batches at most this often, so a busy table costs O(players) messages per interval, not O(players × bets). */
  activityBroadcastMs: 100,
  maxBetsPerEvent: 50,
  maxSnapshotBets: 200,
  /** Players a snapshot lists at most (this player first); playerCount says how many are present. */
  maxSnapshotPlayers: 100,
  maxPayoutsPerEvent: 20,
} as const;

/**
 * Query parameter of the player WebSocket URL: the last event seq the client
 * applied. The server replays what came after it from a bounded buffer, or
 * sends a fresh snapshot when the buffer no longer reaches back that far.
 */
export const RESUME_QUERY_PARAMETER = 'since';
