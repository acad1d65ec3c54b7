// The baccarat scoreboard, built from the table's results (history plus the
// live round's result): the running tally, the bead plate, the big road and
// the three derived roads (big eye boy, small road, cockroach pig) as the
// shared roads module lays them out, and the "ask" marks each derived road
// would get if the next hand went to Banker or to Player.
import { useMemo } from 'react';
import {
  baccaratRoads,
  predictNext,
  roadResultOf,
  type BigRoadEntry,
  type DerivedMark,
  type DerivedPrediction,
  type RoadCell,
} from '../../../shared/games/baccarat-roads.ts';
import { usePlayerState } from '../hooks/player-context.ts';
import { baccaratHands, baccaratTally } from '../lib/game-stats.ts';
import { roadWindow, scoreboardColumns } from '../lib/road-geometry.ts';
import type { Arrangement } from '../lib/table-layouts.ts';
import { BeadMark, PairDots, RingMark, RoadGrid, TieSlash } from './RoadGrid.tsx';
import { ShareBar } from './ShareBar.tsx';

const LETTER = { player: 'P', banker: 'B', tie: 'T' } as const;
const WINNER_NAME = { player: 'Player', banker: 'Banker' } as const;

export function BaccaratScoreboard({ arrangement }: { arrangement: Arrangement }) {
  const { history } = usePlayerState();
  const hands = useMemo(() => baccaratHands(history), [history]);
  const results = useMemo(() => hands.map((hand) => roadResultOf(hand.outcome)), [hands]);
  const roads = useMemo(() => baccaratRoads(results), [results]);
  const ask = useMemo(
    () => ({ banker: predictNext(results, 'banker'), player: predictNext(results, 'player') }),
    [results],
  );
  const tally = baccaratTally(hands);
  const columns = scoreboardColumns(arrangement);
  const roundOf = (hand: number): number | undefined => hands[hand]?.round;

  const beads = roadWindow(roads.beadPlate, columns.beadPlate);
  const big = roadWindow(roads.bigRoad.cells, columns.bigRoad);
  const firstHand = roads.bigRoad.streaks[0]?.[0]?.hand;
  const tiesOn = (entry: BigRoadEntry): number => entry.ties + (entry.hand === firstHand ? roads.bigRoad.leadingTies : 0);

  return (
    <section className={`panel scoreboard scoreboard-${arrangement}`} aria-label="Baccarat scoreboard">
      <header className="scoreboard-header">
        <h2>
          Scoreboard <span className="muted">· {tally.hands} hands</span>
        </h2>
        <div className="tally" data-testid="baccarat-tally">
          <span className="tally-pill tally-banker" data-count={tally.banker}>
            B {tally.banker}
          </span>
          <span className="tally-pill tally-player" data-count={tally.player}>
            P {tally.player}
          </span>
          <span className="tally-pill tally-tie" data-count={tally.tie}>
            T {tally.tie}
          </span>
          <span className="tally-pill tally-pair" title="Banker pairs">
            <i className="pair-dot-inline pair-banker" /> {tally.bankerPair}
          </span>
          <span className="tally-pill tally-pair" title="Player pairs">
            <i className="pair-dot-inline pair-player" /> {tally.playerPair}
          </span>
        </div>
        <AskMarks ask={ask} />
      </header>
      <ShareBar
        parts={[
          ['banker', tally.banker],
          ['player', tally.player],
          ['tie', tally.tie],
        ]}
      />
      {tally.streak && tally.streak.length >= 2 && (
        <p className="streak">
          {WINNER_NAME[tally.streak.winner]} streak ×{tally.streak.length}
        </p>
      )}
      <div className="roads">
        <div className="road-area area-bead">
          <RoadGrid
            road={beads}
            label={`Bead plate, ${tally.hands} hands`}
            testId="baccarat-bead-plate"
            className="road-bead"
            cellData={(cell) => ({ 'data-round': roundOf(cell.value.hand), 'data-winner': cell.value.winner })}
            renderMark={(cell) => (
              <>
                <BeadMark tone={cell.value.winner} letter={LETTER[cell.value.winner]} />
                <PairDots bankerPair={cell.value.bankerPair} playerPair={cell.value.playerPair} />
              </>
            )}
          />
        </div>
        <div className="road-area area-big">
          <RoadGrid
            road={big}
            label="Big road"
            testId="baccarat-big-road"
            className="road-big"
            cellData={(cell) => ({
              'data-round': roundOf(cell.value.hand),
              'data-winner': cell.value.winner,
              'data-ties': tiesOn(cell.value) || undefined,
            })}
            renderMark={(cell) => (
              <>
                <RingMark tone={cell.value.winner} />
                <TieSlash ties={tiesOn(cell.value)} />
                <PairDots bankerPair={cell.value.bankerPair} playerPair={cell.value.playerPair} />
              </>
            )}
          >
            {roads.bigRoad.streaks.length === 0 && roads.bigRoad.leadingTies > 0 && <TieSlash ties={roads.bigRoad.leadingTies} />}
          </RoadGrid>
        </div>
        <DerivedRoad area="eye" label="Big eye boy" testId="baccarat-big-eye-boy" kind="ring" cells={roads.bigEyeBoy.cells} columns={columns.bigEyeBoy} />
        <DerivedRoad area="small" label="Small road" testId="baccarat-small-road" kind="dot" cells={roads.smallRoad.cells} columns={columns.smallRoad} />
        <DerivedRoad
          area="roach"
          label="Cockroach pig"
          testId="baccarat-cockroach-pig"
          kind="slash"
          cells={roads.cockroachPig.cells}
          columns={columns.cockroachPig}
        />
      </div>
    </section>
  );
}

type DerivedKind = 'ring' | 'dot' | 'slash';

function DerivedRoad(props: {
  area: string;
  label: string;
  testId: string;
  kind: DerivedKind;
  cells: RoadCell<DerivedMark>[];
  columns: number;
}) {
  const road = roadWindow(props.cells, props.columns);
  return (
    <div className={`road-area area-${props.area}`}>
      <span className="road-name">{props.label}</span>
      <RoadGrid
        road={road}
        label={props.label}
        testId={props.testId}
        className="road-derived"
        cellData={(cell) => ({ 'data-mark': cell.value })}
        renderMark={(cell) => <DerivedGlyph kind={props.kind} mark={cell.value} />}
      />
    </div>
  );
}

function DerivedGlyph({ kind, mark }: { kind: DerivedKind; mark: DerivedMark }) {
  if (kind === 'ring') return <RingMark tone={mark} thin />;
  if (kind === 'dot') return <circle cx={5} cy={5} r={3.6} className={`derived-dot derived-${mark}`} />;
  return <path d="M2.4 7.6L7.6 2.4" className={`derived-slash derived-${mark}`} />;
}

/** Banker ask / Player ask: the next mark of each derived road for either result. */
function AskMarks({ ask }: { ask: { banker: DerivedPrediction; player: DerivedPrediction } }) {
  return (
    <div className="ask" aria-label="What the derived roads would show after the next hand">
      {(['banker', 'player'] as const).map((side) => (
        <span key={side} className={`ask-side ask-${side}`} title={`If ${WINNER_NAME[side]} wins next`}>
          <span className={`ask-letter bead-${side}`}>{LETTER[side]}</span>
          <svg viewBox="0 0 30 10" className="ask-marks" aria-hidden="true">
            {ask[side].bigEyeBoy && (
              <g>
                <RingMark tone={ask[side].bigEyeBoy} thin />
              </g>
            )}
            {ask[side].smallRoad && (
              <g transform="translate(10 0)">
                <DerivedGlyph kind="dot" mark={ask[side].smallRoad} />
              </g>
            )}
            {ask[side].cockroachPig && (
              <g transform="translate(20 0)">
                <DerivedGlyph kind="slash" mark={ask[side].cockroachPig} />
              </g>
            )}
          </svg>
        </span>
      ))}
    </div>
  );
}
