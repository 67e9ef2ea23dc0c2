// Several seeds, one comparison. Every variant runs on every seed; within a seed all variants share the seed's
// random streams (common random numbers, see compare.ts), so the per-seed difference variant - variant 0 is a
// paired sample and its interval (stats/interval.ts) is what a claim about an effect rests on.
// Variants run one after another (not in lockstep): CRN comes from the stream names, not from timing.
import { mergeConfig, parseConfig, type RunConfig, type RunConfigInput } from './config';
import { Trainer } from './rl/trainer';
import type { RunRows, SeedRuns } from './seed-stats';

export { bands, claimVerdict, defaultReduce, reduceRun, summarize } from './seed-stats';
export type { BandPoint, MetricSummary, Reduce, RunRows, SeedRuns } from './seed-stats';

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
  /** Called when a run is complete, with its final rows (the closing eval included). */
  onRun?: (e: { seed: number; variant: number; rows: RunRows }) => void;
}

export interface SeedComparison extends SeedRuns {
  configs: RunConfig[][];
}

/** The resolved config of one variant on one seed (the seed overrides whatever the base had). */
export function seedConfig(base: RunConfigInput, variant: SeedVariant, seed: number): RunConfig {
  const cfg = parseConfig(mergeConfig(mergeConfig(base, variant.patch), { seed }));
  const ref = parseConfig(mergeConfig(base, { seed }));
  if (variant.patch.seed !== undefined) throw new Error(`Variant "${variant.name}" sets the seed; seeds are chosen by the comparison`);
  if (cfg.task !== ref.task)
    throw new Error(`Variant "${variant.name}" changes the task (${ref.task} -> ${cfg.task}); paired runs share one task`);
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
        init.onRun?.({ seed, variant: vi, rows });
      } finally {
        trainer.dispose();
      }
    }
    runs.push(perVariant);
  }
  return { variants: init.variants.map((v) => v.name), seeds: init.seeds, steps: init.steps, runs, configs };
}
