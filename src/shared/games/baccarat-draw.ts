// Baccarat's pf1 draw (FAIRNESS.md §5): deal order and the tableau, nothing
// else. The paytable is not written yet; this exists now so the pf1 vectors
// can be checked and the draw order is fixed before the game ships.
import { Shoe, cardName, cardRank, type Pf1Stream } from '../fairness/pf1.ts';

export const BACCARAT_DECKS = 8;

export type BaccaratHand = {
  player: string[];
  banker: string[];
  playerTotal: number;
  bankerTotal: number;
  winner: 'player' | 'banker' | 'tie';
};

/** A = 1, 2–9 face value, 10/J/Q/K = 0. */
function pointsOf(card: number): number {
  const rank = cardRank(card);
  return rank >= 10 ? 0 : rank;
}

function totalOf(cards: readonly number[]): number {
  return cards.reduce((sum, card) => sum + pointsOf(card), 0) % 10;
}

/** Whether the banker draws after the player drew a third card worth p3 points. */
function bankerDrawsAgainst(bankerTotal: number, p3: number): boolean {
  if (bankerTotal <= 2) return true;
  if (bankerTotal === 3) return p3 !== 8;
  if (bankerTotal === 4) return p3 >= 2 && p3 <= 7;
  if (bankerTotal === 5) return p3 >= 4 && p3 <= 7;
  if (bankerTotal === 6) return p3 >= 6 && p3 <= 7;
  return false;
}

export function drawBaccaratHand(stream: Pf1Stream): BaccaratHand {
  const shoe = new Shoe(stream, BACCARAT_DECKS);
  // Deal order P1, B1, P2, B2.
  const first = [shoe.draw(), shoe.draw(), shoe.draw(), shoe.draw()] as const;
  const player = [first[0], first[2]];
  const banker = [first[1], first[3]];
  const natural = totalOf(player) >= 8 || totalOf(banker) >= 8;
  if (!natural) {
    let playerThird: number | null = null;
    if (totalOf(player) <= 5) {
      playerThird = shoe.draw();
      player.push(playerThird);
    }
    const bankerDraws =
      playerThird === null ? totalOf(banker) <= 5 : bankerDrawsAgainst(totalOf(banker), pointsOf(playerThird));
    if (bankerDraws) banker.push(shoe.draw());
  }
  const playerTotal = totalOf(player);
  const bankerTotal = totalOf(banker);
  return {
    player: player.map(cardName),
    banker: banker.map(cardName),
    playerTotal,
    bankerTotal,
    winner: playerTotal > bankerTotal ? 'player' : bankerTotal > playerTotal ? 'banker' : 'tie',
  };
}
