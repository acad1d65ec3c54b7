// A table snapshot as the server sends it, for the player page's pure state
// tests: every test file shapes the same message, with its own table and round.
import type { RoundView, TableSnapshot, TableSummary } from '../../src/shared/protocol.ts';

export const testLimits = { currency: 'EUR', minBetMinor: 100, maxSpotMinor: 50_000, maxRoundMinor: 200_000 };

export function tableSnapshot(
  parts: { seq?: number; table?: Partial<TableSummary>; round?: Partial<RoundView> },
  overrides: Partial<TableSnapshot> = {},
): TableSnapshot {
  return {
    seq: parts.seq ?? 10,
    table: {
      id: 't1',
      name: 'Test table',
      game: 'roulette-eu',
      limits: testLimits,
      rtp: {},
      bettingWindowMs: 15_000,
      autoCycle: false,
      beacon: null,
      open: true,
      fairness: 'pf1',
      revealWindowMs: 2_000,
      ...parts.table,
    },
    round: {
      round: 1,
      phase: 'betting',
      commitment: 'c0ffee',
      chainIndex: 1,
      closesAt: null,
      lastCall: false,
      clientSeeds: [],
      outcome: null,
      serverSeed: null,
      clientString: null,
      ...parts.round,
    },
    bets: [],
    betCount: 0,
    spotTotals: {},
    players: [],
    playerCount: 0,
    history: [],
    lastRoundBets: [],
    lastSettlement: null,
    ...overrides,
  };
}
