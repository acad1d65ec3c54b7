// Fitting a scoreboard road into its box. The shared roads module says where
// each mark goes on an endless 6-row grid; a scoreboard shows a fixed number
// of columns, so once a road outgrows them it slides left and keeps the
// newest columns in view, with one empty column for the next hand.
import { ROAD_ROWS, type RoadCell } from '../../../shared/games/baccarat-roads.ts';

export type RoadWindow<T> = {
  columns: number;
  rows: number;
  /** Columns slid off the left edge; cells are re-numbered from the first one shown. */
  hiddenColumns: number;
  cells: RoadCell<T>[];
};

/** The last `columns` columns of a road (all of it while it fits), cells re-based to column 0. */
export function roadWindow<T>(cells: readonly RoadCell<T>[], columns: number): RoadWindow<T> {
  if (!Number.isInteger(columns) || columns < 2) throw new RangeError(`a road needs at least 2 columns, got ${columns}`);
  const used = cells.reduce((widest, cell) => Math.max(widest, cell.column + 1), 0);
  const hiddenColumns = used < columns ? 0 : used - columns + 1;
  return {
    columns,
    rows: ROAD_ROWS,
    hiddenColumns,
    cells: cells
      .filter((cell) => cell.column >= hiddenColumns)
      .map((cell) => ({ ...cell, column: cell.column - hiddenColumns })),
  };
}

/** Road columns per scoreboard width: derived roads use half-size cells, so twice the columns of the big road. */
export type ScoreboardColumns = { beadPlate: number; bigRoad: number; bigEyeBoy: number; smallRoad: number; cockroachPig: number };

export function scoreboardColumns(arrangement: 'wide' | 'narrow'): ScoreboardColumns {
  const beadPlate = arrangement === 'wide' ? 8 : 12;
  const bigRoad = arrangement === 'wide' ? 28 : 24;
  // Half-size cells: big eye boy runs as wide as the big road, small road and cockroach pig share that width.
  return { beadPlate, bigRoad, bigEyeBoy: 2 * bigRoad, smallRoad: bigRoad, cockroachPig: bigRoad };
}

/** Results in bead-plate order: down a column of 6, then the next column, oldest first. */
export function beadCells<T>(results: readonly T[]): RoadCell<T>[] {
  return results.map((value, index) => ({ column: Math.floor(index / ROAD_ROWS), row: index % ROAD_ROWS, value }));
}
