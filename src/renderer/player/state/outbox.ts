// The outbox: every request that changes something stays here, in the order
// it was made, until the server acks or rejects it. After a reconnect the
// whole outbox is sent again with the same requestIds and betIds; the server
// is idempotent on betId, so a bet is never lost and never placed twice.
// Blackjack decisions wait here for their ack too, and are resent only while
// their round is in play; a pf2 reveal only while its reveal window is open.
import type { BetRequest, PlacedBet } from '../../../shared/protocol.ts';
import type { PendingRequest } from './player-state.ts';

export function findRequest(outbox: readonly PendingRequest[], requestId: string): PendingRequest | null {
  return outbox.find((request) => request.requestId === requestId) ?? null;
}

export function withoutRequest(outbox: readonly PendingRequest[], requestId: string): PendingRequest[] {
  return outbox.filter((request) => request.requestId !== requestId);
}

/**
 * Drops what a fresh snapshot proves is already done, and keeps the rest in
 * order. It replays the outbox against my live bets, because a cancel made
 * after a still-pending placement must be sent again even though the bets it
 * cancels are not on the table yet.
 *
 * Requests for another round are kept: only the server knows whether they
 * landed, and resending lets it answer (ack if it has the betIds, an error
 * otherwise) instead of the page guessing.
 */
export function reconcileOutbox(
  outbox: readonly PendingRequest[],
  snapshotBets: readonly PlacedBet[],
  playerId: string,
  currentRound: number | null,
  /** The current round is a blackjack hand in play (phase `playing`), so decisions for it still count. */
  roundInPlay = false,
  /** pf2: the current round's reveal window is open, so my reveal for it still counts. */
  revealWindowOpen = false,
): PendingRequest[] {
  const live = new Set(snapshotBets.filter((bet) => bet.playerId === playerId).map((bet) => bet.betId));
  const kept: PendingRequest[] = [];
  for (const request of outbox) {
    // A blackjack decision goes again while its round is in play (the server acks a decision it
    // already applied again, by requestId, without applying it twice); once the round is over it is moot.
    if (request.kind === 'blackjack.decide') {
      if (roundInPlay && request.round === currentRound) kept.push(request);
      continue;
    }
    // A reveal may go again while its window is open (the server treats repeats as one); after, it is moot.
    if (request.kind === 'pf2.reveal') {
      if (revealWindowOpen && request.round === currentRound) kept.push(request);
      continue;
    }
    if (request.kind === 'seed.set' || currentRound === null || request.round !== currentRound) {
      kept.push(request);
      continue;
    }
    if (request.kind === 'bet.place') {
      // Committed before the connection dropped: the ack was lost, the bets were not.
      if (request.bets.every((bet) => live.has(bet.betId))) continue;
      for (const bet of request.bets) live.add(bet.betId);
      kept.push(request);
      continue;
    }
    const stillToCancel =
      request.betIds.length === 0 ? live.size > 0 : request.betIds.some((betId) => live.has(betId));
    if (!stillToCancel) continue;
    if (request.betIds.length === 0) live.clear();
    else for (const betId of request.betIds) live.delete(betId);
    kept.push(request);
  }
  return kept;
}

/**
 * My bets of this round that are sent but not confirmed yet, minus those
 * that a later pending cancel takes back and those already confirmed (the
 * bets.placed event can arrive before the ack).
 */
export function pendingBetsOfRound(
  outbox: readonly PendingRequest[],
  round: number,
  confirmedBetIds: ReadonlySet<string>,
): BetRequest[] {
  let pending: BetRequest[] = [];
  for (const request of outbox) {
    if (request.kind === 'seed.set' || request.kind === 'blackjack.decide' || request.kind === 'pf2.reveal' || request.round !== round) continue;
    if (request.kind === 'bet.place') {
      pending.push(...request.bets.filter((bet) => !confirmedBetIds.has(bet.betId)));
    } else if (request.betIds.length === 0) {
      pending = [];
    } else {
      const cancelled = new Set(request.betIds);
      pending = pending.filter((bet) => !cancelled.has(bet.betId));
    }
  }
  return pending;
}
