// The rows of tables, seed chains, rounds and bets as the round engine sees
// them (camelCase, parsed), and as SQLite returns them (snake_case).
import { DEFAULT_REVEAL_WINDOW_MS, type FairnessScheme, type TableConfig } from '../../shared/api.ts';
import type { GameId, Outcome, Phase } from '../../shared/protocol.ts';

export type TableRow = {
  id: string;
  name: string;
  game: GameId;
  config: TableConfig;
  inviteCode: string;
  nextRound: number;
  createdAt: number;
  closedAt: number | null;
};

/**
 * A table's config as stored. A table stored before pf2 existed (migration
 * 007) has no fairness in it: it ran pf1 and keeps running pf1, never today's
 * default (defaultFairnessFor), so no existing table changes its scheme.
 */
export function storedTableConfig(text: string): TableConfig {
  const stored = JSON.parse(text) as Omit<TableConfig, 'fairness' | 'revealWindowMs'> & Partial<Pick<TableConfig, 'fairness' | 'revealWindowMs'>>;
  return { ...stored, fairness: stored.fairness ?? 'pf1', revealWindowMs: stored.revealWindowMs ?? DEFAULT_REVEAL_WINDOW_MS };
}

export type ChainRow = {
  id: number;
  tableId: string;
  commitment: string;
  terminal: string;
  length: number;
  nextIndex: number;
};

export type RoundRow = {
  id: number;
  tableId: string;
  number: number;
  game: GameId;
  rulesVersion: string;
  chainId: number;
  commitment: string;
  chainIndex: number;
  phase: Exclude<Phase, 'idle'>;
  openedBy: string;
  openedAt: number;
  closedAt: number | null;
  resultAt: number | null;
  settledAt: number | null;
  serverSeed: string | null;
  clientString: string | null;
  outcome: Outcome | null;
  voidReason: string | null;
  voidedBy: string | null;
  fairness: FairnessScheme;
  /** The close auto-cycle announced when betting opened; null when the dealer closes. */
  announcedCloseAt: number | null;
};

export type BetRow = {
  id: number;
  roundId: number;
  playerId: string;
  betId: string;
  spot: string;
  amountMinor: number;
  placedAt: number;
  stakeTransferId: number;
  cancelledAt: number | null;
  payoutMinor: number | null;
};

/** A `rounds` row as SQLite returns it (`SELECT *`, snake_case columns). */
export type RawRound = {
  id: number;
  table_id: string;
  number: number;
  game: string;
  rules_version: string;
  chain_id: number;
  commitment: string;
  chain_index: number;
  phase: string;
  opened_by: string;
  opened_at: number;
  closed_at: number | null;
  result_at: number | null;
  settled_at: number | null;
  server_seed: string | null;
  client_string: string | null;
  outcome: string | null;
  void_reason: string | null;
  voided_by: string | null;
  fairness: string;
  announced_close_at: number | null;
};

/** A `bets` row as SQLite returns it (`SELECT *`, snake_case columns). */
export type RawBet = {
  id: number;
  round_id: number;
  player_id: string;
  bet_id: string;
  spot: string;
  amount_minor: number;
  placed_at: number;
  stake_transfer_id: number;
  cancelled_at: number | null;
  payout_minor: number | null;
};

export function roundFromRaw(raw: RawRound): RoundRow {
  return {
    id: raw.id,
    tableId: raw.table_id,
    number: raw.number,
    game: raw.game as GameId,
    rulesVersion: raw.rules_version,
    chainId: raw.chain_id,
    commitment: raw.commitment,
    chainIndex: raw.chain_index,
    phase: raw.phase as RoundRow['phase'],
    openedBy: raw.opened_by,
    openedAt: raw.opened_at,
    closedAt: raw.closed_at,
    resultAt: raw.result_at,
    settledAt: raw.settled_at,
    serverSeed: raw.server_seed,
    clientString: raw.client_string,
    outcome: raw.outcome === null ? null : (JSON.parse(raw.outcome) as Outcome),
    voidReason: raw.void_reason,
    voidedBy: raw.voided_by,
    fairness: raw.fairness as FairnessScheme,
    announcedCloseAt: raw.announced_close_at,
  };
}

export function betFromRaw(raw: RawBet): BetRow {
  return {
    id: raw.id,
    roundId: raw.round_id,
    playerId: raw.player_id,
    betId: raw.bet_id,
    spot: raw.spot,
    amountMinor: raw.amount_minor,
    placedAt: raw.placed_at,
    stakeTransferId: raw.stake_transfer_id,
    cancelledAt: raw.cancelled_at,
    payoutMinor: raw.payout_minor,
  };
}
