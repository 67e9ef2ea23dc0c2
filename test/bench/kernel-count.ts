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
  /** Kernel passes if each stock kernel run inside a fused one counted as its own: launches that ran none count
   * one each, a fused launch counts the stock kernels it ran (= total - fused launches + inner). */
  passes: number;
  /** Launches per kernel name, most frequent first. */
  byName: Array<[string, number]>;
  /** The profiled step's metrics (a sanity check that the counted step trained: loss, grad_norm, ...). */
  metrics: Record<string, number>;
  /** Each phase's launches per kernel name, most frequent first, and its kernel sequence in launch order. */
  phaseNames: Record<(typeof KERNEL_PHASES)[number], { byName: Array<[string, number]>; sequence: string[] }>;
}

let profiled: { kernels: unknown[] } | null = null;
/** The kernel count at each clock reading while a step is profiled: the trainer reads it at each phase boundary. */
let marks: number[] = [];

/** Give this to every Trainer the bench builds (`new Trainer({ ..., now: benchClock })`). */
export function benchClock(): number {
  if (!profiled) return performance.now();
  marks.push(profiled.kernels.length);
  return profiled.kernels.length;
}

function histogram(names: string[]): Array<[string, number]> {
  const byName = new Map<string, number>();
  for (const k of names) byName.set(k, (byName.get(k) ?? 0) + 1);
  return [...byName].sort((a, b) => b[1] - a[1]);
}

/** Profile one trainStep of `trainer` (built with benchClock). */
export async function countStepKernels(trainer: Trainer): Promise<KernelCount> {
  let metrics: Record<string, number> = {};
  const innerBefore = innerKernelCalls();
  let fusedLaunches = 0;
  marks = [];
  const profile = await tf.profile(async () => {
    // tf.profile's record of this call: the engine's activeProfile while it runs
    profiled = (tf.engine() as unknown as { state: { activeProfile: { kernels: unknown[] } } }).state.activeProfile;
    // the engine records a launch right after it ran: a launch that moved the inner counter was a fused one
    const kernels = profiled.kernels;
    const record = kernels.push.bind(kernels);
    let seen = innerKernelCalls();
    kernels.push = (...ks: unknown[]) => {
      const now = innerKernelCalls();
      if (now > seen) fusedLaunches++;
      seen = now;
      return record(...ks);
    };
    try {
      metrics = (await trainer.trainStep()).metrics;
    } finally {
      profiled = null;
    }
  });
  const names = profile.kernels.map((k) => k.name);
  const byName = histogram(names);
  const phase = (p: string) => Math.round(metrics[`timing/${p}_ms`] ?? Number.NaN);
  const views = byName.filter(([k]) => k === 'Reshape' || k === 'Identity').reduce((s, [, n]) => s + n, 0);
  // the trainer reads its clock at the start of the step and at the end of each phase, in KERNEL_PHASES order
  const phaseNames = Object.fromEntries(
    KERNEL_PHASES.map((p, i) => {
      const sequence = names.slice(marks[i] ?? 0, marks[i + 1] ?? 0);
      return [p, { byName: histogram(sequence), sequence }];
    }),
  ) as KernelCount['phaseNames'];
  return {
    total: profile.kernels.length,
    computing: profile.kernels.length - views,
    inner: innerKernelCalls() - innerBefore,
    passes: profile.kernels.length - fusedLaunches + (innerKernelCalls() - innerBefore),
    phases: { rollout: phase('rollout'), scoring: phase('scoring'), advantages: phase('advantages'), update: phase('update') },
    byName,
    phaseNames,
    metrics,
  };
}

export function formatKernelCount(name: string, c: KernelCount, top = 12): string {
  const phases = KERNEL_PHASES.map((p) => `${p} ${c.phases[p]}`).join(', ');
  const names = c.byName
    .slice(0, top)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const inner = c.inner > 0 ? `; fused kernels ran ${c.inner} stock kernels inside (${c.passes} passes if each counted as its own)` : '';
  return `${name}: ${c.total} kernels per step (${phases}); ${c.computing} without Reshape/Identity${inner}\n    ${names}`;
}

/** Each phase's kernels by name (and, with `sequence`, in launch order): where a step's launches go. */
export function formatPhaseKernels(c: KernelCount, sequence = false): string {
  return KERNEL_PHASES.map((p) => {
    const { byName, sequence: seq } = c.phaseNames[p];
    const line = `  ${p} ${seq.length}: ${byName.map(([k, n]) => `${k} ${n}`).join(', ')}`;
    return sequence && seq.length ? `${line}\n    sequence: ${seq.join(' ')}` : line;
  }).join('\n');
}
