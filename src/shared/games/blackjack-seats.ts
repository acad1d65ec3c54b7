// Who may bet where at a blackjack table while betting is open: the seat
// rules the round engine asks through `GameRules.interactive`, so it has no
// branch on the game's name. Pure.
//
// Seats: the first player to bet `seat:N` owns seat N for the round (only
// they may add to it); anyone else may bet `behind:N`. A seat is free again
// when its owner takes back every main bet on it.
import { ErrorCode } from '../protocol.ts';
import { parseBlackjackSpot } from './blackjack-spots.ts';

export type Refusal = { code: ErrorCode; message: string };

/**
 * Checks one placement request against the seats as they are, in request
 * order, so [seat:3, behind:3] in one request is refused as it would be in
 * two. `owners` maps seat → owner's player id; `mine` are the player's live bets.
 */
export function blackjackPlacementProblem(
  playerId: string,
  spots: readonly string[],
  owners: ReadonlyMap<number, string>,
  mine: Iterable<{ spot: string }>,
): Refusal | null {
  const claimed = new Map(owners);
  const behindMine = new Set<number>();
  for (const bet of mine) {
    const spot = parseBlackjackSpot(bet.spot);
    if (spot?.kind === 'behind') behindMine.add(spot.seat);
  }
  for (const spotId of spots) {
    const spot = parseBlackjackSpot(spotId);
    if (spot === null) return { code: ErrorCode.UnknownSpot, message: `no spot "${spotId}" on this table` };
    const owner = claimed.get(spot.seat);
    if (spot.kind === 'seat') {
      if (owner !== undefined && owner !== playerId) return { code: ErrorCode.Forbidden, message: `seat ${spot.seat} is taken this round; bet behind it instead` };
      // A player behind a seat does not also sit there: the bet behind would ride their own decisions.
      if (behindMine.has(spot.seat)) return { code: ErrorCode.Forbidden, message: `you bet behind seat ${spot.seat}; take that back to sit there` };
      claimed.set(spot.seat, playerId);
    } else if (spot.kind === 'behind') {
      if (owner === playerId) return { code: ErrorCode.Forbidden, message: `you sit at seat ${spot.seat}; you cannot also bet behind it` };
      behindMine.add(spot.seat);
    } else {
      return { code: ErrorCode.UnknownSpot, message: `"${spotId}" holds the stake of a decision; players bet only on seat:N or behind:N` };
    }
  }
  return null;
}

/** After a placement that passed blackjackPlacementProblem: the player owns every seat they bet on. */
export function claimSeats(owners: Map<number, string>, playerId: string, spots: readonly string[]): void {
  for (const spotId of spots) {
    const spot = parseBlackjackSpot(spotId);
    if (spot?.kind === 'seat') owners.set(spot.seat, playerId);
  }
}

/** After a cancel: a seat whose owner has no main bet left on it is free again. */
export function releaseSeats(owners: Map<number, string>, playerId: string, remaining: Iterable<{ spot: string }>): void {
  const stillSeated = new Set<number>();
  for (const bet of remaining) {
    const spot = parseBlackjackSpot(bet.spot);
    if (spot?.kind === 'seat') stillSeated.add(spot.seat);
  }
  for (const [seat, owner] of owners) if (owner === playerId && !stillSeated.has(seat)) owners.delete(seat);
}

/** A bet behind a seat nobody sat at: no hand is dealt there, so the deal refunds it. */
export function isUnseatedBehind(spotId: string, owners: ReadonlyMap<number, string>): boolean {
  const spot = parseBlackjackSpot(spotId);
  return spot?.kind === 'behind' && !owners.has(spot.seat);
}

/** Each seat's main stake: the sum of its owner's `seat:N` bets. Doubles, splits and insurance are priced on it. */
export function mainStakesOf(bets: Iterable<{ spot: string; amountMinor: number }>): Map<number, number> {
  const stakes = new Map<number, number>();
  for (const bet of bets) {
    const spot = parseBlackjackSpot(bet.spot);
    if (spot?.kind === 'seat') stakes.set(spot.seat, (stakes.get(spot.seat) ?? 0) + bet.amountMinor);
  }
  return stakes;
}


/** The seat a main bet sits at, or null for any other spot. */
export function seatOfMainBet(spotId: string): number | null {
  const spot = parseBlackjackSpot(spotId);
  return spot?.kind === 'seat' ? spot.seat : null;
}

/** A game played at seats, decision by decision: the seat rules the table core applies. */
export type InteractiveRules = {
  placementProblem: typeof blackjackPlacementProblem;
  /** True when a placement of these spots may change who owns a seat. */
  claimsSeats(spots: readonly string[]): boolean;
  claim: typeof claimSeats;
  release: typeof releaseSeats;
  refundedAtDeal: typeof isUnseatedBehind;
  seatOfMainBet: typeof seatOfMainBet;
  mainStakes: typeof mainStakesOf;
};

export const blackjackSeats: InteractiveRules = {
  placementProblem: blackjackPlacementProblem,
  claimsSeats: (spots) => spots.some((spot) => seatOfMainBet(spot) !== null),
  claim: claimSeats,
  release: releaseSeats,
  refundedAtDeal: isUnseatedBehind,
  seatOfMainBet,
  mainStakes: mainStakesOf,
};
