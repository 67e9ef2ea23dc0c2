// The fused WASM kernels (fast-paths fusedLayerNorm, fusedBias, fusedEmbedding): forward bits equal to the op
// chains they replace, gradients equal to autodiff's (bit for bit where the test says so, else to float rounding).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm, floatBits, withPaths } from '../helpers/tf';
import { dense, denseBias } from '../../src/engine/policy/dense';
import { embed } from '../../src/engine/policy/embedding';
import { type FastPaths, setFastPaths } from '../../src/engine/policy/fast-paths';
import { layerNorm } from '../../src/engine/policy/layer-norm';
import { TransformerPolicy } from '../../src/engine/policy/model';
import { updateChecks } from '../../src/engine/policy/update-checks';
import { pickToken } from '../../src/engine/policy/pick-token';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

const OFF = { fusedLayerNorm: false, fusedBias: false, fusedEmbedding: false, zeroCopySaves: false };

async function maxRelDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const [x, y] = [await a.data(), await b.data()];
  let scale = 0;
  for (const v of y) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return worst / (scale || 1);
}

function tensors(seed: number, shapes: number[][], scale = 1): tf.Tensor[] {
  const rng = new Rng(seed, 'fused-kernels');
  return shapes.map((s) =>
    tf.tensor(
      rng.uniforms(s.reduce((a, b) => a * b, 1)).map((u) => (2 * u - 1) * scale),
      s,
      'float32',
    ),
  );
}

async function kernelNames(f: () => tf.Tensor): Promise<string[]> {
  const profile = await tf.profile(() => tf.tidy(f));
  return profile.kernels.map((k) => k.name);
}

describe('fused LayerNorm (WASM)', () => {
  it("gives the lean and tf.moments LayerNorms' bits, as one kernel", async () => {
    for (const [rows, d, scale] of [
      [37, 64, 3],
      [5, 32, 1e-3],
      [9, 96, 50],
    ]) {
      const [x, g, b] = tensors(rows + d, [[rows, d], [d], [d]], scale);
      const gain = tf.add(g, 1);
      const fused = withPaths({ fusedLayerNorm: true }, () => layerNorm(x as tf.Tensor2D, gain, b));
      const lean = withPaths({ fusedLayerNorm: false, leanLayerNorm: true }, () => layerNorm(x as tf.Tensor2D, gain, b));
      const moments = withPaths({ fusedLayerNorm: false, leanLayerNorm: false }, () => layerNorm(x as tf.Tensor2D, gain, b));
      expect(await floatBits(fused)).toEqual(await floatBits(lean));
      expect(await floatBits(fused)).toEqual(await floatBits(moments));
      expect(await kernelNames(() => withPaths({ fusedLayerNorm: true }, () => layerNorm(x as tf.Tensor2D, gain, b)))).toEqual([
        'GrpoLayerNorm',
      ]);
      tf.dispose([x, g, b, gain, fused, lean, moments]);
    }
  });

  // its gradient (dx, dg, db bit for bit, under the tape): test/unit/layer-norm-grad.test.ts
});

describe('dense + bias (+ ReLU or + residual) in one kernel (WASM)', () => {
  it("gives the Add/Relu chain's bits, forward and gradients, as one kernel", async () => {
    const [x, w, bias, up, res] = tensors(5, [[40, 64], [64, 48], [48], [40, 48], [40, 48]]);
    for (const [activation, residual] of [
      ['linear', undefined],
      ['relu', undefined],
      ['linear', res],
    ] as const) {
      const layer = (a: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor, r?: tf.Tensor) =>
        denseBias(a as tf.Tensor2D, ww as tf.Tensor2D, bb, activation, r as tf.Tensor2D | undefined);
      const run = (fused: boolean) =>
        withPaths({ fusedBias: fused }, () => {
          const y = layer(x, w, bias, residual);
          const inputs = residual ? [x, w, bias, residual] : [x, w, bias];
          const g = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(layer(a[0], a[1], a[2], a[3]), up)))(inputs);
          return [y, ...g];
        });
      const fused = run(true);
      const chain = run(false);
      expect(fused).toHaveLength(residual ? 5 : 4);
      for (let i = 0; i < fused.length; i++) expect(await floatBits(fused[i])).toEqual(await floatBits(chain[i]));
      const names = await kernelNames(() => withPaths({ fusedBias: true }, () => layer(x, w, bias, residual)));
      expect(names).toHaveLength(1);
      tf.dispose([...fused, ...chain]);
    }
    tf.dispose([x, w, bias, up, res]);
  });
});

describe('embeddings in one kernel (WASM)', () => {
  it("gives the one-hot products' bits, forward and gradients (against the XNNPACK gradient path)", async () => {
    const [tok, pos] = tensors(6, [
      [20, 32],
      [16, 32],
    ]);
    const up = tensors(7, [[30, 32]])[0];
    const rng = new Rng(8, 'ids');
    const ids = tf.tensor1d(
      Array.from({ length: 30 }, () => rng.int(0, 19)),
      'int32',
    );
    const positions = Int32Array.from({ length: 30 }, (_, i) => i % 16);
    const run = (fused: boolean) =>
      withPaths({ fusedEmbedding: fused, matmul: true }, () => {
        const y = embed(ids, positions, tok as tf.Tensor2D, pos as tf.Tensor2D);
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(embed(ids, positions, a as tf.Tensor2D, b as tf.Tensor2D), up)))([
          tok,
          pos,
        ]);
        return [y, ...g];
      });
    const fused = run(true);
    const chain = run(false);
    for (let i = 0; i < 3; i++) expect(await floatBits(fused[i])).toEqual(await floatBits(chain[i]));
    const names = await kernelNames(() =>
      withPaths({ fusedEmbedding: true }, () => embed(ids, positions, tok as tf.Tensor2D, pos as tf.Tensor2D)),
    );
    expect(names).toEqual(['GrpoEmbedding']);
    tf.dispose([tok, pos, up, ids, ...fused, ...chain]);
  });
});

describe('the tiny model with all three fused kernels', () => {
  it('gives the same logits bit for bit in fewer kernels, and gradients to float rounding', async () => {
    const policy = TransformerPolicy.random('tiny', new Rng(9, 'init'));
    const ids = tf.tensor2d(
      [
        [3, 4, 5, 6, 7, 8],
        [0, 0, 9, 10, 11, 12],
      ],
      [2, 6],
      'int32',
    );
    const pads = new Int32Array([0, 2]);
    const run = async (patch: Partial<FastPaths>) => {
      const previous = setFastPaths(patch);
      try {
        const profile = await tf.profile(() => tf.tidy(() => policy.forward(ids as tf.Tensor2D, pads)));
        const logits = tf.tidy(() => policy.forward(ids as tf.Tensor2D, pads));
        const { grads } = tf.variableGrads(
          () => tf.sum(tf.square(policy.forward(ids as tf.Tensor2D, pads))) as tf.Scalar,
          policy.variables(),
        );
        return { logits, grads, kernels: profile.kernels.length };
      } finally {
        setFastPaths(previous);
      }
    };
    const fused = await run({});
    const chain = await run(OFF);
    expect(await floatBits(fused.logits)).toEqual(await floatBits(chain.logits));
    // 5 LayerNorms x (9 - 1), 9 bias adds + 2 ReLUs + 4 residual adds folded into products, 8 embedding kernels
    // (reshape, 2 x (oneHot, cast, product), add) -> 1
    expect(chain.kernels - fused.kernels).toBe(5 * 8 + 15 + 7);
    for (const name of Object.keys(chain.grads)) expect(await maxRelDiff(fused.grads[name], chain.grads[name])).toBeLessThan(1e-4);
    tf.dispose([fused.logits, chain.logits, ids, ...Object.values(fused.grads), ...Object.values(chain.grads)]);
    policy.dispose();
  });
});

describe('saved tensors without copies (WASM)', () => {
  it('gives the same gradients bit for bit, without the Identity copies, and leaks nothing', async () => {
    const policy = TransformerPolicy.random('nano', new Rng(10, 'init'));
    const ids = tf.tensor2d([[3, 4, 5, 6, 7, 8, 9, 10]], [1, 8], 'int32');
    const pads = new Int32Array([0]);
    const run = async (zeroCopySaves: boolean) =>
      withPaths({ zeroCopySaves }, async () => {
        const before = tf.memory().numTensors;
        let grads: tf.NamedTensorMap = {};
        const profile = await tf.profile(() => {
          const r = tf.variableGrads(() => tf.sum(tf.square(policy.forward(ids as tf.Tensor2D, pads))) as tf.Scalar, policy.variables());
          r.value.dispose();
          grads = r.grads;
        });
        const out: Record<string, number[]> = {};
        for (const [name, g] of Object.entries(grads)) out[name] = await floatBits(g);
        tf.dispose(Object.values(grads));
        return { out, identities: profile.kernels.filter((k) => k.name === 'Identity').length, leaked: tf.memory().numTensors - before };
      });
    await run(true); // first call: kernels registered, constants cached
    const shared = await run(true);
    const copied = await run(false);
    expect(shared.out).toEqual(copied.out);
    expect(copied.identities).toBeGreaterThan(20);
    expect(shared.identities).toBe(0);
    expect(shared.leaked).toBe(0);
    expect(copied.leaked).toBe(0);
    ids.dispose();
    policy.dispose();
  });
});

describe('update checks in one kernel (WASM)', () => {
  it("gives the op chain's gradient norm and finite probe bit for bit, NaN included", async () => {
    const grads = tensors(11, [[64, 96], [96], [7, 3], [200]], 3);
    const weights = tensors(12, [[10, 10], [33]], 1e3);
    const run = (fused: boolean, ws: tf.Tensor[]) =>
      withPaths({ fusedChecks: fused }, () => tf.tidy(() => tf.concat(updateChecks(grads, ws))));
    const fused = run(true, weights);
    const chain = run(false, weights);
    expect(await floatBits(fused)).toEqual(await floatBits(chain));
    expect((await fused.data())[1]).toBe(0);
    const bad = [weights[0], tf.tensor1d([1, Number.POSITIVE_INFINITY, 2])];
    const [fusedBad, chainBad] = [run(true, bad), run(false, bad)];
    expect(await floatBits(fusedBad)).toEqual(await floatBits(chainBad));
    expect((await fusedBad.data())[1]).toBeNaN();
    expect(await kernelNames(() => withPaths({ fusedChecks: true }, () => updateChecks(grads, weights)[0]))).toEqual(['GrpoUpdateChecks']);
    tf.dispose([...grads, ...weights, bad[1], fused, chain, fusedBad, chainBad]);
  });
});

describe('the sampling decision in one kernel (WASM)', () => {
  it("picks the op chain's tokens and done flags, ties and greedy included", async () => {
    const rng = new Rng(13, 'pick');
    const [n, vocab, steps] = [12, 20, 3];
    // integer-valued logits make ties, which argmax must break the same way (first index)
    const last = tf.tensor2d(
      Array.from({ length: n * vocab }, () => rng.int(-3, 3)),
      [n, vocab],
    );
    const padMask = tf.mul(tf.oneHot(tf.tensor1d([0], 'int32'), vocab).cast('float32'), -1e9);
    const gumbel = tf.tensor3d(rng.uniforms(steps * n * vocab), [steps, n, vocab]);
    const done = tf.tensor1d(
      Array.from({ length: n }, (_, i) => i % 3 === 0),
      'bool',
    );
    for (const step of [0, 2]) {
      // the sampler hands this step's noise [n, V] over as a thunk
      const cut = () => tf.reshape(tf.slice(gumbel, [step, 0, 0], [1, n, vocab]), [n, vocab]);
      for (const noise of [cut, null]) {
        const run = (fused: boolean) =>
          withPaths({ fusedPick: fused }, () => pickToken(last, padMask, noise, 1 / 0.7, done as tf.Tensor1D));
        const [a, b] = [run(true), run(false)];
        expect(Array.from(await a[0].data())).toEqual(Array.from(await b[0].data()));
        expect(Array.from(await a[1].data())).toEqual(Array.from(await b[1].data()));
        expect(a[1].dtype).toBe('bool');
        tf.dispose([...a, ...b]);
      }
    }
    const names = await kernelNames(() => withPaths({ fusedPick: true }, () => pickToken(last, padMask, null, 1, done as tf.Tensor1D)[0]));
    expect(names).toEqual(['GrpoPickToken']);
    tf.dispose([last, padMask, gumbel, done]);
  });
});

describe('the dense backward pass in one kernel (WASM)', () => {
  it('gives the op sequence its gradients bit for bit, as one kernel per layer', async () => {
    const [x, w, bias, up, res] = tensors(14, [[40, 64], [64, 48], [48], [40, 48], [40, 48]]);
    const cases: Array<[string, (...a: tf.Tensor[]) => tf.Tensor, tf.Tensor[]]> = [
      ['plain', (a, ww) => dense(a as tf.Tensor2D, ww as tf.Tensor2D), [x, w]],
      ['bias', (a, ww, bb) => denseBias(a as tf.Tensor2D, ww as tf.Tensor2D, bb), [x, w, bias]],
      ['relu', (a, ww, bb) => denseBias(a as tf.Tensor2D, ww as tf.Tensor2D, bb, 'relu'), [x, w, bias]],
      ['residual', (a, ww, bb, r) => denseBias(a as tf.Tensor2D, ww as tf.Tensor2D, bb, 'linear', r as tf.Tensor2D), [x, w, bias, res]],
    ];
    for (const [name, f, xs] of cases) {
      const grad = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(f(...a), up)));
      const run = (fused: boolean) => withPaths({ fusedDenseGrad: fused, matmul: true }, () => grad(xs));
      const [a, b] = [run(true), run(false)];
      for (let i = 0; i < a.length; i++) expect({ name, i, bits: await floatBits(a[i]) }).toEqual({ name, i, bits: await floatBits(b[i]) });
      const profile = await tf.profile(() => withPaths({ fusedDenseGrad: true, matmul: true }, () => tf.tidy(() => grad(xs))));
      // forward kernel, sum, mul (the loss), then the backward: the loss's gradient ops and one GrpoDenseGrad
      expect(profile.kernels.filter((k) => k.name === 'GrpoDenseGrad')).toHaveLength(1);
      expect(profile.kernels.filter((k) => k.name === 'BatchMatMul' || k.name === 'Transpose')).toHaveLength(0);
      tf.dispose([...a, ...b]);
    }
    tf.dispose([x, w, bias, up, res]);
  });
});
