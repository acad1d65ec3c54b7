// The Dragon Tiger scoreboard, under the layout: the tally and its split,
// the bead road (every coup, ties included) and the big road (streaks, ties
// as slashes), newest at the right, built from the table's history. On a
// laptop the two roads sit side by side with cells of one size.
import { useMemo } from 'react';
import { isSuitedTie } from '../../../shared/games/dragon-tiger.ts';
import { usePlayerState } from '../hooks/player-context.ts';
import { dragonTigerCoups, dragonTigerTally, streakRoad } from '../lib/game-stats.ts';
import { beadCells, roadWindow } from '../lib/road-geometry.ts';
import type { Arrangement } from '../lib/table-layouts.ts';
import { BeadMark, RingMark, RoadGrid, TieSlash } from './RoadGrid.tsx';
import { ShareBar } from './ShareBar.tsx';

/** Wide: 12 + 30 columns of one cell size across the play area; narrow: each road the full width. */
const COLUMNS: Record<Arrangement, { bead: number; big: number }> = {
  wide: { bead: 12, big: 30 },
  narrow: { bead: 12, big: 24 },
};
const LETTER = { dragon: 'D', tiger: 'T', tie: '=' } as const;
const NAME = { dragon: 'Dragon', tiger: 'Tiger' } as const;

export function DragonTigerHistory({ arrangement }: { arrangement: Arrangement }) {
  const { history } = usePlayerState();
  const coups = useMemo(() => dragonTigerCoups(history), [history]);
  const tally = dragonTigerTally(coups);
  const road = useMemo(() => streakRoad(coups.map(({ round, outcome }) => ({ round, winner: outcome.winner }))), [coups]);
  const columns = COLUMNS[arrangement];
  const beads = roadWindow(
    beadCells(coups.map(({ round, outcome }) => ({ round, winner: outcome.winner, suited: isSuitedTie(outcome) }))),
    columns.bead,
  );
  const big = roadWindow(road.cells, columns.big);
  const firstRound = road.cells[0]?.value.round;

  return (
    <section
      className={`panel scoreboard scoreboard-${arrangement} dt-history`}
      aria-label="Dragon Tiger results"
      data-testid="dragon-tiger-history"
      data-count={tally.coups}
    >
      <header className="scoreboard-header">
        <h2>
          Results <span className="muted">· {tally.coups}</span>
        </h2>
        <div className="tally">
          <span className="tally-pill tally-dragon">Dragon {tally.dragon}</span>
          <span className="tally-pill tally-tiger">Tiger {tally.tiger}</span>
          <span className="tally-pill tally-tie">Tie {tally.tie}</span>
          {tally.suitedTie > 0 && <span className="tally-pill tally-suited">Suited {tally.suitedTie}</span>}
        </div>
      </header>
      <ShareBar
        parts={[
          ['dragon', tally.dragon],
          ['tiger', tally.tiger],
          ['tie', tally.tie],
        ]}
      />
      {tally.streak && tally.streak.length >= 2 && (
        <p className="streak">
          {NAME[tally.streak.winner]} streak ×{tally.streak.length}
        </p>
      )}
      <div className="roads dt-roads">
        <RoadGrid
          road={beads}
          label={`Bead road, ${tally.coups} results`}
          className="road-bead"
          testId="dragon-tiger-bead-road"
          cellData={(cell) => ({ 'data-round': cell.value.round, 'data-winner': cell.value.winner })}
          renderMark={(cell) => (
            <BeadMark tone={cell.value.suited ? 'suited' : cell.value.winner} letter={LETTER[cell.value.winner]} />
          )}
        />
        <RoadGrid
          road={big}
          label="Big road"
          className="road-big"
          testId="dragon-tiger-big-road"
          cellData={(cell) => ({ 'data-round': cell.value.round, 'data-winner': cell.value.winner })}
          renderMark={(cell) => (
            <>
              <RingMark tone={cell.value.winner} />
              <TieSlash ties={cell.value.ties + (cell.value.round === firstRound ? road.leadingTies : 0)} />
            </>
          )}
        >
          {road.cells.length === 0 && road.leadingTies > 0 && <TieSlash ties={road.leadingTies} />}
        </RoadGrid>
      </div>
    </section>
  );
}
