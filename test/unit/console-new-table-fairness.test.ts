// The new-table form's fairness fields (src/renderer/console/newTableFairness.ts):
// what it sends for pf1 and pf2, what it refuses before the server would, and
// the scheme it starts on.
import { describe, expect, it } from 'vitest';
import { createTableSchema, defaultFairnessFor } from '../../src/shared/api.ts';
import { fairnessAfterGameChange, fairnessFields } from '../../src/renderer/console/newTableFairness.ts';

describe('new table fairness', () => {
  it('sends pf1 with no reveal window, whatever the window field holds', () => {
    expect(fairnessFields('pf1', 'nonsense')).toEqual({ fairness: 'pf1' });
    expect(fairnessFields('pf1', '2')).toEqual({ fairness: 'pf1' });
  });

  it('sends pf2 with the window in milliseconds, at the bounds too', () => {
    expect(fairnessFields('pf2', '2')).toEqual({ fairness: 'pf2', revealWindowMs: 2_000 });
    expect(fairnessFields('pf2', '0.5')).toEqual({ fairness: 'pf2', revealWindowMs: 500 });
    expect(fairnessFields('pf2', ' 5 ')).toEqual({ fairness: 'pf2', revealWindowMs: 5_000 });
    expect(fairnessFields('pf2', '1.25')).toEqual({ fairness: 'pf2', revealWindowMs: 1_250 });
    // The beacon is sent only when the dealer chose; pf1 never sends one.
    expect(fairnessFields('pf2', '2', 'on')).toEqual({ fairness: 'pf2', revealWindowMs: 2_000, beacon: true });
    expect(fairnessFields('pf2', '2', 'off')).toEqual({ fairness: 'pf2', revealWindowMs: 2_000, beacon: false });
    expect(fairnessFields('pf1', '2', 'on')).toEqual({ fairness: 'pf1' });
  });

  it('refuses a window outside 0.5–5 s or not a number', () => {
    for (const text of ['0.4', '5.1', '0', '-1', '', ' ', 'two', 'Infinity']) {
      expect(() => fairnessFields('pf2', text), text).toThrow('Reveal window: enter between 0.5 and 5 seconds');
    }
  });

  it('agrees with the server schema on what it sends', () => {
    for (const text of ['0.5', '2', '5']) {
      const fields = fairnessFields('pf2', text);
      const request = { name: 'T', game: 'roulette-eu', minBetMinor: 100, maxSpotMinor: 100, maxRoundMinor: 100, ...fields };
      expect(createTableSchema.safeParse(request).success, text).toBe(true);
    }
  });

});

describe('the form starts on the default scheme', () => {
  it('is pf2 for every game, blackjack included', () => {
    for (const game of ['roulette-eu', 'baccarat', 'dragon-tiger', 'sicbo', 'blackjack'] as const) expect(defaultFairnessFor(game)).toBe('pf2');
    // The form and the server default agree: a request without fairness parses to the form's starting scheme.
    const request = { name: 'T', game: 'roulette-eu', minBetMinor: 100, maxSpotMinor: 100, maxRoundMinor: 100 } as const;
    expect(createTableSchema.parse(request).fairness).toBe(defaultFairnessFor('roulette-eu'));
  });

  it("follows the game's default until the dealer picks a scheme, then keeps the dealer's pick", () => {
    expect(fairnessAfterGameChange('blackjack', 'pf1', false)).toBe('pf2');
    expect(fairnessAfterGameChange('baccarat', 'pf1', false)).toBe('pf2');
    expect(fairnessAfterGameChange('sicbo', 'pf1', true)).toBe('pf1');
    expect(fairnessAfterGameChange('roulette-eu', 'pf2', true)).toBe('pf2');
    expect(fairnessAfterGameChange('blackjack', 'pf1', true)).toBe('pf1');
  });
});
