// The one percentile rule Pitboss uses for raw samples (the server's health
// figures, the desktop's latency alert, the bench): nearest rank, no
// interpolation, so every figure is a value that was really observed.

/**
 * The nearest-rank percentile of `values` at `fraction` (0..1): the smallest
 * value with at least that fraction of the finite samples at or below it.
 * Values that are not finite numbers (a sample that never came) are left out;
 * null when no finite value remains.
 */
export function percentile(values: readonly number[], fraction: number): number | null {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`a percentile's fraction is between 0 and 1, not ${fraction}`);
  const sorted = values.filter((value) => Number.isFinite(value)).sort((left, right) => left - right);
  if (sorted.length === 0) return null;
  // Rank 1 for fraction 0 (the minimum), rank n for fraction 1 (the maximum).
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1] ?? null;
}
