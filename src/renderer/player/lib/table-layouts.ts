// Where every bet spot sits on the drawn layouts of baccarat, dragon tiger
// and sic bo, and what it says ("Banker · pays 0.95:1"). A layout is a few
// bands, each a CSS grid of its own; a cell names one spot of the shared
// paytable and takes its payout text from it, so the page can never offer a
// spot or a price the server does not have. Phones get a narrow arrangement
// (fewer columns, more rows) of the same cells.
import type { GameId } from '../../../shared/protocol.ts';
import { baccaratSpots, type BaccaratBetKind } from '../../../shared/games/baccarat.ts';
import { dragonTigerSpots, type DragonTigerBetKind } from '../../../shared/games/dragon-tiger.ts';
import { sicboSpots } from '../../../shared/games/sicbo.ts';

/** The games drawn on a grid layout (roulette has its own board; another game gets a notice until it has a layout). */
export type LayoutGame = 'baccarat' | 'dragon-tiger' | 'sicbo';
export type Arrangement = 'wide' | 'narrow';

/** The colour family of a spot: the side it backs, or plain felt. */
export type SpotTone = 'player' | 'banker' | 'tie' | 'pair' | 'dragon' | 'tiger' | 'suited' | 'small' | 'big' | 'felt';
/** How much room the cell's text gets: a main wager, a side bet, or a small box of a busy layout. */
export type SpotEmphasis = 'main' | 'side' | 'compact';

export type LayoutCell = {
  spot: string;
  /** 1-based grid line where the cell starts, and how many tracks it spans. */
  column: number;
  row: number;
  columns: number;
  rows: number;
  title: string;
  /** The price, straight from the paytable: "0.95:1", "180:1", "1:1 · 2:1 · 3:1". */
  payout: string;
  note: string | null;
  /** Dice faces drawn in the cell (sic bo), or none. */
  dice: number[];
  tone: SpotTone;
  emphasis: SpotEmphasis;
};

export type LayoutBand = { id: string; label: string; columns: number; rows: number; cells: LayoutCell[] };
export type GameLayout = { game: LayoutGame; bands: LayoutBand[]; footnote: string | null };

type Place = { column: number; row: number; columns?: number; rows?: number };
type CellText = Omit<LayoutCell, 'column' | 'row' | 'columns' | 'rows'>;

function cell(text: CellText, place: Place): LayoutCell {
  return { ...text, column: place.column, row: place.row, columns: place.columns ?? 1, rows: place.rows ?? 1 };
}

/** "n:1", with hundredths when the price is not whole: 95 per 100 is "0.95:1". */
export function ratioText(perHundred: number): string {
  const whole = Math.floor(perHundred / 100);
  const cents = perHundred % 100;
  return cents === 0 ? `${whole}:1` : `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}:1`;
}

// ---------------------------------------------------------------- baccarat

const BACCARAT_TEXT: Record<BaccaratBetKind, Omit<CellText, 'spot' | 'payout' | 'dice'>> = {
  player: { title: 'Player', note: null, tone: 'player', emphasis: 'main' },
  banker: { title: 'Banker', note: null, tone: 'banker', emphasis: 'main' },
  tie: { title: 'Tie', note: null, tone: 'tie', emphasis: 'side' },
  'player-pair': { title: 'P Pair', note: null, tone: 'player', emphasis: 'side' },
  'banker-pair': { title: 'B Pair', note: null, tone: 'banker', emphasis: 'side' },
};

/** Side bets above, Player and Banker below, as on the felt: the same on a phone. */
const BACCARAT_PLACES: Record<BaccaratBetKind, Place> = {
  'player-pair': { column: 1, row: 1, columns: 2 },
  tie: { column: 3, row: 1, columns: 2 },
  'banker-pair': { column: 5, row: 1, columns: 2 },
  player: { column: 1, row: 2, columns: 3 },
  banker: { column: 4, row: 2, columns: 3 },
};

function baccaratLayout(): GameLayout {
  const cells = [...baccaratSpots.values()].map((spot) =>
    cell({ spot: spot.id, payout: ratioText(spot.payoutPercent), dice: [], ...BACCARAT_TEXT[spot.kind] }, BACCARAT_PLACES[spot.kind]),
  );
  return {
    game: 'baccarat',
    bands: [{ id: 'main', label: 'Baccarat bets', columns: 6, rows: 2, cells }],
    footnote: 'Player and Banker bets are returned on a tie. Banker wins pay 0.95:1 (5% commission).',
  };
}

// ---------------------------------------------------------------- dragon tiger

const DRAGON_TIGER_TEXT: Record<DragonTigerBetKind, Omit<CellText, 'spot' | 'payout' | 'dice'>> = {
  dragon: { title: 'Dragon', note: null, tone: 'dragon', emphasis: 'main' },
  tiger: { title: 'Tiger', note: null, tone: 'tiger', emphasis: 'main' },
  tie: { title: 'Tie', note: null, tone: 'tie', emphasis: 'side' },
  'suited-tie': { title: 'Suited Tie', note: null, tone: 'suited', emphasis: 'side' },
};

const DRAGON_TIGER_PLACES: Record<DragonTigerBetKind, Place> = {
  dragon: { column: 1, row: 1, columns: 2, rows: 2 },
  tie: { column: 3, row: 1, columns: 2 },
  'suited-tie': { column: 3, row: 2, columns: 2 },
  tiger: { column: 5, row: 1, columns: 2, rows: 2 },
};

function dragonTigerLayout(): GameLayout {
  const cells = [...dragonTigerSpots.values()].map((spot) =>
    cell(
      { spot: spot.id, payout: ratioText(spot.payout * 100), dice: [], ...DRAGON_TIGER_TEXT[spot.kind] },
      DRAGON_TIGER_PLACES[spot.kind],
    ),
  );
  return {
    game: 'dragon-tiger',
    bands: [{ id: 'main', label: 'Dragon Tiger bets', columns: 6, rows: 2, cells }],
    footnote: 'Dragon/Tiger lose half on a tie. Suited tie: same rank and suit.',
  };
}

// ---------------------------------------------------------------- sic bo

const FACES = [1, 2, 3, 4, 5, 6] as const;

/** Between the steps of a price ladder: "1:1 · 2:1 · 3:1". */
export const PRICE_SEPARATOR = ' · ';

/** The sic bo spot's price; a single number pays once per die that shows it. */
function sicboPayout(spotId: string): string {
  const spot = sicboSpots.get(spotId);
  if (!spot) throw new Error(`sic bo layout names unknown spot ${spotId}`);
  if (spot.kind === 'single') return [1, 2, 3].map((matches) => ratioText(spot.payout * matches * 100)).join(PRICE_SEPARATOR);
  return ratioText(spot.payout * 100);
}

function sicboText(spotId: string): CellText {
  const [kind, argument = ''] = spotId.split(':');
  const base = { spot: spotId, payout: sicboPayout(spotId), note: null, dice: [] as number[], tone: 'felt' as SpotTone };
  const faces = argument.split('-').map(Number);
  switch (kind) {
    case 'small':
      return { ...base, title: 'Small', note: '4–10', tone: 'small', emphasis: 'main' };
    case 'big':
      return { ...base, title: 'Big', note: '11–17', tone: 'big', emphasis: 'main' };
    case 'odd':
      return { ...base, title: 'Odd', emphasis: 'main' };
    case 'even':
      return { ...base, title: 'Even', emphasis: 'main' };
    case 'any-triple':
      return { ...base, title: 'Any triple', emphasis: 'side', tone: 'suited' };
    case 'double':
      return { ...base, title: `Double ${argument}`, dice: [faces[0] ?? 0, faces[0] ?? 0], emphasis: 'compact' };
    case 'triple':
      return { ...base, title: `Triple ${argument}`, dice: [faces[0] ?? 0, faces[0] ?? 0, faces[0] ?? 0], emphasis: 'compact' };
    case 'total':
      return { ...base, title: argument, emphasis: 'compact' };
    case 'combo':
      return { ...base, title: `${faces[0]} & ${faces[1]}`, dice: faces, emphasis: 'compact' };
    case 'single':
      return { ...base, title: `Single ${argument}`, dice: [faces[0] ?? 0], emphasis: 'side' };
    default:
      throw new Error(`sic bo layout has no place for ${spotId}`);
  }
}

const COMBOS = FACES.flatMap((low) => FACES.filter((high) => high > low).map((high) => `combo:${low}-${high}`));
const TOTALS = Array.from({ length: 14 }, (_, index) => `total:${index + 4}`);

/**
 * Wide, as on the table: Small and Odd, doubles, specific triples stacked
 * round Any triple, doubles, Even and Big along the top; then the totals,
 * the fifteen two-dice combinations and the single numbers.
 */
function sicboWide(): LayoutBand[] {
  const top: [string, Place][] = [
    ['small', { column: 1, row: 1, columns: 3, rows: 3 }],
    ['odd', { column: 4, row: 1, columns: 2, rows: 3 }],
    ...[1, 2, 3].map((face, index): [string, Place] => [`double:${face}`, { column: 6 + index, row: 1, rows: 3 }]),
    ...[1, 2, 3].map((face, index): [string, Place] => [`triple:${face}`, { column: 9, row: 1 + index, columns: 2 }]),
    ['any-triple', { column: 11, row: 1, columns: 3, rows: 3 }],
    ...[4, 5, 6].map((face, index): [string, Place] => [`triple:${face}`, { column: 14, row: 1 + index, columns: 2 }]),
    ...[4, 5, 6].map((face, index): [string, Place] => [`double:${face}`, { column: 16 + index, row: 1, rows: 3 }]),
    ['even', { column: 19, row: 1, columns: 2, rows: 3 }],
    ['big', { column: 21, row: 1, columns: 3, rows: 3 }],
  ];
  return [
    band('top', 'Small, Big, Odd, Even, doubles and triples', 23, 3, top),
    band('totals', 'Totals', 14, 1, TOTALS.map((spot, index) => [spot, { column: 1 + index, row: 1 }])),
    band('combos', 'Two-dice combinations', 15, 1, COMBOS.map((spot, index) => [spot, { column: 1 + index, row: 1 }])),
    band('singles', 'Single numbers', 6, 1, FACES.map((face, index) => [`single:${face}`, { column: 1 + index, row: 1 }])),
  ];
}

/** Narrow: the same spots in more rows, so every box stays finger-sized on a 375 px phone. */
function sicboNarrow(): LayoutBand[] {
  const top: [string, Place][] = [
    ['small', { column: 1, row: 1, columns: 3 }],
    ['odd', { column: 4, row: 1, columns: 3 }],
    ['even', { column: 7, row: 1, columns: 3 }],
    ['big', { column: 10, row: 1, columns: 3 }],
    ...FACES.map((face, index): [string, Place] => [`double:${face}`, { column: 1 + 2 * index, row: 2, columns: 2 }]),
    ...FACES.map((face, index): [string, Place] => [`triple:${face}`, { column: 1 + 2 * index, row: 3, columns: 2 }]),
    ['any-triple', { column: 1, row: 4, columns: 12 }],
  ];
  return [
    band('top', 'Small, Big, Odd, Even, doubles and triples', 12, 4, top),
    band('totals', 'Totals', 7, 2, TOTALS.map((spot, index) => [spot, { column: 1 + (index % 7), row: 1 + Math.floor(index / 7) }])),
    band('combos', 'Two-dice combinations', 5, 3, COMBOS.map((spot, index) => [spot, { column: 1 + (index % 5), row: 1 + Math.floor(index / 5) }])),
    band('singles', 'Single numbers', 6, 1, FACES.map((face, index) => [`single:${face}`, { column: 1 + index, row: 1 }])),
  ];
}

function band(id: string, label: string, columns: number, rows: number, places: [string, Place][]): LayoutBand {
  return { id, label, columns, rows, cells: places.map(([spot, place]) => cell(sicboText(spot), place)) };
}

function sicboLayout(arrangement: Arrangement): GameLayout {
  return {
    game: 'sicbo',
    bands: arrangement === 'wide' ? sicboWide() : sicboNarrow(),
    footnote: 'Small, Big, Odd and Even lose on any triple. A single number pays once for each die showing it.',
  };
}

// ---------------------------------------------------------------- all

const LAYOUTS: Record<LayoutGame, Record<Arrangement, GameLayout>> = {
  baccarat: { wide: baccaratLayout(), narrow: baccaratLayout() },
  'dragon-tiger': { wide: dragonTigerLayout(), narrow: dragonTigerLayout() },
  sicbo: { wide: sicboLayout('wide'), narrow: sicboLayout('narrow') },
};

export function isLayoutGame(game: GameId): game is LayoutGame {
  return Object.hasOwn(LAYOUTS, game);
}

export function gameLayout(game: LayoutGame, arrangement: Arrangement): GameLayout {
  return LAYOUTS[game][arrangement];
}

/** Every spot id a layout draws, band by band. */
export function layoutSpotIds(layout: GameLayout): string[] {
  return layout.bands.flatMap((layoutBand) => layoutBand.cells.map((layoutCell) => layoutCell.spot));
}
