// Several seeds, one comparison. Every variant runs on every seed; within a seed all variants share the seed's
// random streams (common random numbers, see compare.ts), so the per-seed difference variant - variant 0 is a
// paired sample and its interval (stats/interval.ts) is what a claim about an effect rests on.
// Variants run one after another (not in lockstep): CRN comes from the stream names, not from timing.
import { mergeConfig, parseConfig, type RunConfig, type RunConfigInput } from './config';
import { Trainer } from './rl/trainer';
import { meanInterval, pairedDifference, verdict, type Interval, type Verdict } from './stats/interval';

export interface SeedVariant {
  name: string;
  /** Merged over the base config; must not set the seed or change the task. */
  patch: RunConfigInput;
}

export interface SeedComparisonInit {
  base: RunConfigInput;
  variants: SeedVariant[];
  seeds: number[];
  steps: number;
  initialWeights?: (config: RunConfig) => Map<string, Float32Array> | undefined;
  earlyStopEvery?: number;
  /** Called after every step of every run (progress). */
  onStep?: (e: { seed: number; variant: number; step: number; metrics: Record<string, number> }) => void;
}

/** One run's metrics: row k is step k (row 0 holds the start-of-run eval, when there is one). */
export type RunRows = Array<Record<string, number>>;

export interface SeedComparison {
  variants: string[];
  seeds: number[];
  steps: number;
  /** runs[seedIndex][variantIndex] */
  runs: RunRows[][];
  configs: RunConfig[][];
}

/** The resolved config of one variant on one seed (the seed overrides whatever the base had). */
export function seedConfig(base: RunConfigInput, variant: SeedVariant, seed: number): RunConfig {
  const cfg = parseConfig(mergeConfig(mergeConfig(base, variant.patch), { seed }));
  const ref = parseConfig(mergeConfig(base, { seed }));
  if (variant.patch.seed !== undefined) throw new Error(`Variant "${variant.name}" sets the seed; seeds are chosen by the comparison`);
  if (cfg.task !== ref.task) throw new Error(`Variant "${variant.name}" changes the task (${ref.task} -> ${cfg.task}); paired runs share one task`);
  return cfg;
}

/**
 * Train `steps` steps of every variant on every seed. The held-out eval runs every evalEvery steps as configured and
 * once more after the last step unless that step already evaluated (never twice).
 */
export async function runSeedComparison(init: SeedComparisonInit): Promise<SeedComparison> {
  if (init.variants.length < 1) throw new Error('A comparison needs at least one variant');
  if (init.seeds.length < 1) throw new Error('A comparison needs at least one seed');
  if (new Set(init.seeds).size !== init.seeds.length) throw new Error(`Seeds repeat: ${init.seeds.join(',')}`);
  if (!(init.steps >= 1)) throw new Error(`steps must be >= 1, got ${init.steps}`);
  const configs = init.seeds.map((seed) => init.variants.map((v) => seedConfig(init.base, v, seed)));
  const runs: RunRows[][] = [];
  for (const [si, seed] of init.seeds.entries()) {
    const perVariant: RunRows[] = [];
    for (const [vi, config] of configs[si].entries()) {
      const trainer = new Trainer({ config, initialWeights: init.initialWeights?.(config), earlyStopEvery: init.earlyStopEvery });
      try {
        const rows: RunRows = [{ step: 0 }];
        for (let s = 1; s <= init.steps; s++) {
          const r = await trainer.trainStep();
          rows.push({ ...r.metrics, step: r.step });
          init.onStep?.({ seed, variant: vi, step: r.step, metrics: r.metrics });
        }
        const last = rows[rows.length - 1];
        if (!Number.isFinite(last['eval/pass@1'])) Object.assign(last, await trainer.evaluate(), await trainer.oracle(init.steps));
        perVariant.push(rows);
      } finally {
        trainer.dispose();
      }
    }
    runs.push(perVariant);
  }
  return { variants: init.variants.map((v) => v.name), seeds: init.seeds, steps: init.steps, runs, configs };
}

/** How one run's curve becomes one number: its last measured value, or its mean over the measured steps. */
export type Reduce = 'final' | 'mean';

/** Eval and oracle metrics are measured every evalEvery steps and read at the end; per-step metrics are averaged. */
export function defaultReduce(metric: string): Reduce {
  return metric.startsWith('eval/') ? 'final' : 'mean';
}

/** One run's value of a metric (NaN when the run never logged it). Row 0 (before training) is not counted. */
export function reduceRun(rows: RunRows, metric: string, reduce: Reduce = defaultReduce(metric)): number {
  const vals = rows.slice(1).map((r) => r[metric]).filter((v): v is number => Number.isFinite(v));
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

export function summarize(c: SeedComparison, metric: string, reduce: Reduce = defaultReduce(metric)): MetricSummary {
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
export function bands(c: SeedComparison, metric: string): BandPoint[] {
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
