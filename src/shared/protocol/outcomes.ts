// What a round of each game came out as, revealed with its server seed.
export type RouletteOutcome = { pocket: number };
/** Cards as pf1 names them ("AS", "10H"), in deal order; totals are mod 10. */
export type BaccaratOutcome = {
  player: string[];
  banker: string[];
  playerTotal: number;
  bankerTotal: number;
  winner: 'player' | 'banker' | 'tie';
};
export type DragonTigerOutcome = { dragon: string; tiger: string; winner: 'dragon' | 'tiger' | 'tie' };
/** The three dice in the order drawn, each 1..6. */
export type SicboOutcome = { dice: [number, number, number] };
/**
 * One blackjack round, replayable (games/blackjack-round.ts): cards as pf1
 * names them; `cards` is every card in draw order and `decisions` every
 * decision in the order applied, so replaying the decisions against the same
 * shoe must give this outcome back exactly. A seat has two hands only after a
 * split. Insurance decisions carry hand 0.
 */
export type BlackjackOutcome = {
  dealer: { cards: string[]; total: number; blackjack: boolean };
  seats: {
    seat: number;
    insured: boolean;
    hands: { cards: string[]; total: number; doubled: boolean; result: 'blackjack' | 'win' | 'push' | 'lose' }[];
  }[];
  decisions: { seat: number; hand: number; action: 'hit' | 'stand' | 'double' | 'split' | 'insure' | 'no-insurance' | 'timeout' }[];
  cards: string[];
};
/** Each game's outcome has its own distinct keys, so `'pocket' in outcome` and the like tell them apart. */
export type Outcome = RouletteOutcome | BaccaratOutcome | DragonTigerOutcome | SicboOutcome | BlackjackOutcome;
