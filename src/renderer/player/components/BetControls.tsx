// Rebet, Double, Undo and Clear: only while betting is open.
import { useCommands, usePlayerState } from '../hooks/player-context.ts';
import { hasAnyBet, rebetBets, undoBetIds } from '../state/bet-plan.ts';
import { canBet } from '../state/selectors.ts';

export function BetControls() {
  const state = usePlayerState();
  const commands = useCommands();
  const open = canBet(state);
  const anyBet = hasAnyBet(state);
  return (
    <div className="bet-controls">
      <button
        type="button"
        className="secondary"
        data-testid="rebet"
        disabled={!open || rebetBets(state).length === 0}
        onClick={commands.rebet}
      >
        Rebet
      </button>
      <button type="button" className="secondary" data-testid="double" disabled={!open || !anyBet} onClick={commands.double}>
        Double
      </button>
      <button
        type="button"
        className="secondary"
        data-testid="undo"
        disabled={!open || undoBetIds(state).length === 0}
        onClick={commands.undo}
      >
        Undo
      </button>
      <button type="button" className="secondary danger" data-testid="clear" disabled={!open || !anyBet} onClick={commands.clear}>
        Clear
      </button>
    </div>
  );
}
