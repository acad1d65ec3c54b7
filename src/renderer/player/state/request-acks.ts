// What an ack of one of my requests changes: it leaves the outbox, and what it
// asked for (a seed, bets placed or taken back, a blackjack decision) holds.
import type { PlacedBet, WireStatement } from '../../../shared/protocol.ts';
import { findRequest, withoutRequest } from './outbox.ts';
import { applyDecisionAck } from './pf2-decisions.ts';
import type { BetAcknowledgement } from './pf2-bet-acks.ts';
import { applyBetsAcknowledgement, applyRevealAck, recordBetAcknowledgement } from './pf2-reducer.ts';
import type { BetCancelRequest, BetPlaceRequest, PlayerState } from './player-state.ts';
import { removeBets, withToast } from './state-changes.ts';

export function applyAck(
  state: PlayerState,
  requestId: string,
  balanceMinor: number,
  statement?: WireStatement,
  acknowledgement?: BetAcknowledgement,
): PlayerState {
  const request = findRequest(state.outbox, requestId);
  const acked: PlayerState = { ...state, balanceMinor, outbox: withoutRequest(state.outbox, requestId) };
  if (request === null) return acked;
  if (request.kind === 'seed.set') {
    return withToast({ ...acked, clientSeed: request.clientSeed }, 'info', 'Client seed saved for your next bets');
  }
  // pf2: my reveal is durable; the signed pf2.reveal is checked and kept as proof that it was.
  if (request.kind === 'pf2.reveal') return applyRevealAck(acked, request, statement);
  if (request.kind === 'blackjack.decide') {
    // The table shows a decision through blackjack.turn; the ack brings the balance after its stake (a double, split
    // or insurance). The last decision also ends the round, and its ack can come after the round's settlement: that
    // balance predates the payout, so the settlement's stands.
    const settled = state.lastSettlement !== null && state.lastSettlement.round >= request.round;
    // pf2: the signed pf2.decision is checked against what I asked for, and kept for the comparison with the result.
    return applyDecisionAck(settled ? { ...acked, balanceMinor: state.balanceMinor } : acked, request, statement);
  }
  // pf2: what the server acknowledged is what its freeze must hold, whatever a later snapshot says; its signed
  // pf2.bets is checked against what I asked and kept as the proof of that promise.
  const checked = applyBetsAcknowledgement(acked, request, acknowledgement);
  const promised =
    request.kind === 'bet.place'
      ? recordBetAcknowledgement(checked, request.round, request.bets, null)
      : recordBetAcknowledgement(checked, request.round, [], request.betIds);
  return applyBetAck(promised, request, requestId);
}

function applyBetAck(acked: PlayerState, request: BetPlaceRequest | BetCancelRequest, requestId: string): PlayerState {
  const identity = acked.identity;
  if (identity === null || acked.round?.round !== request.round) return acked;
  if (request.kind === 'bet.place') {
    // The ack means committed: show the chips as confirmed now, even if the bets.placed event is still on its way.
    const known = new Set(acked.bets.map((bet) => bet.betId));
    const mine: PlacedBet[] = request.bets
      .filter((bet) => !known.has(bet.betId))
      .map((bet) => ({ ...bet, playerId: identity.playerId, playerName: identity.name }));
    return {
      ...acked,
      bets: [...acked.bets, ...mine],
      placements: [
        ...acked.placements,
        { requestId, round: request.round, betIds: request.bets.map((bet) => bet.betId) },
      ],
    };
  }
  return removeBets(acked, identity.playerId, request.betIds);
}
