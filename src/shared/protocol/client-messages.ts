// Client -> server: every message a player's page may send, its schema, and
// the parser that checks one inbound frame against it.
import { z } from 'zod';
import { Limits } from './limits.ts';
import { commitmentSchema, roundSecretSchema } from './pf2-messages.ts';
import { clientSeedSchema, idSchema, positiveMinorSchema, roundNumberSchema, spotSchema } from './primitives.ts';

export const ClientKind = {
  BetPlace: 'bet.place',
  BetCancel: 'bet.cancel',
  SeedSet: 'seed.set',
  Ping: 'ping',
  BlackjackDecide: 'blackjack.decide',
  /** pf2: the bettor's round secret, sent in answer to the round's freeze once its own lines check out. */
  Reveal: 'pf2.reveal',
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
    /** pf2 tables: the commitment to this round's secret (PF2.md §2), the same in every bet request of the round. */
    commitment: commitmentSchema.optional(),
  }),
  z.strictObject({
    kind: z.literal(ClientKind.BetCancel),
    requestId: requestIdSchema,
    round: roundNumberSchema,
    /** The bets to take back; empty means all of this player's bets in the round. */
    betIds: z.array(clientBetIdSchema).max(Limits.maxBetsPerRoundPerPlayer),
  }),
  /**
   * pf2: opens the player's frozen commitment. Answered with an `ack`
   * carrying the signed `pf2.reveal` once durable. Errors: wrong_round,
   * wrong_phase (no reveal window open), not_found (no frozen commitment of
   * yours in the round), bad_secret (it does not open your commitment).
   * Sending it again is answered again.
   */
  z.strictObject({
    kind: z.literal(ClientKind.Reveal),
    requestId: requestIdSchema,
    round: roundNumberSchema,
    secret: roundSecretSchema,
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
