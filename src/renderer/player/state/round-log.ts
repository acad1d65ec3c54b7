// The rounds this page has seen, newest first: the result banner, my payout
// and the fairness panel read them after the live round has moved on.
import type { RoundView } from '../../../shared/protocol.ts';
import { ROUND_RECORD_LIMIT, type RoundRecord } from './player-state.ts';

export function recordFromView(view: RoundView): RoundRecord {
  return {
    round: view.round,
    phase: view.phase,
    commitment: view.commitment,
    chainIndex: view.chainIndex,
    clientSeeds: [...view.clientSeeds],
    outcome: view.outcome,
    serverSeed: view.serverSeed,
    clientString: view.clientString,
    myStakeMinor: null,
    myPayoutMinor: null,
    voidReason: null,
  };
}

/** Inserts or replaces the record of record.round, keeping newest first and the list short. */
export function upsertRound(rounds: readonly RoundRecord[], record: RoundRecord): RoundRecord[] {
  const others = rounds.filter((existing) => existing.round !== record.round);
  return [record, ...others].sort((a, b) => b.round - a.round).slice(0, ROUND_RECORD_LIMIT);
}

/** Applies change to the record of a round, if this page has one. */
export function updateRound(
  rounds: readonly RoundRecord[],
  round: number,
  change: (record: RoundRecord) => RoundRecord,
): RoundRecord[] {
  return rounds.map((record) => (record.round === round ? change(record) : record));
}

/**
 * Merges what a snapshot says about its live round into the record this page
 * kept (my payout, set by a settlement seen earlier, survives a reconnect).
 */
export function mergeSnapshotRound(rounds: readonly RoundRecord[], view: RoundView): RoundRecord[] {
  const existing = rounds.find((record) => record.round === view.round);
  const fresh = recordFromView(view);
  if (!existing) return upsertRound(rounds, fresh);
  return upsertRound(rounds, {
    ...fresh,
    myStakeMinor: existing.myStakeMinor,
    myPayoutMinor: existing.myPayoutMinor,
    voidReason: existing.voidReason,
  });
}
