// Which fairness scheme a table runs. It is fixed when the table is created;
// a creator who names none gets defaultFairnessFor(game). The server's schema
// (api.ts), the console's new-table form and the tables serve and the desktop
// create at startup all ask this one function, so they cannot disagree.
import type { GameId } from './protocol.ts';

export const FAIRNESS_SCHEMES = ['pf1', 'pf2'] as const;
export type FairnessScheme = (typeof FAIRNESS_SCHEMES)[number];

/**
 * The scheme a new table of this game runs unless its creator picks one:
 * pf2 (docs/PF2.md), which no operator can steer, for every game (blackjack
 * deals from its segmented shoe, PF2.md §9).
 */
export function defaultFairnessFor(game: GameId): FairnessScheme {
  return FAIRNESS_BY_GAME[game];
}

const FAIRNESS_BY_GAME: Readonly<Record<GameId, FairnessScheme>> = {
  'roulette-eu': 'pf2',
  baccarat: 'pf2',
  'dragon-tiger': 'pf2',
  sicbo: 'pf2',
  blackjack: 'pf2',
};
