// The blackjack shoe of docs/PF2.md §9: the dealt sequence s[0..199] (the
// first 200 draws of pf1's forward Fisher–Yates on a 6-deck shoe), the
// segment each seat's and the dealer's further cards come from, and each
// segment's overflow shoe. The dealing order itself (who takes which card
// when) is the table's; this module only says where the cards are. Pure.
import { Pf1Stream, Shoe } from './pf1.ts';
import { BLACKJACK_SEATS, DEALER_SEGMENT, overflowClientString } from './pf2.ts';
import { BLACKJACK_DECKS } from '../games/blackjack-hand.ts';

/** How many cards are dealt from the shuffled shoe at once. */
export const SEQUENCE_LENGTH = 200;
/** The initial deal takes s[0] onwards; seat 1's further cards start here. */
export const FIRST_SEGMENT_START = 16;
export const SEAT_SEGMENT_LENGTH = 24;
/** The dealer's further cards: s[184] onwards (16 cards before the overflow shoe). */
export const DEALER_SEGMENT_START = FIRST_SEGMENT_START + SEAT_SEGMENT_LENGTH * BLACKJACK_SEATS;

function checkSegment(segment: number): void {
  if (!Number.isInteger(segment) || segment < DEALER_SEGMENT || segment > BLACKJACK_SEATS) {
    throw new RangeError(`segment must be a seat 1..${BLACKJACK_SEATS} or ${DEALER_SEGMENT} for the dealer, got ${segment}`);
  }
}

/** Where segment q's further cards start in s: 16 + 24·(q − 1) for seat q, 184 for the dealer (q = 0). */
export function segmentStart(segment: number): number {
  checkSegment(segment);
  return segment === DEALER_SEGMENT ? DEALER_SEGMENT_START : FIRST_SEGMENT_START + SEAT_SEGMENT_LENGTH * (segment - 1);
}

/** One past segment q's last card in s. */
export function segmentEnd(segment: number): number {
  checkSegment(segment);
  return segment === DEALER_SEGMENT ? SEQUENCE_LENGTH : segmentStart(segment) + SEAT_SEGMENT_LENGTH;
}

/** Draws the cards of one segment in order: its part of s, then its overflow shoe. */
export type CardDraw = { draw(): number };

export type SegmentedShoe = {
  /** s[0..199] as card indices (pf1 §5 names them). */
  readonly sequence: readonly number[];
  /** Segment q's overflow shoe (q = 0 for the dealer), from its first card: a fresh shoe on every call. */
  overflow(segment: number): CardDraw;
  /**
   * A reader of segment q's further cards from their start: s[start(q) ..
   * end(q)), then the segment's overflow shoe from its first card. Readers
   * are independent: the seat's hands read one, the hand played for its
   * bets behind another, and neither can change what the other draws.
   */
  segment(segment: number): CardDraw;
};

/**
 * The round's blackjack shoe under pf2, shuffled as soon as the client
 * string c exists: key h[i] (serverSeed), round n.
 */
export function segmentedShoe(serverSeed: Uint8Array, clientString: string, round: number): SegmentedShoe {
  const shuffled = new Shoe(new Pf1Stream(serverSeed, clientString, round), BLACKJACK_DECKS);
  const sequence = Object.freeze(Array.from({ length: SEQUENCE_LENGTH }, () => shuffled.draw()));
  const overflow = (segment: number): CardDraw => {
    checkSegment(segment);
    const shoe = new Shoe(new Pf1Stream(serverSeed, overflowClientString(clientString, segment), round), BLACKJACK_DECKS);
    return { draw: () => shoe.draw() };
  };
  const segment = (q: number): CardDraw => {
    let next = segmentStart(q);
    const end = segmentEnd(q);
    // Created on first use: almost no hand runs through its 24 cards.
    let rest: CardDraw | null = null;
    return { draw: () => (next < end ? (sequence[next++] as number) : (rest ??= overflow(q)).draw()) };
  };
  return { sequence, overflow, segment };
}
