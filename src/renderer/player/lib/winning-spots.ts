// What a result did to each spot, read off the shared paytable rather than
// restated: a spot "wins" when it returns more than its stake, "pushes" when
// it returns the stake (Player and Banker on a baccarat tie), and is "part"
// paid when some comes back (Dragon or Tiger on a tie lose half).
import type { GameId, Outcome } from '../../../shared/protocol.ts';
import { gameRules } from '../../../shared/games/index.ts';

export type SpotVerdict = 'win' | 'push' | 'part' | 'lose';

/** A stake big enough that every price and half-back comes out exact. */
const PROBE_MINOR = 10_000;

/** The verdict for each spot; empty when the outcome is not this game's (the table changed game, or a bad frame). */
export function spotVerdicts(game: GameId, outcome: Outcome, spotIds: readonly string[]): Map<string, SpotVerdict> {
  const verdicts = new Map<string, SpotVerdict>();
  try {
    const rules = gameRules(game);
    for (const spot of spotIds) {
      const returned = rules.payoutMinor(spot, PROBE_MINOR, outcome);
      verdicts.set(
        spot,
        returned > PROBE_MINOR ? 'win' : returned === PROBE_MINOR ? 'push' : returned > 0 ? 'part' : 'lose',
      );
    }
  } catch {
    verdicts.clear();
  }
  return verdicts;
}
