// The shared nearest-rank percentile (src/shared/percentile.ts), with exact
// values: it is the rule behind /metrics, the console's health samples, the
// desktop's latency alert and the bench's figures.
import { describe, expect, it } from 'vitest';
import { percentile } from '../../src/shared/percentile.ts';

const oneToHundred = Array.from({ length: 100 }, (_, index) => index + 1);

describe('percentile', () => {
  it('is null without samples', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([], 0.99)).toBeNull();
  });

  it('is the one value of a single sample, at every fraction', () => {
    for (const fraction of [0, 0.01, 0.5, 0.99, 1]) expect(percentile([42], fraction)).toBe(42);
  });

  it('takes the nearest rank, never interpolating between samples', () => {
    expect(percentile([10, 20], 0.5)).toBe(10);
    expect(percentile([10, 20], 0.51)).toBe(20);
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(20);
    expect(percentile([10, 20, 30, 40], 0.75)).toBe(30);
    expect(percentile([10, 20, 30, 40], 0.76)).toBe(40);
    expect(percentile(oneToHundred, 0.5)).toBe(50);
    expect(percentile(oneToHundred, 0.99)).toBe(99);
    expect(percentile(Array.from({ length: 1000 }, (_, index) => index + 1), 0.99)).toBe(990);
    expect(percentile([1, 2, 3], 0.99)).toBe(3);
  });

  it('is the minimum at 0 and the maximum at 1', () => {
    expect(percentile([5, 3, 9], 0)).toBe(3);
    expect(percentile([5, 3, 9], 1)).toBe(9);
  });

  it('sorts numerically without changing its input', () => {
    const values = [100, 9, 25, 1];
    expect(percentile(values, 0.5)).toBe(9);
    expect(values).toEqual([100, 9, 25, 1]);
  });

  it('leaves out values that are not finite', () => {
    expect(percentile([Number.NaN, 7, Number.POSITIVE_INFINITY, 3], 1)).toBe(7);
    expect(percentile([Number.NaN], 0.5)).toBeNull();
  });

  it('refuses a fraction outside 0..1 (a caller\'s mistake, not a sample)', () => {
    expect(() => percentile([1], 99)).toThrow(RangeError);
    expect(() => percentile([1], -0.1)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});
