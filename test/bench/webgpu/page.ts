// The page test/bench/webgpu-kernels.ts opens in headless Chromium: one standard training step per side (fast
// paths off = main's op sequence, on = this branch), profiled on the requested backend, result in window.__kernels.
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/engine/backend';
import type { Backend } from '../../../src/engine/config';
import { setFastPaths } from '../../../src/engine/policy/fast-paths';
import type { ModelSize } from '../../../src/engine/policy/model';
import { Trainer } from '../../../src/engine/rl/trainer';
import { ALL_OFF, ALL_ON } from '../fast-path-sets';
import { fusedVsChain } from './checks';
import { benchClock, countStepKernels, type KernelCount } from '../kernel-count';
import { benchConfig } from '../workload';

export interface PageResult {
  backend: string;
  reason: string;
  /** Largest |fused - op chain| of each fused kernel's output and gradients on this backend (checks.ts). */
  diffs: Record<string, number[]>;
  /** dispatches: compute passes the WebGPU backend recorded in the step (no shader runs for Reshape/Identity;
   * a fused kernel may dispatch more than one program). 0 on other backends. */
  sides: Array<{ name: string; count: KernelCount; dispatches: number; ms: number; memory: number[]; validation: string }>;
  /** The first WebGPU validation error while the checks ran, or 'none'. */
  checksValidation: string;
}

interface ErrorScopes {
  pushErrorScope(filter: 'validation'): void;
  popErrorScope(): Promise<{ message: string } | null>;
}

/** Runs f inside a WebGPU validation error scope: a shader or binding the device refuses leaves a stale buffer
 * behind without throwing, so the page asks the device. Returns f's result and the first error ('none'). */
async function validated<T>(f: () => Promise<T>): Promise<[T, string]> {
  const device = (tf.backend() as unknown as { device?: ErrorScopes }).device;
  device?.pushErrorScope('validation');
  const out = await f();
  const error = device ? await device.popErrorScope() : null;
  return [out, device ? (error?.message.split('\n')[0] ?? 'none') : 'n/a'];
}

/** Counts the programs tfjs-webgpu records (each is one dispatch), by wrapping its backend's recordAndSubmit. */
function dispatchCounter(): () => number {
  const be = tf.backend() as unknown as { recordAndSubmit?: (...a: unknown[]) => unknown };
  let n = 0;
  const original = be.recordAndSubmit;
  if (typeof original !== 'function') return () => 0;
  be.recordAndSubmit = function (this: unknown, ...a: unknown[]) {
    n++;
    return original.apply(this, a);
  };
  return () => n;
}

declare global {
  interface Window {
    __kernels?: Promise<PageResult>;
  }
}

async function run(): Promise<PageResult> {
  const q = new URLSearchParams(location.search);
  const backend = (q.get('backend') ?? 'webgpu') as Backend;
  const size = (q.get('size') ?? 'nano') as ModelSize;
  const info = await initBackend(backend, {
    wasmPaths: {
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    },
  });
  if (info.backend !== backend) throw new Error(`backend ${backend} did not initialise: ${info.reason}`);
  // `without`: switches the fast side leaves off (as the WASM bench's --without), so one switch's share shows
  const without = Object.fromEntries(
    (q.get('without') || '')
      .split(',')
      .filter(Boolean)
      .map((k) => [k, false]),
  );
  const sides = [];
  const dispatches = dispatchCounter();
  for (const [name, paths] of [
    ['main (fast paths off)', ALL_OFF],
    ['fast (this branch)', { ...ALL_ON, ...without }],
  ] as const) {
    if (q.get('sides') && !q.get('sides')!.split(',').includes(name.split(' ')[0])) continue;
    setFastPaths(paths); // the optimizer picks its layout when it is built
    const trainer = new Trainer({ config: benchConfig(size), earlyStopEvery: 0, now: benchClock });
    const t0 = performance.now();
    const before = dispatches();
    // the first step: kernel counts do not depend on warm-up
    const [count, validation] = await validated(() => countStepKernels(trainer));
    const spent = dispatches() - before;
    const ms = performance.now() - t0;
    // `memory=N`: N more steps, the backend's bytes and the engine's tensors after each (flat = nothing leaks)
    const memory: number[] = [];
    for (let i = 0; i < Number(q.get('memory') ?? 0); i++) {
      await trainer.trainStep();
      const m = tf.memory() as { numBytesInGPU?: number; numBytes: number; numTensors: number };
      memory.push(m.numBytesInGPU ?? m.numBytes, m.numTensors);
    }
    sides.push({ name, count, dispatches: spent, ms, memory, validation });
    trainer.dispose();
  }
  const [diffs, checksValidation] = await validated(fusedVsChain);
  return { backend: info.backend, reason: info.reason, diffs, checksValidation, sides };
}

window.__kernels = run();
