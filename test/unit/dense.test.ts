// The dense layers' WASM fast path: same forward bits as tf.matMul, and the same gradients to float rounding.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm } from '../helpers/tf';
import { dense } from '../../src/engine/policy/dense';
import { setFastPaths } from '../../src/engine/policy/fast-paths';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

describe('dense (WASM fast-path gradient)', () => {
  it("gives tf.matMul's product bit for bit and its gradients to float rounding, as one kernel", async () => {
    const rng = new Rng(2, 'dense');
    const x = tf.tensor2d(rng.uniforms(96 * 64), [96, 64]);
    const w = tf.variable(tf.tensor2d(rng.uniforms(64 * 80), [64, 80]));
    const up = tf.tensor2d(rng.uniforms(96 * 80), [96, 80]);
    const run = (fast: boolean) => {
      const previous = setFastPaths({ matmul: fast });
      try {
        return tf.tidy(() => {
          const y = dense(x, w);
          const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(dense(a as tf.Tensor2D, b as tf.Tensor2D), up)))([x, w]);
          return [y, gx, gw];
        });
      } finally {
        setFastPaths(previous);
      }
    };
    const fast = run(true);
    const stock = run(false);
    expect(Array.from(await fast[0].data())).toEqual(Array.from(await stock[0].data()));
    for (const i of [1, 2]) {
      const a = await fast[i].data();
      const b = await stock[i].data();
      for (let j = 0; j < b.length; j++) expect(Math.abs(a[j] - b[j])).toBeLessThan(1e-4);
    }
    const profile = await tf.profile(() => tf.tidy(() => dense(x, w)));
    expect(profile.kernels.map((k) => k.name)).toEqual(['GrpoDenseMatMul']);
    tf.dispose([x, w, up, ...fast, ...stock]);
  });
});

describe('lean LayerNorm', () => {
  it("gives the same forward bits as tf.moments' LayerNorm, in fewer kernels", async () => {
    const { TransformerPolicy } = await import('../../src/engine/policy/model');
    const policy = TransformerPolicy.random('tiny', new Rng(8, 'init'));
    const ids = tf.tensor2d(
      [
        [3, 4, 5, 6, 7],
        [0, 0, 9, 10, 11],
      ],
      [2, 5],
      'int32',
    );
    const run = async (lean: boolean) => {
      const previous = setFastPaths({ leanLayerNorm: lean, fusedLayerNorm: false });
      try {
        let out: Float32Array = new Float32Array();
        const profile = await tf.profile(async () => {
          const logits = tf.tidy(() => policy.forward(ids as tf.Tensor2D, new Int32Array([0, 2])));
          out = (await logits.data()) as Float32Array;
          logits.dispose();
        });
        return { out, kernels: profile.kernels.length };
      } finally {
        setFastPaths(previous);
      }
    };
    const lean = await run(true);
    const stock = await run(false);
    expect(Array.from(lean.out)).toEqual(Array.from(stock.out));
    expect(stock.kernels - lean.kernels).toBe(5 * 3); // five LayerNorms in the tiny model, three kernels each
    ids.dispose();
    policy.dispose();
  });
});
