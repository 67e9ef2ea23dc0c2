// Confidence intervals across seeds: the one definition every comparison, sweep and lesson check uses.
// A claim about an effect is a paired difference over seeds that shared their random numbers (common random
// numbers), so the interval is Student's t on the per-seed differences, not two independent means.
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface Interval {
  /** Number of finite values the interval is built from. */
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1 in the denominator); NaN when n < 2. */
  sd: number;
  /** Half-width of the two-sided interval; NaN when n < 2 (one seed has no interval). */
  halfWidth: number;
  low: number;
  high: number;
  /** The confidence level, e.g. 0.95. */
  level: number;
}

/** Two-sided Student-t interval for the mean of `values` (non-finite values are left out and not counted). */
export function meanInterval(values: readonly number[], level = 0.95): Interval {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, halfWidth: NaN, low: NaN, high: NaN, level };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, sd: NaN, halfWidth: NaN, low: NaN, high: NaN, level };
  const ss = xs.reduce((a, x) => a + (x - mean) * (x - mean), 0);
  const sd = Math.sqrt(ss / (n - 1));
  const halfWidth = tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, halfWidth, low: mean - halfWidth, high: mean + halfWidth, level };
}

/**
 * Interval of the paired difference b - a (per seed: b[i] - a[i]). The arrays are indexed by seed; a pair where
 * either side is not finite is dropped. Throws when the arrays do not pair up.
 */
export function pairedDifference(a: readonly number[], b: readonly number[], level = 0.95): Interval {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length: ${a.length} vs ${b.length}`);
  const diffs: number[] = [];
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i]) && Number.isFinite(b[i])) diffs.push(b[i] - a[i]);
  return meanInterval(diffs, level);
}

export type Verdict = 'shows' | 'does not show' | 'inconclusive';

/**
 * Reads a paired interval against a claimed direction: 'shows' when the whole interval lies on the claimed side of
 * 0, 'does not show' when it lies wholly on the other side, 'inconclusive' when it covers 0 (or has no width).
 */
export function verdict(diff: Interval, claimed: 'higher' | 'lower'): Verdict {
  if (!Number.isFinite(diff.low) || !Number.isFinite(diff.high)) return 'inconclusive';
  const sign = claimed === 'higher' ? 1 : -1;
  const lo = Math.min(sign * diff.low, sign * diff.high);
  const hi = Math.max(sign * diff.low, sign * diff.high);
  if (lo > 0) return 'shows';
  if (hi < 0) return 'does not show';
  return 'inconclusive';
}

/** "0.412 ± 0.031" (or "0.412 (1 seed)" when there is no interval). */
export function formatInterval(iv: Interval, digits = 3): string {
  if (!Number.isFinite(iv.mean)) return 'n/a';
  if (!Number.isFinite(iv.halfWidth)) return `${iv.mean.toFixed(digits)} (${iv.n} seed${iv.n === 1 ? '' : 's'})`;
  return `${iv.mean.toFixed(digits)} ± ${iv.halfWidth.toFixed(digits)}`;
}
