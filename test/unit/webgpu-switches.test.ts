// The WebGPU-only kernels (switches wgsl*, the *-webgpu.ts files) are checked on the bench page in headless
// Chromium (test/bench/webgpu/checks.ts): Node has no usable WebGPU here. What this test pins is that their hooks
// are inert on WASM: with every wgsl* switch on or off, a training-shaped computation (forward, prefill + decode
// through the KV cache, token log-probs, gradients, the update checks and an Adam step) launches the same kernels
// and gives the same bits.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm } from '../helpers/tf';
import { Adam } from '../../src/engine/policy/adam';
import { buildBatch } from '../../src/engine/policy/batch';
import { type FastPaths, fastPaths, setFastPaths } from '../../src/engine/policy/fast-paths';
import { tokenStats } from '../../src/engine/policy/logprobs';
import { TransformerPolicy } from '../../src/engine/policy/model';
import { updateChecks } from '../../src/engine/policy/update-checks';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

const WGSL = Object.keys(fastPaths()).filter((k) => k.startsWith('wgsl')) as Array<keyof FastPaths>;

/** One update-shaped pass on a fresh nano policy; returns every number it produced and the kernels it launched. */
async function pass(on: boolean): Promise<{ values: number[]; kernels: string[] }> {
  const previous = setFastPaths(Object.fromEntries(WGSL.map((k) => [k, on])));
  const policy = TransformerPolicy.random('nano', new Rng(5, 'webgpu-switches'));
  const adam = new Adam({ lr: 0.01, epsilon: 1e-8, clipNorm: 1 });
  try {
    const batch = buildBatch(
      [
        [3, 4, 5],
        [6, 7],
      ],
      [
        [8, 9],
        [10, 11, 12],
      ],
    );
    const ids = tf.tensor2d([3, 4, 5, 8, 6, 7, 10, 11], [2, 4], 'int32');
    const padLens = Int32Array.from([0, 0]);
    const values: number[] = [];
    const profile = await tf.profile(async () => {
      const out = tf.tidy(() => {
        const pre = policy.prefill(tf.slice(ids, [0, 0], [2, 3]) as tf.Tensor2D, padLens);
        const decoded = policy.decode(tf.tensor1d([8, 10], 'int32'), 3, padLens, pre.cache).logits;
        const vars = policy.variables();
        const { value, grads } = tf.variableGrads(() => {
          const { logp, entropy } = tokenStats(policy, batch);
          return tf.add(tf.sum(logp), tf.sum(entropy)) as tf.Scalar;
        }, vars);
        const checks = tf.concat(updateChecks(Object.values(grads), vars));
        const norm = adam.apply(new Map(vars.map((v) => [v.name, v])), grads);
        return [policy.forward(ids, padLens), decoded, value, checks, norm, ...vars.map((v) => tf.clone(v))];
      });
      for (const t of out) values.push(...(await t.data()));
      tf.dispose(out);
    });
    return { values, kernels: profile.kernels.map((k) => k.name) };
  } finally {
    setFastPaths(previous);
    adam.dispose();
    policy.dispose();
  }
}

describe('WebGPU-only switches on WASM', () => {
  it('launch the same kernels and give the same bits on or off', async () => {
    expect(WGSL.length).toBeGreaterThan(0);
    const [on, off] = [await pass(true), await pass(false)];
    expect(on.kernels).toEqual(off.kernels);
    expect(on.values.length).toBeGreaterThan(100);
    const bits = (xs: number[]) => Array.from(new Uint32Array(Float32Array.from(xs).buffer));
    expect(bits(on.values)).toEqual(bits(off.values));
  });
});
