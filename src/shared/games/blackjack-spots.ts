// Blackjack at a table: every stake is a bet row on a spot, and each spot's
// payout follows from the published outcome alone, so an auditor can recheck
// every bet on its own. Players place `seat:N` (the seat's main bet, its
// owner's) and `behind:N`; the server creates the extra stakes of a decision:
// `double:N:H`, `split:N` and `insurance:N`. Summed per seat, the spots pay
// exactly what blackjackPayouts pays the seat's main bet (tested).
import type { BlackjackOutcome, Outcome } from '../protocol.ts';
import { handReturnMinor, insuranceReturnMinor, isBlackjackOutcome } from './blackjack.ts';
import { dealingOf, type DrawInputs } from './blackjack-dealing.ts';
import { replayBlackjack } from './blackjack-round.ts';

export type BlackjackSpot =
  | { kind: 'seat'; seat: number }
  | { kind: 'behind'; seat: number }
  | { kind: 'double'; seat: number; hand: number }
  | { kind: 'split'; seat: number }
  | { kind: 'insurance'; seat: number };

const SEAT_SPOT = /^(seat|behind|split|insurance):([1-7])$/;
const DOUBLE_SPOT = /^double:([1-7]):([01])$/;

export function parseBlackjackSpot(spotId: string): BlackjackSpot | null {
  const double = DOUBLE_SPOT.exec(spotId);
  if (double) return { kind: 'double', seat: Number(double[1]), hand: Number(double[2]) };
  const single = SEAT_SPOT.exec(spotId);
  if (!single) return null;
  const kind = single[1] as 'seat' | 'behind' | 'split' | 'insurance';
  return { kind, seat: Number(single[2]) };
}

export const blackjackSpotId = {
  seat: (seat: number) => `seat:${seat}`,
  behind: (seat: number) => `behind:${seat}`,
  double: (seat: number, hand: number) => `double:${seat}:${hand}`,
  split: (seat: number) => `split:${seat}`,
  insurance: (seat: number) => `insurance:${seat}`,
};

/** Players bet only on a seat or behind one; the other spots hold the stakes of decisions. */
export function isPlaceableBlackjackSpot(spotId: string): boolean {
  const spot = parseBlackjackSpot(spotId);
  return spot?.kind === 'seat' || spot?.kind === 'behind';
}

/**
 * The bet kind, as blackjackRtpByKind names them: a double or a split is more
 * of the seat's main bet at the same hand's odds, so it counts as `main`.
 */
export function blackjackSpotKind(spotId: string): string | null {
  const spot = parseBlackjackSpot(spotId);
  if (spot === null) return null;
  if (spot.kind === 'behind' || spot.kind === 'insurance') return spot.kind;
  return 'main';
}

function handOf(outcome: BlackjackOutcome, seat: number, hand: number): BlackjackOutcome['seats'][number]['hands'][number] {
  const dealt = outcome.seats.find((candidate) => candidate.seat === seat);
  if (dealt === undefined) throw new Error(`seat ${seat} was not dealt in`);
  const found = dealt.hands[hand];
  if (found === undefined) throw new Error(`seat ${seat} has no hand ${hand}`);
  return found;
}

/** The hand bets behind a seat settle on: its own under pf2, the seat's hand 0 under pf1. */
export function behindHandOf(outcome: BlackjackOutcome, seat: number): { result: BlackjackOutcome['seats'][number]['hands'][number]['result'] } {
  const own = outcome.seats.find((candidate) => candidate.seat === seat)?.behind;
  return own ?? handOf(outcome, seat, 0);
}

/**
 * Total returned for one bet row (stake included, 0 on a loss). Each row is
 * paid on its own, so a blackjack's 3:2 rounds down per row, in the house's
 * favour, exactly as blackjackPayouts rounds per bet.
 */
export function blackjackSpotPayoutMinor(spotId: string, amountMinor: number, outcome: BlackjackOutcome): number {
  const spot = parseBlackjackSpot(spotId);
  if (spot === null) throw new Error(`no blackjack spot ${JSON.stringify(spotId)}`);
  switch (spot.kind) {
    case 'seat':
      return handReturnMinor(amountMinor, handOf(outcome, spot.seat, 0).result);
    case 'behind':
      // pf1: a bet behind rides hand 0. pf2: it settles on the hand the chart played for the seat's bets behind.
      return handReturnMinor(amountMinor, behindHandOf(outcome, spot.seat).result);
    case 'split':
      return handReturnMinor(amountMinor, handOf(outcome, spot.seat, 1).result);
    case 'double': {
      const hand = handOf(outcome, spot.seat, spot.hand);
      if (!hand.doubled) throw new Error(`seat ${spot.seat} hand ${spot.hand} was not doubled`);
      return handReturnMinor(amountMinor, hand.result);
    }
    case 'insurance': {
      const seat = outcome.seats.find((candidate) => candidate.seat === spot.seat);
      if (seat?.insured !== true) throw new Error(`seat ${spot.seat} took no insurance`);
      return insuranceReturnMinor(amountMinor, outcome.dealer.blackjack);
    }
  }
}

/**
 * The outcome the round's inputs give for a published round: its seats and
 * decisions replayed on the round's shoe, dealt as its scheme deals. Throws
 * when they do not make a round.
 */
export function recomputeBlackjack(inputs: DrawInputs, published: Outcome): BlackjackOutcome {
  if (!isBlackjackOutcome(published)) throw new TypeError('not a blackjack outcome');
  const seats = published.seats.map((seat) => seat.seat);
  return replayBlackjack(seats, published.decisions, dealingOf(inputs));
}
