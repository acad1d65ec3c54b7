// The betting layout of baccarat, dragon tiger and sic bo: bands of bet
// boxes on the felt (lib/table-layouts.ts), tap one to put the selected chip
// on it. Betting goes through the same planner and outbox as roulette.
import { useMemo, type CSSProperties } from 'react';
import { gameRules } from '../../../shared/games/index.ts';
import { usePlayerState } from '../hooks/player-context.ts';
import { useLayoutBetting } from '../hooks/use-layout-betting.ts';
import { gameLayout, layoutSpotIds, type Arrangement, type LayoutGame } from '../lib/table-layouts.ts';
import { revealDelayMs } from '../lib/reveal.ts';
import { spotVerdicts } from '../lib/winning-spots.ts';
import { LayoutSpot } from './LayoutSpot.tsx';

type Props = { game: LayoutGame; arrangement: Arrangement; chipMinor: number };

export function GridBoard({ game, arrangement, chipMinor }: Props) {
  const { spotTotals } = usePlayerState();
  const { stakes, enabled, place, shownOutcome } = useLayoutBetting(chipMinor);
  const layout = gameLayout(game, arrangement);
  const verdicts = useMemo(
    () => (shownOutcome === null ? new Map() : spotVerdicts(game, shownOutcome, layoutSpotIds(layout))),
    [game, layout, shownOutcome],
  );

  // Winning spots light up once the last card is face up, not before.
  const style = { '--reveal-ms': `${shownOutcome === null ? 0 : revealDelayMs(shownOutcome)}ms` } as CSSProperties;

  return (
    <div
      style={style}
      className={`grid-board grid-board-${game} grid-board-${arrangement} ${enabled ? 'is-open' : 'is-locked'} ${shownOutcome ? 'shows-result' : ''}`}
      role="group"
      aria-label={`${gameRules(game).name} layout`}
    >
      {layout.bands.map((band) => (
        <div
          key={band.id}
          className={`layout-band band-${band.id}`}
          role="group"
          aria-label={band.label}
          style={{ gridTemplateColumns: `repeat(${band.columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${band.rows}, auto)` }}
        >
          {band.cells.map((cell) => (
            <LayoutSpot
              key={cell.spot}
              game={game}
              cell={cell}
              stake={stakes.get(cell.spot)}
              tableMinor={spotTotals[cell.spot] ?? 0}
              verdict={verdicts.get(cell.spot)}
              enabled={enabled}
              onPlace={place}
            />
          ))}
        </div>
      ))}
      {layout.footnote && <p className="layout-footnote">{layout.footnote}</p>}
    </div>
  );
}
