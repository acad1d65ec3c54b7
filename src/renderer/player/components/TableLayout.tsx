// The table page: header and round status on top, the layout with the chip
// dock in the middle, and the room (bets, history, fairness) beside it on a
// laptop or below it on a phone.
import { useState } from 'react';
import { RouletteBoard } from '../board/RouletteBoard.tsx';
import { usePlayerState } from '../hooks/player-context.ts';
import { useMediaQuery } from '../hooks/use-media-query.ts';
import { CHIP_VALUES_MINOR } from '../lib/chip-label.ts';
import { BetControls } from './BetControls.tsx';
import { ChipTray } from './ChipTray.tsx';
import { ClosedNotice } from './ClosedNotice.tsx';
import { FairnessPanel } from './FairnessPanel.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { ResultPanel } from './ResultPanel.tsx';
import { RoundStatus } from './RoundStatus.tsx';
import { TableBets } from './TableBets.tsx';
import { TableHeader } from './TableHeader.tsx';
import { Toasts } from './Toasts.tsx';

export function TableLayout() {
  const state = usePlayerState();
  const [chosenChip, setChosenChip] = useState<number>(CHIP_VALUES_MINOR[0]);
  const upright = useMediaQuery('(max-width: 759px)');
  const minBet = state.table?.limits.minBetMinor ?? 0;
  // A chip below the table minimum cannot be bet alone; fall back to the smallest one that can.
  const chip =
    chosenChip >= minBet ? chosenChip : (CHIP_VALUES_MINOR.find((value) => value >= minBet) ?? chosenChip);

  return (
    <div className="table-page">
      <TableHeader />
      <RoundStatus />
      <ClosedNotice />
      {state.table === null ? (
        <p className="loading" role="status">
          Taking your seat…
        </p>
      ) : (
        <div className="table-grid">
          <section className="play-area" aria-label="Betting">
            <ResultPanel />
            {state.table.game === 'roulette-eu' ? (
              <RouletteBoard orientation={upright ? 'vertical' : 'horizontal'} chipMinor={chip} />
            ) : (
              // The server offers other games; this page draws the roulette layout only so far.
              <p className="closed-notice">This table plays {state.table.game}; this page can only seat you at roulette.</p>
            )}
            <div className="bet-dock">
              <ChipTray selectedMinor={chip} minBetMinor={minBet} onSelect={setChosenChip} />
              <BetControls />
            </div>
          </section>
          <aside className="side-area" aria-label="Table">
            <TableBets />
            <HistoryPanel />
            <FairnessPanel />
          </aside>
        </div>
      )}
      <Toasts />
    </div>
  );
}
