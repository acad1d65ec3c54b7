// Where the pips of a die face sit, on a 3 × 3 grid (column, row 0..2), as
// on real dice: 2 and 3 run corner to corner, 6 is two columns of three.
// Sic bo dice print the 1 and the 4 in red.
export type DiePip = { column: number; row: number };

const CENTER: DiePip = { column: 1, row: 1 };
const TOP_LEFT: DiePip = { column: 0, row: 0 };
const TOP_RIGHT: DiePip = { column: 2, row: 0 };
const BOTTOM_LEFT: DiePip = { column: 0, row: 2 };
const BOTTOM_RIGHT: DiePip = { column: 2, row: 2 };
const MIDDLE_LEFT: DiePip = { column: 0, row: 1 };
const MIDDLE_RIGHT: DiePip = { column: 2, row: 1 };

const FACES: Record<number, readonly DiePip[]> = {
  1: [CENTER],
  2: [TOP_RIGHT, BOTTOM_LEFT],
  3: [TOP_RIGHT, CENTER, BOTTOM_LEFT],
  4: [TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT],
  5: [TOP_LEFT, TOP_RIGHT, CENTER, BOTTOM_LEFT, BOTTOM_RIGHT],
  6: [TOP_LEFT, TOP_RIGHT, MIDDLE_LEFT, MIDDLE_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT],
};

/** The pips of face 1..6; none for anything else (a malformed outcome draws a blank die, not a crash). */
export function diePips(face: number): readonly DiePip[] {
  return FACES[face] ?? [];
}

export function hasRedPips(face: number): boolean {
  return face === 1 || face === 4;
}

export function diceTotal(dice: readonly number[]): number {
  return dice.reduce((total, die) => total + die, 0);
}

export function isTripleThrow(dice: readonly number[]): boolean {
  return dice.length === 3 && dice[0] === dice[1] && dice[1] === dice[2];
}
