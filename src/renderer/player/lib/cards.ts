// Playing cards as pf1 names them ("AS", "10H", "QC"): what to draw for one
// (rank, suit, colour, where the pips go) and the order the dealer turns them
// over, so the page deals a baccarat coup the way the table does.
import type { BaccaratOutcome } from '../../../shared/protocol.ts';

export type Suit = 'S' | 'H' | 'D' | 'C';
export type Rank = 'A' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '10' | 'J' | 'Q' | 'K';

export type Card = { name: string; rank: Rank; suit: Suit; red: boolean; symbol: string; spoken: string };

const RANKS: readonly Rank[] = ['A', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'J', 'Q', 'K'];
const SUIT_SYMBOL: Record<Suit, string> = { S: '♠', H: '♥', D: '♦', C: '♣' };
const SUIT_WORD: Record<Suit, string> = { S: 'spades', H: 'hearts', D: 'diamonds', C: 'clubs' };
const RANK_WORD: Partial<Record<Rank, string>> = { A: 'Ace', J: 'Jack', Q: 'Queen', K: 'King' };

const isSuit = (text: string): text is Suit => text === 'S' || text === 'H' || text === 'D' || text === 'C';
const isRank = (text: string): text is Rank => (RANKS as readonly string[]).includes(text);

/** "10H" -> ten of hearts; null for anything that is not a card name (the outcome comes from the network). */
export function parseCard(name: string): Card | null {
  const rank = name.slice(0, -1);
  const suit = name.slice(-1);
  if (!isRank(rank) || !isSuit(suit)) return null;
  return {
    name,
    rank,
    suit,
    red: suit === 'H' || suit === 'D',
    symbol: SUIT_SYMBOL[suit],
    spoken: `${RANK_WORD[rank] ?? rank} of ${SUIT_WORD[suit]}`,
  };
}

/** A suit mark on a card face: x and y in [0, 1] of the pip area; the lower half is printed upside down. */
export type Pip = { x: number; y: number; flipped: boolean };

const L = 0.18;
const M = 0.5;
const R = 0.82;

/** The pips of a number card, laid out as printed cards do; none for court cards (they get a figure panel). */
export function pipLayout(rank: Rank): Pip[] {
  const at = (x: number, y: number): Pip => ({ x, y, flipped: y > 0.5 });
  const sides = (...ys: number[]): Pip[] => ys.flatMap((y) => [at(L, y), at(R, y)]);
  switch (rank) {
    case 'A':
      return [at(M, 0.5)];
    case '2':
      return [at(M, 0), at(M, 1)];
    case '3':
      return [at(M, 0), at(M, 0.5), at(M, 1)];
    case '4':
      return sides(0, 1);
    case '5':
      return [...sides(0, 1), at(M, 0.5)];
    case '6':
      return sides(0, 0.5, 1);
    case '7':
      return [...sides(0, 0.5, 1), at(M, 0.25)];
    case '8':
      return [...sides(0, 0.5, 1), at(M, 0.25), at(M, 0.75)];
    case '9':
      return [...sides(0, 1 / 3, 2 / 3, 1), at(M, 0.5)];
    case '10':
      return [...sides(0, 1 / 3, 2 / 3, 1), at(M, 1 / 6), at(M, 5 / 6)];
    default:
      return [];
  }
}

export type BaccaratSide = 'player' | 'banker';

/** One card as the dealer turns it over: whose hand, its place in that hand (0–2), and its turn (0 first). */
export type DealtCard = { side: BaccaratSide; position: number; card: string; step: number };

/**
 * The coup in the order it is dealt (FAIRNESS.md §5 draws it the same way):
 * Player 1, Banker 1, Player 2, Banker 2, then the Player's third card if it
 * drew one, then the Banker's.
 */
export function baccaratDeal(outcome: Pick<BaccaratOutcome, 'player' | 'banker'>): DealtCard[] {
  const order: [BaccaratSide, number][] = [
    ['player', 0],
    ['banker', 0],
    ['player', 1],
    ['banker', 1],
    ['player', 2],
    ['banker', 2],
  ];
  const dealt: DealtCard[] = [];
  for (const [side, position] of order) {
    const card = outcome[side][position];
    if (card !== undefined) dealt.push({ side, position, card, step: dealt.length });
  }
  return dealt;
}

/** The turn after which a hand is complete (its total can be shown), or -1 for an empty hand. */
export function lastStepOf(dealt: readonly DealtCard[], side: BaccaratSide): number {
  return dealt.reduce((last, card) => (card.side === side ? Math.max(last, card.step) : last), -1);
}
