// What a multi-seed comparison's numbers become: one value per run, intervals across seeds, paired differences
// against variant 0, per-step bands for charts. Pure functions on plain rows (no tfjs), so the browser's comparison
// panel, the sweep and the lesson checker read a comparison through the same code.
import { meanInterval, pairedDifference, verdict, type Interval, type Verdict } from './stats/interval';

/** One run's metrics: row k is step k (row 0 holds the start-of-run eval, when there is one). */
export type RunRows = Array<Record<string, number>>;

/** The rows of every run of a comparison (engine/seeds.ts produces them; the browser receives them step by step). */
export interface SeedRuns {
  variants: string[];
  seeds: number[];
  steps: number;
  /** runs[seedIndex][variantIndex] */
  runs: RunRows[][];
}

/** How one run's curve becomes one number: its last measured value, or its mean over the measured steps. */
export type Reduce = 'final' | 'mean';

/** Eval and oracle metrics are measured every evalEvery steps and read at the end; per-step metrics are averaged. */
export function defaultReduce(metric: string): Reduce {
  return metric.startsWith('eval/') ? 'final' : 'mean';
}

/** One run's value of a metric (NaN when the run never logged it). Row 0 (before training) is not counted. */
export function reduceRun(rows: RunRows, metric: string, reduce: Reduce = defaultReduce(metric)): number {
  const vals = rows
    .slice(1)
    .map((r) => r[metric])
    .filter((v): v is number => Number.isFinite(v));
  if (vals.length === 0) return NaN;
  return reduce === 'final' ? vals[vals.length - 1] : vals.reduce((a, b) => a + b, 0) / vals.length;
}

export interface MetricSummary {
  metric: string;
  reduce: Reduce;
  /** Per variant: its per-seed values and their interval. */
  perVariant: Array<{ name: string; values: number[]; interval: Interval }>;
  /** Per variant 1..n-1: the paired difference against variant 0. */
  diffs: Array<{ name: string; interval: Interval }>;
}

export function summarize(c: SeedRuns, metric: string, reduce: Reduce = defaultReduce(metric)): MetricSummary {
  const perVariant = c.variants.map((name, vi) => {
    const values = c.runs.map((seedRuns) => reduceRun(seedRuns[vi], metric, reduce));
    return { name, values, interval: meanInterval(values) };
  });
  const diffs = perVariant.slice(1).map((v) => ({ name: v.name, interval: pairedDifference(perVariant[0].values, v.values) }));
  return { metric, reduce, perVariant, diffs };
}

/** Claimed direction of variant - variant 0 against the measured interval. */
export function claimVerdict(s: MetricSummary, variant: number, claimed: 'higher' | 'lower'): Verdict {
  const d = s.diffs[variant - 1];
  if (!d) throw new Error(`No variant ${variant} in the ${s.metric} summary`);
  return verdict(d.interval, claimed);
}

export interface BandPoint {
  step: number;
  /** Per variant: the mean across seeds and its interval at this step. */
  variants: Interval[];
  /** Per variant 1..n-1: the paired difference against variant 0 at this step. */
  diffs: Interval[];
}

/** Per-step bands across seeds (for charts): only steps where some run logged the metric. */
export function bands(c: SeedRuns, metric: string): BandPoint[] {
  const out: BandPoint[] = [];
  const maxRows = Math.max(...c.runs.flatMap((s) => s.map((r) => r.length)));
  for (let k = 0; k < maxRows; k++) {
    const perVariant = c.variants.map((_, vi) => c.runs.map((s) => s[vi][k]?.[metric] ?? NaN));
    if (!perVariant.some((vals) => vals.some(Number.isFinite))) continue;
    out.push({
      step: k,
      variants: perVariant.map((vals) => meanInterval(vals)),
      diffs: perVariant.slice(1).map((vals) => pairedDifference(perVariant[0], vals)),
    });
  }
  return out;
}
