// The standard benchmark step, shared by the tfjs bench and described to the PyTorch script: 8 prompts x G=8,
// tiny model, addition prompts, 8 sampled characters (random init, so every rollout runs to full length),
// GRPO with a k3 KL to a frozen reference, one inner epoch, Adam.
import { presetConfig } from '../../src/engine/rl/presets';
import { parseConfig, type RunConfig } from '../../src/engine/config';
import type { ModelSize } from '../../src/engine/policy/model';

export function benchConfig(size: ModelSize = 'tiny'): RunConfig {
  return parseConfig(
    presetConfig('grpo', {
      task: 'add',
      modelSize: size,
      init: 'random',
      prompts: 8,
      groupSize: 8,
      maxCompletionLength: 8,
      evalEvery: 0,
      seed: 1,
    }),
  );
}

export const PHASES = ['rollout', 'scoring', 'advantages', 'update', 'total'] as const;
export type Phase = (typeof PHASES)[number];

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median of the paired ratios a[i]/b[i] and their spread (min and max), from one interleaved run. */
export function pairedRatio(a: number[], b: number[]): { median: number; min: number; max: number } {
  const r = a.map((x, i) => x / b[i]);
  return { median: median(r), min: Math.min(...r), max: Math.max(...r) };
}

export function fmtRatio(r: { median: number; min: number; max: number }): string {
  return `${r.median.toFixed(2)}x [${r.min.toFixed(2)}-${r.max.toFixed(2)}]`;
}
