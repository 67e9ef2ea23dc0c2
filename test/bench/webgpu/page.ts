// The page test/bench/webgpu-kernels.ts opens in headless Chromium: one standard training step per side (fast
// paths off = main's op sequence, on = this branch), profiled on the requested backend, result in window.__kernels.
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/engine/backend';
import type { Backend } from '../../../src/engine/config';
import { setFastPaths } from '../../../src/engine/policy/fast-paths';
import { embed } from '../../../src/engine/policy/embedding';
import { layerNorm } from '../../../src/engine/policy/layer-norm';
import { Rng } from '../../../src/engine/rng';
import type { ModelSize } from '../../../src/engine/policy/model';
import { Trainer } from '../../../src/engine/rl/trainer';
import { ALL_OFF, ALL_ON } from '../fast-path-sets';
import { benchClock, countStepKernels, type KernelCount } from '../kernel-count';
import { benchConfig } from '../workload';

export interface PageResult {
  backend: string;
  reason: string;
  /** Largest |fused - op chain| of LayerNorm's output and gradients on this backend (float rounding expected). */
  layerNormDiff: number[];
  /** The same for the embedding kernel: output, dTok, dPos. */
  embeddingDiff: number[];
  sides: Array<{ name: string; count: KernelCount; ms: number }>;
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
  const sides = [];
  for (const [name, paths] of [
    ['main (fast paths off)', ALL_OFF],
    ['fast (this branch)', ALL_ON],
  ] as const) {
    if (q.get('sides') && !q.get('sides')!.split(',').includes(name.split(' ')[0])) continue;
    setFastPaths(paths); // the optimizer picks its layout when it is built
    const trainer = new Trainer({ config: benchConfig(size), earlyStopEvery: 0, now: benchClock });
    const t0 = performance.now();
    const count = await countStepKernels(trainer); // the first step: kernel counts do not depend on warm-up
    sides.push({ name, count, ms: performance.now() - t0 });
    trainer.dispose();
  }
  return { backend: info.backend, reason: info.reason, layerNormDiff: await layerNormDiff(), embeddingDiff: await embeddingDiff(), sides };
}

async function layerNormDiff(): Promise<number[]> {
  const rng = new Rng(3, 'page');
  const [x, g, b, up] = [[24, 32], [32], [32], [24, 32]].map((s) => tf.tensor(rng.uniforms(s[0] * (s[1] ?? 1)), s));
  const run = (fused: boolean) => {
    setFastPaths({ fusedLayerNorm: fused, leanLayerNorm: true });
    const y = layerNorm(x as tf.Tensor2D, g, b);
    const grads = tf.grads((a: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(layerNorm(a as tf.Tensor2D, gg, bb), up)))([
      x,
      g,
      b,
    ]);
    return [y, ...grads];
  };
  const fused = run(true);
  const chain = run(false);
  setFastPaths(ALL_ON);
  const out = await maxDiffs(fused, chain);
  tf.dispose([x, g, b, up, ...fused, ...chain]);
  return out;
}

async function maxDiffs(fused: tf.Tensor[], chain: tf.Tensor[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < fused.length; i++) out.push((await tf.max(tf.abs(tf.sub(fused[i], chain[i]))).data())[0]);
  return out;
}

async function embeddingDiff(): Promise<number[]> {
  const rng = new Rng(4, 'page');
  const [tok, pos, up] = [
    [20, 32],
    [16, 32],
    [30, 32],
  ].map((s) => tf.tensor2d(rng.uniforms(s[0] * s[1]), s as [number, number]));
  const ids = tf.tensor1d(
    Array.from({ length: 30 }, () => rng.int(0, 19)),
    'int32',
  );
  const positions = Int32Array.from({ length: 30 }, (_, i) => i % 16);
  const run = (fused: boolean) => {
    setFastPaths({ fusedEmbedding: fused });
    const y = embed(ids, positions, tok as tf.Tensor2D, pos as tf.Tensor2D);
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(embed(ids, positions, a as tf.Tensor2D, b as tf.Tensor2D), up)))([
      tok,
      pos,
    ]);
    return [y, ...grads];
  };
  const fused = run(true);
  const chain = run(false);
  setFastPaths(ALL_ON);
  const out = await maxDiffs(fused, chain);
  tf.dispose([tok, pos, up, ids, ...fused, ...chain]);
  return out;
}

window.__kernels = run();
