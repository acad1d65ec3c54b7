// Blackjack: hand totals, the round engine on scripted shoes (deal order,
// peek, insurance, splits, doubles, timeouts, the dealer's S17 play), replay,
// settlement in minor units, a real pf1 round checked against an independent
// computation, and the RTP figures.
import { BLACKJACK_CHART } from '../../src/shared/games/blackjack-chart.ts';
import { describe, it, expect } from 'vitest';
import { Pf1Stream, clientStringOf, hexToBytes } from '../../src/shared/fairness/pf1.ts';
import type { BlackjackOutcome } from '../../src/shared/protocol.ts';
import {
  BLACKJACK_RULES_VERSION,
  BlackjackRound,
  IllegalDecisionError,
  blackjackExtraStakeMinor,
  blackjackPayouts,
  blackjackRtpByKind,
  blackjackRulesText,
  blackjackRulesFor,
  blackjackPf2RtpByKind,
  blackjackShoe,
  handTotal,
  isBlackjackOutcome,
  isSplittablePair,
  replayBlackjack,
  scriptedCards,
  type BlackjackBet,
  type BlackjackDecision,
} from '../../src/shared/games/blackjack.ts';
import { dealerFinals, infiniteDeckReturns } from '../../src/shared/games/blackjack-rtp.ts';

const RANKS = ['A', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'J', 'Q', 'K'];
const SUITS = ['S', 'H', 'D', 'C'];
/** Canonical shoe index (§5) of a named card in the given deck. */
const card = (name: string, deck = 0) => deck * 52 + SUITS.indexOf(name.slice(-1)) * 13 + RANKS.indexOf(name.slice(0, -1));
const cards = (...names: string[]) => names.map((name) => card(name));

/**
 * A shoe that deals the opening in §5 order: each seat's first card, the up
 * card, each seat's second card, the hole card; then `rest` in play order.
 */
function opening(seatHands: [string, string][], [up, hole]: [string, string], rest: string[] = []): number[] {
  return cards(...seatHands.map((hand) => hand[0]), up, ...seatHands.map((hand) => hand[1]), hole, ...rest);
}

/** Runs a scripted round to the end and returns its outcome. */
function play(seats: number[], script: number[], decisions: BlackjackDecision[]): BlackjackOutcome {
  const round = new BlackjackRound(seats, scriptedCards(script));
  for (const decision of decisions) round.apply(decision);
  expect(round.phase).toBe('done');
  return round.outcome;
}

const d = (seat: number, hand: number, action: BlackjackDecision['action']): BlackjackDecision => ({ seat, hand, action });
const main = (seat: number, amountMinor: number, betId = `m${seat}`): BlackjackBet => ({ betId, seat, kind: 'main', amountMinor });
const behind = (seat: number, amountMinor: number, betId: string): BlackjackBet => ({ betId, seat, kind: 'behind', amountMinor });

// ---------------------------------------------------------------- hands

describe('hand totals', () => {
  const total = (...names: string[]) => handTotal(cards(...names));

  it('counts one ace as 11 while that does not bust, and says so', () => {
    expect(total('AS', '6H')).toEqual({ total: 17, soft: true });
    expect(total('AS', '6H', '10D')).toEqual({ total: 17, soft: false });
    expect(total('AS', 'AH', '9C')).toEqual({ total: 21, soft: true });
    expect(total('AS', 'AH')).toEqual({ total: 12, soft: true });
    expect(total('AS', 'AH', 'AD', 'AC')).toEqual({ total: 14, soft: true });
    expect(total('AS', '5H', '5D')).toEqual({ total: 21, soft: true });
    expect(total('AS', '5H', '6D')).toEqual({ total: 12, soft: false });
    expect(total('AS', 'KH')).toEqual({ total: 21, soft: true });
    expect(total('10S', '6H')).toEqual({ total: 16, soft: false });
    expect(total('KS', 'QH', '2D')).toEqual({ total: 22, soft: false });
  });

  it('pairs any two cards of equal value, tens of different rank included', () => {
    expect(isSplittablePair(cards('8S', '8H'))).toBe(true);
    expect(isSplittablePair(cards('KS', 'JH'))).toBe(true);
    expect(isSplittablePair(cards('10S', 'QD'))).toBe(true);
    expect(isSplittablePair(cards('AS', 'AD'))).toBe(true);
    expect(isSplittablePair(cards('AS', 'KD'))).toBe(false);
    expect(isSplittablePair(cards('8S', '8H', '8D'))).toBe(false);
  });
});

// ---------------------------------------------------------------- deal order

describe('deal order (FAIRNESS.md §5)', () => {
  // Distinct cards in draw order, so where each one lands shows the order.
  const sequence = Array.from({ length: 20 }, (_, index) => index);
  const name = (index: number) => `${RANKS[index % 13]}${SUITS[Math.floor(index / 13) % 4]}`;

  it.each([
    { seats: [4], firsts: [0], up: 1, seconds: [2], hole: 3 },
    { seats: [1, 3, 6], firsts: [0, 1, 2], up: 3, seconds: [4, 5, 6], hole: 7 },
    { seats: [1, 2, 3, 4, 5, 6, 7], firsts: [0, 1, 2, 3, 4, 5, 6], up: 7, seconds: [8, 9, 10, 11, 12, 13, 14], hole: 15 },
  ])('deals $seats.length seat(s): firsts in seat order, up card, seconds, hole card', ({ seats, firsts, up, seconds, hole }) => {
    // Draw order 0,1,2,… gives A S, 2S, … : the up card of every case below is not an ace and no seat gets to 21 at once.
    const round = new BlackjackRound([...seats].reverse(), scriptedCards(sequence));
    const view = round.view();
    expect(view.seats.map((seat) => seat.seat)).toEqual(seats);
    view.seats.forEach((seat, index) => {
      expect(seat.hands[0]?.cards).toEqual([name(firsts[index] as number), name(seconds[index] as number)]);
    });
    expect(view.dealer).toEqual([name(up)]);
    // The hole card was drawn already (the next card would be the one after it), and shows once the round is over.
    for (let turn = round.turn; turn.phase === 'play'; turn = round.turn) round.apply(d(turn.seat, turn.hand, 'stand'));
    expect(round.outcome.dealer.cards.slice(0, 2)).toEqual([name(up), name(hole)]);
    expect(round.outcome.cards.slice(0, 2 * seats.length + 2)).toEqual(sequence.slice(0, 2 * seats.length + 2).map(name));
  });

  it('rejects seats outside 1..7, duplicates and an empty table', () => {
    expect(() => new BlackjackRound([], scriptedCards([]))).toThrow(RangeError);
    expect(() => new BlackjackRound([0], scriptedCards([]))).toThrow(RangeError);
    expect(() => new BlackjackRound([8], scriptedCards([]))).toThrow(RangeError);
    expect(() => new BlackjackRound([2, 2], scriptedCards([]))).toThrow(RangeError);
    expect(() => new BlackjackRound([1.5], scriptedCards([]))).toThrow(RangeError);
  });

  it('rejects a card source that deals something other than a 6-deck card', () => {
    expect(() => new BlackjackRound([1], scriptedCards([0, 1, 312, 3]))).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------- dealer

describe('dealer play', () => {
  it('stands on soft 17 without drawing', () => {
    const outcome = play([1], opening([['10S', '8H']], ['6D', 'AC'], ['KS']), [d(1, 0, 'stand')]);
    expect(outcome.dealer).toEqual({ cards: ['6D', 'AC'], total: 17, blackjack: false });
    expect(outcome.seats[0]?.hands[0]?.result).toBe('win');
  });

  it('draws to 16 and to soft 16, and stands on a soft 17 made by drawing', () => {
    const outcome = play([1], opening([['10S', '9H']], ['5D', 'AC'], ['AH']), [d(1, 0, 'stand')]);
    expect(outcome.dealer).toEqual({ cards: ['5D', 'AC', 'AH'], total: 17, blackjack: false });
    expect(outcome.seats[0]?.hands[0]?.result).toBe('win');
  });

  it('keeps drawing when a soft total turns hard, and busts', () => {
    const outcome = play([1], opening([['10S', '7H']], ['AD', '5C'], ['KH', '8S']), [d(1, 0, 'no-insurance'), d(1, 0, 'stand')]);
    expect(outcome.dealer).toEqual({ cards: ['AD', '5C', 'KH', '8S'], total: 24, blackjack: false });
    expect(outcome.seats[0]?.hands[0]?.result).toBe('win');
  });

  it('does not draw when every hand is bust or a blackjack', () => {
    const script = opening([['KS', '6H'], ['AH', 'QD']], ['9D', '4C'], ['10C', '5S']);
    const outcome = play([1, 2], script, [d(1, 0, 'hit')]);
    expect(outcome.dealer.cards).toEqual(['9D', '4C']);
    expect(outcome.cards).toHaveLength(7);
    expect(outcome.seats.map((seat) => seat.hands[0]?.result)).toEqual(['lose', 'blackjack']);
  });

  it('pushes equal totals and beats lower ones', () => {
    const outcome = play([1, 2, 3], opening([['10S', '8H'], ['10H', '9D'], ['10D', '7S']], ['10C', '8C']), [
      d(1, 0, 'stand'),
      d(2, 0, 'stand'),
      d(3, 0, 'stand'),
    ]);
    expect(outcome.seats.map((seat) => seat.hands[0]?.result)).toEqual(['push', 'win', 'lose']);
  });
});

// ---------------------------------------------------------------- peek and insurance

describe('peek and insurance', () => {
  it('ends the round at the peek on a ten up: no decisions, no more cards, player blackjacks push', () => {
    const round = new BlackjackRound([2, 5], scriptedCards(opening([['AS', 'KH'], ['9D', '9C']], ['QD', 'AC'])));
    expect(round.phase).toBe('done');
    expect(round.turn).toEqual({ phase: 'done' });
    const outcome = round.outcome;
    expect(outcome.dealer).toEqual({ cards: ['QD', 'AC'], total: 21, blackjack: true });
    expect(outcome.seats.map((seat) => seat.hands[0]?.result)).toEqual(['push', 'lose']);
    expect(outcome.cards).toHaveLength(6);
    expect(outcome.decisions).toEqual([]);
    expect(() => round.apply(d(2, 0, 'hit'))).toThrow(IllegalDecisionError);
  });

  it('offers insurance to every seat on an Ace up, then peeks; insurance pays 2:1 on a dealer blackjack', () => {
    const round = new BlackjackRound([1, 2, 3], scriptedCards(opening([['10S', '9H'], ['7D', '7C'], ['AH', 'JD']], ['AS', 'KC'])));
    expect(round.turn).toEqual({ phase: 'insurance', seats: [1, 2, 3] });
    expect(() => round.apply(d(1, 0, 'hit'))).toThrow(IllegalDecisionError);
    round.apply(d(2, 0, 'no-insurance'));
    expect(round.turn).toEqual({ phase: 'insurance', seats: [1, 3] });
    expect(() => round.apply(d(2, 0, 'insure'))).toThrow(IllegalDecisionError);
    round.apply(d(1, 0, 'insure'));
    round.apply(d(3, 0, 'insure'));
    expect(round.phase).toBe('done');
    const outcome = round.outcome;
    expect(outcome.dealer.blackjack).toBe(true);
    expect(outcome.seats.map((seat) => [seat.insured, seat.hands[0]?.result])).toEqual([
      [true, 'lose'],
      [false, 'lose'],
      [true, 'push'],
    ]);
    const settled = blackjackPayouts(outcome, [main(1, 100), main(2, 100), main(3, 100)]);
    expect(settled).toEqual([
      // Insurance 50 returns 150; the main bet is lost: even overall.
      { betId: 'm1', stakeMinor: 150, returnedMinor: 150 },
      { betId: 'm2', stakeMinor: 100, returnedMinor: 0 },
      // A blackjack pushes, and its insurance wins too ("even money").
      { betId: 'm3', stakeMinor: 150, returnedMinor: 250 },
    ]);
  });

  it('loses insurance when the dealer has no blackjack, and play goes on', () => {
    const round = new BlackjackRound([1], scriptedCards(opening([['10S', '9H']], ['AS', '7C'])));
    round.apply(d(1, 0, 'insure'));
    expect(round.turn).toEqual({ phase: 'play', seat: 1, hand: 0, actions: ['hit', 'stand', 'double'] });
    round.apply(d(1, 0, 'stand'));
    const outcome = round.outcome;
    expect(outcome.dealer).toEqual({ cards: ['AS', '7C'], total: 18, blackjack: false });
    expect(outcome.seats[0]?.insured).toBe(true);
    expect(blackjackPayouts(outcome, [main(1, 100)])).toEqual([{ betId: 'm1', stakeMinor: 150, returnedMinor: 200 }]);
  });

  it('rounds an odd bet’s insurance down to whole minor units', () => {
    expect(blackjackExtraStakeMinor(25, 'insure')).toBe(12);
    expect(blackjackExtraStakeMinor(25, 'double')).toBe(25);
    expect(blackjackExtraStakeMinor(25, 'split')).toBe(25);
    expect(blackjackExtraStakeMinor(25, 'hit')).toBe(0);
  });

  it('hides the hole card until the round is over', () => {
    const round = new BlackjackRound([1], scriptedCards(opening([['10S', '6H']], ['AS', '7C'], ['2D'])));
    expect(round.view().dealer).toEqual(['AS']);
    round.apply(d(1, 0, 'no-insurance'));
    expect(round.view().dealer).toEqual(['AS']);
    round.apply(d(1, 0, 'stand'));
    expect(round.view().dealer).toEqual(['AS', '7C']);
  });
});

// ---------------------------------------------------------------- splits and doubles

describe('splits', () => {
  it('deals split aces one card each, with no decisions, and pays their 21 as a win, not a blackjack', () => {
    const round = new BlackjackRound([1], scriptedCards(opening([['AS', 'AD']], ['9C', '8H'], ['KS', '5D'])));
    expect(round.turn).toEqual({ phase: 'play', seat: 1, hand: 0, actions: ['hit', 'stand', 'double', 'split'] });
    expect(round.apply(d(1, 0, 'split'))).toEqual({ phase: 'done' });
    const outcome = round.outcome;
    expect(outcome.seats[0]?.hands).toEqual([
      { cards: ['AS', 'KS'], total: 21, doubled: false, result: 'win' },
      { cards: ['AD', '5D'], total: 16, doubled: false, result: 'lose' },
    ]);
    expect(blackjackPayouts(outcome, [main(1, 100)])).toEqual([{ betId: 'm1', stakeMinor: 200, returnedMinor: 200 }]);
  });

  it('a ten split that draws an ace makes 21, not a blackjack', () => {
    const outcome = play([1], opening([['KS', 'QD']], ['7C', '10H'], ['AH', '9S']), [d(1, 0, 'split'), d(1, 1, 'stand')]);
    expect(outcome.seats[0]?.hands.map((hand) => [hand.total, hand.result])).toEqual([
      [21, 'win'],
      [19, 'win'],
    ]);
  });

  it('splits only once, allows doubling after the split, and gives hand 2 its card when play reaches it', () => {
    const round = new BlackjackRound([1], scriptedCards(opening([['8S', '8H']], ['6C', '10H'], ['8D', '3C', '10S', '6S'])));
    round.apply(d(1, 0, 'split'));
    // Hand 1 is 8-8 again: no second split, but a double is allowed.
    expect(round.turn).toEqual({ phase: 'play', seat: 1, hand: 0, actions: ['hit', 'stand', 'double'] });
    expect(round.view().seats[0]?.hands.map((hand) => hand.cards)).toEqual([['8S', '8D'], ['8H']]);
    expect(() => round.apply(d(1, 0, 'split'))).toThrow(IllegalDecisionError);
    round.apply(d(1, 0, 'stand'));
    expect(round.turn).toEqual({ phase: 'play', seat: 1, hand: 1, actions: ['hit', 'stand', 'double'] });
    round.apply(d(1, 1, 'double'));
    const outcome = round.outcome;
    expect(outcome.seats[0]?.hands).toEqual([
      { cards: ['8S', '8D'], total: 16, doubled: false, result: 'win' },
      { cards: ['8H', '3C', '10S'], total: 21, doubled: true, result: 'win' },
    ]);
    expect(outcome.dealer).toEqual({ cards: ['6C', '10H', '6S'], total: 22, blackjack: false });
    expect(blackjackPayouts(outcome, [main(1, 100)])).toEqual([{ betId: 'm1', stakeMinor: 300, returnedMinor: 600 }]);
  });

  it('refuses a split of unequal cards and after a hit', () => {
    const round = new BlackjackRound([1, 2], scriptedCards(opening([['9S', '8H'], ['4S', '4H']], ['7C', '10H'], ['2D', '2C'])));
    expect(() => round.apply(d(1, 0, 'split'))).toThrow(IllegalDecisionError);
    round.apply(d(1, 0, 'stand'));
    round.apply(d(2, 0, 'hit'));
    expect(round.turn).toEqual({ phase: 'play', seat: 2, hand: 0, actions: ['hit', 'stand'] });
    expect(() => round.apply(d(2, 0, 'split'))).toThrow(IllegalDecisionError);
    expect(() => round.apply(d(2, 0, 'double'))).toThrow(IllegalDecisionError);
  });
});

describe('doubles', () => {
  it('doubles hard and soft two-card hands: one card, then the hand is over', () => {
    const round = new BlackjackRound([1, 2], scriptedCards(opening([['AS', '7H'], ['6D', '5C']], ['6C', '10H'], ['2D', '9S', '6S'])));
    round.apply(d(1, 0, 'double'));
    expect(round.turn).toEqual({ phase: 'play', seat: 2, hand: 0, actions: ['hit', 'stand', 'double'] });
    round.apply(d(2, 0, 'double'));
    const outcome = round.outcome;
    expect(outcome.seats.map((seat) => seat.hands[0])).toEqual([
      { cards: ['AS', '7H', '2D'], total: 20, doubled: true, result: 'win' },
      { cards: ['6D', '5C', '9S'], total: 20, doubled: true, result: 'win' },
    ]);
    expect(outcome.dealer).toEqual({ cards: ['6C', '10H', '6S'], total: 22, blackjack: false });
  });

  it('a double that busts loses twice the stake', () => {
    const outcome = play([1], opening([['10S', '2H']], ['6C', '10H'], ['KD', '2C']), [d(1, 0, 'double')]);
    expect(outcome.seats[0]?.hands[0]).toEqual({ cards: ['10S', '2H', 'KD'], total: 22, doubled: true, result: 'lose' });
    expect(blackjackPayouts(outcome, [main(1, 40)])).toEqual([{ betId: 'm1', stakeMinor: 80, returnedMinor: 0 }]);
  });
});

describe('turn order and timeouts', () => {
  it('stands a seat that times out, and takes no insurance for it', () => {
    const round = new BlackjackRound([3, 6], scriptedCards(opening([['10S', '2H'], ['9D', '9C']], ['AH', '6S'], ['10C'])));
    round.apply(d(6, 0, 'timeout'));
    round.apply(d(3, 0, 'insure'));
    expect(round.turn).toEqual({ phase: 'play', seat: 3, hand: 0, actions: ['hit', 'stand', 'double'] });
    round.apply(d(3, 0, 'timeout'));
    expect(round.turn).toEqual({ phase: 'play', seat: 6, hand: 0, actions: ['hit', 'stand', 'double', 'split'] });
    round.apply(d(6, 0, 'timeout'));
    const outcome = round.outcome;
    expect(outcome.seats.map((seat) => [seat.insured, seat.hands[0]?.cards])).toEqual([
      [true, ['10S', '2H']],
      [false, ['9D', '9C']],
    ]);
    // Dealer soft 17 stands; 12 loses, 18 wins.
    expect(outcome.seats.map((seat) => seat.hands[0]?.result)).toEqual(['lose', 'win']);
    expect(outcome.decisions).toEqual([d(6, 0, 'timeout'), d(3, 0, 'insure'), d(3, 0, 'timeout'), d(6, 0, 'timeout')]);
  });

  it('refuses out-of-turn decisions and leaves the round as it was', () => {
    const round = new BlackjackRound([1, 2], scriptedCards(opening([['10S', '2H'], ['9D', '7C']], ['5H', '6S'], ['3D'])));
    const before = round.view();
    expect(() => round.apply(d(2, 0, 'stand'))).toThrow(IllegalDecisionError);
    expect(() => round.apply(d(1, 1, 'stand'))).toThrow(IllegalDecisionError);
    expect(() => round.apply(d(1, 0, 'insure'))).toThrow(IllegalDecisionError);
    expect(round.view()).toEqual(before);
  });

  it('stands a hand at 21 on its own and skips seats with a blackjack', () => {
    const round = new BlackjackRound([1, 2, 3], scriptedCards(opening([['5S', '6H'], ['AD', 'KC'], ['9D', '8C']], ['7H', '10S'], ['KD'])));
    round.apply(d(1, 0, 'hit'));
    expect(round.turn).toEqual({ phase: 'play', seat: 3, hand: 0, actions: ['hit', 'stand', 'double'] });
  });
});

// ---------------------------------------------------------------- bet behind and settlement

describe('settlement', () => {
  it('pays a blackjack 3:2, rounding the half unit down', () => {
    const outcome = play([1], opening([['AS', 'KH']], ['9C', '8D']), []);
    expect(outcome.seats[0]?.hands[0]?.result).toBe('blackjack');
    expect(blackjackPayouts(outcome, [main(1, 100), behind(1, 25, 'b1')])).toEqual([
      { betId: 'm1', stakeMinor: 100, returnedMinor: 250 },
      { betId: 'b1', stakeMinor: 25, returnedMinor: 62 },
    ]);
  });

  it('a bet behind rides the doubled hand at its own stake', () => {
    const outcome = play([2], opening([['6S', '5H']], ['6C', '10H'], ['9D', '7S']), [d(2, 0, 'double')]);
    expect(outcome.seats[0]?.hands[0]?.result).toBe('win');
    expect(blackjackPayouts(outcome, [main(2, 100), behind(2, 30, 'b1'), behind(2, 10, 'b2')])).toEqual([
      { betId: 'm2', stakeMinor: 200, returnedMinor: 400 },
      { betId: 'b1', stakeMinor: 30, returnedMinor: 60 },
      { betId: 'b2', stakeMinor: 10, returnedMinor: 20 },
    ]);
  });

  it('a bet behind rides only the first hand of a split', () => {
    // 8-8 split against a 10: first hand 8+9 = 17 loses to 19, second 8+3+10 = 21 wins.
    const outcome = play([4], opening([['8S', '8H']], ['10C', '9H'], ['9D', '3C', '10S']), [
      d(4, 0, 'split'),
      d(4, 0, 'stand'),
      d(4, 1, 'hit'),
    ]);
    expect(outcome.seats[0]?.hands.map((hand) => hand.result)).toEqual(['lose', 'win']);
    expect(blackjackPayouts(outcome, [behind(4, 50, 'b'), main(4, 100)])).toEqual([
      { betId: 'b', stakeMinor: 50, returnedMinor: 0 },
      { betId: 'm4', stakeMinor: 200, returnedMinor: 200 },
    ]);
  });

  it('refuses bets it cannot settle', () => {
    const outcome = play([1], opening([['AS', 'KH']], ['9C', '8D']), []);
    expect(() => blackjackPayouts(outcome, [main(1, 100), main(1, 100, 'again')])).toThrow(/more than one main bet/);
    expect(() => blackjackPayouts(outcome, [main(1, 100), behind(2, 10, 'b')])).toThrow(/not dealt in/);
    expect(() => blackjackPayouts(outcome, [behind(1, 10, 'b')])).toThrow(/without a main bet/);
    expect(() => blackjackPayouts(outcome, [main(1, 0)])).toThrow(RangeError);
    expect(() => blackjackPayouts(outcome, [main(1, 1.5)])).toThrow(RangeError);
  });

  it('tells a blackjack outcome apart from the other games', () => {
    const outcome = play([1], opening([['AS', 'KH']], ['9C', '8D']), []);
    expect(isBlackjackOutcome(outcome)).toBe(true);
    expect(isBlackjackOutcome({ pocket: 3 })).toBe(false);
    expect(isBlackjackOutcome({ dice: [1, 2, 3] })).toBe(false);
  });
});

// ---------------------------------------------------------------- replay

describe('replay', () => {
  const script = opening([['8S', '8H'], ['AS', '6D'], ['10D', '6C']], ['AH', '9C'], ['2S', '7D', '3H', '5C', 'KS', '4D']);
  const decisions = [
    d(3, 0, 'no-insurance'),
    d(1, 0, 'insure'),
    d(2, 0, 'timeout'),
    d(1, 0, 'split'),
    d(1, 0, 'double'),
    d(1, 1, 'stand'),
    d(2, 0, 'hit'),
    d(2, 0, 'stand'),
    d(3, 0, 'hit'),
  ];

  it('reproduces the outcome from the seats, the decisions and the logged cards', () => {
    const outcome = play([1, 2, 3], script, decisions);
    expect(outcome.decisions).toEqual(decisions);
    const logged = outcome.cards.map((name) => card(name));
    expect(replayBlackjack([1, 2, 3], outcome.decisions, scriptedCards(logged))).toEqual(outcome);
    // JSON round trip, as the audit log stores it.
    expect(JSON.parse(JSON.stringify(outcome))).toEqual(outcome);
  });

  it('rejects a log that does not finish the round, or goes past its end', () => {
    expect(() => replayBlackjack([1, 2, 3], decisions.slice(0, -1), scriptedCards(script))).toThrow(/end before the round does/);
    expect(() => replayBlackjack([1, 2, 3], [...decisions, d(3, 0, 'stand')], scriptedCards(script))).toThrow(/over before decision 10/);
    expect(() => replayBlackjack([1, 2, 3], [d(2, 0, 'insure'), ...decisions.slice(1)], scriptedCards(script))).toThrow(IllegalDecisionError);
  });
});

// ---------------------------------------------------------------- pf1

describe('a pf1 round on the real shoe', () => {
  // The pf1 vectors' server seed and client seeds. The expected cards were
  // computed independently (Python hmac/hashlib, §3–§5 written out from
  // FAIRNESS.md), not by this code base.
  const serverSeed = hexToBytes('058c829f1dff6edc6fc24830d97da9010ada89b10a0a11ef65032b761495253b');
  const clientString = clientStringOf(['alice-seed', 'Bob42']);
  const shoe = (round: number) => blackjackShoe(new Pf1Stream(serverSeed, clientString, round));

  it('round 8, seats 2, 5, 7: a double, a bust and a stand against a dealer 17', () => {
    // Shoe order: 8S 8S 8C | 8D (up) | 10D 2C 7D | 9D (hole) | KH JC …
    const round = new BlackjackRound([2, 5, 7], shoe(8));
    expect(round.view().seats.map((seat) => seat.hands[0]?.cards)).toEqual([
      ['8S', '10D'],
      ['8S', '2C'],
      ['8C', '7D'],
    ]);
    expect(round.view().dealer).toEqual(['8D']);
    round.apply(d(2, 0, 'stand'));
    round.apply(d(5, 0, 'double'));
    round.apply(d(7, 0, 'hit'));
    const outcome = round.outcome;
    expect(outcome).toEqual({
      dealer: { cards: ['8D', '9D'], total: 17, blackjack: false },
      seats: [
        { seat: 2, insured: false, hands: [{ cards: ['8S', '10D'], total: 18, doubled: false, result: 'win' }] },
        { seat: 5, insured: false, hands: [{ cards: ['8S', '2C', 'KH'], total: 20, doubled: true, result: 'win' }] },
        { seat: 7, insured: false, hands: [{ cards: ['8C', '7D', 'JC'], total: 25, doubled: false, result: 'lose' }] },
      ],
      decisions: [d(2, 0, 'stand'), d(5, 0, 'double'), d(7, 0, 'hit')],
      cards: ['8S', '8S', '8C', '8D', '10D', '2C', '7D', '9D', 'KH', 'JC'],
    });
    expect(replayBlackjack([2, 5, 7], outcome.decisions, shoe(8))).toEqual(outcome);
    expect(blackjackPayouts(outcome, [main(2, 100), main(5, 100), main(7, 100), behind(5, 20, 'b5')])).toEqual([
      { betId: 'm2', stakeMinor: 100, returnedMinor: 200 },
      { betId: 'm5', stakeMinor: 200, returnedMinor: 400 },
      { betId: 'm7', stakeMinor: 100, returnedMinor: 0 },
      { betId: 'b5', stakeMinor: 20, returnedMinor: 40 },
    ]);
  });

  it('round 8, one seat: 8-8 split against an 8, a double after the split, the dealer busts', () => {
    // Shoe order: 8S | 8S (up) | 8C | 8D (hole) | 10D 2C 7D 9D
    const outcome = replayBlackjack([1], [d(1, 0, 'split'), d(1, 0, 'stand'), d(1, 1, 'double')], shoe(8));
    expect(outcome.seats[0]?.hands).toEqual([
      { cards: ['8S', '10D'], total: 18, doubled: false, result: 'win' },
      { cards: ['8C', '2C', '7D'], total: 17, doubled: true, result: 'win' },
    ]);
    expect(outcome.dealer).toEqual({ cards: ['8S', '8D', '9D'], total: 25, blackjack: false });
    expect(blackjackPayouts(outcome, [main(1, 10)])).toEqual([{ betId: 'm1', stakeMinor: 30, returnedMinor: 60 }]);
  });

  it('round 25, two seats: a blackjack and a bust leave the dealer nothing to draw for', () => {
    // Shoe order: QS 3D | QS (up) | AS AS | 3S (hole) | 10C 9C …
    const outcome = replayBlackjack([1, 2], [d(2, 0, 'hit'), d(2, 0, 'hit')], shoe(25));
    expect(outcome.seats.map((seat) => seat.hands[0])).toEqual([
      { cards: ['QS', 'AS'], total: 21, doubled: false, result: 'blackjack' },
      { cards: ['3D', 'AS', '10C', '9C'], total: 23, doubled: false, result: 'lose' },
    ]);
    expect(outcome.dealer).toEqual({ cards: ['QS', '3S'], total: 13, blackjack: false });
  });
});

// ---------------------------------------------------------------- rules and RTP

describe('rules and return to player', () => {
  it('names its rules version and shows the seat and bet-behind rules', () => {
    expect(BLACKJACK_RULES_VERSION).toBe('blackjack/1');
    const text = blackjackRulesText.join('\n');
    expect(text).toMatch(/Bet behind/);
    expect(text).toMatch(/stands on all 17s/);
    expect(text).toMatch(/3 to 2/);
  });

  it('under pf2 says a timeout plays the chart, bets behind play their own hand, and names the chart', () => {
    const text = blackjackRulesFor('pf2').join('\n');
    expect(text).toContain(BLACKJACK_CHART);
    expect(text).toMatch(/keep your turn until it runs out/);
    expect(text).toMatch(/a hand of its own/);
    expect(text).not.toMatch(/disconnects stands/);
    expect(blackjackRulesFor('pf1')).toBe(blackjackRulesText);
    // The chart's bet behind gives up a little more than riding the seat's hand (it never takes the seat's doubles).
    expect(blackjackPf2RtpByKind.behind).toBeCloseTo(0.99540 - 0.0185, 4);
    expect(blackjackPf2RtpByKind.behind).toBeLessThan(blackjackRtpByKind.behind);
    expect({ ...blackjackPf2RtpByKind, behind: 0 }).toEqual({ ...blackjackRtpByKind, behind: 0 });
  });

  it('insurance returns exactly 3 × 96/311', () => {
    expect(blackjackRtpByKind.insurance).toBe((3 * 96) / 311);
  });

  it('models the dealer as the standard infinite-deck S17 table does', () => {
    // Dealer 6 up, stands on soft 17: the published infinite-deck row, to six places.
    const finals = dealerFinals(6);
    const row = [17, 18, 19, 20, 21, 22].map((total) => Number((finals.get(total) ?? 0).toFixed(6)));
    expect(row).toEqual([0.165438, 0.106267, 0.106267, 0.101715, 0.097163, 0.42315]);
    // Every up card's finals add up to 1, the peek's conditioning of the hole card included.
    for (const up of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      expect([...dealerFinals(up).values()].reduce((sum, chance) => sum + chance, 0)).toBeCloseTo(1, 12);
    }
  });

  it('cites the main bet for these rules, and prices a bet behind below it', () => {
    expect(blackjackRtpByKind.main).toBe(0.9954);
    const { seat, behind: behindReturn } = infiniteDeckReturns();
    // Infinite deck, S17, DAS, no resplit, 3:2, peek: a little worse than 6 decks, as fewer decks favour the player.
    expect(seat).toBeCloseTo(-0.005704, 6);
    // Never doubling costs the bet behind about 1.8% of its stake.
    expect(behindReturn).toBeCloseTo(-0.023335, 6);
    expect(blackjackRtpByKind.behind).toBeCloseTo(0.9954 - (seat - behindReturn), 12);
  });
});
