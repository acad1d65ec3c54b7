// Blackjack at a live table after the deal: whose decision it is, what a
// decision costs, its timer, seats whose owner left. The Table keeps the
// money, the bets and the events; who may bet where while betting is open is
// the game's own rule (src/shared/games/blackjack-seats.ts).
import {
  BlackjackRound,
  blackjackExtraStakeMinor,
  type BlackjackAction,
  type BlackjackDecision,
  type BlackjackTurn,
  type Dealing,
} from '../../shared/games/blackjack.ts';
import { blackjackSpotId } from '../../shared/games/blackjack-spots.ts';
import type { Cause } from './round-cause.ts';
import { ErrorCode, type BlackjackOutcome, type BlackjackPlay, type ClientMessage, type WireStatement } from '../../shared/protocol.ts';

export type Refusal = { code: ErrorCode; message: string };

/** What a player asks for in `blackjack.decide`. */
export type DecisionRequest = Pick<Extract<ClientMessage, { kind: 'blackjack.decide' }>, 'seat' | 'hand' | 'action'>;

/** The stake a decision adds (double, split, insurance), on a spot only the server creates. */
export type ExtraStake = { spot: string; amountMinor: number };

export type SeatOwner = { playerId: string; name: string };

/** One seat holds at most two hands and one insurance answer, so a round has at most this many stands the table decides. */
export const MAX_TABLE_STANDS = 7 * 3;

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
  /**
   * `${playerId}/${requestId}` of every decision applied, with its signed
   * pf2.decision (null under pf1), so a retried request is acknowledged
   * again with the same statement, not applied twice.
   */
  readonly #answered = new Map<string, WireStatement | null>();
  #changes = 0;
  #published = -1;
  #deadline: number | null = null;
  #deadlineKey = '';
  #deadlineSerial = 0;

  /** Deals at once: every owned seat's cards and the dealer's, as the round's scheme deals them (blackjack-dealing.ts). */
  constructor(options: {
    owners: ReadonlyMap<number, SeatOwner>;
    mainStakes: ReadonlyMap<number, number>;
    dealing: Dealing;
    serverSeed: string;
    clientString: string;
    dealtBy: Cause;
  }) {
    this.#owners = options.owners;
    this.#mainStakes = options.mainStakes;
    this.serverSeed = options.serverSeed;
    this.clientString = options.clientString;
    this.dealtBy = options.dealtBy;
    this.#round = new BlackjackRound([...options.owners.keys()], options.dealing);
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

  /** Undefined when this request was never applied; else its signed statement (null under pf1). */
  answered(playerId: string, requestId: string): WireStatement | null | undefined {
    return this.#answered.get(`${playerId}/${requestId}`);
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
  apply(decision: BlackjackDecision, answered?: { playerId: string; requestId: string; statement?: WireStatement | null }): void {
    this.#round.apply(decision);
    this.#changes += 1;
    if (answered) this.#answered.set(`${answered.playerId}/${answered.requestId}`, answered.statement ?? null);
  }

  /**
   * The stands owed now by seats whose owner is not connected (insurance:
   * declined): nobody waits a timer for a player who left. The table records
   * them, then applies them, and asks again: the next turn may be absent too.
   */
  absentStands(present: (playerId: string) => boolean): BlackjackDecision[] {
    return this.timeoutStands().filter((decision) => !present(this.#ownerOf(decision.seat).playerId));
  }

  /**
   * What the decision timer running out decides for every seat the round
   * waits on (pf1: it stands; pf2: the chart plays it; insurance: declined).
   * Given who is connected (pf2), an owner who is not is recorded `absent`.
   */
  timeoutStands(present?: (playerId: string) => boolean): BlackjackDecision[] {
    return this.#turnSeats().map((seat) => {
      const away = present !== undefined && !present(this.#ownerOf(seat.seat).playerId);
      return { seat: seat.seat, hand: seat.hand, action: away ? 'absent' : 'timeout' };
    });
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
