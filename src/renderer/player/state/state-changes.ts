// Changes of the player state that more than one reducer makes: a toast, a
// player's bets taken off the table, an event applied to a round and its record.
import type { PlacedBet } from '../../../shared/protocol.ts';
import { TOAST_LIMIT, type PlayerState, type RoundRecord, type Toast } from './player-state.ts';
import { updateRound } from './round-log.ts';

export function withToast(state: PlayerState, tone: Toast['tone'], message: string): PlayerState {
  const toast: Toast = { id: state.nextToastId, tone, message };
  return { ...state, toasts: [...state.toasts, toast].slice(-TOAST_LIMIT), nextToastId: state.nextToastId + 1 };
}

/** Takes bets of one player off the table; no bet ids means all of theirs. */
export function removeBets(state: PlayerState, playerId: string, betIds: readonly string[]): PlayerState {
  const targets = new Set(betIds);
  const removed = (bet: PlacedBet): boolean =>
    bet.playerId === playerId && (targets.size === 0 || targets.has(bet.betId));
  const gone = new Set(state.bets.filter(removed).map((bet) => bet.betId));
  return {
    ...state,
    bets: state.bets.filter((bet) => !gone.has(bet.betId)),
    placements: state.placements
      .map((placement) => ({ ...placement, betIds: placement.betIds.filter((betId) => !gone.has(betId)) }))
      .filter((placement) => placement.betIds.length > 0),
  };
}

/** Applies change to the live round view and its record, when the event is about the live round. */
export function changeRound(
  state: PlayerState,
  round: number,
  view: (current: NonNullable<PlayerState['round']>) => NonNullable<PlayerState['round']>,
  record: (current: RoundRecord) => RoundRecord,
): PlayerState {
  const live = state.round !== null && state.round.round === round ? view(state.round) : state.round;
  return { ...state, round: live, rounds: updateRound(state.rounds, round, record) };
}
