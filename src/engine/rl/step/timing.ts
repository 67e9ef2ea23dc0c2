// Wall-clock metrics of one step from the clock readings at its phase boundaries.
import type { Metrics } from '../types';

/** t = [start, rollouts done, scoring done, advantages done, update done, eval done] in ms. */
export function timingMetrics(t: readonly [number, number, number, number, number, number], stepTokens: number): Metrics {
  const total = t[5] - t[0];
  return {
    step_time: total / 1000,
    'timing/rollout_ms': t[1] - t[0],
    'timing/scoring_ms': t[2] - t[1],
    'timing/advantages_ms': t[3] - t[2],
    'timing/update_ms': t[4] - t[3],
    'timing/eval_ms': t[5] - t[4],
    tokens_per_s: total > 0 ? stepTokens / (total / 1000) : 0,
  };
}
