// One table event applied to the player state: round events go to
// round-events.ts; here the bets, seeds and players on the table, the
// blackjack hand in play, the chain and the table itself; pf2's signed
// statements go to pf2-reducer.ts.
import type { BlackjackPlay, Phase, TableEvent } from '../../../shared/protocol.ts';
import { applyPf2Event } from './pf2-reducer.ts';
import type { PlayerState } from './player-state.ts';
import { applyRoundEvent, type EventOf } from './round-events.ts';
import { changeRound, removeBets } from './state-changes.ts';

export function applyEvent(state: PlayerState, event: TableEvent, at: number): PlayerState {
  switch (event.kind) {
    case 'round.opened':
    case 'round.last_call':
    case 'round.closed':
    case 'round.result':
    case 'round.settled':
    case 'round.voided':
      return applyRoundEvent(state, event, at);
    case 'bets.placed':
      return placeBets(state, event);
    case 'bets.cancelled':
      return cancelBets(state, event);
    case 'seed.recorded':
      return recordSeeds(state, event);
    case 'player.joined':
      return addPlayers(state, event);
    case 'player.left':
      return removePlayers(state, event);
    case 'blackjack.turn':
      return showBlackjackTurn(state, event, at);
    case 'chain.rotated':
      return { ...state, commitment: event.commitment };
    case 'table.closed':
      return { ...state, tableClosed: true };
    case 'round.frozen':
    case 'round.revealed':
    case 'round.resumed':
      return applyPf2Event(state, event);
    default:
      return state;
  }
}

function placeBets(state: PlayerState, event: EventOf<'bets.placed'>): PlayerState {
  if (state.round?.round !== event.round) return state;
  const known = new Set(state.bets.map((bet) => bet.betId));
  const fresh = event.bets.filter((bet) => !known.has(bet.betId));
  return {
    ...state,
    bets: fresh.length === 0 ? state.bets : [...state.bets, ...fresh],
    betCount: state.betCount + event.betCount,
    spotTotals: event.spotTotals,
  };
}

function cancelBets(state: PlayerState, event: EventOf<'bets.cancelled'>): PlayerState {
  if (state.round?.round !== event.round) return state;
  const removed = removeBets(state, event.playerId, event.betIds);
  return {
    ...removed,
    betCount: Math.max(0, state.betCount - event.betIds.length),
    spotTotals: event.spotTotals,
  };
}

function recordSeeds(state: PlayerState, event: EventOf<'seed.recorded'>): PlayerState {
  const fresh = new Set(event.seeds.map((seed) => seed.playerId));
  const withSeeds = <T extends { clientSeeds: { playerId: string; clientSeed: string }[] }>(holder: T): T => ({
    ...holder,
    clientSeeds: [...holder.clientSeeds.filter((old) => !fresh.has(old.playerId)), ...event.seeds],
  });
  return changeRound(state, event.round, withSeeds, withSeeds);
}

function addPlayers(state: PlayerState, event: EventOf<'player.joined'>): PlayerState {
  const arrived = new Set(event.players.map((player) => player.playerId));
  return {
    ...state,
    players: [...state.players.filter((player) => !arrived.has(player.playerId)), ...event.players],
    playerCount: event.playerCount,
  };
}

function removePlayers(state: PlayerState, event: EventOf<'player.left'>): PlayerState {
  const gone = new Set(event.playerIds);
  return {
    ...state,
    // Names of bettors who left stay on their bets; the list holds only who is here.
    players: state.players.filter((player) => !gone.has(player.playerId)),
    playerCount: event.playerCount,
  };
}

function showBlackjackTurn(state: PlayerState, event: EventOf<'blackjack.turn'>, at: number): PlayerState {
  const { round } = event;
  const play: BlackjackPlay = { dealer: event.dealer, seats: event.seats, turn: event.turn, deadline: event.deadline };
  // The cards are out: the round is being played until its result arrives.
  const playing = <T extends { phase: Phase }>(holder: T): T =>
    holder.phase === 'closed' || holder.phase === 'betting' ? { ...holder, phase: 'playing' } : holder;
  const changed = changeRound(state, round, (view) => ({ ...playing(view), blackjack: play }), playing);
  return { ...changed, blackjackTurnAt: state.round?.round === round ? at : state.blackjackTurnAt };
}
