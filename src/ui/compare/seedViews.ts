// What the multi-seed panel draws, computed from the comparison's rows with the engine's own statistics
// (engine/seed-stats.ts, engine/stats/interval.ts): per-step mean bands, per-step paired differences, and the summary
// table's rows. Pure, so the unit tests check the numbers the screen shows.
import { bands, summarize, type MetricSummary, type SeedRuns } from '../../engine/seed-stats';
import { verdict, type Interval } from '../../engine/stats/interval';

/** Metrics the summary table lists when a run logged them, in this order (the chart's metric is added if missing). */
export const SUMMARY_METRICS = [
  'eval/pass@1',
  'reward',
  'entropy',
  'completions/mean_length',
  'frac_reward_zero_std',
  'kl',
  'adv/true_sign_flip_rate',
  'oracle/p_mean',
] as const;

export interface BandSeries {
  key: string;
  label: string;
  color: string;
  /** Per step with a value: the mean and its 95% interval (low/high NaN with fewer than 2 seeds). */
  points: Array<{ step: number; iv: Interval }>;
}

/** Every metric some run logged (step excluded), sorted, with the SUMMARY_METRICS first. */
export function loggedMetrics(data: SeedRuns): string[] {
  const seen = new Set<string>();
  for (const seed of data.runs)
    for (const rows of seed) for (const r of rows.slice(1)) for (const k of Object.keys(r)) if (k !== 'step') seen.add(k);
  const first = SUMMARY_METRICS.filter((m) => seen.has(m));
  return [...first, ...[...seen].filter((m) => !(first as string[]).includes(m)).sort()];
}

/** The mean chart's series (one per variant) and the difference chart's (one per variant after the first). */
export function bandSeries(data: SeedRuns, metric: string, colors: readonly string[]): { means: BandSeries[]; diffs: BandSeries[] } {
  const pts = bands(data, metric).filter((p) => p.step > 0);
  const means = data.variants.map((name, vi) => ({
    key: `v${vi}`,
    label: name,
    color: colors[vi % colors.length],
    points: pts.filter((p) => p.variants[vi].n > 0).map((p) => ({ step: p.step, iv: p.variants[vi] })),
  }));
  const diffs = data.variants.slice(1).map((name, j) => ({
    key: `d${j + 1}`,
    label: `${name} − ${data.variants[0]}`,
    color: colors[(j + 1) % colors.length],
    points: pts.filter((p) => p.diffs[j].n > 0).map((p) => ({ step: p.step, iv: p.diffs[j] })),
  }));
  return { means, diffs };
}

export type DiffReading = 'shows higher' | 'shows lower' | 'inconclusive';

/**
 * A paired difference read without a claimed direction: "shows higher" when its 95% interval lies wholly above 0
 * (interval.ts's verdict for the claim "higher"), "shows lower" when wholly below, else "inconclusive".
 */
export function readDifference(diff: Interval): DiffReading {
  if (verdict(diff, 'higher') === 'shows') return 'shows higher';
  if (verdict(diff, 'lower') === 'shows') return 'shows lower';
  return 'inconclusive';
}

export interface SummaryRow {
  summary: MetricSummary;
  readings: DiffReading[];
}

/** The summary table: per metric, each variant's mean ± interval across seeds and each paired difference. */
export function summaryRows(data: SeedRuns, metrics: readonly string[]): SummaryRow[] {
  return metrics.map((m) => {
    const summary = summarize(data, m);
    return { summary, readings: summary.diffs.map((d) => readDifference(d.interval)) };
  });
}
