// Turns what the player asked for (a chip on a spot, Rebet, Double, Undo,
// Clear) into protocol requests. The server decides, but checking the table
// limits and the balance here first gives an instant, clear answer instead of
// a round trip that ends in an error.
import { Limits } from '../../../shared/protocol.ts';
import { formatMinor } from '../../../shared/money.ts';
import { gameRules } from '../../../shared/games/index.ts';
import { owedDecision, type BlackjackDecisionAction } from '../lib/blackjack-table.ts';
import type { BetCancelRequest, BetPlaceRequest, BlackjackDecideRequest, PlayerState, WantedBet } from './player-state.ts';
import { aggregateBySpot, canBet, myConfirmedBets, myPendingBets, totalOf } from './selectors.ts';

export type Plan<T> = { ok: true; requests: T[] } | { ok: false; reason: string };

/** Why these bets cannot go on the table now, or null when they can (as far as the page knows). */
export function placementProblem(state: PlayerState, wanted: readonly WantedBet[]): string | null {
  if (!canBet(state) || state.table === null) return 'Betting is closed';
  if (wanted.length === 0) return 'Nothing to bet';
  const { limits, game } = state.table;
  const money = (amountMinor: number): string => formatMinor(amountMinor, limits.currency);
  const mine = [...myConfirmedBets(state), ...myPendingBets(state)];
  const onSpot = new Map<string, number>();
  for (const bet of mine) onSpot.set(bet.spot, (onSpot.get(bet.spot) ?? 0) + bet.amountMinor);
  for (const bet of wanted) {
    if (gameRules(game).spotKind(bet.spot) === null) return `Unknown spot ${bet.spot}`;
    if (!gameRules(game).isPlaceable(bet.spot)) return `Bets cannot be placed on ${bet.spot}`;
    if (bet.amountMinor < limits.minBetMinor) return `The minimum bet is ${money(limits.minBetMinor)}`;
    const spotTotal = (onSpot.get(bet.spot) ?? 0) + bet.amountMinor;
    if (spotTotal > limits.maxSpotMinor) return `At most ${money(limits.maxSpotMinor)} on one spot`;
    onSpot.set(bet.spot, spotTotal);
  }
  const adding = totalOf(wanted);
  if (totalOf(mine) + adding > limits.maxRoundMinor) return `At most ${money(limits.maxRoundMinor)} per round`;
  if (mine.length + wanted.length > Limits.maxBetsPerRoundPerPlayer) return 'Too many bets this round';
  // Confirmed stakes are already off the balance; stakes still in flight are not yet.
  const available = (state.balanceMinor ?? 0) - totalOf(myPendingBets(state));
  if (adding > available) return `Not enough balance (${money(Math.max(0, available))} available)`;
  return null;
}

/** One or more bet.place requests (the protocol caps bets per message), each bet with a fresh id. */
export function planPlacement(
  state: PlayerState,
  wanted: readonly WantedBet[],
  makeId: () => string,
): Plan<BetPlaceRequest> {
  const problem = placementProblem(state, wanted);
  if (problem !== null || state.round === null) return { ok: false, reason: problem ?? 'Betting is closed' };
  const round = state.round.round;
  const requests: BetPlaceRequest[] = [];
  for (let start = 0; start < wanted.length; start += Limits.maxBetsPerMessage) {
    requests.push({
      kind: 'bet.place',
      requestId: makeId(),
      round,
      bets: wanted
        .slice(start, start + Limits.maxBetsPerMessage)
        .map((bet) => ({ betId: makeId(), spot: bet.spot, amountMinor: bet.amountMinor })),
    });
  }
  return { ok: true, requests };
}

/**
 * Rebet: the bets of the last round I played, one per spot. Only spots a
 * player places: a blackjack double, split or insurance stake was the
 * server's, made by a decision, and is not repeated.
 */
export function rebetBets(state: PlayerState): WantedBet[] {
  return aggregateBySpot(state.lastRoundBets.filter((bet) => isPlaceable(state, bet.spot)));
}

/** Double: everything I have on the table this round (confirmed or in flight), once more. */
export function doubleBets(state: PlayerState): WantedBet[] {
  return aggregateBySpot([...myConfirmedBets(state), ...myPendingBets(state)].filter((bet) => isPlaceable(state, bet.spot)));
}

function isPlaceable(state: PlayerState, spotId: string): boolean {
  return state.table === null || gameRules(state.table.game).isPlaceable(spotId);
}

/**
 * Undo takes back my last confirmed action: the bets of my newest placement
 * still on the table (one chip, or a whole Rebet/Double). After a reload the
 * page no longer knows the placements, so it falls back to my newest bet.
 */
export function undoBetIds(state: PlayerState): string[] {
  const live = new Set(myConfirmedBets(state).map((bet) => bet.betId));
  for (let index = state.placements.length - 1; index >= 0; index--) {
    const betIds = state.placements[index]?.betIds.filter((betId) => live.has(betId)) ?? [];
    if (betIds.length > 0) return betIds;
  }
  const newest = myConfirmedBets(state).at(-1);
  return newest ? [newest.betId] : [];
}

export function planCancel(state: PlayerState, betIds: readonly string[], makeId: () => string): Plan<BetCancelRequest> {
  if (!canBet(state) || state.round === null) return { ok: false, reason: 'Betting is closed' };
  return { ok: true, requests: [{ kind: 'bet.cancel', requestId: makeId(), round: state.round.round, betIds: [...betIds] }] };
}

export function hasAnyBet(state: PlayerState): boolean {
  return myConfirmedBets(state).length > 0 || myPendingBets(state).length > 0;
}

/** A decision for my blackjack seat, checked against the turn the table waits for, so a stale button cannot send one. */
export function planDecision(
  state: PlayerState,
  decision: { seat: number; hand: number; action: BlackjackDecisionAction },
  makeId: () => string,
): Plan<BlackjackDecideRequest> {
  const owed = owedDecision(state);
  if (owed === null) return { ok: false, reason: 'It is not your turn' };
  if (state.outbox.some((request) => request.kind === 'blackjack.decide' && request.round === owed.round)) {
    return { ok: false, reason: 'Your last decision is still on its way' };
  }
  const { seat, hand, action } = decision;
  if (owed.phase === 'insurance') {
    if (action !== 'insure' && action !== 'no-insurance') return { ok: false, reason: 'Insurance first: take it or decline' };
    if (!owed.seats.includes(seat) || hand !== 0) return { ok: false, reason: `Seat ${seat} has no insurance to decide` };
  } else {
    if (owed.seat !== seat || owed.hand !== hand) return { ok: false, reason: `It is not seat ${seat}'s turn` };
    if (!(owed.actions as string[]).includes(action)) return { ok: false, reason: `You cannot ${action} this hand` };
  }
  return { ok: true, requests: [{ kind: 'blackjack.decide', requestId: makeId(), round: owed.round, seat, hand, action }] };
}

/** The decision of mine on its way to the table, if any. */
export function pendingDecision(state: PlayerState): BlackjackDecideRequest | null {
  for (const request of state.outbox) if (request.kind === 'blackjack.decide') return request;
  return null;
}
