// Where a blackjack round's cards come from, as the round engine sees it: a
// CardSource deals card indices in order, and a Dealing says which source
// each card of the round is taken from. pf1 takes every card off one shoe
// (oneShoeDealing); pf2's segmented Dealing is blackjack-dealing.ts's.
import { Shoe, type Pf1Stream } from '../fairness/pf1.ts';
import { BLACKJACK_DECKS } from './blackjack-hand.ts';

/** Deals the next card index (0 ≤ index < 312). Must be called as a plain function, hence blackjackShoe. */
export type CardSource = () => number;

/** Where each card of a round comes from; pf2's is blackjack-dealing.ts's. */
export type Dealing = {
  /** The opening deal, in pf1's order: each seat's first card, the dealer's up card, each seat's second, the hole card. */
  opening: CardSource;
  /** A seat's further cards, for all its hands in the order they are dealt: the same source on every call for a seat. */
  seat(seat: number): CardSource;
  /** The dealer's further cards. */
  dealer: CardSource;
  /** pf2: the further cards of the hand each seat plays for its bets behind (by the chart); null under pf1, where they ride hand 0. */
  behind: ((seat: number) => CardSource) | null;
  /** What a timed-out (or absent) hand does: pf1 stands; pf2 plays it by the chart. */
  timeout: 'stand' | 'chart';
  /**
   * pf2: the dealer draws to 17 even when every hand is bust, so whether
   * the dealer draws never depends on a seat's decisions. pf1 (false): only
   * while some hand can still win or lose against the total.
   */
  dealerAlwaysDraws: boolean;
};

/** pf1: every card off one shoe, in the order it is dealt on the table. */
export function oneShoeDealing(draw: CardSource): Dealing {
  return { opening: draw, seat: () => draw, dealer: draw, behind: null, timeout: 'stand', dealerAlwaysDraws: false };
}

/** §5 blackjack on a fresh 6-deck shoe. Shoe.draw uses private fields, so it is wrapped rather than passed unbound. */
export function blackjackShoe(stream: Pf1Stream): CardSource {
  const shoe = new Shoe(stream, BLACKJACK_DECKS);
  return () => shoe.draw();
}

/** Deals the given card indices in order, then throws: for replays from a logged card list, and for tests. */
export function scriptedCards(cards: readonly number[]): CardSource {
  let next = 0;
  return () => {
    const card = cards[next];
    if (card === undefined) throw new Error(`the round asked for card ${next + 1}, but only ${cards.length} were scripted`);
    next++;
    return card;
  };
}
