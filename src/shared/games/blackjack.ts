// Blackjack from a 6-deck shoe, 7 seats plus bets behind: the rules players
// are shown, settlement in integer minor units, and the return of every bet.
// The round itself (deal, decisions, dealer, results) is blackjack-round.ts;
// this file never deals a card, so settlement cannot drift from play.
import type { FairnessScheme } from '../api.ts';
import type { BlackjackOutcome, Outcome } from '../protocol.ts';
import { blackjackChartText } from './blackjack-chart.ts';
import { BLACKJACK_DECKS } from './blackjack-hand.ts';
import { infiniteDeckReturns } from './blackjack-rtp.ts';
import type { BlackjackAction, BlackjackHandResult } from './blackjack-round.ts';

export { BLACKJACK_DECKS, cardPoints, handTotal, isSplittablePair } from './blackjack-hand.ts';
export {
  BLACKJACK_SEATS,
  BlackjackRound,
  IllegalDecisionError,
  replayBlackjack,
  type BlackjackAction,
  type BlackjackDecision,
  type BlackjackHandResult,
  type BlackjackPlayAction,
  type BlackjackTableView,
  type BlackjackTurn,
} from './blackjack-round.ts';
export { blackjackShoe, scriptedCards, type CardSource, type Dealing } from './blackjack-cards.ts';

export const BLACKJACK_RULES_VERSION = 'blackjack/1';

/** Shown to players as is. Keep in step with blackjack-round.ts and the settlement below. */
export const blackjackRulesText: readonly string[] = Object.freeze([
  'Six decks, shuffled fresh for every round. Seven seats; the dealer stands on all 17s, soft 17 included.',
  'Blackjack pays 3 to 2; other wins pay 1 to 1; equal totals push. A two-card 21 after a split is 21, not blackjack.',
  'Double down on any first two cards, after a split too: the bet doubles and the hand gets exactly one more card.',
  'Split any two cards of equal value (K-J is a pair) once per seat. Split aces get one card each.',
  'With an Ace up the dealer offers insurance, half the seat bet, paying 2 to 1 if the dealer has blackjack.',
  'With an Ace or ten-value card up, the dealer checks for blackjack before anyone plays: if it is there, only the original bets are lost and player blackjacks push.',
  'Every decision has a timer. A seat that runs out of time or disconnects stands (and takes no insurance).',
  'Seats: the first player to bet on an empty seat plays it this round, and only they can add to that bet. You cannot also bet behind your own seat. A double, a split or insurance takes its stake from your balance when you choose it.',
  "Bet behind: you bet on another player's seat and win or lose with that seat's hand, at your own stake. You do not make decisions. Your bet never doubles, splits or takes insurance: when the seat doubles it rides the doubled hand at its stake, and when the seat splits it rides the first hand only. A bet behind a seat nobody plays is refunded when the cards are dealt.",
]);

/**
 * pf2 tables (PF2.md §9) differ in three rules, so no seat's decisions can
 * change another hand's cards: each seat draws from cards of its own, a
 * timeout is played by the published chart, and bets behind play a hand of
 * their own by that chart.
 */
const PF2_DIFFERENCES: Readonly<Record<number, string>> = {
  6: 'Every decision has a timer. If you leave the table you keep your turn until it runs out. A hand whose timer runs out is played by the chart below (hit or stand only; never a double, split or insurance with your money).',
  8: "Bet behind: you bet on another player's seat and win or lose with a hand of its own: the seat's two opening cards, played by the chart below, drawing from the seat's cards but never from the seat owner's choices, so the owner cannot play badly to sink your bet. A bet behind a seat nobody plays is refunded when the cards are dealt.",
};

const blackjackPf2RulesText: readonly string[] = Object.freeze([
  ...blackjackRulesText.map((rule, index) => PF2_DIFFERENCES[index] ?? rule),
  'Fair dealing (pf2): each seat and the dealer draw their further cards from a part of the shuffled shoe of their own, so no seat\'s decisions change any other hand\'s cards.',
  ...blackjackChartText,
]);

/** The rules a table of this fairness scheme plays, as players are shown them. */
export function blackjackRulesFor(fairness: FairnessScheme): readonly string[] {
  return fairness === 'pf2' ? blackjackPf2RulesText : blackjackRulesText;
}

// ---------------------------------------------------------------- settlement

export type BlackjackBetKind = 'main' | 'behind' | 'insurance';

/** A seat's main bet (exactly one per occupied seat, its owner's) or a bet behind it. Insurance is a decision, not a bet placed before the deal. */
export type BlackjackBet = { betId: string; seat: number; kind: 'main' | 'behind'; amountMinor: number };

/** Everything one placed bet put at risk (doubles, splits and insurance included) and the total it got back. */
export type BlackjackSettlement = { betId: string; stakeMinor: number; returnedMinor: number };

/**
 * Total returned per hand result, in halves of the hand's stake, so 3:2 stays
 * integer: a blackjack returns stake + floor(stake × 3/2) = floor(stake × 5/2),
 * rounding an odd stake's half unit in the house's favour.
 */
const RETURNED_HALVES: Record<BlackjackHandResult, number> = { blackjack: 5, win: 4, push: 2, lose: 0 };
/** Insurance pays 2 to 1: the stake and twice it back. */
const INSURANCE_RETURNED_MULTIPLE = 3;

/** Only a blackjack outcome has a dealer and seats. */
export function isBlackjackOutcome(outcome: Outcome): outcome is BlackjackOutcome {
  return 'dealer' in outcome && 'seats' in outcome;
}

/** Insurance costs half the seat's main bet, rounded down to whole minor units. */
export function insuranceStakeMinor(mainMinor: number): number {
  return Math.floor(mainMinor / 2);
}

/**
 * What a decision adds to the seat owner's stake, for the server to take
 * before applying it: a double or a split costs another main bet, insurance
 * half of one. The round does not know amounts, so a seat that cannot cover
 * this must not be offered the action.
 */
export function blackjackExtraStakeMinor(mainMinor: number, action: BlackjackAction): number {
  if (action === 'double' || action === 'split') return mainMinor;
  if (action === 'insure') return insuranceStakeMinor(mainMinor);
  return 0;
}

/** Total returned for one hand's stake, 0 on a loss. Spot payouts (blackjack-spots.ts) use it too, so both settle alike. */
export function handReturnMinor(stakeMinor: number, result: BlackjackHandResult): number {
  const halves = stakeMinor * RETURNED_HALVES[result];
  if (!Number.isSafeInteger(halves)) throw new RangeError('payout exceeds safe integer range');
  return Math.floor(halves / 2);
}

type SeatOutcome = BlackjackOutcome['seats'][number];

function settleMain(bet: BlackjackBet, seat: SeatOutcome, dealerBlackjack: boolean): BlackjackSettlement {
  let stakeMinor = 0;
  let returnedMinor = 0;
  for (const hand of seat.hands) {
    const handStake = hand.doubled ? 2 * bet.amountMinor : bet.amountMinor;
    stakeMinor += handStake;
    returnedMinor += handReturnMinor(handStake, hand.result);
  }
  if (seat.insured) {
    const insurance = insuranceStakeMinor(bet.amountMinor);
    stakeMinor += insurance;
    returnedMinor += insuranceReturnMinor(insurance, dealerBlackjack);
  }
  return { betId: bet.betId, stakeMinor, returnedMinor };
}

/**
 * pf1: a bet behind rides the seat's first hand at its own stake, whatever
 * the seat doubled or split. pf2: it settles on the hand the chart played
 * for the seat's bets behind.
 */
function settleBehind(bet: BlackjackBet, seat: SeatOutcome): BlackjackSettlement {
  const hand = seat.behind ?? seat.hands[0];
  if (hand === undefined) throw new Error(`seat ${seat.seat} has no hand`);
  return { betId: bet.betId, stakeMinor: bet.amountMinor, returnedMinor: handReturnMinor(bet.amountMinor, hand.result) };
}

/**
 * Settles every bet of a round: per bet, the total staked and the total
 * returned (stake included, 0 on a loss), in integer minor units. Throws
 * unless every occupied seat has exactly one main bet and every bet sits on
 * an occupied seat, since a bet the round never dealt to cannot be settled.
 */
export function blackjackPayouts(outcome: BlackjackOutcome, bets: readonly BlackjackBet[]): BlackjackSettlement[] {
  const seats = new Map(outcome.seats.map((seat) => [seat.seat, seat]));
  const seatsWithMain = new Set<number>();
  const settlements = bets.map((bet) => {
    if (!Number.isSafeInteger(bet.amountMinor) || bet.amountMinor <= 0) throw new RangeError(`bad stake ${bet.amountMinor}`);
    const seat = seats.get(bet.seat);
    if (seat === undefined) throw new Error(`bet ${bet.betId} is on seat ${bet.seat}, which was not dealt in`);
    if (bet.kind === 'behind') return settleBehind(bet, seat);
    if (bet.kind !== 'main') throw new Error(`bet ${bet.betId} has unknown kind ${JSON.stringify(bet.kind)}`);
    if (seatsWithMain.has(bet.seat)) throw new Error(`seat ${bet.seat} has more than one main bet`);
    seatsWithMain.add(bet.seat);
    return settleMain(bet, seat, outcome.dealer.blackjack);
  });
  for (const seat of seats.keys()) if (!seatsWithMain.has(seat)) throw new Error(`seat ${seat} was dealt in without a main bet`);
  return settlements;
}

/** Insurance returns its stake and twice it when the dealer has blackjack, else nothing. */
export function insuranceReturnMinor(stakeMinor: number, dealerBlackjack: boolean): number {
  if (!dealerBlackjack) return 0;
  const returned = INSURANCE_RETURNED_MULTIPLE * stakeMinor;
  if (!Number.isSafeInteger(returned)) throw new RangeError('payout exceeds safe integer range');
  return returned;
}

// ---------------------------------------------------------------- return to player

/**
 * Main bet, cited (too large to enumerate exactly here): house edge 0.46%
 * with basic strategy, off the top of a freshly shuffled shoe (as every pf1
 * round is), for exactly these rules: 6 decks, dealer stands on soft 17,
 * blackjack 3:2, dealer peeks (only the original bet is lost to a dealer
 * blackjack), double on any two cards, double after split, split once (no
 * resplitting), one card to split aces, no surrender.
 * - blackjackreview.com "Blackjack Rule Variations and Odds": base 6 decks,
 *   S17, double any two, no DAS, resplit to 4 except aces, no surrender,
 *   3:2 = −0.56%; DAS +0.14%; no resplitting −0.04%  →  −0.46%.
 * - thecolorofblackjack.com "solution one" chart: baseline −0.02%, six decks
 *   −0.53%, DAS +0.13%, no resplitting −0.03%  →  −0.45%.
 * Our own check, not a citation: 280 million hands through this engine, a
 * fresh 6-deck shoe every round, total-dependent basic strategy: house edge
 * 0.481% ± 0.012%. The published figures are additive estimates rounded to
 * 0.01% per rule, so the two agree to about 0.02%.
 */
const MAIN_RTP = 0.9954;

/**
 * Insurance, exact: it wins when the hole card is ten-valued. Given only the
 * Ace up, the hole card is equally likely to be any of the other 311 cards,
 * 96 of them tens (seats' cards are as random as the hole card), so the RTP
 * is 3 × 96/311 = 288/311 ≈ 0.92605. (12/13 ≈ 0.92308 is the infinite-deck
 * value; a given player's own cards shift it hand by hand.)
 */
function insuranceRtp(): number {
  const tenValueCards = 16 * BLACKJACK_DECKS;
  const othersThanTheUpCard = 52 * BLACKJACK_DECKS - 1;
  return (INSURANCE_RETURNED_MULTIPLE * tenValueCards) / othersThanTheUpCard;
}

/**
 * A bet behind gets the seat's hand but never the extra value of doubling or
 * splitting. That cost is computed exactly on an infinite deck (blackjack-rtp.ts,
 * with the seat playing its own best strategy): 1.763% of the stake, taken off
 * the cited main RTP. The same 280-million-hand 6-deck simulation measured it
 * at 1.811%, so the true 6-deck figure is about 0.05% below this one.
 */
function behindRtp(): number {
  const { seat, behind } = infiniteDeckReturns();
  return MAIN_RTP - (seat - behind);
}

export const blackjackRtpByKind: Readonly<Record<BlackjackBetKind, number>> = Object.freeze({
  main: MAIN_RTP,
  behind: behindRtp(),
  insurance: insuranceRtp(),
});

/**
 * Under pf2 a bet behind plays a hand of its own by the hit/stand chart:
 * exactly on an infinite deck 1.850% of the stake below the seat's own best
 * play (pf1's riding bet: 1.763%), taken off the cited main RTP the same way.
 */
function chartBehindRtp(): number {
  const { seat, chartBehind } = infiniteDeckReturns();
  return MAIN_RTP - (seat - chartBehind);
}

export const blackjackPf2RtpByKind: Readonly<Record<BlackjackBetKind, number>> = Object.freeze({
  ...blackjackRtpByKind,
  behind: chartBehindRtp(),
});
