// A fresh snapshot replaces what this page knew of the table, keeping what the
// snapshot cannot say: my earlier payouts, pending requests, my placements.
import { Limits, type ServerMessage } from '../../../shared/protocol.ts';
import { reconcileOutbox } from './outbox.ts';
import type { PlayerState } from './player-state.ts';
import { mergeSnapshotRound, updateRound } from './round-log.ts';

export function applySnapshot(
  state: PlayerState,
  snapshot: Extract<ServerMessage, { kind: 'snapshot' }>['snapshot'],
  receivedAt: number,
): PlayerState {
  const playerId = state.identity?.playerId ?? '';
  const currentRound = snapshot.round?.round ?? null;
  const liveBetIds = new Set(snapshot.bets.map((bet) => bet.betId));
  const lastSettlement = snapshot.lastSettlement ?? state.lastSettlement;
  const pf2 = snapshot.round?.pf2;
  const revealWindowOpen = snapshot.round?.phase === 'closed' && pf2?.freeze != null && pf2.revealed === null;
  let rounds = snapshot.round ? mergeSnapshotRound(state.rounds, snapshot.round) : state.rounds;
  if (snapshot.round?.phase === 'settled' && currentRound !== null) {
    // Joined after the settlement went out: lastSettlement is for the last round I bet on, so any other round paid me nothing.
    rounds = updateRound(rounds, currentRound, (record) => {
      if (record.myPayoutMinor !== null) return record;
      const mine = lastSettlement?.round === currentRound ? lastSettlement : null;
      return { ...record, myStakeMinor: mine?.stakeMinor ?? 0, myPayoutMinor: mine?.payoutMinor ?? 0 };
    });
  }
  return {
    ...state,
    synced: true,
    resyncNeeded: false,
    seq: snapshot.seq,
    table: snapshot.table,
    round: snapshot.round,
    commitment: snapshot.round?.commitment ?? state.commitment,
    bets: snapshot.bets,
    betCount: snapshot.betCount,
    spotTotals: snapshot.spotTotals,
    lastSettlement,
    players: snapshot.players,
    playerCount: snapshot.playerCount,
    history: [...snapshot.history].sort((a, b) => b.round - a.round).slice(0, Limits.historyLength),
    lastRoundBets: snapshot.lastRoundBets.length > 0 ? snapshot.lastRoundBets : state.lastRoundBets,
    rounds,
    outbox: reconcileOutbox(state.outbox, snapshot.bets, playerId, currentRound, snapshot.round?.phase === 'playing', revealWindowOpen),
    // The decision timer's start is not in a snapshot: count the bar from now.
    blackjackTurnAt: snapshot.round?.blackjack?.deadline != null ? receivedAt + state.clockOffsetMs : null,
    placements: state.placements
      .filter((placement) => placement.round === currentRound)
      .map((placement) => ({ ...placement, betIds: placement.betIds.filter((betId) => liveBetIds.has(betId)) }))
      .filter((placement) => placement.betIds.length > 0),
  };
}
