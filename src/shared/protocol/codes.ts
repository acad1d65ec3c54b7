// The codes the server answers with: an error code on a refused request, a
// close code on a socket it ends.
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
  /** pf2: a bet without the round's commitment, or with another than the one recorded for this player. */
  CommitmentMismatch: 'commitment_mismatch',
  /** pf2: a revealed secret that does not open the player's frozen commitment. */
  BadSecret: 'bad_secret',
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
