// The HTTP API: paths, request schemas and response types, shared by the
// server, the operator console and the player page. Live traffic goes over
// the WebSocket (protocol.ts); this is for everything that is not live.
import { z } from 'zod';
import {
  clientSeedSchema,
  gameIdSchema,
  idSchema,
  positiveMinorSchema,
  type ErrorCode,
  type GameId,
  type HistoryEntry,
  type Outcome,
  type Phase,
  type RoundView,
  type TableLimits,
  type TableSummary,
  type RoundBeacon,
  type WireStatement,
} from './protocol.ts';
import { playerNameSchema } from './player-name.ts';
import { FAIRNESS_SCHEMES, defaultFairnessFor } from './table-fairness.ts';

export const WS_PLAYER_PATH = '/ws/player';
export const WS_OPERATOR_PATH = '/ws/operator';
export const OPERATOR_COOKIE = 'pitboss_operator';
/**
 * The operator session's second secret, which never rides in a cookie: the
 * console sends it in this header on every operator request, and as the
 * subprotocol entry `operator.<secret>` (next to PROTOCOL_VERSION) on the
 * operator socket. The console login hands it over in the redirect's URL
 * fragment, `/console/#operator=<secret>`.
 */
export const OPERATOR_SECRET_HEADER = 'X-Pitboss-Operator';
export const OPERATOR_SUBPROTOCOL_PREFIX = 'operator.';
export const OPERATOR_SECRET_FRAGMENT = 'operator';

/** Every error body of the HTTP API. */
export type ApiError = { error: { code: ErrorCode; message: string } };

// ---------------------------------------------------------------- public / player

/** POST /api/join — exchanges a table invite for a player session. */
export const joinRequestSchema = z.strictObject({
  invite: z.string().min(8).max(128).regex(/^[A-Za-z0-9_-]+$/),
  /** Normalised by the schema; the response carries the name as stored. */
  name: playerNameSchema,
  clientSeed: clientSeedSchema.optional(),
  /**
   * A random id the page keeps in localStorage for this browser: the server
   * stores only its hash, to pay join credit once per browser per day and to
   * keep a revoked or kicked browser out. Optional for scripts, which then
   * count only by address.
   */
  browserId: z.string().min(16).max(128).regex(/^[A-Za-z0-9_-]+$/).optional(),
});
export type JoinRequest = z.input<typeof joinRequestSchema>;
/** Whether this join paid welcome chips; `withheld` says why not when the table pays them but this join got none. */
export type JoinCredit = { amountMinor: number; withheld: string | null };
/** `reference`: how public proofs and pf2's lines name the player at this table. */
export type JoinResponse = { token: string; playerId: string; reference: string; tableId: string; name: string; joinCredit: JoinCredit };

/** GET /api/tables — public table list with limits and RTP. */
export type TablesResponse = { tables: TableSummary[] };

/** GET /api/me — needs `Authorization: Bearer <token>`. */
export type MeResponse = { playerId: string; name: string; tableId: string; balanceMinor: number; clientSeed: string };

/** GET /api/me/ledger — the player's wallet movements, newest first. */
export type LedgerLine = {
  transferId: number;
  kind: string;
  amountMinor: number;
  /** Signed from the wallet's point of view. */
  deltaMinor: number;
  note: string;
  createdAt: number;
};
export type MeLedgerResponse = { lines: LedgerLine[] };

/** GET /api/tables/:tableId/history — last results. */
export type HistoryResponse = { history: HistoryEntry[] };

/**
 * One bet in a public proof. `player` is a pseudonym (stable within the
 * table, keyed with a server secret); `playerId` is there only for the
 * asker's own bets (a player session of that table) or for the operator.
 */
export type ProofBet = { player: string; playerId?: string; spot: string; amountMinor: number; payoutMinor: number | null };

/** GET /api/tables/:tableId/rounds/:round/proof — everything needed to verify a round. */
export type RoundProof = {
  tableId: string;
  round: number;
  game: GameId;
  phase: Phase;
  commitment: string;
  chainIndex: number;
  serverSeed: string | null;
  clientSeeds: string[];
  clientString: string | null;
  outcome: Outcome | null;
  bets: ProofBet[];
  /**
   * pf2 rounds only (docs/PF2.md): the freeze and its lines (players named by
   * their references, the `player` of `bets`), and once the reveal window
   * closed the revealed secrets (sorted), who withheld, and the signed statements.
   */
  pf2?: {
    freeze: string | null;
    frozenLines: string[];
    secrets: string[] | null;
    withheld: string[] | null;
    /** The signed statements; `resumes`: a pf2.resume per restart that reopened the window (its beaconRound is R′). */
    statements: { freeze: WireStatement | null; revealed: WireStatement | null; resumes?: WireStatement[] };
    /** The public beacon the freeze fixed (PF2.md §6): its chain, round R (or R′ after a resume) and, once fetched, its value; null without a beacon. */
    beacon: RoundBeacon | null;
  };
};

// ---------------------------------------------------------------- operator

export const DEFAULT_DECISION_MS = 15_000;

export { FAIRNESS_SCHEMES, defaultFairnessFor, type FairnessScheme } from './table-fairness.ts';

/** pf2: how long bettors have to reveal their secrets after the freeze (PF2.md §4). */
export const revealWindowMsSchema = z.number().int().min(500).max(5_000);
export const DEFAULT_REVEAL_WINDOW_MS = 2_000;

const tableFieldsSchema = z.strictObject({
  name: z.string().trim().min(1).max(40),
  game: gameIdSchema,
  currency: z.string().regex(/^[A-Z]{3}$/).default('EUR'),
  minBetMinor: positiveMinorSchema,
  maxSpotMinor: positiveMinorSchema,
  maxRoundMinor: positiveMinorSchema,
  bettingWindowMs: z.number().int().min(3_000).max(600_000).default(15_000),
  lastCallMs: z.number().int().min(0).max(60_000).default(3_000),
  resultPauseMs: z.number().int().min(0).max(60_000).default(5_000),
  /** Blackjack: time for each decision (and for the insurance round); a seat that runs out stands (pf1) or is played by the chart (pf2). */
  decisionMs: z.number().int().min(3_000).max(60_000).default(DEFAULT_DECISION_MS),
  autoCycle: z.boolean().default(false),
  houseFloatMinor: z.number().int().min(0).max(1_000_000_000_000).default(0),
  joinCreditMinor: z.number().int().min(0).max(1_000_000_000).default(0),
  /**
   * The fairness scheme of the table's rounds, fixed when it is created:
   * pf1 (docs/FAIRNESS.md), or pf2 (docs/PF2.md: bets and commitments frozen
   * at close, secrets revealed in a window). Left out, the game's default
   * (defaultFairnessFor: pf2 for every game), which is asked per game and so
   * is filled in below rather than by `.default`.
   */
  fairness: z.enum(FAIRNESS_SCHEMES).optional(),
  revealWindowMs: revealWindowMsSchema.default(DEFAULT_REVEAL_WINDOW_MS),
  /**
   * pf2: whether rounds take drand's public beacon (PF2.md §6). Left out, the
   * server decides: on when it was started with --public-url (it can reach
   * the internet), off for a LAN-only server. The dealer can switch it for
   * later rounds (beacon-on / beacon-off); every freeze records the choice.
   */
  beacon: z.boolean().optional(),
});

export const createTableSchema = tableFieldsSchema.transform((fields) => ({
  ...fields,
  fairness: fields.fairness ?? defaultFairnessFor(fields.game),
}));
export type CreateTableRequest = z.input<typeof createTableSchema>;
export type TableConfig = z.output<typeof createTableSchema>;

export const TableAction = {
  Open: 'open',
  Close: 'close',
  Spin: 'spin',
  Void: 'void',
  AutoOn: 'auto-on',
  AutoOff: 'auto-off',
  RotateChain: 'rotate-chain',
  BeaconOn: 'beacon-on',
  BeaconOff: 'beacon-off',
} as const;
export type TableAction = (typeof TableAction)[keyof typeof TableAction];

/** POST /api/operator/tables/:tableId/actions */
export const tableActionSchema = z.strictObject({
  action: z.enum(['open', 'close', 'spin', 'void', 'auto-on', 'auto-off', 'rotate-chain', 'beacon-on', 'beacon-off']),
  reason: z.string().max(200).optional(),
});
export type TableActionRequest = z.infer<typeof tableActionSchema>;

/** POST /api/operator/players/:playerId/cashier */
export const cashierSchema = z.strictObject({
  direction: z.enum(['credit', 'debit']),
  amountMinor: positiveMinorSchema,
  note: z.string().trim().min(1).max(200),
  /** Client-generated, so a retried request never moves money twice. */
  idempotencyKey: idSchema,
});
export type CashierRequest = z.infer<typeof cashierSchema>;

/** POST /api/operator/players/:playerId/moderation */
export const maxKickCooldownMs = 24 * 60 * 60 * 1000;
export const defaultKickCooldownMs = 10 * 60 * 1000;
export const moderationSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('kick'),
    /** How long the session (and the browser it joined from) stays out; 0 only disconnects. */
    kickCooldownMs: z.number().int().min(0).max(maxKickCooldownMs).default(defaultKickCooldownMs),
  }),
  z.strictObject({ action: z.enum(['mute', 'unmute', 'revoke']) }),
]);
export type ModerationRequest = z.input<typeof moderationSchema>;

export type OperatorTable = TableSummary & {
  config: TableConfig;
  round: RoundView | null;
  commitment: string;
  playersConnected: number;
  inviteUrl: string;
};
export type OperatorTablesResponse = { tables: OperatorTable[] };

export type OperatorPlayer = {
  playerId: string;
  name: string;
  tableId: string;
  balanceMinor: number;
  connected: boolean;
  latencyMs: number | null;
  muted: boolean;
  revoked: boolean;
  /** Kicked and kept out until then (epoch ms), or null. */
  kickedUntil: number | null;
  /** Sum of this player's live stakes in the current round. */
  onTableMinor: number;
};
export type OperatorPlayersResponse = { players: OperatorPlayer[] };

/** GET /api/operator/tables/:tableId/rounds?limit=N — newest first. */
export type RoundSummary = {
  round: number;
  phase: Phase;
  outcome: Outcome | null;
  betCount: number;
  stakeMinor: number;
  payoutMinor: number;
  /** stake - payout; negative when the house lost. */
  houseWinMinor: number;
  openedAt: number;
  settledAt: number | null;
  voidReason: string | null;
};
export type RoundsResponse = { rounds: RoundSummary[] };

/** GET /api/operator/tables/:tableId/invite */
export type InviteResponse = { url: string; qrSvg: string };

/** GET /api/operator/ledger — the invariant check the console shows. */
export type LedgerSummaryResponse = {
  accounts: { kind: string; ref: string; balanceMinor: number }[];
  sumMinor: number;
  transferCount: number;
};

export type OperatorTableResponse = { table: OperatorTable };

/** One second of live health, for the console's charts. */
export type HealthSample = {
  at: number;
  connections: number;
  messagesInPerSecond: number;
  messagesOutPerSecond: number;
  betsPerSecond: number;
  /** Players' WebSocket round trip (ping/pong), over everyone connected; null with nobody connected. */
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  eventLoopLagP99Ms: number;
  laggingClients: number;
};

/** The console raises a visible alert above this. */
export const latencyAlertMs = 200;

/** GET /api/operator/health — the last few minutes, oldest first, and every connected player's latency now. */
export type HealthResponse = {
  samples: HealthSample[];
  players: { playerId: string; name: string; tableId: string; latencyMs: number | null }[];
  alert: string | null;
};
export type { TableLimits, RoundView };
