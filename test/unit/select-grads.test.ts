// The one-kernel gradients of ClipByValue, Maximum and Minimum on WASM (switch fusedSelectGrads) against
// tfjs-core's: bit patterns (signed zeros included) with values on the bounds and ties, one launch per input,
// the stock gradient where shapes broadcast, and the objective's gradient unchanged end to end.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm, floatBits } from '../helpers/tf';
import { setFastPaths } from '../../src/engine/policy/fast-paths';
import { installSelectGrads } from '../../src/engine/policy/select-grads';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
  installSelectGrads();
});

/** Values on a coarse grid (many ties and values exactly on the bounds) and a dy with negatives and zeros. */
function data(seed: number, n = 240) {
  const rng = new Rng(seed, 'select-grads');
  const grid = () => Array.from({ length: n }, () => (rng.int(-8, 8) / 4) * 0.8);
  const dy = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : rng.next() * 2 - 1));
  return { a: tf.tensor2d(grid(), [n / 8, 8]), b: tf.tensor2d(grid(), [n / 8, 8]), w: tf.tensor2d(dy, [n / 8, 8]) };
}

async function grads(fused: boolean, f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, a: tf.Tensor, b: tf.Tensor, w: tf.Tensor) {
  const previous = setFastPaths({ fusedSelectGrads: fused });
  try {
    const loss = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(f(x, y), w));
    const before = tf.memory().numTensors;
    const [da, db] = tf.grads(loss)([a, b]);
    const out = { da: await floatBits(da), db: await floatBits(db) };
    tf.dispose([da, db]);
    expect(tf.memory().numTensors).toBe(before);
    const profile = await tf.profile(() => tf.tidy(() => tf.grads(loss)([a, b])[0]));
    return { ...out, kernels: profile.kernels.map((k) => k.name) };
  } finally {
    setFastPaths(previous);
  }
}

describe('select gradients as one WASM kernel', () => {
  const cases: Array<[string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, number]> = [
    ['clipByValue', (a, b) => tf.add(tf.clipByValue(a, -0.8, 1 - 0.2), b), 1],
    ['maximum', (a, b) => tf.maximum(a, b), 2],
    ['minimum', (a, b) => tf.minimum(a, b), 2],
    ['maximum with a broadcast scalar (stock gradient)', (a, b) => tf.add(tf.maximum(a, 0.4), b), 0],
  ];
  for (const [label, f, fusedLaunches] of cases) {
    it(`gives tfjs-core's bits (${label})`, async () => {
      const { a, b, w } = data(label.length);
      const fused = await grads(true, f, a, b, w);
      const stock = await grads(false, f, a, b, w);
      expect(fused.da).toEqual(stock.da);
      expect(fused.db).toEqual(stock.db);
      // both branches taken, and signed zeros present where a Multiply by 0 meets a negative dy
      expect(new Set(fused.da).size).toBeGreaterThan(10);
      expect(fused.da).toContain(0);
      if (fusedLaunches === 2) expect(fused.da).toContain(0x80000000);
      expect(fused.kernels.filter((k) => k === 'GrpoSelectGrad').length).toBe(fusedLaunches);
      if (fusedLaunches > 0) expect(fused.kernels.length).toBeLessThan(stock.kernels.length);
      tf.dispose([a, b, w]);
    });
  }
});
