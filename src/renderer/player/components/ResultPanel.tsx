// The last result and what the round paid me. Roulette: the winning number,
// big and in its colour, popping in with a CSS animation replayed for each
// new round. The card games deal their cards and sic bo throws its dice
// (BaccaratResult, DragonTigerResult, SicboResult); blackjack deals on its
// table and sums the round up here (BlackjackResult).
import type { GameId } from '../../../shared/protocol.ts';
import { isBaccaratOutcome } from '../../../shared/games/baccarat.ts';
import { isDragonTigerOutcome } from '../../../shared/games/dragon-tiger.ts';
import { pocketColor } from '../../../shared/games/roulette.ts';
import { isSicboOutcome } from '../../../shared/games/sicbo.ts';
import { isBlackjackOutcome } from '../../../shared/games/blackjack.ts';
import { usePlayerState } from '../hooks/player-context.ts';
import { lastResult } from '../state/selectors.ts';
import { pocketOf } from '../lib/pocket-of.ts';
import { myBlackjackSpots } from '../lib/blackjack-table.ts';
import { BaccaratResult } from './BaccaratResult.tsx';
import { BlackjackResult } from './BlackjackResult.tsx';
import { DragonTigerResult } from './DragonTigerResult.tsx';
import { RoundPayout } from './RoundPayout.tsx';
import { SicboResult } from './SicboResult.tsx';

const WAITING_TEXT: Partial<Record<GameId, string>> = {
  'roulette-eu': 'The winning number shows here',
  baccarat: 'The Player and Banker hands are dealt here',
  'dragon-tiger': 'The Dragon and Tiger cards are dealt here',
  sicbo: 'The three dice show here',
  blackjack: 'How the last round ended shows here',
};

export function ResultPanel() {
  const state = usePlayerState();
  const record = lastResult(state);
  const currency = state.table?.limits.currency;
  const game = state.table?.game ?? 'roulette-eu';
  // The outcome's own shape decides how it is drawn: a round recorded under another game never passes for this one's.
  if (record !== null && game === 'baccarat' && isBaccaratOutcome(record.outcome)) {
    return <BaccaratResult record={record} outcome={record.outcome} currency={currency} />;
  }
  if (record !== null && game === 'dragon-tiger' && isDragonTigerOutcome(record.outcome)) {
    return <DragonTigerResult record={record} outcome={record.outcome} currency={currency} />;
  }
  if (record !== null && game === 'sicbo' && isSicboOutcome(record.outcome)) {
    return <SicboResult record={record} outcome={record.outcome} currency={currency} />;
  }
  if (record !== null && game === 'blackjack' && isBlackjackOutcome(record.outcome)) {
    return (
      <BlackjackResult
        record={record}
        outcome={record.outcome}
        currency={currency}
        mySpots={myBlackjackSpots(state, record.round)}
        fairness={state.table?.fairness}
      />
    );
  }
  const pocket = record === null || game !== 'roulette-eu' ? null : pocketOf(record.outcome);
  if (record === null || pocket === null) {
    return (
      <div className={`result-panel is-empty result-empty-${game}`}>
        <span className="muted">{WAITING_TEXT[game] ?? 'The result shows here'}</span>
      </div>
    );
  }
  const color = pocketColor(pocket);
  return (
    <div className="result-panel">
      <div
        key={record.round}
        className={`result-number pocket-${color}`}
        data-testid="last-result"
        data-pocket={pocket}
        data-round={record.round}
        aria-live="polite"
      >
        <span className="result-pocket">{pocket}</span>
        <span className="result-color">{color}</span>
      </div>
      <div className="result-detail">
        <span className="muted">Round {record.round}</span>
        <RoundPayout record={record} currency={currency} />
      </div>
    </div>
  );
}
