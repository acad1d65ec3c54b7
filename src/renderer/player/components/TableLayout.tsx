// The table page: header and round status on top, the game's layout with the
// chip dock in the middle, and the room (bets, history, fairness) beside it
// on a laptop or below it on a phone. Roulette draws its own board and keeps
// its history beside it; baccarat, dragon tiger and sic bo draw a grid
// layout with their scoreboard (roads, results, statistics) under the dock;
// blackjack draws its table of seven seats, and while the round is played
// the dock holds the decision buttons instead of the chips.
import { useEffect, useState, type CSSProperties } from 'react';
import type { GameId } from '../../../shared/protocol.ts';
import { BlackjackTable } from '../board/BlackjackTable.tsx';
import { GridBoard } from '../board/GridBoard.tsx';
import { RouletteBoard } from '../board/RouletteBoard.tsx';
import { usePlayerState } from '../hooks/player-context.ts';
import { useMediaQuery } from '../hooks/use-media-query.ts';
import { CHIP_VALUES_MINOR } from '../lib/chip-label.ts';
import { DEAL_INTERVAL_MS, DICE_ROLL_MS, DICE_STAGGER_MS, FLIP_DELAY_MS, FLIP_MS } from '../lib/reveal.ts';
import { isLayoutGame } from '../lib/table-layouts.ts';
import { BaccaratScoreboard } from './BaccaratScoreboard.tsx';
import { BetControls } from './BetControls.tsx';
import { BlackjackDecisions } from './BlackjackDecisions.tsx';
import { BlackjackRules } from './BlackjackRules.tsx';
import { ChipTray } from './ChipTray.tsx';
import { ClosedNotice } from './ClosedNotice.tsx';
import { DragonTigerHistory } from './DragonTigerHistory.tsx';
import { FairnessPanel } from './FairnessPanel.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { ResultPanel } from './ResultPanel.tsx';
import { RoundStatus } from './RoundStatus.tsx';
import { SicboHistory } from './SicboHistory.tsx';
import { TableBets } from './TableBets.tsx';
import { TableHeader } from './TableHeader.tsx';
import { Toasts } from './Toasts.tsx';

/** The deal's rhythm, handed to the CSS animations so they and the reveal delay cannot drift apart. */
const DEAL_TIMING = {
  '--deal-ms': `${DEAL_INTERVAL_MS}ms`,
  '--flip-delay-ms': `${FLIP_DELAY_MS}ms`,
  '--flip-ms': `${FLIP_MS}ms`,
  '--dice-stagger-ms': `${DICE_STAGGER_MS}ms`,
  '--dice-roll-ms': `${DICE_ROLL_MS}ms`,
} as CSSProperties;

const GAME_TITLE: Partial<Record<GameId, string>> = {
  'roulette-eu': 'Roulette',
  baccarat: 'Baccarat',
  'dragon-tiger': 'Dragon Tiger',
  sicbo: 'Sic Bo',
  blackjack: 'Blackjack',
};

export function TableLayout() {
  const state = usePlayerState();
  const [chosenChip, setChosenChip] = useState<number>(CHIP_VALUES_MINOR[0]);
  const upright = useMediaQuery('(max-width: 759px)');
  const minBet = state.table?.limits.minBetMinor ?? 0;
  // A chip below the table minimum cannot be bet alone; fall back to the smallest one that can.
  const chip =
    chosenChip >= minBet ? chosenChip : (CHIP_VALUES_MINOR.find((value) => value >= minBet) ?? chosenChip);
  const game = state.table?.game ?? null;
  const arrangement = upright ? 'narrow' : 'wide';
  const deciding = game === 'blackjack' && state.round?.phase === 'playing';

  useEffect(() => {
    if (game !== null) document.title = `Pitboss · ${GAME_TITLE[game] ?? game}`;
  }, [game]);

  return (
    <div className={`table-page ${game ? `game-${game}` : ''}`} style={DEAL_TIMING}>
      <TableHeader />
      <RoundStatus />
      <ClosedNotice />
      {state.table === null || game === null ? (
        <p className="loading" role="status">
          Taking your seat…
        </p>
      ) : (
        <div className="table-grid">
          <section className="play-area" aria-label="Betting">
            <ResultPanel />
            {game === 'roulette-eu' ? (
              <RouletteBoard orientation={upright ? 'vertical' : 'horizontal'} chipMinor={chip} />
            ) : game === 'blackjack' ? (
              <BlackjackTable arrangement={arrangement} chipMinor={chip} />
            ) : isLayoutGame(game) ? (
              <GridBoard game={game} arrangement={arrangement} chipMinor={chip} />
            ) : (
              // A game the server offers that this page cannot draw yet.
              <p className="closed-notice">This table plays {game}; this page cannot seat you at it yet.</p>
            )}
            <div className={`bet-dock ${deciding ? 'is-deciding' : ''}`}>
              {deciding ? (
                <BlackjackDecisions />
              ) : (
                <>
                  <ChipTray selectedMinor={chip} minBetMinor={minBet} onSelect={setChosenChip} />
                  <BetControls />
                </>
              )}
            </div>
            {game === 'baccarat' && <BaccaratScoreboard arrangement={arrangement} />}
            {game === 'dragon-tiger' && <DragonTigerHistory arrangement={arrangement} />}
            {game === 'sicbo' && <SicboHistory arrangement={arrangement} />}
          </section>
          <aside className="side-area" aria-label="Table">
            <TableBets />
            {game === 'roulette-eu' && <HistoryPanel />}
            {game === 'blackjack' && <BlackjackRules />}
            <FairnessPanel />
          </aside>
        </div>
      )}
      <Toasts />
    </div>
  );
}
