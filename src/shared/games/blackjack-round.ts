// One blackjack round as a deterministic state machine: the server drives it
// with live decisions (authoritative play), a verifier drives it with the
// logged decisions (replay). Where each card comes from is the round's
// Dealing: under pf1 one shoe in the order cards are dealt on the table
// (FAIRNESS.md §5); under pf2 the opening deal, each seat's further cards
// and the dealer's come from separate segments (PF2.md §9), bets behind get
// a hand of their own played by the chart, and a timeout plays the hand by
// the chart. The same cards and decisions always give the same round.
import type { BlackjackOutcome } from '../protocol.ts';
import { cardName } from '../fairness/pf1.ts';
import { oneShoeDealing, type CardSource, type Dealing } from './blackjack-cards.ts';
import { chartAction } from './blackjack-chart.ts';
import {
  BLACKJACK_DECKS,
  DEALER_STANDS_ON,
  TWENTY_ONE,
  cardPoints,
  handTotal,
  isSplittablePair,
  isTwoCardTwentyOne,
} from './blackjack-hand.ts';

export const BLACKJACK_SEATS = 7;
const SHOE_SIZE = 52 * BLACKJACK_DECKS;

export type BlackjackDecision = BlackjackOutcome['decisions'][number];
export type BlackjackAction = BlackjackDecision['action'];
export type BlackjackPlayAction = 'hit' | 'stand' | 'double' | 'split';
export type BlackjackHandResult = BlackjackOutcome['seats'][number]['hands'][number]['result'];
type BehindHand = NonNullable<BlackjackOutcome['seats'][number]['behind']>;

/** Decisions the table makes for a seat: its timer ran out with the owner connected (`timeout`) or not (`absent`). */
export function isTableDecision(action: BlackjackAction): boolean {
  return action === 'timeout' || action === 'absent';
}

/** Whose decision the round waits for. The server runs one decision timer per turn and sends `timeout` when it fires. */
export type BlackjackTurn =
  | { phase: 'insurance'; seats: number[] }
  | { phase: 'play'; seat: number; hand: number; actions: BlackjackPlayAction[] }
  | { phase: 'done' };

/** What the table may see of a round in play (see BlackjackRound.view). */
export type BlackjackTableView = {
  /** The up card only, until the round is over. */
  dealer: string[];
  seats: { seat: number; insured: boolean; hands: { cards: string[]; total: number; soft: boolean; doubled: boolean }[] }[];
  turn: BlackjackTurn;
};

/** A decision that does not fit the round's state: a client's mistake, never a reason to stop the table. */
export class IllegalDecisionError extends Error {
  override name = 'IllegalDecisionError';
}

type Hand = { cards: number[]; doubled: boolean; finished: boolean };
type SeatState = {
  seat: number;
  /** One hand; two after a split. */
  hands: Hand[];
  /** pf2: the hand played by the chart for the bets behind, from the seat's opening cards; dealt once every seat has finished. */
  behind: number[] | null;
  insurance: 'not-offered' | 'pending' | 'taken' | 'declined';
};

/** Seats in table order: integers 1..7, each once. */
function tableOrder(seats: readonly number[]): number[] {
  const ordered = [...seats].sort((a, b) => a - b);
  if (ordered.length === 0) throw new RangeError('a round needs at least one occupied seat');
  ordered.forEach((seat, index) => {
    if (!Number.isInteger(seat) || seat < 1 || seat > BLACKJACK_SEATS) throw new RangeError(`bad seat ${seat}`);
    if (ordered[index - 1] === seat) throw new RangeError(`seat ${seat} listed twice`);
  });
  return ordered;
}

export class BlackjackRound {
  readonly #dealing: Dealing;
  readonly #seats: SeatState[];
  readonly #dealer: number[] = [];
  /** Every card in draw order: the pf1 order. */
  readonly #cards: number[] = [];
  readonly #decisions: BlackjackDecision[] = [];
  #phase: BlackjackTurn['phase'] = 'play';
  #seatIndex = 0;
  #handIndex = 0;

  /**
   * Deals the opening cards at once; the round then waits for insurance (Ace
   * up) or the first seat's decision. A plain CardSource deals pf1's way.
   */
  constructor(seats: readonly number[], source: CardSource | Dealing) {
    this.#dealing = typeof source === 'function' ? oneShoeDealing(source) : source;
    this.#seats = tableOrder(seats).map((seat) => ({
      seat,
      hands: [{ cards: [], doubled: false, finished: false }],
      behind: null,
      insurance: 'not-offered',
    }));
    this.#dealOpening();
  }

  get phase(): BlackjackTurn['phase'] {
    return this.#phase;
  }

  get turn(): BlackjackTurn {
    if (this.#phase === 'insurance') {
      return { phase: 'insurance', seats: this.#seats.filter((seat) => seat.insurance === 'pending').map((seat) => seat.seat) };
    }
    if (this.#phase === 'done') return { phase: 'done' };
    const seat = this.#currentSeat();
    return { phase: 'play', seat: seat.seat, hand: this.#handIndex, actions: this.#legalActions(seat, this.#currentHand()) };
  }

  /** Applies one decision and returns the next turn; throws IllegalDecisionError, leaving the round unchanged, if it does not fit. */
  apply(decision: BlackjackDecision): BlackjackTurn {
    const { seat, hand, action } = decision;
    if (this.#phase === 'insurance') this.#applyInsurance(seat, hand, action);
    else if (this.#phase === 'play') this.#applyPlay(seat, hand, action);
    else throw new IllegalDecisionError('the round is over');
    return this.turn;
  }

  /** The settled round; only once every decision is in and the dealer has played. */
  get outcome(): BlackjackOutcome {
    if (this.#phase !== 'done') throw new Error('the round is not over');
    const dealer = handTotal(this.#dealer);
    return {
      dealer: { cards: this.#dealer.map(cardName), total: dealer.total, blackjack: this.#dealerHasBlackjack() },
      seats: this.#seats.map((seat) => ({
        seat: seat.seat,
        insured: seat.insurance === 'taken',
        hands: seat.hands.map((hand) => ({
          cards: hand.cards.map(cardName),
          total: handTotal(hand.cards).total,
          doubled: hand.doubled,
          result: this.#resultOf(hand.cards, this.#isNatural(seat, hand)),
        })),
        ...(seat.behind === null ? {} : { behind: this.#behindOutcome(seat.behind) }),
      })),
      decisions: this.#decisions.map((entry) => ({ ...entry })),
      cards: this.#cards.map(cardName),
    };
  }

  /**
   * What the table may see now: the dealer's hole card stays hidden until the
   * round is over, since players' decisions are made without it.
   */
  view(): BlackjackTableView {
    const dealer = this.#phase === 'done' ? this.#dealer : this.#dealer.slice(0, 1);
    return {
      dealer: dealer.map(cardName),
      seats: this.#seats.map((seat) => ({
        seat: seat.seat,
        insured: seat.insurance === 'taken',
        hands: seat.hands.map((hand) => ({ cards: hand.cards.map(cardName), ...handTotal(hand.cards), doubled: hand.doubled })),
      })),
      turn: this.turn,
    };
  }

  // ---------------------------------------------------------------- dealing

  #take(source: CardSource): number {
    const card = source();
    if (!Number.isInteger(card) || card < 0 || card >= SHOE_SIZE) throw new RangeError(`card source dealt ${card}, not a card of a ${BLACKJACK_DECKS}-deck shoe`);
    this.#cards.push(card);
    return card;
  }

  #dealOpening(): void {
    // §5: each seat's first card in seat order, dealer up card, each seat's second card, dealer hole card.
    const { opening } = this.#dealing;
    for (const seat of this.#seats) this.#firstHand(seat).cards.push(this.#take(opening));
    this.#dealer.push(this.#take(opening));
    for (const seat of this.#seats) this.#firstHand(seat).cards.push(this.#take(opening));
    this.#dealer.push(this.#take(opening));
    if (cardPoints(this.#dealer[0] as number) === 1) {
      this.#phase = 'insurance';
      for (const seat of this.#seats) seat.insurance = 'pending';
      return;
    }
    this.#peekThenPlay();
  }

  /**
   * The dealer checks the hole card (already dealt, so no card is drawn) and
   * ends the round at once on a blackjack, before anyone doubles or splits.
   * A two-card 21 needs an Ace or a ten-value up card, so checking every
   * hand is the same as peeking only under those.
   */
  #peekThenPlay(): void {
    if (this.#dealerHasBlackjack()) {
      // The round ends on the opening cards: the bets-behind hands too.
      this.#playBehind(false);
      this.#phase = 'done';
      return;
    }
    this.#phase = 'play';
    this.#moveToNextDecision();
  }

  /**
   * Advances to the next hand that needs a decision, in seat order and hand
   * order, finishing hands that need none. A split hand gets its second card
   * when play reaches it, as on the table; then the dealer plays.
   */
  #moveToNextDecision(): void {
    for (; this.#seatIndex < this.#seats.length; this.#seatIndex++, this.#handIndex = 0) {
      const seat = this.#currentSeat();
      for (; this.#handIndex < seat.hands.length; this.#handIndex++) {
        const hand = this.#currentHand();
        if (hand.cards.length === 1) hand.cards.push(this.#take(this.#dealing.seat(seat.seat)));
        if (this.#needsDecision(seat, hand)) return;
        hand.finished = true;
      }
    }
    this.#playBehind(true);
    this.#playDealer();
    this.#phase = 'done';
  }

  /**
   * pf2: each seat's hand for its bets behind, on the seat's opening cards,
   * played by the chart from a source no decision of the seat's owner
   * touches. Dealt only once every seat has finished, so its cards never
   * show a seat owner what their own segment holds next.
   */
  #playBehind(drawing: boolean): void {
    const { behind } = this.#dealing;
    if (behind === null) return;
    const up = this.#dealer[0] as number;
    for (const seat of this.#seats) {
      const cards = this.#openingOf(seat);
      const natural = isTwoCardTwentyOne(cards);
      if (drawing && !natural) {
        const source = behind(seat.seat);
        while (chartAction(cards, up) === 'hit') cards.push(this.#take(source));
      }
      seat.behind = cards;
    }
  }

  #needsDecision(seat: SeatState, hand: Hand): boolean {
    if (hand.finished) return false;
    // 21 stands on its own (a natural included); a bust is over.
    if (handTotal(hand.cards).total >= TWENTY_ONE) return false;
    // Split aces get exactly one card each.
    const splitAces = seat.hands.length === 2 && cardPoints(hand.cards[0] as number) === 1;
    return !splitAces;
  }

  /**
   * The dealer draws to 17 and stands on soft 17: under pf1 only while some
   * hand can still lose to or beat the total, under pf2 always.
   */
  #playDealer(): void {
    const anyLive = this.#seats.some((seat) => seat.hands.some((hand) => handTotal(hand.cards).total <= TWENTY_ONE && !this.#isNatural(seat, hand)));
    if (!anyLive && !this.#dealing.dealerAlwaysDraws) return;
    while (handTotal(this.#dealer).total < DEALER_STANDS_ON) this.#dealer.push(this.#take(this.#dealing.dealer));
  }

  // ---------------------------------------------------------------- decisions

  #applyInsurance(seatNumber: number, hand: number, action: BlackjackAction): void {
    const seat = this.#seats.find((candidate) => candidate.seat === seatNumber);
    if (seat === undefined || seat.insurance !== 'pending') throw new IllegalDecisionError(`seat ${seatNumber} has no insurance decision to make`);
    if (hand !== 0) throw new IllegalDecisionError('insurance is decided on hand 0');
    if (action !== 'insure' && action !== 'no-insurance' && action !== 'timeout' && action !== 'absent') {
      throw new IllegalDecisionError(`"${action}" is not an insurance decision`);
    }
    // A seat that lets the timer run out takes no insurance.
    seat.insurance = action === 'insure' ? 'taken' : 'declined';
    this.#decisions.push({ seat: seatNumber, hand, action });
    if (this.#seats.every((candidate) => candidate.insurance !== 'pending')) this.#peekThenPlay();
  }

  #applyPlay(seatNumber: number, handNumber: number, action: BlackjackAction): void {
    const seat = this.#currentSeat();
    if (seat.seat !== seatNumber || this.#handIndex !== handNumber) {
      throw new IllegalDecisionError(`it is seat ${seat.seat} hand ${this.#handIndex}'s turn, not seat ${seatNumber} hand ${handNumber}'s`);
    }
    const hand = this.#currentHand();
    if (!isTableDecision(action) && !this.#legalActions(seat, hand).includes(action as BlackjackPlayAction)) {
      throw new IllegalDecisionError(`"${action}" is not allowed on seat ${seatNumber} hand ${handNumber}`);
    }
    this.#decisions.push({ seat: seatNumber, hand: handNumber, action });
    const source = this.#dealing.seat(seatNumber);
    switch (action) {
      case 'hit':
        hand.cards.push(this.#take(source));
        break;
      case 'double':
        hand.doubled = true;
        hand.cards.push(this.#take(source));
        hand.finished = true;
        break;
      case 'split': {
        const [first, second] = hand.cards as [number, number];
        seat.hands = [
          { cards: [first], doubled: false, finished: false },
          { cards: [second], doubled: false, finished: false },
        ];
        break;
      }
      case 'timeout':
      case 'absent':
        // pf1: the hand stands. pf2: the chart plays it out, never doubling or splitting with the player's money.
        if (this.#dealing.timeout === 'chart') {
          const up = this.#dealer[0] as number;
          while (chartAction(hand.cards, up) === 'hit') hand.cards.push(this.#take(source));
        }
        hand.finished = true;
        break;
      default:
        hand.finished = true;
    }
    this.#moveToNextDecision();
  }

  /** Hit and stand always; double on any first two cards, after a split too; split once, a pair of equal points. */
  #legalActions(seat: SeatState, hand: Hand): BlackjackPlayAction[] {
    const actions: BlackjackPlayAction[] = ['hit', 'stand'];
    if (hand.cards.length === 2) actions.push('double');
    if (seat.hands.length === 1 && isSplittablePair(hand.cards)) actions.push('split');
    return actions;
  }

  // ---------------------------------------------------------------- settlement

  /** A blackjack is a two-card 21 on the hand as dealt; after a split it is just 21. */
  #isNatural(seat: SeatState, hand: Hand): boolean {
    return seat.hands.length === 1 && isTwoCardTwentyOne(hand.cards);
  }

  #dealerHasBlackjack(): boolean {
    return isTwoCardTwentyOne(this.#dealer);
  }

  #resultOf(cards: readonly number[], natural: boolean): BlackjackHandResult {
    const dealerBlackjack = this.#dealerHasBlackjack();
    if (natural) return dealerBlackjack ? 'push' : 'blackjack';
    if (dealerBlackjack) return 'lose';
    const player = handTotal(cards).total;
    if (player > TWENTY_ONE) return 'lose';
    const dealer = handTotal(this.#dealer).total;
    if (dealer > TWENTY_ONE || player > dealer) return 'win';
    return player === dealer ? 'push' : 'lose';
  }

  #behindOutcome(cards: readonly number[]): BehindHand {
    return { cards: cards.map(cardName), total: handTotal(cards).total, result: this.#resultOf(cards, isTwoCardTwentyOne(cards)) };
  }

  // ---------------------------------------------------------------- cursor

  /** The seat's two opening cards: hand 0's first two, or the first card of each hand after a split. */
  #openingOf(seat: SeatState): number[] {
    const [first, second] = seat.hands;
    if (second === undefined) return (first as Hand).cards.slice(0, 2);
    return [(first as Hand).cards[0] as number, second.cards[0] as number];
  }

  #firstHand(seat: SeatState): Hand {
    return seat.hands[0] as Hand;
  }

  #currentSeat(): SeatState {
    return this.#seats[this.#seatIndex] as SeatState;
  }

  #currentHand(): Hand {
    return this.#currentSeat().hands[this.#handIndex] as Hand;
  }
}

/**
 * Plays a logged round again: the same seats, decisions and card source must
 * give the same outcome, or the log is not the round that was played.
 */
export function replayBlackjack(seats: readonly number[], decisions: readonly BlackjackDecision[], source: CardSource | Dealing): BlackjackOutcome {
  const round = new BlackjackRound(seats, source);
  decisions.forEach((decision, index) => {
    if (round.phase === 'done') throw new IllegalDecisionError(`the round was over before decision ${index + 1}`);
    round.apply(decision);
  });
  if (round.phase !== 'done') throw new IllegalDecisionError(`the decisions end before the round does (waiting on ${JSON.stringify(round.turn)})`);
  return round.outcome;
}
