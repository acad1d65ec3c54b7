// Where a blackjack round's cards come from, by fairness scheme: pf1 deals
// every card off one shoe in table order (FAIRNESS.md §5); pf2 deals the
// opening cards from s[0..], each seat's further cards and the dealer's from
// their own segments, and the hands played for bets behind from readers of
// their seat's segment of their own (PF2.md §9), so no seat's decisions
// change another hand's cards. The server and every verifier build the
// round's Dealing here.
import type { FairnessScheme } from '../api.ts';
import { Pf1Stream } from '../fairness/pf1.ts';
import { DEALER_SEGMENT } from '../fairness/pf2.ts';
import { segmentedShoe } from '../fairness/pf2-shoe.ts';
import { blackjackShoe, oneShoeDealing, type CardSource, type Dealing } from './blackjack-cards.ts';

/** The inputs of a round's draw: key h[i], client string c, round n, and the scheme that says how they deal. */
export type DrawInputs = { serverSeed: Uint8Array; clientString: string; round: number; fairness: FairnessScheme };

/** pf2's Dealing: the segmented shoe, a chart for timeouts and bets behind, a dealer who always plays out. */
export function segmentedDealing(serverSeed: Uint8Array, clientString: string, round: number): Dealing {
  const shoe = segmentedShoe(serverSeed, clientString, round);
  let opened = 0;
  const opening: CardSource = () => {
    const card = shoe.sequence[opened];
    // Seven seats and the dealer take 16 cards; segments start after them.
    if (card === undefined) throw new RangeError(`the opening deal asked for card ${opened + 1} of s`);
    opened += 1;
    return card;
  };
  const seats = new Map<number, CardSource>();
  const seat = (q: number): CardSource => {
    let source = seats.get(q);
    if (source === undefined) {
      const reader = shoe.segment(q);
      source = () => reader.draw();
      seats.set(q, source);
    }
    return source;
  };
  const dealerReader = shoe.segment(DEALER_SEGMENT);
  const behind = (q: number): CardSource => {
    const reader = shoe.segment(q);
    return () => reader.draw();
  };
  return { opening, seat, dealer: () => dealerReader.draw(), behind, timeout: 'chart', dealerAlwaysDraws: true };
}

/** The round's Dealing under its own scheme. */
export function dealingOf(inputs: DrawInputs): Dealing {
  const { serverSeed, clientString, round } = inputs;
  if (inputs.fairness === 'pf2') return segmentedDealing(serverSeed, clientString, round);
  return oneShoeDealing(blackjackShoe(new Pf1Stream(serverSeed, clientString, round)));
}
