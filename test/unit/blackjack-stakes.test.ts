// The extra stakes of a blackjack record against its decisions
// (docs/audit-format.md §6, "Extra stakes"): each double, split and insurance
// row is matched to its decision at the price the rules give, and named when
// it is not.
import { describe, expect, it } from 'vitest';
import type { BetRecord, RoundRecord } from '../../src/shared/audit-record.ts';
import type { BlackjackOutcome } from '../../src/shared/protocol.ts';
import { checkBlackjackStakes, extraStakeBetId } from '../../src/main/verifier/blackjack-stake-checks.ts';

const ROUND_ROW = 812;
type Decision = BlackjackOutcome['decisions'][number];

function bet(playerId: string, spot: string, amountMinor: number, overrides: Partial<BetRecord> = {}): BetRecord {
  const server = /^(double|split|insurance):/.test(spot);
  return {
    betRowId: 1,
    betId: server ? extraStakeBetId(ROUND_ROW, spot) : `${playerId}-${spot.replace(':', '')}`,
    playerId,
    spot,
    amountMinor,
    status: 'settled',
    payoutMinor: 0,
    placedAt: 1,
    cancelledAt: null,
    balanceBeforeMinor: 0,
    balanceAfterMinor: 0,
    transfers: [],
    ...overrides,
  };
}

/** Only what the check reads: game, status, round row, bets and the outcome's decisions. */
function record(bets: BetRecord[], decisions: Decision[], status: 'settled' | 'voided' = 'settled'): RoundRecord {
  const outcome = { dealer: { cards: [], total: 0, blackjack: false }, seats: [], decisions, cards: [] };
  return { game: 'blackjack', status, roundRowId: ROUND_ROW, bets, outcome: status === 'settled' ? outcome : null } as unknown as RoundRecord;
}

/** Ana sits at seat 3 with 1000 on it (two rows: 600 + 400); Bo bets behind. */
const mains = [bet('ana', 'seat:3', 600), bet('ana', 'seat:3', 400), bet('bo', 'behind:3', 500)];
const all: Decision[] = [
  { seat: 3, hand: 0, action: 'insure' },
  { seat: 3, hand: 0, action: 'split' },
  { seat: 3, hand: 0, action: 'double' },
  { seat: 3, hand: 1, action: 'stand' },
];
const extras = [bet('ana', 'insurance:3', 500), bet('ana', 'split:3', 1000), bet('ana', 'double:3:0', 1000)];

function problems(target: RoundRecord): { field: string; message: string }[] {
  const found = checkBlackjackStakes(target);
  return [...found.bets.values(), ...found.missing].map(({ field, message }) => ({ field, message }));
}

describe('blackjack extra stakes', () => {
  it('accepts one row per staking decision, priced on the seat’s main stake', () => {
    expect(problems(record([...mains, ...extras], all))).toEqual([]);
    // A seat that only stood books nothing extra.
    expect(problems(record(mains, [{ seat: 3, hand: 0, action: 'stand' }]))).toEqual([]);
  });

  it('names a stake without its decision: an insurance row for a seat that never insured', () => {
    const forged = record([...mains, bet('ana', 'insurance:3', 500)], [{ seat: 3, hand: 0, action: 'no-insurance' }, { seat: 3, hand: 0, action: 'stand' }]);
    expect(problems(forged)).toEqual([{ field: 'bets[3].spot', message: expect.stringMatching(/insurance:3, but the recorded decisions make no such decision/) }]);
    // A double on the other hand than the one doubled.
    const wrongHand = record([...mains, bet('ana', 'split:3', 1000), bet('ana', 'double:3:1', 1000)], all.filter((decision) => decision.action !== 'insure'));
    expect(problems(wrongHand).map((problem) => problem.field)).toEqual(['bets[4].spot', 'outcome.decisions[1]']);
  });

  it('names a decision whose stake is missing', () => {
    const missing = record([...mains, extras[0] as BetRecord, extras[1] as BetRecord], all);
    expect(problems(missing)).toEqual([{ field: 'outcome.decisions[2]', message: 'this decision stakes double:3:0, and the record has no bet on it' }]);
  });

  it('insurance on a one-unit main bet costs nothing, so no row is expected', () => {
    expect(problems(record([bet('ana', 'seat:1', 1)], [{ seat: 1, hand: 0, action: 'insure' }, { seat: 1, hand: 0, action: 'stand' }]))).toEqual([]);
    expect(problems(record([bet('ana', 'seat:1', 3)], [{ seat: 1, hand: 0, action: 'insure' }, { seat: 1, hand: 0, action: 'stand' }]))).toHaveLength(1);
  });

  it('prices each kind as the rules do: double and split the main stake, insurance half of it rounded down', () => {
    const odd = [bet('ana', 'seat:2', 301)];
    const decisions: Decision[] = [{ seat: 2, hand: 0, action: 'insure' }, { seat: 2, hand: 0, action: 'double' }];
    expect(problems(record([...odd, bet('ana', 'insurance:2', 150), bet('ana', 'double:2:0', 301)], decisions))).toEqual([]);
    const wrong = problems(record([...odd, bet('ana', 'insurance:2', 151), bet('ana', 'double:2:0', 602)], decisions));
    expect(wrong).toEqual([
      { field: 'bets[1].amountMinor', message: 'insurance:2 costs 150 on a main stake of 301' },
      { field: 'bets[2].amountMinor', message: 'double:2:0 costs 301 on a main stake of 301' },
    ]);
    // A cancelled main row does not count towards the main stake.
    const cancelled = [bet('ana', 'seat:2', 301), bet('ana', 'seat:2', 99, { status: 'cancelled', cancelledAt: 2 })];
    expect(problems(record([...cancelled, bet('ana', 'double:2:0', 301)], [{ seat: 2, hand: 0, action: 'double' }]))).toEqual([]);
  });

  it('names a row on the wrong seat, by the wrong player, twice, with a wrong id, or taken back', () => {
    const decisions: Decision[] = [{ seat: 3, hand: 0, action: 'double' }];
    const cases: [BetRecord, string][] = [
      [bet('ana', 'double:5:0', 1000), 'bets[3].spot'],
      [bet('bo', 'double:3:0', 1000), 'bets[3].playerId'],
      [bet('ana', 'double:3:0', 1000, { betId: '__bj-r811-double-3-0' }), 'bets[3].betId'],
      [bet('ana', 'double:3:0', 1000, { betId: 'ana-double' }), 'bets[3].betId'],
      [bet('ana', 'double:3:0', 1000, { status: 'cancelled', cancelledAt: 2 }), 'bets[3].status'],
    ];
    for (const [row, field] of cases) expect(problems(record([...mains, row], decisions))[0]?.field, field).toBe(field);
    const twice = problems(record([...mains, bet('ana', 'double:3:0', 1000), bet('ana', 'double:3:0', 1000)], decisions));
    expect(twice).toEqual([{ field: 'bets[4].spot', message: 'a second stake on double:3:0' }]);
    // A server id on a player's spot.
    expect(problems(record([...mains, bet('bo', 'behind:3', 10, { betId: '__sneaky' })], decisions))[0]?.field).toBe('bets[3].betId');
  });

  it('checks a voided round’s rows on their own, since it has no decisions to match', () => {
    const refunded = (row: BetRecord): BetRecord => ({ ...row, status: 'refunded', payoutMinor: null });
    expect(problems(record([...mains, ...extras].map(refunded), [], 'voided'))).toEqual([]);
    expect(problems(record([...mains.map(refunded), refunded(bet('ana', 'split:3', 999))], [], 'voided'))[0]?.field).toBe('bets[3].amountMinor');
  });

  it('leaves other games alone', () => {
    expect(problems({ ...record([bet('ana', 'split:3', 5)], []), game: 'roulette-eu' })).toEqual([]);
  });
});
