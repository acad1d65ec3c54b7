// Blackjack dealt under pf2 (PF2.md §9): a seat's decisions change no other
// hand's cards — not another seat's, not the dealer's, not the hand played
// for the bets behind any seat — so a seat owner who knows the shoe cannot
// steer anyone else's result. A timeout plays the hand by the chart, and the
// chart is the published one.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cardName } from '../../src/shared/fairness/pf1.ts';
import { BLACKJACK_CHART, chartAction } from '../../src/shared/games/blackjack-chart.ts';
import { segmentedDealing } from '../../src/shared/games/blackjack-dealing.ts';
import { BlackjackRound, type BlackjackDecision } from '../../src/shared/games/blackjack-round.ts';
import type { BlackjackOutcome } from '../../src/shared/protocol.ts';
import { Random } from '../support/fuzz-messages.ts';

const ROUNDS = 400;

/** A card index with this pf1 name (the first deck's: points and totals do not depend on the deck). */
function cardIndex(name: string): number {
  const index = Array.from({ length: 52 }, (_, each) => each).find((each) => cardName(each) === name);
  if (index === undefined) throw new Error(`no card ${name}`);
  return index;
}

function dealingFor(index: number) {
  const serverSeed = createHash('sha256').update(`blackjack-pf2-${index}`).digest();
  return segmentedDealing(serverSeed, createHash('sha256').update(`c-${index}`).digest('hex'), 1000 + index);
}

/** Plays a round: `steer` decides for the steered seat, every other seat plays what `others` picks. */
function play(index: number, seats: number[], steered: number, steer: (actions: string[]) => string, others: Random): BlackjackOutcome {
  const round = new BlackjackRound(seats, dealingFor(index));
  for (let step = 0; step < 200 && round.phase !== 'done'; step++) {
    const turn = round.turn;
    let decision: BlackjackDecision;
    if (turn.phase === 'insurance') {
      const seat = turn.seats[0] as number;
      decision = { seat, hand: 0, action: seat === steered ? (steer(['insure', 'no-insurance']) as 'insure') : others.pick(['insure', 'no-insurance'] as const) };
    } else if (turn.phase === 'play') {
      const action = turn.seat === steered ? steer(turn.actions) : others.pick(turn.actions);
      decision = { seat: turn.seat, hand: turn.hand, action: action as BlackjackDecision['action'] };
    } else break;
    round.apply(decision);
  }
  expect(round.phase).toBe('done');
  return round.outcome;
}

/** Everything the steered seat's owner must not be able to move. */
function othersView(outcome: BlackjackOutcome, steered: number) {
  return {
    dealer: outcome.dealer.cards,
    seats: outcome.seats.filter((seat) => seat.seat !== steered).map((seat) => seat.hands.map((hand) => hand.cards)),
    behind: outcome.seats.map((seat) => seat.behind),
  };
}

describe('pf2 blackjack: no seat steers another hand', () => {
  it(`over ${ROUNDS} rounds, a seat that always hits, always stands or plays at random leaves every other hand, the dealer and every bets-behind hand alone`, () => {
    const random = new Random(91);
    let differed = 0;
    for (let index = 0; index < ROUNDS; index++) {
      const seats = [1, 2, 3, 4, 5, 6, 7].filter(() => random.below(2) === 0);
      if (seats.length < 2) seats.splice(0, seats.length, 2, 5);
      const steered = random.pick(seats);
      const othersSeed = random.below(1_000_000);
      const hitter = play(index, seats, steered, (actions) => (actions.includes('hit') ? 'hit' : (actions[0] as string)), new Random(othersSeed));
      const stander = play(index, seats, steered, (actions) => (actions.includes('stand') ? 'stand' : (actions[1] ?? (actions[0] as string))), new Random(othersSeed));
      const chaotic = new Random(index);
      const wild = play(index, seats, steered, (actions) => chaotic.pick(actions), new Random(othersSeed));
      expect(othersView(stander, steered)).toEqual(othersView(hitter, steered));
      expect(othersView(wild, steered)).toEqual(othersView(hitter, steered));
      const steeredHand = (outcome: BlackjackOutcome) => outcome.seats.find((seat) => seat.seat === steered)?.hands;
      if (JSON.stringify(steeredHand(hitter)) !== JSON.stringify(steeredHand(stander))) differed += 1;
    }
    // The steered seat's own hand did change, so the test could have failed.
    expect(differed).toBeGreaterThan(ROUNDS / 4);
  });

  it('plays the hand for bets behind by the chart from the seat opening cards', () => {
    for (let index = 0; index < 100; index++) {
      const round = new BlackjackRound([4], dealingFor(index));
      while (round.phase !== 'done') {
        const turn = round.turn;
        round.apply(turn.phase === 'insurance' ? { seat: 4, hand: 0, action: 'no-insurance' } : { seat: 4, hand: (turn as { hand: number }).hand, action: 'stand' });
      }
      const outcome = round.outcome;
      const seat = outcome.seats[0]!;
      const behind = seat.behind!;
      expect(behind.cards.slice(0, 2)).toEqual(seat.hands[0]!.cards.slice(0, 2));
      const up = cardIndex(outcome.dealer.cards[0]!);
      // Each card was drawn because the chart said hit, and the last one stood (or the hand reached 21, or the dealer peeked a blackjack).
      if (!outcome.dealer.blackjack) {
        const cards = behind.cards.map(cardIndex);
        for (let count = 2; count < cards.length; count++) expect(chartAction(cards.slice(0, count), up)).toBe('hit');
        if (behind.total <= 21) expect(chartAction(cards, up)).toBe('stand');
      }
    }
  });

  it('plays a timed-out hand by the chart instead of standing it, and tells an absent owner from a timeout', () => {
    let hitByChart = 0;
    for (let index = 0; index < 200; index++) {
      for (const action of ['timeout', 'absent'] as const) {
        const round = new BlackjackRound([1], dealingFor(index));
        if (round.phase === 'insurance') round.apply({ seat: 1, hand: 0, action });
        if (round.phase !== 'play') continue;
        round.apply({ seat: 1, hand: 0, action });
        const outcome = round.outcome;
        const hand = outcome.seats[0]!.hands[0]!;
        const up = cardIndex(outcome.dealer.cards[0]!);
        const cards = hand.cards.map(cardIndex);
        if (hand.total <= 21) expect(chartAction(cards, up)).toBe('stand');
        if (cards.length > 2) hitByChart += 1;
        expect(outcome.decisions.at(-1)).toEqual({ seat: 1, hand: 0, action });
      }
    }
    expect(hitByChart).toBeGreaterThan(20);
  });
});

describe(`the chart ${BLACKJACK_CHART}`, () => {
  const hand = (...names: string[]) => names.map(cardIndex);
  it.each([
    [['10S', '6H'], '10D', 'hit'],
    [['10S', '6H'], '6D', 'stand'],
    [['10S', '2H'], '3D', 'hit'],
    [['10S', '2H'], '4D', 'stand'],
    [['10S', '7H'], 'AD', 'stand'],
    [['5S', '6H'], '6D', 'hit'],
    [['AS', '7H'], '8D', 'stand'],
    [['AS', '7H'], '9D', 'hit'],
    [['AS', '6H'], '2D', 'hit'],
    [['AS', '8H'], 'AD', 'stand'],
    [['8S', '8H'], '5D', 'stand'],
    [['AS', 'AH'], '5D', 'hit'],
    [['AS', 'KH'], '10D', 'stand'],
  ])('%j against %s: %s', (cards, up, expected) => {
    expect(chartAction(hand(...cards), cardIndex(up))).toBe(expected);
  });
});
