// The game registry: everything the server, console, player page and
// verifier need to know about a game, behind one shape. Adding a game means
// adding its GameId in protocol/table-views.ts, its draw order in FAIRNESS.md
// §5, and an entry here.
import type { GameId, Outcome, RouletteOutcome } from '../protocol.ts';
import { Pf1Stream } from '../fairness/pf1.ts';
import type { DrawInputs } from './blackjack-dealing.ts';
import {
  ROULETTE_RULES_VERSION,
  drawRoulette,
  roulettePayoutMinor,
  rouletteRtpByKind,
  rouletteSpots,
} from './roulette.ts';
import {
  BACCARAT_RULES_VERSION,
  baccaratPayoutMinor,
  baccaratRtpByKind,
  baccaratSpots,
  drawBaccarat,
  isBaccaratOutcome,
} from './baccarat.ts';
import { dragonTiger, drawDragonTiger, isDragonTigerOutcome } from './dragon-tiger.ts';
import { SICBO_RULES_VERSION, drawSicbo, isSicboOutcome, sicboPayoutMinor, sicboRtpByKind, sicboSpots } from './sicbo.ts';
import { BLACKJACK_RULES_VERSION, blackjackPf2RtpByKind, blackjackRtpByKind, isBlackjackOutcome } from './blackjack.ts';
import { blackjackSpotKind, blackjackSpotPayoutMinor, isPlaceableBlackjackSpot, recomputeBlackjack } from './blackjack-spots.ts';
import { blackjackSeats, type InteractiveRules } from './blackjack-seats.ts';

export type GameRules = {
  id: GameId;
  name: string;
  rulesVersion: string;
  /** The bet kind of a spot id, or null when the game has no such spot. */
  spotKind(spotId: string): string | null;
  /** Whether a player may bet on the spot; some spots hold only stakes the server creates (blackjack's doubles). */
  isPlaceable(spotId: string): boolean;
  rtpByKind: Record<string, number>;
  /** Where pf2 changes what a bet returns (blackjack's bets behind play a hand of their own); absent when it does not. */
  pf2RtpByKind?: Record<string, number>;
  /**
   * The round's outcome under pf1, consuming the stream in the order §5 fixes.
   * Only for games of chance: an interactive game's outcome depends on the
   * players' decisions too, and is re-checked with `recompute`.
   */
  draw(stream: Pf1Stream): Outcome;
  /**
   * What the round's inputs give for a published round, to compare with the
   * published outcome: `draw` on their stream for a game of chance; for
   * blackjack the published decisions replayed on the round's shoe (pf1's
   * one shoe, or pf2's segments). Throws on an outcome it cannot replay.
   */
  recompute(inputs: DrawInputs, published: Outcome): Outcome;
  /** Total returned for one bet (stake included), 0 on a loss. */
  payoutMinor(spotId: string, amountMinor: number, outcome: Outcome): number;
  /** A game dealt at seats and played decision by decision (blackjack): its seat rules; null for a game of chance. */
  interactive: InteractiveRules | null;
};

/** A game of chance draws the same way under pf1 and pf2: from the stream of h[i], c and n. */
function streamOf(inputs: DrawInputs): Pf1Stream {
  return new Pf1Stream(inputs.serverSeed, inputs.clientString, inputs.round);
}

/** Only a roulette outcome has a pocket. */
export function isRouletteOutcome(outcome: Outcome): outcome is RouletteOutcome {
  return 'pocket' in outcome;
}

/**
 * Narrows the shared Outcome to the game's own before settling, so a round
 * recorded under one game can never be paid by another game's paytable.
 */
function settleWith<Own extends Outcome>(
  game: GameId,
  isOwn: (outcome: Outcome) => outcome is Own,
  payoutMinor: (spotId: string, amountMinor: number, outcome: Own) => number,
): GameRules['payoutMinor'] {
  return (spotId, amountMinor, outcome) => {
    if (!isOwn(outcome)) throw new TypeError(`not a ${game} outcome: ${JSON.stringify(outcome)}`);
    return payoutMinor(spotId, amountMinor, outcome);
  };
}

const rouletteEu: GameRules = {
  id: 'roulette-eu',
  name: 'European Roulette',
  rulesVersion: ROULETTE_RULES_VERSION,
  spotKind: (spotId) => rouletteSpots.get(spotId)?.kind ?? null,
  isPlaceable: (spotId) => rouletteSpots.has(spotId),
  rtpByKind: rouletteRtpByKind,
  draw: drawRoulette,
  recompute: (inputs) => drawRoulette(streamOf(inputs)),
  payoutMinor: settleWith('roulette-eu', isRouletteOutcome, roulettePayoutMinor),
  interactive: null,
};

const baccarat: GameRules = {
  id: 'baccarat',
  name: 'Baccarat',
  rulesVersion: BACCARAT_RULES_VERSION,
  spotKind: (spotId) => baccaratSpots.get(spotId)?.kind ?? null,
  isPlaceable: (spotId) => baccaratSpots.has(spotId),
  rtpByKind: baccaratRtpByKind,
  draw: drawBaccarat,
  recompute: (inputs) => drawBaccarat(streamOf(inputs)),
  payoutMinor: settleWith('baccarat', isBaccaratOutcome, baccaratPayoutMinor),
  interactive: null,
};

/** Tie pays 8:1 here; an 11:1 table would be dragonTigerRules({ tiePays: 11 }) under a GameId of its own. */
const dragonTigerGame: GameRules = {
  id: 'dragon-tiger',
  name: 'Dragon Tiger',
  rulesVersion: dragonTiger.rulesVersion,
  spotKind: (spotId) => dragonTiger.spots.get(spotId)?.kind ?? null,
  isPlaceable: (spotId) => dragonTiger.spots.has(spotId),
  rtpByKind: dragonTiger.rtpByKind,
  draw: drawDragonTiger,
  recompute: (inputs) => drawDragonTiger(streamOf(inputs)),
  payoutMinor: settleWith('dragon-tiger', isDragonTigerOutcome, dragonTiger.payoutMinor),
  interactive: null,
};

const sicbo: GameRules = {
  id: 'sicbo',
  name: 'Sic Bo',
  rulesVersion: SICBO_RULES_VERSION,
  spotKind: (spotId) => sicboSpots.get(spotId)?.kind ?? null,
  isPlaceable: (spotId) => sicboSpots.has(spotId),
  rtpByKind: sicboRtpByKind,
  draw: drawSicbo,
  recompute: (inputs) => drawSicbo(streamOf(inputs)),
  payoutMinor: settleWith('sicbo', isSicboOutcome, sicboPayoutMinor),
  interactive: null,
};

/** Six decks, seven seats plus bets behind; dealt and played decision by decision at the table (tables/blackjack-play.ts). */
const blackjack: GameRules = {
  id: 'blackjack',
  name: 'Blackjack',
  rulesVersion: BLACKJACK_RULES_VERSION,
  spotKind: blackjackSpotKind,
  isPlaceable: isPlaceableBlackjackSpot,
  rtpByKind: blackjackRtpByKind,
  pf2RtpByKind: blackjackPf2RtpByKind,
  draw: () => {
    throw new Error('blackjack is dealt at the table decision by decision; re-check a round with recompute');
  },
  recompute: recomputeBlackjack,
  payoutMinor: settleWith('blackjack', isBlackjackOutcome, blackjackSpotPayoutMinor),
  interactive: blackjackSeats,
};

export const games: Readonly<Record<GameId, GameRules>> = Object.freeze({
  'roulette-eu': rouletteEu,
  baccarat,
  'dragon-tiger': dragonTigerGame,
  sicbo,
  blackjack,
});

/** Throws on an id that is not a GameId: ids from the network are parsed with gameIdSchema first. */
export function gameRules(id: GameId): GameRules {
  // Own-property check so "constructor" or "__proto__" never resolve to something.
  if (!Object.hasOwn(games, id)) throw new Error(`unknown game ${JSON.stringify(id)}`);
  return games[id];
}
