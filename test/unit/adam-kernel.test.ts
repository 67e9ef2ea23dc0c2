// The one-kernel Adam step on WASM (switch adamKernel) against the fused op chain it replaces: the same bits in
// the weights, both moments and the returned norm, with and without clipping and with a parameter that has no
// gradient; one launch; no leaked tensors.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm } from '../helpers/tf';
import { Adam } from '../../src/engine/policy/adam';
import { setFastPaths } from '../../src/engine/policy/fast-paths';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

const SHAPES = [[64, 48], [48], [1], [7, 3, 5], [300]];

function bits(a: Float32Array): number[] {
  return Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
}

/** Four Adam steps on fixed random gradients (slot 2 never gets one); weights, moments, norms and launches. */
async function run(kernel: boolean, clipNorm: number, scale: number) {
  const previous = setFastPaths({ adamKernel: kernel });
  try {
    const rng = new Rng(11, 'adam-kernel');
    const noise = (n: number, s: number) => rng.uniforms(n).map((u) => (2 * u - 1) * s);
    const vars = SHAPES.map((s, i) =>
      tf.variable(
        tf.tensor(
          noise(
            s.reduce((a, b) => a * b, 1),
            1,
          ),
          s,
        ),
        true,
        `adamk_${kernel}_${clipNorm}_${i}`,
      ),
    );
    const byName = new Map(vars.map((v) => [v.name, v]));
    const adam = new Adam({ lr: 3e-3, epsilon: 1e-8, clipNorm }, true);
    adam.init(vars);
    const norms: number[] = [];
    let launches: string[] = [];
    const before = tf.memory().numTensors;
    for (let step = 0; step < 4; step++) {
      const grads: Record<string, tf.Tensor> = {};
      vars.forEach((v, i) => {
        if (i !== 2) grads[v.name] = tf.tensor(noise(v.size, scale), v.shape);
      });
      const profile = await tf.profile(async () => {
        const n = adam.apply(byName, grads);
        norms.push((await n.data())[0]);
        n.dispose();
      });
      launches = profile.kernels.map((k) => k.name);
      tf.dispose(Object.values(grads));
    }
    const leaked = tf.memory().numTensors - before;
    const weights = await Promise.all(vars.map(async (v) => (await v.data()) as Float32Array));
    const state = await adam.exportState(vars);
    adam.dispose();
    tf.dispose(vars);
    return { weights, state, norms, launches, leaked };
  } finally {
    setFastPaths(previous);
  }
}

describe('Adam step as one WASM kernel', () => {
  for (const [label, clipNorm, scale] of [
    ['clipping', 0.05, 1],
    ['clip not binding', 1e6, 1e-3],
    ['no clipping', 0, 0.5],
  ] as const) {
    it(`gives the op chain's bits (${label})`, async () => {
      const a = await run(true, clipNorm, scale);
      const b = await run(false, clipNorm, scale);
      expect(a.norms.map((x) => Math.fround(x))).toEqual(b.norms);
      a.weights.forEach((w, i) => expect(bits(w)).toEqual(bits(b.weights[i])));
      a.state.m.forEach((m, i) => expect(bits(m)).toEqual(bits(b.state.m[i])));
      a.state.v.forEach((v, i) => expect(bits(v)).toEqual(bits(b.state.v[i])));
      // the weights moved (slot 2, without a gradient, moves too once its moments are non-zero: it never gets any)
      expect(bits(a.weights[0])).not.toEqual(bits((await run(true, clipNorm, 0)).weights[0]));
      expect(a.launches).toEqual(['GrpoAdamStep']);
      expect(b.launches.length).toBeGreaterThan(20);
      expect(a.leaked).toBe(0);
      expect(b.leaked).toBe(0);
    });
  }

  it('refuses a gradient of the wrong size with a clear message', () => {
    const previous = setFastPaths({ adamKernel: true });
    const v = tf.variable(tf.zeros([4]), true, 'adamk_bad');
    const adam = new Adam({ lr: 1e-3, epsilon: 1e-8, clipNorm: 1 }, true);
    try {
      adam.init([v]);
      const g = tf.zeros([5]);
      expect(() => adam.apply(new Map([[v.name, v]]), { [v.name]: g })).toThrow(/slot 0 has 5 float32 values, expected 4/);
    } finally {
      adam.dispose();
      v.dispose();
      setFastPaths(previous);
    }
  });
});
