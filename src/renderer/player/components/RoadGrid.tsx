// A scoreboard road drawn as SVG: a ruled grid of 6 rows and a fixed number
// of columns (lib/road-geometry.ts slides a long road left), and a mark per
// cell drawn by the caller in a 10 × 10 box. Scales with its container.
import type { ReactNode } from 'react';
import type { RoadCell } from '../../../shared/games/baccarat-roads.ts';
import type { RoadWindow } from '../lib/road-geometry.ts';

export const ROAD_CELL = 10;

type Props<T> = {
  road: RoadWindow<T>;
  label: string;
  className?: string;
  testId?: string;
  /** Attributes for the cell's group (data-round, data-winner…), so tests and tools can read the road. */
  cellData?: (cell: RoadCell<T>) => Record<string, string | number | undefined>;
  renderMark: (cell: RoadCell<T>) => ReactNode;
  /** Drawn over the grid after the marks (e.g. ties before the first win). */
  children?: ReactNode;
};

export function RoadGrid<T>({ road, label, className = '', testId, cellData, renderMark, children }: Props<T>) {
  const width = road.columns * ROAD_CELL;
  const height = road.rows * ROAD_CELL;
  const lines: string[] = [];
  for (let column = 1; column < road.columns; column++) lines.push(`M${column * ROAD_CELL} 0V${height}`);
  for (let row = 1; row < road.rows; row++) lines.push(`M0 ${row * ROAD_CELL}H${width}`);
  return (
    <svg
      className={`road ${className}`}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      data-testid={testId}
      data-hidden-columns={road.hiddenColumns}
    >
      <rect className="road-paper" width={width} height={height} />
      <path className="road-rule" d={lines.join('')} />
      {road.cells.map((cell) => (
        <g
          key={`${cell.column},${cell.row}`}
          transform={`translate(${cell.column * ROAD_CELL} ${cell.row * ROAD_CELL})`}
          className="road-cell"
          {...(cellData ? cellData(cell) : {})}
        >
          {renderMark(cell)}
        </g>
      ))}
      {children}
    </svg>
  );
}

/** A filled bead with a letter: bead plates. */
export function BeadMark({ tone, letter }: { tone: string; letter: string }) {
  return (
    <>
      <circle cx={5} cy={5} r={4.3} className={`bead bead-${tone}`} />
      <text x={5} y={5} dy="0.36em" textAnchor="middle" className="bead-letter">
        {letter}
      </text>
    </>
  );
}

/** A hollow ring: big road and big eye boy. */
export function RingMark({ tone, thin = false }: { tone: string; thin?: boolean }) {
  return <circle cx={5} cy={5} r={thin ? 3.4 : 3.6} className={`ring ring-${tone} ${thin ? 'is-thin' : ''}`} />;
}

/** Ties on a big road: a green slash through the cell, with the count when there was more than one. */
export function TieSlash({ ties }: { ties: number }) {
  if (ties <= 0) return null;
  return (
    <>
      <path d="M2.2 8.2L7.8 1.8" className="tie-slash" />
      {ties > 1 && (
        <text x={5} y={5} dy="0.36em" textAnchor="middle" className="tie-count">
          {ties}
        </text>
      )}
    </>
  );
}

/** Pair dots: banker pair top left, player pair bottom right, as on every scoreboard. */
export function PairDots({ bankerPair, playerPair }: { bankerPair: boolean; playerPair: boolean }) {
  return (
    <>
      {bankerPair && <circle cx={1.9} cy={1.9} r={1.25} className="pair-dot pair-banker" />}
      {playerPair && <circle cx={8.1} cy={8.1} r={1.25} className="pair-dot pair-player" />}
    </>
  );
}
