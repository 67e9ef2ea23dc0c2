// Kernels per training step, in total and per phase, for the bench (WASM in Node, WebGPU in Chromium). tf.profile
// records every kernel launch; the trainer's clock (its `now` option) is pointed at that record while a step is
// profiled, so its phase timings (timing/rollout_ms, ...) come out as kernel counts. Outside profiling the clock
// is performance.now().
import * as tf from '@tensorflow/tfjs';
import { innerKernelCalls } from '../../src/engine/policy/inner-kernels';
import type { Trainer } from '../../src/engine/rl/trainer';

export const KERNEL_PHASES = ['rollout', 'scoring', 'advantages', 'update'] as const;

export interface KernelCount {
  total: number;
  phases: Record<(typeof KERNEL_PHASES)[number], number>;
  /** Without Reshape and Identity: on WebGPU those two only relabel a buffer (no shader runs); on WASM Reshape
   * does too, and Identity copies. */
  computing: number;
  /** Stock tfjs-wasm kernels that fused WASM kernels ran inside (called directly, so tf.profile does not list
   * them; src/engine/policy/inner-kernels.ts). 0 on other backends. */
  inner: number;
  /** Launches per kernel name, most frequent first. */
  byName: Array<[string, number]>;
}

let profiled: { kernels: unknown[] } | null = null;

/** Give this to every Trainer the bench builds (`new Trainer({ ..., now: benchClock })`). */
export function benchClock(): number {
  return profiled ? profiled.kernels.length : performance.now();
}

/** Profile one trainStep of `trainer` (built with benchClock). */
export async function countStepKernels(trainer: Trainer): Promise<KernelCount> {
  let metrics: Record<string, number> = {};
  const innerBefore = innerKernelCalls();
  const profile = await tf.profile(async () => {
    // tf.profile's record of this call: the engine's activeProfile while it runs
    profiled = (tf.engine() as unknown as { state: { activeProfile: { kernels: unknown[] } } }).state.activeProfile;
    try {
      metrics = (await trainer.trainStep()).metrics;
    } finally {
      profiled = null;
    }
  });
  const byName = new Map<string, number>();
  for (const k of profile.kernels) byName.set(k.name, (byName.get(k.name) ?? 0) + 1);
  const phase = (p: string) => Math.round(metrics[`timing/${p}_ms`] ?? Number.NaN);
  const views = (byName.get('Reshape') ?? 0) + (byName.get('Identity') ?? 0);
  return {
    total: profile.kernels.length,
    computing: profile.kernels.length - views,
    inner: innerKernelCalls() - innerBefore,
    phases: { rollout: phase('rollout'), scoring: phase('scoring'), advantages: phase('advantages'), update: phase('update') },
    byName: [...byName].sort((a, b) => b[1] - a[1]),
  };
}

export function formatKernelCount(name: string, c: KernelCount, top = 12): string {
  const phases = KERNEL_PHASES.map((p) => `${p} ${c.phases[p]}`).join(', ');
  const names = c.byName
    .slice(0, top)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const inner = c.inner > 0 ? `; fused kernels ran ${c.inner} stock kernels inside` : '';
  return `${name}: ${c.total} kernels per step (${phases}); ${c.computing} without Reshape/Identity${inner}\n    ${names}`;
}
