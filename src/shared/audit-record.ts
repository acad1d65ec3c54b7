// The audit round record, format pitboss.round/1, and the export that holds
// it: the record's shape, the names of the export's files and what an export
// adds up to. Written for the auditor as much as for us: docs/audit-format.md
// describes every field here. Shared with the console and the player page:
// types and constants only; the rules that go with them (the chaining hash,
// exact shapes, manifest, CSV) are in src/shared/audit/.

export const RECORD_FORMAT = 'pitboss.round/1';
export const EXPORT_FORMAT = 'pitboss.export/1';
export const PROOF_FORMAT = 'pitboss.round-proof/1';
/** The prevHash of a table's first record: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

export const ExportFile = {
  Records: 'records.jsonl',
  Rounds: 'rounds.csv',
  Bets: 'bets.csv',
  Transfers: 'transfers.csv',
  Manifest: 'manifest.json',
  Signature: 'manifest.sig',
  PublicKey: 'public-key.pem',
} as const;
export type ExportFile = (typeof ExportFile)[keyof typeof ExportFile];

export const RoundStatus = { Settled: 'settled', Voided: 'voided' } as const;
export type RoundStatus = (typeof RoundStatus)[keyof typeof RoundStatus];

export const BetStatus = {
  /** Paid (or lost) under the paytable. */
  Settled: 'settled',
  /** Taken back by the player while betting was open. */
  Cancelled: 'cancelled',
  /** Returned because the round was voided. */
  Refunded: 'refunded',
} as const;
export type BetStatus = (typeof BetStatus)[keyof typeof BetStatus];

/** One ledger transfer that moved this bet's money. Accounts are "house", "escrow:<tableId>" or "wallet:<playerId>". */
export type TransferRecord = {
  id: number;
  key: string;
  kind: string;
  from: string;
  to: string;
  amountMinor: number;
  createdAt: number;
  /** The player's wallet balance right after this transfer; null when it did not touch a wallet. */
  walletBalanceAfterMinor: number | null;
};

export type BetRecord = {
  betRowId: number;
  betId: string;
  playerId: string;
  spot: string;
  amountMinor: number;
  status: BetStatus;
  /** Total returned (stake included) for a settled bet; null when cancelled or refunded. */
  payoutMinor: number | null;
  placedAt: number;
  cancelledAt: number | null;
  /** The wallet balance right before this bet's stake left it. */
  balanceBeforeMinor: number;
  /** The wallet balance right after the last of this bet's transfers that touched the wallet. */
  balanceAfterMinor: number;
  /** In ledger order (ascending id). */
  transfers: TransferRecord[];
};

export type ClientSeedRecord = { playerId: string; clientSeed: string; recordedAt: number };

/**
 * What a pf2 round (docs/PF2.md §10) publishes beyond a pf1 one: its
 * commitments, the freeze with its frozen lines, the reveals and who
 * withheld, and the signed statements that fixed them. A round voided while
 * betting was open has no freeze.
 */
export type Pf2Record = {
  /** The close auto-cycle announced when betting opened; null when the dealer closes. */
  announcedCloseAt: number | null;
  /**
   * Every commitment recorded in the round, by player id (a player whose bets
   * were all taken back keeps theirs), with the player's reference: the name
   * the lines, reveals and withheld list give the player.
   */
  commitments: { playerId: string; reference: string; commitment: string; recordedAt: number }[];
  freeze: string | null;
  frozenAt: number | null;
  revealWindowMs: number | null;
  /** D[0] … D[m−1] (PF2.md §3). */
  frozenLines: string[];
  /** One per revealed commitment, by player id. */
  reveals: { reference: string; secret: string; receivedAt: number }[];
  /** The bettors (references) whose commitment was not revealed when the window closed, sorted. */
  withheld: string[];
  revealClosedAt: number | null;
  /** The beacon round R (PF2.md §6), or R′ of the last resume (§8); null: this round used no beacon. */
  beaconRound: number | null;
  /**
   * With a beacon: the drand chain's hash (as the freeze named it), and the
   * value of beaconRound the round drew from — the BLS signature (96 hex
   * digits, canonical compressed G1) and its randomness, hex(SHA-256(signature)).
   * Null without a beacon. Absent from records written before beacons existed.
   */
  beaconChain?: string | null;
  beaconSignature?: string | null;
  beaconRandomness?: string | null;
  /**
   * The table's seed chains published or retired since its previous record
   * finished (every chain, for its first record), up to this round's end
   * (PF2.md §1): a chain rotated away unused still leaves this trace.
   */
  chains: { commitment: string; length: number; publishedAt: number; retiredAt: number | null; lastIndex: number }[];
  /** The signed statements, as sent: pf2.freeze, pf2.revealed, and a pf2.resume per restart that reopened the window. */
  statements: {
    freeze: Record<string, unknown> | null;
    revealed: Record<string, unknown> | null;
    resumes: Record<string, unknown>[];
    /** pf2.void of a round voided while betting was open; null otherwise. */
    void: Record<string, unknown> | null;
  };
};

export type RoundRecord = {
  format: typeof RECORD_FORMAT;
  appVersion: string;
  tableId: string;
  /** 1, 2, 3, … per table, without gaps: the position in the table's hash chain. */
  seq: number;
  round: number;
  /** The database's id of the round; transfer keys (stake:<roundRowId>:<betRowId>) use it. */
  roundRowId: number;
  game: string;
  rulesVersion: string;
  status: RoundStatus;
  commitment: string;
  chainIndex: number;
  serverSeed: string | null;
  clientSeeds: ClientSeedRecord[];
  clientString: string | null;
  /** The game's outcome object as pf1 draws it (FAIRNESS.md §5); null for a voided round. */
  outcome: Record<string, unknown> | null;
  bets: BetRecord[];
  openedAt: number;
  closedAt: number | null;
  resultAt: number | null;
  settledAt: number | null;
  voidedAt: number | null;
  openedBy: string;
  voidedBy: string | null;
  voidReason: string | null;
  /** pf2 rounds only: what they publish beyond pf1 (their clientSeeds is empty). */
  pf2?: Pf2Record;
  prevHash: string;
  hash: string;
};

/** What an export holds, counted (manifest.json, and a verification's report). */
export type Counts = {
  records: number;
  settledRounds: number;
  voidedRounds: number;
  bets: number;
  settledBets: number;
  cancelledBets: number;
  refundedBets: number;
  transfers: number;
};

/** What an export's money adds up to (manifest.json, and a verification's report). */
export type Totals = {
  /** Stakes of settled bets. */
  stakeMinor: number;
  /** Everything returned on settled bets, stakes included. */
  payoutMinor: number;
  /** stakeMinor - payoutMinor: negative when the house lost. */
  houseWinMinor: number;
  /** Stakes handed back because their round was voided. */
  refundedMinor: number;
  /** Stakes the players took back while betting was open. */
  cancelledMinor: number;
};
