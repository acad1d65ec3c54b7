// The game registry: everything the server, console, player page and
// verifier need to know about a game, behind one shape. Adding a game means
// adding its GameId in protocol.ts, its draw order in FAIRNESS.md §5, and an
// entry here.
import type { GameId, Outcome } from '../protocol.ts';
import type { Pf1Stream } from '../fairness/pf1.ts';
import {
  ROULETTE_RULES_VERSION,
  drawRoulette,
  roulettePayoutMinor,
  rouletteRtpByKind,
  rouletteSpots,
} from './roulette.ts';

export type GameRules = {
  id: GameId;
  name: string;
  rulesVersion: string;
  /** The bet kind of a spot id, or null when the game has no such spot. */
  spotKind(spotId: string): string | null;
  rtpByKind: Record<string, number>;
  /** The round's outcome under pf1, consuming the stream in the order §5 fixes. */
  draw(stream: Pf1Stream): Outcome;
  /** Total returned for one bet (stake included), 0 on a loss. */
  payoutMinor(spotId: string, amountMinor: number, outcome: Outcome): number;
};

const rouletteEu: GameRules = {
  id: 'roulette-eu',
  name: 'European Roulette',
  rulesVersion: ROULETTE_RULES_VERSION,
  spotKind: (spotId) => rouletteSpots.get(spotId)?.kind ?? null,
  rtpByKind: rouletteRtpByKind,
  draw: drawRoulette,
  payoutMinor: roulettePayoutMinor,
};

export const games: Readonly<Record<GameId, GameRules>> = Object.freeze({
  'roulette-eu': rouletteEu,
});

/** Throws on an id that is not a GameId: ids from the network are parsed with gameIdSchema first. */
export function gameRules(id: GameId): GameRules {
  // Own-property check so "constructor" or "__proto__" never resolve to something.
  if (!Object.hasOwn(games, id)) throw new Error(`unknown game ${JSON.stringify(id)}`);
  return games[id];
}
