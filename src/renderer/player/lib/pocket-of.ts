// The roulette pocket of an outcome, or null for another game's outcome
// (the protocol's Outcome covers every game).
import type { Outcome } from '../../../shared/protocol.ts';
import { isRouletteOutcome } from '../../../shared/games/index.ts';

export function pocketOf(outcome: Outcome | null): number | null {
  return outcome !== null && isRouletteOutcome(outcome) ? outcome.pocket : null;
}
