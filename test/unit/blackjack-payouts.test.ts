// Blackjack at a table settles bet row by bet row (seat:N, behind:N and the
// server's double:N:H, split:N, insurance:N), each from the outcome alone so
// an auditor can recheck it. Over many real rounds with random decisions,
// dealt as pf1 (one shoe) and as pf2 (segments, bets behind on a hand of
// their own), the rows of each seat must pay exactly what blackjackPayouts
// pays that seat's main bet, and every bet behind exactly its settlement.
// The registry's recompute must replay each round back to its outcome.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Pf1Stream, bytesToHex, clientStringOf } from '../../src/shared/fairness/pf1.ts';
import { verifyRound } from '../../src/shared/fairness/verify-round.ts';
import type { FairnessScheme } from '../../src/shared/api.ts';
import { BlackjackRound, blackjackExtraStakeMinor, blackjackPayouts, type BlackjackBet, type BlackjackDecision } from '../../src/shared/games/blackjack.ts';
import { dealingOf, type DrawInputs } from '../../src/shared/games/blackjack-dealing.ts';
import {
  blackjackSpotId,
  blackjackSpotKind,
  isPlaceableBlackjackSpot,
  parseBlackjackSpot,
} from '../../src/shared/games/blackjack-spots.ts';
import { gameRules } from '../../src/shared/games/index.ts';
import type { BlackjackOutcome } from '../../src/shared/protocol.ts';
import { Random } from '../support/fuzz-messages.ts';

const rules = gameRules('blackjack');
const ROUNDS = 1_500;

type Row = { spot: string; amountMinor: number; seat: number; group: string };

function serverSeedOf(index: number): Uint8Array {
  return createHash('sha256').update(`blackjack-payouts-${index}`).digest();
}

/** A real round with random seats, stakes and decisions, dealt as the scheme deals; the bet rows a table would book for it. */
function playRandomRound(
  index: number,
  random: Random,
  fairness: FairnessScheme = 'pf1',
): { outcome: BlackjackOutcome; rows: Row[]; bets: BlackjackBet[]; inputs: DrawInputs } {
  const seats = [1, 2, 3, 4, 5, 6, 7].filter(() => random.below(2) === 0);
  if (seats.length === 0) seats.push(1 + random.below(7));
  const inputs: DrawInputs = { serverSeed: serverSeedOf(index), clientString: clientStringOf([`seed-${index}`]), round: index + 1, fairness };
  const round = new BlackjackRound(seats, dealingOf(inputs));
  // Odd and even stakes both: rounding of 3:2 must agree too.
  const mains = new Map(seats.map((seat) => [seat, 1 + random.below(5_000)]));
  const rows: Row[] = [];
  const bets: BlackjackBet[] = [];
  for (const seat of seats) {
    const main = mains.get(seat) as number;
    rows.push({ spot: blackjackSpotId.seat(seat), amountMinor: main, seat, group: `main:${seat}` });
    bets.push({ betId: `main:${seat}`, seat, kind: 'main', amountMinor: main });
    for (let behind = random.below(3); behind > 0; behind--) {
      const amountMinor = 1 + random.below(3_000);
      const betId = `behind:${seat}:${behind}`;
      rows.push({ spot: blackjackSpotId.behind(seat), amountMinor, seat, group: betId });
      bets.push({ betId, seat, kind: 'behind', amountMinor });
    }
  }
  // Every decision ends a hand or an insurance answer, or adds a card: bounded by the shoe.
  for (let step = 0; step < 200 && round.phase !== 'done'; step++) {
    const turn = round.turn;
    let decision: BlackjackDecision;
    if (turn.phase === 'insurance') {
      const seat = random.pick(turn.seats);
      decision = { seat, hand: 0, action: random.pick(['insure', 'no-insurance', 'timeout'] as const) };
    } else if (turn.phase === 'play') {
      decision = { seat: turn.seat, hand: turn.hand, action: random.pick([...turn.actions, 'timeout'] as const) };
    } else break;
    const main = mains.get(decision.seat) as number;
    const extra = blackjackExtraStakeMinor(main, decision.action);
    if (extra > 0) {
      const spot =
        decision.action === 'double'
          ? blackjackSpotId.double(decision.seat, decision.hand)
          : decision.action === 'split'
            ? blackjackSpotId.split(decision.seat)
            : blackjackSpotId.insurance(decision.seat);
      rows.push({ spot, amountMinor: extra, seat: decision.seat, group: `main:${decision.seat}` });
    }
    round.apply(decision);
  }
  expect(round.phase).toBe('done');
  return { outcome: round.outcome, rows, bets, inputs };
}

describe('blackjack spots', () => {
  it('parses exactly the seven seats and their server spots', () => {
    expect(parseBlackjackSpot('seat:1')).toEqual({ kind: 'seat', seat: 1 });
    expect(parseBlackjackSpot('behind:7')).toEqual({ kind: 'behind', seat: 7 });
    expect(parseBlackjackSpot('double:3:1')).toEqual({ kind: 'double', seat: 3, hand: 1 });
    expect(parseBlackjackSpot('split:4')).toEqual({ kind: 'split', seat: 4 });
    expect(parseBlackjackSpot('insurance:5')).toEqual({ kind: 'insurance', seat: 5 });
    for (const bad of ['seat:0', 'seat:8', 'seat:1 ', 'double:3', 'double:3:2', 'behind:', 'split:1:0', 'red', 'constructor']) {
      expect(parseBlackjackSpot(bad)).toBeNull();
    }
  });

  it('lets players bet only on a seat or behind one', () => {
    expect(['seat:2', 'behind:2'].map(isPlaceableBlackjackSpot)).toEqual([true, true]);
    expect(['double:2:0', 'split:2', 'insurance:2', 'red'].map(isPlaceableBlackjackSpot)).toEqual([false, false, false, false]);
    expect(rules.isPlaceable('insurance:1')).toBe(false);
    // The audit still knows every spot a stake can sit on.
    expect(['seat:1', 'double:1:1', 'split:1', 'behind:1', 'insurance:1'].map(blackjackSpotKind)).toEqual(['main', 'main', 'main', 'behind', 'insurance']);
    for (const kind of ['main', 'behind', 'insurance']) expect(rules.rtpByKind[kind]).toBeGreaterThan(0.9);
  });

  it('is dealt at the table, never drawn in one go', () => {
    expect(() => rules.draw(new Pf1Stream(serverSeedOf(0), 'x', 1))).toThrow(/decision by decision/);
  });
});

describe.each(['pf1', 'pf2'] as const)(`payouts per bet row over ${ROUNDS} replayed %s rounds`, (fairness) => {
  it('equal blackjackPayouts for every seat and every bet behind, and replay to the same outcome', () => {
    const random = new Random(20_250_101);
    const seen = { double: 0, split: 0, insurance: 0, dealerBlackjack: 0, playerBlackjack: 0, oddBlackjack: 0, ownBehindHand: 0 };
    for (let index = 0; index < ROUNDS; index++) {
      const { outcome, rows, bets, inputs } = playRandomRound(index, random, fairness);
      // pf2 deals every seat a hand of its own for its bets behind; pf1 never does.
      for (const seat of outcome.seats) if (seat.behind !== undefined) seen.ownBehindHand += 1;
      if (fairness === 'pf1') expect(outcome.seats.every((seat) => seat.behind === undefined)).toBe(true);
      const settlements = new Map(blackjackPayouts(outcome, bets).map((settlement) => [settlement.betId, settlement]));
      const byGroup = new Map<string, { staked: number; returned: number }>();
      for (const row of rows) {
        const returned = rules.payoutMinor(row.spot, row.amountMinor, outcome);
        expect(Number.isSafeInteger(returned) && returned >= 0).toBe(true);
        const group = byGroup.get(row.group) ?? { staked: 0, returned: 0 };
        group.staked += row.amountMinor;
        group.returned += returned;
        byGroup.set(row.group, group);
        const kind = parseBlackjackSpot(row.spot)?.kind;
        if (kind === 'double' || kind === 'split' || kind === 'insurance') seen[kind] += 1;
      }
      expect(byGroup.size).toBe(settlements.size);
      for (const [betId, settlement] of settlements) {
        expect({ betId, ...byGroup.get(betId) }).toEqual({ betId, staked: settlement.stakeMinor, returned: settlement.returnedMinor });
      }
      if (outcome.dealer.blackjack) seen.dealerBlackjack += 1;
      for (const seat of outcome.seats) {
        if (seat.hands[0]?.result === 'blackjack') {
          seen.playerBlackjack += 1;
          if (bets.some((bet) => bet.seat === seat.seat && bet.amountMinor % 2 === 1)) seen.oddBlackjack += 1;
        }
      }
      // An auditor's recompute: the published decisions replayed on the round's shoe give the outcome back.
      expect(rules.recompute(inputs, outcome)).toEqual(outcome);
    }
    // The random decisions did reach every kind of extra stake and every payout path.
    for (const [what, count] of Object.entries(seen)) {
      if (what === 'ownBehindHand' && fairness === 'pf1') expect(count).toBe(0);
      else expect(count, what).toBeGreaterThan(10);
    }
  });

  it('refuses a forged outcome: other decisions, or a card changed', () => {
    const random = new Random(7);
    let checked = 0;
    for (let index = 0; index < 200 && checked < 20; index++) {
      const { outcome, inputs } = playRandomRound(index, random, fairness);
      const stood = outcome.decisions.findIndex((decision) => decision.action === 'stand');
      if (stood < 0) continue;
      const otherDecisions = structuredClone(outcome);
      (otherDecisions.decisions[stood] as BlackjackDecision).action = 'hit';
      expect(() => expect(rules.recompute(inputs, otherDecisions)).toEqual(otherDecisions)).toThrow();
      const otherCard = structuredClone(outcome);
      otherCard.dealer.cards[0] = otherCard.dealer.cards[0] === 'AS' ? 'KS' : 'AS';
      expect(rules.recompute(inputs, otherCard)).not.toEqual(otherCard);
      // Read as the other scheme, the same cards and decisions are not this round.
      const other = fairness === 'pf1' ? 'pf2' : 'pf1';
      expect(() => expect(rules.recompute({ ...inputs, fairness: other }, outcome)).toEqual(outcome)).toThrow();
      checked += 1;
    }
    expect(checked).toBe(20);
  });

  it('verifies from a round proof as a player would', () => {
    const random = new Random(11);
    const index = 3;
    const { outcome } = playRandomRound(index, random);
    const proof = {
      game: 'blackjack' as const,
      round: index + 1,
      // chainIndex 1: the commitment is the hash of the server seed.
      commitment: createHash('sha256').update(serverSeedOf(index)).digest('hex'),
      chainIndex: 1,
      serverSeed: bytesToHex(serverSeedOf(index)),
      clientSeeds: [`seed-${index}`],
      clientString: clientStringOf([`seed-${index}`]),
      outcome,
    };
    expect(verifyRound(proof)).toMatchObject({ ok: true });
    const forged = structuredClone(outcome);
    forged.seats[0]!.hands[0]!.result = 'blackjack';
    const report = verifyRound({ ...proof, outcome: forged });
    expect(report.ok).toBe(false);
    expect(report.checks.find((check) => check.name === 'outcome')?.ok).toBe(false);
    // Garbage where decisions belong is a failed check, not a crash.
    expect(verifyRound({ ...proof, outcome: { ...outcome, decisions: 'nope' } as unknown as BlackjackOutcome }).ok).toBe(false);
  });
});
