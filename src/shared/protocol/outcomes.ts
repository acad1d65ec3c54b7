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
    /** pf2 only (PF2.md §9): the hand the table played by the chart for the bets behind this seat, from the seat's opening cards. */
    behind?: { cards: string[]; total: number; result: 'blackjack' | 'win' | 'push' | 'lose' };
  }[];
  /**
   * `timeout`: the decision timer ran out (pf1: the hand stands; pf2: the
   * chart plays it). `absent`: the same, with the seat's owner not connected
   * when it ran out (pf2 only).
   */
  decisions: { seat: number; hand: number; action: 'hit' | 'stand' | 'double' | 'split' | 'insure' | 'no-insurance' | 'timeout' | 'absent' }[];
  cards: string[];
};
/** Each game's outcome has its own distinct keys, so `'pocket' in outcome` and the like tell them apart. */
export type Outcome = RouletteOutcome | BaccaratOutcome | DragonTigerOutcome | SicboOutcome | BlackjackOutcome;
