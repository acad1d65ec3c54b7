// Where every bet spot sits on the drawn roulette layout. Geometry is worked
// out once, lying sideways (zero on the left, 14 × 5 units), and turned
// upright for phones (zero on top, 5 × 14 units), so both drawings share one
// set of hit areas. Inside bets between numbers (splits, corners, streets,
// six lines, first four) are real areas on the lines between the cells.
import {
  insideSpotFor,
  numberAt,
  pocketColor,
  rouletteSpots,
  type RouletteBetKind,
} from '../../../shared/games/roulette.ts';

export type Orientation = 'horizontal' | 'vertical';
export type Rect = { x: number; y: number; w: number; h: number };
/** Cells are drawn under line areas, and line areas under their crossings. */
export type SpotLayer = 'cell' | 'line' | 'crossing';

export type BoardSpot = {
  id: string;
  kind: RouletteBetKind;
  rect: Rect;
  layer: SpotLayer;
  /** Text drawn in a cell; line areas have none. */
  label: string | null;
  color: 'red' | 'black' | 'green' | null;
  pockets: readonly number[];
};

export const BOARD_SIZE: Record<Orientation, { width: number; height: number }> = {
  horizontal: { width: 14, height: 5 },
  vertical: { width: 5, height: 14 },
};

/** Half the thickness of a line hit area, in cell units: big enough for a fingertip, small enough to leave each cell's middle for the straight bet. */
const HALF = 0.2;

const STREETS = 12;

/** Sideways drawing: street s (0..11) is x = 1 + s; column 3 is the top row (y = 0), column 1 the bottom (y = 2). */
function cellOf(pocket: number): Rect {
  const street = Math.floor((pocket - 1) / 3);
  const column = ((pocket - 1) % 3) + 1;
  return { x: 1 + street, y: 3 - column, w: 1, h: 1 };
}

function around(x: number, y: number, halfWidth: number, halfHeight: number): Rect {
  return { x: x - halfWidth, y: y - halfHeight, w: 2 * halfWidth, h: 2 * halfHeight };
}

function sidewaysSpots(): BoardSpot[] {
  const spots: BoardSpot[] = [];
  const add = (id: string | null, rect: Rect, layer: SpotLayer, label: string | null = null): void => {
    if (id === null) return;
    const spot = rouletteSpots.get(id);
    // Draw only what the shared paytable knows, so the page never offers a bet the server rejects as unknown.
    if (!spot) return;
    const color = spot.kind === 'straight' ? pocketColor(spot.pockets[0] ?? 0) : null;
    spots.push({ id, kind: spot.kind, rect, layer, label, color, pockets: spot.pockets });
  };
  const inside = (pockets: number[], rect: Rect, layer: SpotLayer): void => add(insideSpotFor(pockets), rect, layer);

  // Cells.
  add('straight:0', { x: 0, y: 0, w: 1, h: 3 }, 'cell', '0');
  for (let pocket = 1; pocket <= 36; pocket++) add(`straight:${pocket}`, cellOf(pocket), 'cell', String(pocket));
  for (const column of [1, 2, 3]) add(`column:${column}`, { x: 13, y: 3 - column, w: 1, h: 1 }, 'cell', '2 to 1');
  for (const dozen of [1, 2, 3]) {
    add(`dozen:${dozen}`, { x: 1 + 4 * (dozen - 1), y: 3, w: 4, h: 1 }, 'cell', ['1st 12', '2nd 12', '3rd 12'][dozen - 1] ?? null);
  }
  const evenMoney: [string, string][] = [
    ['low', '1–18'],
    ['even', 'Even'],
    ['red', 'Red'],
    ['black', 'Black'],
    ['odd', 'Odd'],
    ['high', '19–36'],
  ];
  evenMoney.forEach(([id, label], index) => add(id, { x: 1 + 2 * index, y: 4, w: 2, h: 1 }, 'cell', label));

  // Lines between two numbers: splits.
  for (let street = 0; street < STREETS; street++) {
    for (const column of [1, 2, 3]) {
      const pocket = numberAt(street, column);
      const cell = cellOf(pocket);
      if (column < 3) {
        // The line above this cell, to the next number of the same street.
        inside([pocket, pocket + 1], around(cell.x + 0.5, cell.y, 0.5 - HALF, HALF), 'line');
      }
      if (street < STREETS - 1) {
        // The line to the right, to the same column of the next street.
        inside([pocket, pocket + 3], around(cell.x + 1, cell.y + 0.5, HALF, 0.5 - HALF), 'line');
      }
      if (street === 0) inside([0, pocket], around(1, cell.y + 0.5, HALF, 0.5 - HALF), 'line');
    }
    // The street's outer end (towards the dozens): all three numbers of the street.
    const first = numberAt(street, 1);
    inside([first, first + 1, first + 2], around(1 + street + 0.5, 3, 0.5 - HALF, HALF), 'line');
  }

  // Crossings of lines: corners, six lines, the zero trios and the first four.
  for (let street = 0; street < STREETS - 1; street++) {
    for (const column of [1, 2]) {
      const pocket = numberAt(street, column);
      inside([pocket, pocket + 1, pocket + 3, pocket + 4], around(2 + street, 3 - column, HALF, HALF), 'crossing');
    }
    const first = numberAt(street, 1);
    inside([first, first + 1, first + 2, first + 3, first + 4, first + 5], around(2 + street, 3, HALF, HALF), 'crossing');
  }
  inside([0, 1, 2], around(1, 2, HALF, HALF), 'crossing');
  inside([0, 2, 3], around(1, 1, HALF, HALF), 'crossing');
  inside([0, 1, 2, 3], around(1, 3, HALF, HALF), 'crossing');
  return spots;
}

/** Sideways → upright: zero goes to the top, 1 2 3 read left to right, outside bets move to the left. */
function upright(rect: Rect): Rect {
  const { height } = BOARD_SIZE.horizontal;
  return { x: height - rect.y - rect.h, y: rect.x, w: rect.h, h: rect.w };
}

const LAYER_ORDER: Record<SpotLayer, number> = { cell: 0, line: 1, crossing: 2 };

const sideways = sidewaysSpots().sort((a, b) => LAYER_ORDER[a.layer] - LAYER_ORDER[b.layer]);
const standing = sideways.map((spot) => ({ ...spot, rect: upright(spot.rect) }));

/** Every bet spot of the layout with its area, cells first so line areas are drawn over them. */
export function boardSpots(orientation: Orientation): readonly BoardSpot[] {
  return orientation === 'horizontal' ? sideways : standing;
}
