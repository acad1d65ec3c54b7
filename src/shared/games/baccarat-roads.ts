// Baccarat scoreboards ("roads") as pure functions of the results so far:
// bead plate, big road, and the three roads derived from the big road (big
// eye boy, small road, cockroach pig). Only positions and colours; drawing
// them is the renderer's business. Every road is 6 rows high.
import type { BaccaratOutcome } from '../protocol.ts';
import { isPair } from './baccarat.ts';

export const ROAD_ROWS = 6;

export type RoadResult = { winner: 'player' | 'banker' | 'tie'; playerPair: boolean; bankerPair: boolean };

export function roadResultOf(outcome: BaccaratOutcome): RoadResult {
  return { winner: outcome.winner, playerPair: isPair(outcome.player), bankerPair: isPair(outcome.banker) };
}

/** A mark on a road grid; column 0 is the leftmost, row 0 the top. */
export type RoadCell<T> = { column: number; row: number; value: T };

// ---------------------------------------------------------------- bead plate

/** Each hand (the index into the results) with its result. */
export type Bead = RoadResult & { hand: number };

/** Every hand in order, ties included: down a column of 6, then the next column. */
export function beadPlate(results: readonly RoadResult[]): RoadCell<Bead>[] {
  return results.map((result, hand) => ({
    column: Math.floor(hand / ROAD_ROWS),
    row: hand % ROAD_ROWS,
    value: { ...result, hand },
  }));
}

// ---------------------------------------------------------------- placement

const key = (column: number, row: number) => `${column},${row}`;

/**
 * Lays out streaks on a 6-row grid the way every road does. A streak starts
 * at the top of the column after the previous streak's start and runs down;
 * when it reaches the bottom or an occupied cell it turns right and carries
 * on along that row (the "dragon tail"). If tails have filled the top cell
 * where a streak should start, it starts at the first free top cell after it.
 */
export function placeStreaks<T>(streaks: readonly (readonly T[])[]): RoadCell<T>[] {
  const occupied = new Set<string>();
  const cells: RoadCell<T>[] = [];
  const place = (column: number, row: number, value: T) => {
    occupied.add(key(column, row));
    cells.push({ column, row, value });
  };
  let start = -1;
  for (const streak of streaks) {
    start++;
    while (occupied.has(key(start, 0))) start++;
    let column = start;
    let row = 0;
    let turned = false;
    streak.forEach((value, index) => {
      if (index > 0) {
        if (!turned && row + 1 < ROAD_ROWS && !occupied.has(key(column, row + 1))) {
          row++;
        } else {
          turned = true;
          column++;
          while (occupied.has(key(column, row))) column++;
        }
      }
      place(column, row, value);
    });
  }
  return cells;
}

// ---------------------------------------------------------------- big road

export type BigRoadEntry = {
  winner: 'player' | 'banker';
  /** Ties dealt right after this hand (drawn as a slash through its cell). */
  ties: number;
  playerPair: boolean;
  bankerPair: boolean;
  /** Index of the hand in the results. */
  hand: number;
};

export type BigRoad = {
  /** Ties before the first Player or Banker win: no cell to mark them on yet. */
  leadingTies: number;
  /** Streaks of the same winner in order: the logical columns, before dragon tails bend them. */
  streaks: BigRoadEntry[][];
  cells: RoadCell<BigRoadEntry>[];
};

/** Player and Banker wins only; a new streak when the winner changes; ties are counted on the hand before them. */
export function bigRoad(results: readonly RoadResult[]): BigRoad {
  let leadingTies = 0;
  const streaks: BigRoadEntry[][] = [];
  let last: BigRoadEntry | undefined;
  results.forEach((result, hand) => {
    if (result.winner === 'tie') {
      if (last === undefined) leadingTies++;
      else last.ties++;
      return;
    }
    const entry: BigRoadEntry = { winner: result.winner, ties: 0, playerPair: result.playerPair, bankerPair: result.bankerPair, hand };
    const current = streaks.at(-1);
    if (current !== undefined && last?.winner === result.winner) current.push(entry);
    else streaks.push([entry]);
    last = entry;
  });
  return { leadingTies, streaks, cells: placeStreaks(streaks) };
}

// ---------------------------------------------------------------- derived roads

/** Red: the big road is repeating its pattern; blue: it is not. Not Banker and Player. */
export type DerivedMark = 'red' | 'blue';

export type DerivedRoad = { streaks: DerivedMark[][]; cells: RoadCell<DerivedMark>[] };

/** 1 = big eye boy, 2 = small road, 3 = cockroach pig: how many columns back each compares. */
export type DerivedRoadOffset = 1 | 2 | 3;

/**
 * The mark for the big road entry at logical column `column`, row `row`, or
 * null before the road starts. The standard rules, with k = offset:
 * - first entry of a column: red if the two columns before it, k apart
 *   (column − 1 and column − 1 − k), have the same length; else blue.
 * - further down a column: look at column − k. Red if it reaches this row;
 *   blue if it stops exactly one row short (the streak has just outrun it);
 *   red if it stopped higher still (it was already outrun, so the pattern repeats).
 * So the road starts at column k, row 1, or if there is none, at column k + 1, row 0.
 */
function derivedMark(lengths: readonly number[], column: number, row: number, offset: DerivedRoadOffset): DerivedMark | null {
  if (row === 0) {
    if (column < offset + 1) return null;
    return lengths[column - 1] === lengths[column - 1 - offset] ? 'red' : 'blue';
  }
  if (column < offset) return null;
  const compared = lengths[column - offset] as number;
  return compared === row ? 'blue' : 'red';
}

export function derivedRoad(big: Pick<BigRoad, 'streaks'>, offset: DerivedRoadOffset): DerivedRoad {
  const lengths = big.streaks.map((streak) => streak.length);
  const streaks: DerivedMark[][] = [];
  big.streaks.forEach((streak, column) => {
    for (let row = 0; row < streak.length; row++) {
      const mark = derivedMark(lengths, column, row, offset);
      if (mark === null) continue;
      const current = streaks.at(-1);
      if (current !== undefined && current[0] === mark) current.push(mark);
      else streaks.push([mark]);
    }
  });
  return { streaks, cells: placeStreaks(streaks) };
}

export type BaccaratRoads = {
  beadPlate: RoadCell<Bead>[];
  bigRoad: BigRoad;
  bigEyeBoy: DerivedRoad;
  smallRoad: DerivedRoad;
  cockroachPig: DerivedRoad;
};

export function baccaratRoads(results: readonly RoadResult[]): BaccaratRoads {
  const big = bigRoad(results);
  return {
    beadPlate: beadPlate(results),
    bigRoad: big,
    bigEyeBoy: derivedRoad(big, 1),
    smallRoad: derivedRoad(big, 2),
    cockroachPig: derivedRoad(big, 3),
  };
}

export type DerivedPrediction = { bigEyeBoy: DerivedMark | null; smallRoad: DerivedMark | null; cockroachPig: DerivedMark | null };

/**
 * The "ask" buttons on a scoreboard: the mark each derived road would get if
 * the next hand went to this side (null where that road would get none).
 * The marks only depend on column lengths, so pairs are irrelevant here.
 */
export function predictNext(results: readonly RoadResult[], winner: 'player' | 'banker'): DerivedPrediction {
  const big = bigRoad([...results, { winner, playerPair: false, bankerPair: false }]);
  const lengths = big.streaks.map((streak) => streak.length);
  const column = lengths.length - 1;
  const row = (lengths[column] as number) - 1;
  return {
    bigEyeBoy: derivedMark(lengths, column, row, 1),
    smallRoad: derivedMark(lengths, column, row, 2),
    cockroachPig: derivedMark(lengths, column, row, 3),
  };
}
