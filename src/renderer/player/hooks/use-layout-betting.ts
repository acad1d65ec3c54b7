// What every game's layout needs to take bets: my stake per spot, whether the
// round takes bets, a tap that puts the selected chip on a spot (through the
// one bet planner and outbox all games share), and the outcome to light up
// once the result is in.
import { useCallback, useMemo } from 'react';
import type { Outcome } from '../../../shared/protocol.ts';
import { canBet, spotStakes, type SpotStake } from '../state/selectors.ts';
import { useCommands, usePlayerState } from './player-context.ts';

export type LayoutBetting = {
  stakes: Map<string, SpotStake>;
  enabled: boolean;
  place: (spotId: string) => void;
  /** The live round's outcome while it is on show (result or settled), else null. */
  shownOutcome: Outcome | null;
};

export function useLayoutBetting(chipMinor: number): LayoutBetting {
  const state = usePlayerState();
  const { placeBets } = useCommands();
  const stakes = useMemo(() => spotStakes(state), [state]);
  const round = state.round;
  const showsResult = round !== null && (round.phase === 'result' || round.phase === 'settled');
  const place = useCallback(
    (spotId: string) => placeBets([{ spot: spotId, amountMinor: chipMinor }]),
    [placeBets, chipMinor],
  );
  return { stakes, enabled: canBet(state), place, shownOutcome: showsResult ? round.outcome : null };
}
