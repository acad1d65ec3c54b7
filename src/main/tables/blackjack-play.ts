// Blackjack at a live table: who may bet where while betting is open, and
// the hand in play after the deal (whose decision it is, what a decision
// costs, its timer, seats whose owner left). The Table keeps the money, the
// bets and the events; this module keeps the rules of seats and turns, so
// the round engine stays the same for every game.
//
// Seats: the first player to bet `seat:N` owns seat N for the round (only
// they may add to it); anyone else may bet `behind:N`. A seat is free again
// when its owner takes back every main bet on it.
import type { Pf1Stream } from '../../shared/fairness/pf1.ts';
import {
  BlackjackRound,
  blackjackExtraStakeMinor,
  blackjackShoe,
  type BlackjackAction,
  type BlackjackDecision,
  type BlackjackTurn,
} from '../../shared/games/blackjack.ts';
import { blackjackSpotId, parseBlackjackSpot } from '../../shared/games/blackjack-spots.ts';
import type { Cause } from './round-cause.ts';
import { ErrorCode, type BlackjackOutcome, type BlackjackPlay, type ClientMessage } from '../../shared/protocol.ts';

export type Refusal = { code: ErrorCode; message: string };

/** What a player asks for in `blackjack.decide`. */
export type DecisionRequest = Pick<Extract<ClientMessage, { kind: 'blackjack.decide' }>, 'seat' | 'hand' | 'action'>;

/** The stake a decision adds (double, split, insurance), on a spot only the server creates. */
export type ExtraStake = { spot: string; amountMinor: number };

export type SeatOwner = { playerId: string; name: string };

/** One seat holds at most two hands and one insurance answer, so a round has at most this many stands the table decides. */
export const MAX_TABLE_STANDS = 7 * 3;

// ---------------------------------------------------------------- betting

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

// ---------------------------------------------------------------- play

export type Armed = { delayMs: number; serial: number };

/**
 * A dealt round until its last decision. The server seed and client string
 * stay here, unpublished, until the result: players decide without them.
 */
export class LiveBlackjack {
  readonly dealtBy: Cause;
  readonly serverSeed: string;
  readonly clientString: string;
  readonly #round: BlackjackRound;
  readonly #owners: ReadonlyMap<number, SeatOwner>;
  readonly #mainStakes: ReadonlyMap<number, number>;
  /** `${playerId}/${requestId}` of every decision applied, so a retried request is acknowledged again, not applied twice. */
  readonly #answered = new Set<string>();
  #changes = 0;
  #published = -1;
  #deadline: number | null = null;
  #deadlineKey = '';
  #deadlineSerial = 0;

  /** Deals at once (FAIRNESS.md §5): every owned seat's cards and the dealer's come off the pf1 shoe in table order. */
  constructor(options: {
    owners: ReadonlyMap<number, SeatOwner>;
    mainStakes: ReadonlyMap<number, number>;
    stream: Pf1Stream;
    serverSeed: string;
    clientString: string;
    dealtBy: Cause;
  }) {
    this.#owners = options.owners;
    this.#mainStakes = options.mainStakes;
    this.serverSeed = options.serverSeed;
    this.clientString = options.clientString;
    this.dealtBy = options.dealtBy;
    this.#round = new BlackjackRound([...options.owners.keys()], blackjackShoe(options.stream));
  }

  get turn(): BlackjackTurn {
    return this.#round.turn;
  }

  get outcome(): BlackjackOutcome {
    return this.#round.outcome;
  }

  get deadlineSerial(): number {
    return this.#deadlineSerial;
  }

  /** Decisions applied so far: the next one's place in the hand (its seq on disk). */
  get decisionCount(): number {
    return this.#changes;
  }

  answered(playerId: string, requestId: string): boolean {
    return this.#answered.has(`${playerId}/${requestId}`);
  }

  /** Whether this player may make this decision now, and what it would add to their stake. */
  check(playerId: string, request: DecisionRequest): Refusal | { extra: ExtraStake | null } {
    const { seat, hand, action } = request;
    const owner = this.#owners.get(seat);
    if (owner === undefined) return { code: ErrorCode.WrongPhase, message: `seat ${seat} is not in play this round` };
    if (owner.playerId !== playerId) return { code: ErrorCode.Forbidden, message: `seat ${seat} is ${owner.name}'s to play` };
    const turn = this.#round.turn;
    if (turn.phase === 'done') return { code: ErrorCode.WrongPhase, message: 'the hand is over' };
    if (turn.phase === 'insurance') {
      if (!turn.seats.includes(seat)) return { code: ErrorCode.WrongPhase, message: `seat ${seat} has answered insurance already` };
      if (action !== 'insure' && action !== 'no-insurance') {
        return { code: ErrorCode.WrongPhase, message: 'the dealer offers insurance first: answer insure or no-insurance' };
      }
      if (hand !== 0) return { code: ErrorCode.WrongPhase, message: 'insurance is answered on hand 0' };
    } else {
      if (turn.seat !== seat || turn.hand !== hand) {
        return { code: ErrorCode.WrongPhase, message: `it is seat ${turn.seat} hand ${turn.hand}'s turn` };
      }
      if (!(turn.actions as string[]).includes(action)) {
        return { code: ErrorCode.WrongPhase, message: `${action} is not possible now; choose ${turn.actions.join(', ')}` };
      }
    }
    const amountMinor = blackjackExtraStakeMinor(this.#mainStakes.get(seat) ?? 0, action);
    // Insurance on a 1-unit bet costs nothing and returns nothing: no stake row to book.
    if (amountMinor === 0) return { extra: null };
    return { extra: { spot: extraSpot(seat, hand, action), amountMinor } };
  }

  /** Applies a decision check() allowed (its extra stake already booked), remembering the request for retries. */
  apply(decision: BlackjackDecision, answered?: { playerId: string; requestId: string }): void {
    this.#round.apply(decision);
    this.#changes += 1;
    if (answered) this.#answered.add(`${answered.playerId}/${answered.requestId}`);
  }

  /**
   * The stands owed now by seats whose owner is not connected (insurance:
   * declined): nobody waits a timer for a player who left. The table records
   * them, then applies them, and asks again: the next turn may be absent too.
   */
  absentStands(present: (playerId: string) => boolean): BlackjackDecision[] {
    return this.timeoutStands().filter((decision) => !present(this.#ownerOf(decision.seat).playerId));
  }

  /** What the decision timer running out decides: every seat the round waits on stands (insurance: declines). */
  timeoutStands(): BlackjackDecision[] {
    return this.#turnSeats().map((seat) => ({ seat: seat.seat, hand: seat.hand, action: 'timeout' }));
  }

  /** True once per change: the table publishes the new turn then. */
  takeChange(): boolean {
    if (this.#published === this.#changes) return false;
    this.#published = this.#changes;
    return true;
  }

  /**
   * Starts a decision timer when the turn calls for one: every play decision
   * gets a full timer; the insurance round has one timer for all seats.
   * Returns the new timer, or null when the running one still stands.
   */
  armDeadline(now: number, decisionMs: number): Armed | null {
    const turn = this.#round.turn;
    const key = turn.phase === 'insurance' ? 'insurance' : turn.phase === 'play' ? `play:${this.#changes}` : 'done';
    if (key === this.#deadlineKey) return null;
    this.#deadlineKey = key;
    this.#deadlineSerial += 1;
    if (turn.phase === 'done') {
      this.#deadline = null;
      return null;
    }
    this.#deadline = now + decisionMs;
    return { delayMs: decisionMs, serial: this.#deadlineSerial };
  }

  /** What every player sees: the up card only until the dealer plays, each seat with its owner, whose turn, and until when. */
  view(): BlackjackPlay {
    const table = this.#round.view();
    return {
      dealer: table.dealer,
      seats: table.seats.map((seat) => {
        const owner = this.#ownerOf(seat.seat);
        return { seat: seat.seat, ownerId: owner.playerId, ownerName: owner.name, insured: seat.insured, hands: seat.hands };
      }),
      turn: table.turn,
      deadline: table.turn.phase === 'done' ? null : this.#deadline,
    };
  }

  #turnSeats(): { seat: number; hand: number }[] {
    const turn = this.#round.turn;
    if (turn.phase === 'insurance') return turn.seats.map((seat) => ({ seat, hand: 0 }));
    if (turn.phase === 'play') return [{ seat: turn.seat, hand: turn.hand }];
    return [];
  }

  #ownerOf(seat: number): SeatOwner {
    const owner = this.#owners.get(seat);
    if (owner === undefined) throw new Error(`seat ${seat} was dealt without an owner`);
    return owner;
  }
}

function extraSpot(seat: number, hand: number, action: BlackjackAction): string {
  if (action === 'double') return blackjackSpotId.double(seat, hand);
  if (action === 'split') return blackjackSpotId.split(seat);
  return blackjackSpotId.insurance(seat);
}
