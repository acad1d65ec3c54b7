// The European layout with every bet spot live: tap a spot to put the
// selected chip on it. Upright on phones, sideways on wider screens.
import type { CSSProperties } from 'react';
import { useLayoutBetting } from '../hooks/use-layout-betting.ts';
import { BOARD_SIZE, boardSpots, type Orientation } from '../lib/board-geometry.ts';
import { pocketOf } from '../lib/pocket-of.ts';
import { BetSpot } from './BetSpot.tsx';

type Props = { orientation: Orientation; chipMinor: number };

/** Cell width over cell height: tall cells sideways, wide cells upright, so numbers stay finger-sized on a phone. */
const CELL_ASPECT: Record<Orientation, number> = { horizontal: 0.78, vertical: 1.55 };

export function RouletteBoard({ orientation, chipMinor }: Props) {
  const { stakes, enabled, place, shownOutcome } = useLayoutBetting(chipMinor);
  const board = BOARD_SIZE[orientation];
  const winningPocket = pocketOf(shownOutcome);
  const style: CSSProperties = { aspectRatio: `${board.width * CELL_ASPECT[orientation]} / ${board.height}` };

  return (
    <div
      className={`board board-${orientation} ${enabled ? 'is-open' : 'is-locked'}`}
      style={style}
      role="group"
      aria-label="Roulette layout"
    >
      {boardSpots(orientation).map((spot) => (
        <BetSpot
          key={spot.id}
          spot={spot}
          board={board}
          stake={stakes.get(spot.id)}
          winning={winningPocket !== null && spot.pockets.includes(winningPocket)}
          enabled={enabled}
          onPlace={place}
        />
      ))}
    </div>
  );
}
