// LayerNorm's fused gradient on WASM (layer-norm-grad.ts): dx, dg, db bit for bit equal to autodiff of the lean op
// chain, so the update can run the fused LayerNorm (fusedLayerNormUnderTape) and training keeps its numbers.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm, floatBits, withPaths } from '../helpers/tf';
import type { FastPaths } from '../../src/engine/policy/fast-paths';
import { layerNorm } from '../../src/engine/policy/layer-norm';
import { TransformerPolicy } from '../../src/engine/policy/model';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

const FUSED: Partial<FastPaths> = { fusedLayerNorm: true, fusedLayerNormUnderTape: true, leanLayerNorm: true };
const CHAIN: Partial<FastPaths> = { fusedLayerNorm: false, leanLayerNorm: true };

/** How many elements differ in their bits, and the first that does (a short failure message, not a huge diff). */
async function bitDiff(a: tf.Tensor, b: tf.Tensor): Promise<{ differ: number; first: number }> {
  const [x, y] = [await floatBits(a), await floatBits(b)];
  if (x.length !== y.length) return { differ: -1, first: -1 };
  let differ = 0;
  let first = -1;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === y[i]) continue;
    differ++;
    if (first < 0) first = i;
  }
  return { differ, first };
}

/**
 * Rows of three kinds in turn: spread around 0, a large offset (|mean| ~ 500, so x - mean cancels digits), and a
 * tiny variance (spread 1e-5 around 3, where eps dominates var + eps).
 */
function layerInputs(seed: number, rows: number, d: number): { x: tf.Tensor2D; g: tf.Tensor1D; b: tf.Tensor1D; up: tf.Tensor2D } {
  const rng = new Rng(seed, 'layer-norm-grad');
  const u = (n: number) => rng.uniforms(n).map((v) => 2 * v - 1);
  const xs = new Float32Array(rows * d);
  for (let i = 0; i < rows; i++) {
    const [centre, spread] = [
      [0, 2],
      [500 * Math.sign(u(1)[0] || 1), 1],
      [3, 1e-5],
    ][i % 3];
    xs.set(
      u(d).map((v) => centre + spread * v),
      i * d,
    );
  }
  return {
    x: tf.tensor2d(xs, [rows, d]),
    g: tf.tensor1d(u(d).map((v) => 1 + 0.5 * v)),
    b: tf.tensor1d(u(d)),
    up: tf.tensor2d(u(rows * d), [rows, d]),
  };
}

/** dx, dg, db of sum(LN(x) * up), plus x * r when `residual` (x then holds a gradient before LayerNorm's arrive). */
function grads(paths: Partial<FastPaths>, x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, up: tf.Tensor, residual: boolean): tf.Tensor[] {
  return withPaths(paths, () =>
    tf.grads((a: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
      const y = layerNorm(a as tf.Tensor2D, gg, bb);
      // the residual add comes after LayerNorm on the tape, as in the model, so backprop reaches it first
      return tf.sum(tf.mul(residual ? tf.add(y, tf.mul(a, 0.75)) : y, up));
    })([x, g, b]),
  );
}

describe('LayerNorm gradient in one kernel (WASM)', () => {
  it("gives autodiff of the op chain's dx, dg, db bit for bit at training's shapes", async () => {
    const cases: Array<[number, number]> = [
      [8, 32],
      [600, 64],
      [37, 128],
      [120, 64],
      [96, 32],
      [50, 96], // d not a power of 2: dividing by d and by 2 are then not both exact scalings
      [9, 48],
    ];
    let seed = 1;
    for (const [rows, d] of cases) {
      for (const residual of [false, true]) {
        const { x, g, b, up } = layerInputs(seed++, rows, d);
        const fused = grads(FUSED, x, g, b, up, residual);
        const chain = grads(CHAIN, x, g, b, up, residual);
        for (let i = 0; i < 3; i++) {
          const label = { rows, d, residual, grad: ['dx', 'dg', 'db'][i] };
          expect({ ...label, ...(await bitDiff(fused[i], chain[i])) }).toEqual({ ...label, differ: 0, first: -1 });
        }
        // not all zero, so the comparison means something
        expect(Math.max(...(await tf.abs(chain[0]).data()))).toBeGreaterThan(1e-3);
        tf.dispose([x, g, b, up, ...fused, ...chain]);
      }
    }
  });

  it('runs one kernel forward and one backward under the tape; the switch off runs the chain', async () => {
    const { x, g, b, up } = layerInputs(20, 24, 64);
    const names = async (paths: Partial<FastPaths>) => {
      const profile = await tf.profile(() => tf.tidy(() => grads(paths, x, g, b, up, true)));
      return profile.kernels.map((k) => k.name);
    };
    const fused = await names(FUSED);
    expect(fused.filter((n) => n === 'GrpoLayerNorm')).toHaveLength(1);
    expect(fused.filter((n) => n === 'GrpoLayerNormGrad')).toHaveLength(1);
    expect(fused.filter((n) => ['Mean', 'Sqrt', 'Square', 'Neg'].includes(n))).toHaveLength(0);
    const off = await names({ ...FUSED, fusedLayerNormUnderTape: false });
    expect(off).not.toContain('GrpoLayerNorm');
    expect(off.filter((n) => n === 'Sqrt')).toHaveLength(2); // forward, and Sqrt's gradient
    expect(off.length - fused.length).toBeGreaterThan(40);
    tf.dispose([x, g, b, up]);
  });

  it("keeps the tiny model's gradients bit for bit through the whole forward and backward", async () => {
    const policy = TransformerPolicy.random('tiny', new Rng(21, 'init'));
    const ids = tf.tensor2d(
      [
        [3, 4, 5, 6, 7, 8, 9],
        [0, 0, 9, 10, 11, 12, 13],
        [0, 5, 1, 2, 7, 3, 4],
      ],
      [3, 7],
      'int32',
    );
    const pads = new Int32Array([0, 2, 1]);
    const run = (underTape: boolean) =>
      withPaths({ fusedLayerNormUnderTape: underTape }, () =>
        tf.variableGrads(() => tf.sum(tf.square(policy.forward(ids as tf.Tensor2D, pads))) as tf.Scalar, policy.variables()),
      );
    const fused = run(true);
    const chain = run(false);
    const names = Object.keys(chain.grads);
    expect(names.length).toBeGreaterThan(10);
    const differing: string[] = [];
    for (const name of ['loss', ...names]) {
      const [a, b] = name === 'loss' ? [fused.value, chain.value] : [fused.grads[name], chain.grads[name]];
      if ((await bitDiff(a, b)).differ !== 0) differing.push(name);
    }
    expect(differing).toEqual([]);
    tf.dispose([fused.value, chain.value, ...Object.values(fused.grads), ...Object.values(chain.grads)]);
    ids.dispose();
    policy.dispose();
  });
});
