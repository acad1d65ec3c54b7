// The one rule for a table's results history: settled rounds only, each at
// its settledAt, oldest first, at most Limits.historyLength.
import { describe, expect, it } from 'vitest';
import { Limits, type Outcome } from '../../src/shared/protocol.ts';
import { historyOf, type HistoryRound } from '../../src/shared/round-history.ts';

const pocket = (value: number): Outcome => ({ pocket: value });

describe('round history', () => {
  it('keeps settled rounds only, oldest first, each at its settledAt', () => {
    const newestFirst: HistoryRound[] = [
      { number: 6, phase: 'betting', outcome: null, settledAt: null },
      { number: 5, phase: 'result', outcome: pocket(5), settledAt: null },
      { number: 4, phase: 'settled', outcome: pocket(4), settledAt: 4_000 },
      { number: 3, phase: 'voided', outcome: null, settledAt: null },
      { number: 2, phase: 'settled', outcome: pocket(2), settledAt: 2_000 },
      // Never written so, but the rule does not invent a time for it.
      { number: 1, phase: 'settled', outcome: pocket(1), settledAt: null },
    ];
    expect(historyOf(newestFirst)).toEqual([
      { round: 2, outcome: pocket(2), settledAt: 2_000 },
      { round: 4, outcome: pocket(4), settledAt: 4_000 },
    ]);
    expect(historyOf([])).toEqual([]);
  });

  it('holds at most Limits.historyLength results, the newest', () => {
    const count = Limits.historyLength + 5;
    const newestFirst = Array.from({ length: count }, (_, index): HistoryRound => {
      const number = count - index;
      return { number, phase: 'settled', outcome: pocket(number % 37), settledAt: number * 1_000 };
    });
    const history = historyOf(newestFirst);
    expect(history).toHaveLength(Limits.historyLength);
    expect(history[0]?.round).toBe(6);
    expect(history.at(-1)?.round).toBe(count);
  });
});
