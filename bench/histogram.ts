// The bench's shared measuring tools: one clock for every process on this
// machine, main-thread CPU time, a bounded mergeable latency histogram, and
// the summaries (percentiles, mean, max) every figure is reported as.
import { percentile } from '../src/shared/percentile.ts';

/** CLOCK_MONOTONIC in milliseconds (sub-microsecond resolution): the same clock in every process on this machine. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * CPU time (ms, user + system) of this thread so far: process.threadCpuUsage()
 * (Node ≥ 23.9) counts the main thread only, so time the process was not
 * scheduled, and GC helper threads, do not count. Falls back to the whole process.
 */
export function threadCpuMs(): number {
  const usage = typeof process.threadCpuUsage === 'function' ? process.threadCpuUsage() : process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * A log-bucketed latency histogram (0.5 % relative resolution from 10 µs to
 * minutes): bounded in size whatever the number of samples, mergeable, and
 * exact in count, sum, min and max.
 */
export type HistogramData = { count: number; sum: number; min: number; max: number; buckets: [number, number][] };

const bucketBase = Math.log(1.005);
const bucketFloorMs = 0.01;

export class Histogram {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  readonly #buckets = new Map<number, number>();

  add(valueMs: number): void {
    this.count += 1;
    this.sum += valueMs;
    if (valueMs < this.min) this.min = valueMs;
    if (valueMs > this.max) this.max = valueMs;
    const bucket = valueMs <= bucketFloorMs ? 0 : Math.ceil(Math.log(valueMs / bucketFloorMs) / bucketBase);
    this.#buckets.set(bucket, (this.#buckets.get(bucket) ?? 0) + 1);
  }

  merge(data: HistogramData): void {
    if (data.count === 0) return;
    this.count += data.count;
    this.sum += data.sum;
    this.min = Math.min(this.min, data.min);
    this.max = Math.max(this.max, data.max);
    for (const [bucket, count] of data.buckets) this.#buckets.set(bucket, (this.#buckets.get(bucket) ?? 0) + count);
  }

  /** Nearest-rank percentile (p in 0..1), reported as the bucket's upper edge clamped to [min, max]. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(p * this.count));
    let seen = 0;
    for (const bucket of [...this.#buckets.keys()].sort((a, b) => a - b)) {
      seen += this.#buckets.get(bucket) ?? 0;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, bucket === 0 ? bucketFloorMs : bucketFloorMs * Math.exp(bucket * bucketBase)));
    }
    return this.max;
  }

  data(): HistogramData {
    return { count: this.count, sum: this.sum, min: this.min, max: this.max, buckets: [...this.#buckets] };
  }

  static from(data: HistogramData): Histogram {
    const histogram = new Histogram();
    histogram.merge(data);
    return histogram;
  }
}

/** Nearest-rank percentile of raw values (src/shared/percentile.ts), NaN without any. */
function percentileOf(values: readonly number[], fraction: number): number {
  return percentile(values, fraction) ?? Number.NaN;
}

export type Summary = { p50Ms: number; p99Ms: number; maxMs: number; meanMs: number; samples: number };

export function summarize(values: readonly number[]): Summary {
  const finite = values.filter((value) => Number.isFinite(value));
  return {
    p50Ms: round2(percentileOf(finite, 0.5)),
    p99Ms: round2(percentileOf(finite, 0.99)),
    maxMs: round2(finite.length > 0 ? Math.max(...finite) : Number.NaN),
    meanMs: round2(finite.length > 0 ? finite.reduce((sum, value) => sum + value, 0) / finite.length : Number.NaN),
    samples: finite.length,
  };
}

export function summarizeHistogram(histogram: Histogram): Summary {
  return {
    p50Ms: round2(histogram.percentile(0.5)),
    p99Ms: round2(histogram.percentile(0.99)),
    maxMs: round2(histogram.count > 0 ? histogram.max : Number.NaN),
    meanMs: round2(histogram.count > 0 ? histogram.sum / histogram.count : Number.NaN),
    samples: histogram.count,
  };
}

export function round2(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 100) / 100 : value;
}

export function mergeHistograms(data: readonly HistogramData[]): Histogram {
  const merged = new Histogram();
  for (const entry of data) merged.merge(entry);
  return merged;
}
