// The one protocol module: every message that crosses the WebSocket, its
// runtime schema and its static type. Server, console and player page all
// import from here, so a message kind has exactly one definition.
import { z } from 'zod';

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

export const ErrorCode = {
  BadMessage: 'bad_message',
  RateLimited: 'rate_limited',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  WrongPhase: 'wrong_phase',
  WrongRound: 'wrong_round',
  UnknownSpot: 'unknown_spot',
  BelowMinimum: 'below_minimum',
  AboveSpotLimit: 'above_spot_limit',
  AboveRoundLimit: 'above_round_limit',
  TooManyBets: 'too_many_bets',
  InsufficientFunds: 'insufficient_funds',
  DuplicateBetId: 'duplicate_bet_id',
  IdempotencyConflict: 'idempotency_conflict',
  Muted: 'muted',
  /** Another player at this table already goes by that name (after normalising). */
  NameTaken: 'name_taken',
  /** The dealer revoked this browser's or this address's player at this table. */
  Barred: 'barred',
  /** The dealer kicked this session or browser; it may come back after the cool-down. */
  Kicked: 'kicked',
  TableClosed: 'table_closed',
  /** A balance would leave the range money can hold: nothing moved. */
  AmountOutOfRange: 'amount_out_of_range',
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * WebSocket close codes in the private range 4000-4999. A socket that stops
 * answering heartbeats is cut off (terminate), not closed: it could not read a code.
 */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  Kicked: 4001,
  SessionRevoked: 4002,
  TooSlow: 4003,
  RateLimited: 4004,
  ReplacedByNewConnection: 4005,
  TableClosed: 4006,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

export const GameId = {
  RouletteEu: 'roulette-eu',
  Baccarat: 'baccarat',
  DragonTiger: 'dragon-tiger',
  Sicbo: 'sicbo',
  Blackjack: 'blackjack',
} as const;
export type GameId = (typeof GameId)[keyof typeof GameId];
export const gameIdSchema = z.enum([GameId.RouletteEu, GameId.Baccarat, GameId.DragonTiger, GameId.Sicbo, GameId.Blackjack]);

export const Phase = {
  Idle: 'idle',
  Betting: 'betting',
  Closed: 'closed',
  /** Blackjack: the cards are out and seats are deciding. */
  Playing: 'playing',
  Result: 'result',
  Settled: 'settled',
  Voided: 'voided',
} as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

// ---------------------------------------------------------------- primitives

/** Money is integer minor units (cents), never a float. */
export const positiveMinorSchema = z.number().int().positive().max(1_000_000_000_000);
export const idSchema = z.string().min(1).max(Limits.maxIdLength).regex(/^[A-Za-z0-9_-]+$/);
export const clientSeedSchema = z.string().min(1).max(Limits.maxClientSeedLength).regex(/^[A-Za-z0-9_-]+$/);
export const roundNumberSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const spotSchema = z.string().min(1).max(32);

// ---------------------------------------------------------------- client -> server

export const ClientKind = {
  BetPlace: 'bet.place',
  BetCancel: 'bet.cancel',
  SeedSet: 'seed.set',
  Ping: 'ping',
  BlackjackDecide: 'blackjack.decide',
} as const;
export type ClientKind = (typeof ClientKind)[keyof typeof ClientKind];

const requestIdSchema = idSchema;

/**
 * Bet ids beginning with this are made by the server for the stakes of
 * blackjack decisions (double, split, insurance); no client id may take one,
 * so a player can never occupy the id a decision of theirs will need.
 */
export const SERVER_BET_ID_PREFIX = '__';

/** A bet id a client chooses: an id outside the server's namespace. */
export const clientBetIdSchema = idSchema.refine((id) => !id.startsWith(SERVER_BET_ID_PREFIX), {
  message: `bet ids beginning with "${SERVER_BET_ID_PREFIX}" are reserved for the server`,
});

export const betRequestSchema = z.strictObject({
  betId: clientBetIdSchema,
  spot: spotSchema,
  amountMinor: positiveMinorSchema,
});
export type BetRequest = z.infer<typeof betRequestSchema>;

export const clientMessageSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal(ClientKind.BetPlace),
    requestId: requestIdSchema,
    round: roundNumberSchema,
    bets: z.array(betRequestSchema).min(1).max(Limits.maxBetsPerMessage),
  }),
  z.strictObject({
    kind: z.literal(ClientKind.BetCancel),
    requestId: requestIdSchema,
    round: roundNumberSchema,
    /** The bets to take back; empty means all of this player's bets in the round. */
    betIds: z.array(clientBetIdSchema).max(Limits.maxBetsPerRoundPerPlayer),
  }),
  z.strictObject({
    kind: z.literal(ClientKind.SeedSet),
    requestId: requestIdSchema,
    clientSeed: clientSeedSchema,
  }),
  z.strictObject({
    kind: z.literal(ClientKind.Ping),
    requestId: requestIdSchema,
    clientTime: z.number().finite(),
  }),
  /**
   * The seat owner's decision on the turn in `blackjack.turn`. Answered with
   * an `ack` (balance after any extra stake) once committed, before the next
   * `blackjack.turn`; a double, split or insurance books its stake as a bet on
   * `double:N:H`, `split:N` or `insurance:N` first. Errors: forbidden (not
   * your seat), wrong_phase (no hand in play, not this seat/hand's turn, or
   * the action is not offered), wrong_round, insufficient_funds, muted (extra
   * stakes only). A retried requestId is acknowledged again, applied once.
   */
  z.strictObject({
    kind: z.literal(ClientKind.BlackjackDecide),
    requestId: requestIdSchema,
    round: roundNumberSchema,
    /** 1..7 */
    seat: z.number().int().min(1).max(7),
    /** 0, or 1 for the second hand after a split; insurance answers use 0. */
    hand: z.number().int().min(0).max(1),
    action: z.enum(['hit', 'stand', 'double', 'split', 'insure', 'no-insurance']),
  }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

// ---------------------------------------------------------------- shared views

export const tableLimitsSchema = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/),
  minBetMinor: positiveMinorSchema,
  maxSpotMinor: positiveMinorSchema,
  maxRoundMinor: positiveMinorSchema,
});
export type TableLimits = z.infer<typeof tableLimitsSchema>;

export type TableSummary = {
  id: string;
  name: string;
  game: GameId;
  limits: TableLimits;
  /** Theoretical return to player per bet kind, e.g. { straight: 0.973 } */
  rtp: Record<string, number>;
  bettingWindowMs: number;
  autoCycle: boolean;
  open: boolean;
};

export type RoundView = {
  round: number;
  phase: Phase;
  commitment: string;
  chainIndex: number;
  /** Epoch ms when betting closes on its own (auto-cycle), else null. */
  closesAt: number | null;
  lastCall: boolean;
  clientSeeds: { playerId: string; clientSeed: string }[];
  outcome: Outcome | null;
  serverSeed: string | null;
  clientString: string | null;
  /** Blackjack only: the hand in play, while the round is in phase `playing`. */
  blackjack?: BlackjackPlay | null;
};

export type RouletteOutcome = { pocket: number };
/** Cards as pf1 names them ("AS", "10H"), in deal order; totals are mod 10. */
export type BaccaratOutcome = {
  player: string[];
  banker: string[];
  playerTotal: number;
  bankerTotal: number;
  winner: 'player' | 'banker' | 'tie';
};
export type DragonTigerOutcome = { dragon: string; tiger: string; winner: 'dragon' | 'tiger' | 'tie' };
/** The three dice in the order drawn, each 1..6. */
export type SicboOutcome = { dice: [number, number, number] };
/**
 * One blackjack round, replayable (games/blackjack-round.ts): cards as pf1
 * names them; `cards` is every card in draw order and `decisions` every
 * decision in the order applied, so replaying the decisions against the same
 * shoe must give this outcome back exactly. A seat has two hands only after a
 * split. Insurance decisions carry hand 0.
 */
export type BlackjackOutcome = {
  dealer: { cards: string[]; total: number; blackjack: boolean };
  seats: {
    seat: number;
    insured: boolean;
    hands: { cards: string[]; total: number; doubled: boolean; result: 'blackjack' | 'win' | 'push' | 'lose' }[];
  }[];
  decisions: { seat: number; hand: number; action: 'hit' | 'stand' | 'double' | 'split' | 'insure' | 'no-insurance' | 'timeout' }[];
  cards: string[];
};
/** Each game's outcome has its own distinct keys, so `'pocket' in outcome` and the like tell them apart. */
export type Outcome = RouletteOutcome | BaccaratOutcome | DragonTigerOutcome | SicboOutcome | BlackjackOutcome;

export type PlacedBet = {
  betId: string;
  playerId: string;
  playerName: string;
  spot: string;
  amountMinor: number;
};

export type PlayerPayout = {
  playerId: string;
  playerName: string;
  stakeMinor: number;
  payoutMinor: number;
};

export type HistoryEntry = { round: number; outcome: Outcome; settledAt: number };

export type SeatedPlayer = { playerId: string; name: string; connected: boolean };

// ---------------------------------------------------------------- server -> client

export const ServerKind = {
  Welcome: 'welcome',
  Snapshot: 'snapshot',
  Event: 'event',
  Ack: 'ack',
  Error: 'error',
  Balance: 'balance',
  Settlement: 'settlement',
  Pong: 'pong',
} as const;
export type ServerKind = (typeof ServerKind)[keyof typeof ServerKind];

export const EventKind = {
  RoundOpened: 'round.opened',
  RoundLastCall: 'round.last_call',
  RoundClosed: 'round.closed',
  RoundResult: 'round.result',
  RoundSettled: 'round.settled',
  RoundVoided: 'round.voided',
  BetsPlaced: 'bets.placed',
  BetsCancelled: 'bets.cancelled',
  SeedRecorded: 'seed.recorded',
  PlayerJoined: 'player.joined',
  PlayerLeft: 'player.left',
  ChainRotated: 'chain.rotated',
  TableClosed: 'table.closed',
  BlackjackTurn: 'blackjack.turn',
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

export type TableEvent =
  | { kind: typeof EventKind.RoundOpened; round: number; commitment: string; chainIndex: number; closesAt: number | null }
  | { kind: typeof EventKind.RoundLastCall; round: number; closesAt: number }
  | { kind: typeof EventKind.RoundClosed; round: number }
  | {
      kind: typeof EventKind.RoundResult;
      round: number;
      outcome: Outcome;
      serverSeed: string;
      clientString: string;
      chainIndex: number;
      commitment: string;
    }
  | {
      kind: typeof EventKind.RoundSettled;
      round: number;
      betCount: number;
      stakeMinor: number;
      payoutMinor: number;
      houseWinMinor: number;
      /** The biggest returns of the round (at most Limits.maxPayoutsPerEvent); each player also gets a private `settlement`. */
      topPayouts: PlayerPayout[];
    }
  | { kind: typeof EventKind.RoundVoided; round: number; reason: string }
  | {
      kind: typeof EventKind.BetsPlaced;
      round: number;
      /** The newest bets of this batch, at most Limits.maxBetsPerEvent of them. */
      bets: PlacedBet[];
      /** How many bets the batch held in all. */
      betCount: number;
      /** Every spot's live total after the batch. */
      spotTotals: Record<string, number>;
    }
  | { kind: typeof EventKind.BetsCancelled; round: number; playerId: string; betIds: string[]; spotTotals: Record<string, number> }
  | { kind: typeof EventKind.SeedRecorded; round: number; seeds: { playerId: string; clientSeed: string }[] }
  | { kind: typeof EventKind.PlayerJoined; players: SeatedPlayer[]; playerCount: number }
  | { kind: typeof EventKind.PlayerLeft; playerIds: string[]; playerCount: number }
  | { kind: typeof EventKind.ChainRotated; commitment: string; previousCommitment: string }
  | { kind: typeof EventKind.TableClosed }
  | ({ kind: typeof EventKind.BlackjackTurn; round: number } & BlackjackPlay);

/**
 * A blackjack round in play (after the deal, before the result): what the
 * table shows and whose decision it is. Sent after the deal and after every
 * decision, and in RoundView.blackjack for a snapshot.
 */
export type BlackjackPlay = {
  /** The dealer's up card only, until the dealer plays. */
  dealer: string[];
  seats: {
    seat: number;
    ownerId: string;
    ownerName: string;
    insured: boolean;
    hands: { cards: string[]; total: number; soft: boolean; doubled: boolean }[];
  }[];
  turn:
    | { phase: 'insurance'; seats: number[] }
    | { phase: 'play'; seat: number; hand: number; actions: ('hit' | 'stand' | 'double' | 'split')[] }
    | { phase: 'done' };
  /** Epoch ms when the current decision times out (a timed-out or disconnected seat stands; no insurance). */
  deadline: number | null;
};

export type TableSnapshot = {
  seq: number;
  table: TableSummary;
  round: RoundView | null;
  /** All of this player's live bets in the current round, then the newest of everyone else's (at most Limits.maxSnapshotBets in all). */
  bets: PlacedBet[];
  /** Every live bet of the round counted, and every spot's total. */
  betCount: number;
  spotTotals: Record<string, number>;
  /** Players present now: this player first, at most Limits.maxSnapshotPlayers. A snapshot never grows with everyone ever seen. */
  players: SeatedPlayer[];
  /** How many players are present now. */
  playerCount: number;
  history: HistoryEntry[];
  /** The player's bets of the last settled round, for "rebet". */
  lastRoundBets: { spot: string; amountMinor: number }[];
  /** The player's own result in the last settled round they bet on, if any. */
  lastSettlement: PlayerSettlement | null;
};

export type PlayerSettlement = { round: number; stakeMinor: number; payoutMinor: number };

export type ServerMessage =
  | {
      kind: typeof ServerKind.Welcome;
      protocol: typeof PROTOCOL_VERSION;
      playerId: string;
      name: string;
      tableId: string;
      balanceMinor: number;
      clientSeed: string;
      serverTime: number;
    }
  | { kind: typeof ServerKind.Snapshot; snapshot: TableSnapshot }
  | { kind: typeof ServerKind.Event; tableId: string; seq: number; at: number; event: TableEvent }
  | { kind: typeof ServerKind.Ack; requestId: string; balanceMinor: number }
  | { kind: typeof ServerKind.Error; requestId: string | null; code: ErrorCode; message: string }
  | { kind: typeof ServerKind.Balance; balanceMinor: number }
  | ({ kind: typeof ServerKind.Settlement; balanceMinor: number } & PlayerSettlement)
  | { kind: typeof ServerKind.Pong; requestId: string; clientTime: number; serverTime: number };

/**
 * Parses one inbound frame. Returns the message or a typed error; never
 * throws, because the input comes from the network.
 */
export function parseClientMessage(
  raw: string,
): { ok: true; message: ClientMessage } | { ok: false; requestId: string | null; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, requestId: null, message: 'frame is not valid JSON' };
  }
  const parsed = clientMessageSchema.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  const requestId =
    typeof json === 'object' && json !== null && 'requestId' in json && typeof json.requestId === 'string'
      ? idSchema.safeParse(json.requestId).success
        ? json.requestId
        : null
      : null;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, requestId, message: `${where}${issue?.message ?? 'invalid message'}` };
}
