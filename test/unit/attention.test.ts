// The fused WASM attention block (one kernel forward, one backward) must give the op chain's bits: the merged
// rows, the keys and values (the KV cache), and every gradient (qkv, past keys, past values), with and without a
// past, one column and several, padded rows, heads narrower and wider than the SIMD product's 48, and with the
// SIMD module off (JS copies, stock products).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm } from '../helpers/tf';
import { expectSwitchesKeepTraining } from '../helpers/paired-switch';
import { attention, attentionChain } from '../../src/engine/policy/attention';
import { positionsAndMask } from '../../src/engine/policy/model';
import { enableHeapModule } from '../../src/engine/policy/heap-module';
import { setFastPaths } from '../../src/engine/policy/fast-paths';
import { Rng } from '../../src/engine/rng';
import { benchConfig } from '../bench/workload';

beforeAll(async () => {
  await useWasm();
});

afterEach(() => {
  enableHeapModule(true);
  setFastPaths({ fusedAttention: true, simdMatMul: true });
});

function bits(t: tf.Tensor): number[] {
  return Array.from(new Uint32Array(Float32Array.from(t.dataSync() as Float32Array).buffer));
}

function random(shape: number[], rng: Rng): tf.Tensor {
  return tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
    shape,
  );
}

interface Case {
  n: number;
  t: number;
  heads: number;
  d: number;
  start: number;
  pads: number[];
  /** Pass the past even when it has 0 columns. */
  emptyPast?: boolean;
}

type Block = typeof attention;

/** Outputs and gradients of one block: loss = sum(merged*u) (+ sum(k*uk) + sum(v*uv) when the cache is used later). */
function evaluate(block: Block, c: Case, cacheUsed: boolean, seed: number) {
  const rng = new Rng(seed, 'attention-test');
  const dh = c.d / c.heads;
  const total = c.start + c.t;
  const qkv = random([c.n * c.t, 3 * c.d], rng) as tf.Tensor2D;
  const pastK = random([c.n, c.heads, c.start, dh], rng) as tf.Tensor4D;
  const pastV = random([c.n, c.heads, c.start, dh], rng) as tf.Tensor4D;
  const u = random([c.n * c.t, c.d], rng);
  const uk = random([c.n, c.heads, total, dh], rng);
  const uv = random([c.n, c.heads, total, dh], rng);
  const { keyBias } = positionsAndMask(Int32Array.from(c.pads), c.n, c.t, c.start);
  const bias = tf.tensor4d(keyBias, [c.n, 1, c.t, total]);
  const shape = { n: c.n, t: c.t, heads: c.heads };
  const run = (x: tf.Tensor2D, pk: tf.Tensor4D, pv: tf.Tensor4D) =>
    block(x, bias, c.start || c.emptyPast ? { keys: pk, values: pv } : null, shape);
  const out = tf.tidy(() => {
    const { merged, k, v } = run(qkv, pastK, pastV);
    return [merged, k, v].map(bits);
  });
  const loss = (x: tf.Tensor, pk: tf.Tensor, pv: tf.Tensor) => {
    const { merged, k, v } = run(x as tf.Tensor2D, pk as tf.Tensor4D, pv as tf.Tensor4D);
    const main = tf.sum(tf.mul(merged, u));
    return (cacheUsed ? tf.add(main, tf.add(tf.sum(tf.mul(k, uk)), tf.sum(tf.mul(v, uv)))) : main) as tf.Scalar;
  };
  const grads = tf.tidy(() => {
    const withPast = c.start > 0 || c.emptyPast;
    const xs = withPast ? [qkv, pastK, pastV] : [qkv];
    const f = withPast ? loss : (x: tf.Tensor) => loss(x, pastK, pastV);
    return tf
      .grads(f as (...a: tf.Tensor[]) => tf.Scalar)(xs)
      .map(bits);
  });
  tf.dispose([qkv, pastK, pastV, u, uk, uv, bias]);
  return { out, grads };
}

const cases: [string, Case][] = [
  ['prompt, t > 1, padded rows', { n: 3, t: 5, heads: 2, d: 16, start: 0, pads: [0, 2, 4] }],
  ['one column after a past (decoding)', { n: 3, t: 1, heads: 2, d: 16, start: 6, pads: [0, 1, 3] }],
  ['several columns after a past (completion under the update)', { n: 2, t: 4, heads: 4, d: 32, start: 5, pads: [2, 0] }],
  ['head width over 48 (stock products for q k^T)', { n: 2, t: 3, heads: 1, d: 56, start: 2, pads: [0, 1] }],
  ['over 48 columns (stock products for probs v)', { n: 2, t: 3, heads: 2, d: 16, start: 47, pads: [5, 0] }],
  ['one row, one head, one column, no past', { n: 1, t: 1, heads: 1, d: 8, start: 0, pads: [0] }],
  ['a past of 0 columns', { n: 2, t: 3, heads: 2, d: 16, start: 0, pads: [0, 1], emptyPast: true }],
];

describe('fused attention (WASM)', () => {
  for (const [name, c] of cases) {
    it(`equals the op chain bit for bit, outputs and gradients: ${name}`, () => {
      for (const cacheUsed of [false, true]) {
        const seed = c.n * 100 + c.t * 10 + c.start;
        const chain = evaluate(attentionChain, c, cacheUsed, seed);
        const fused = evaluate(attention, c, cacheUsed, seed);
        expect(fused.out).toEqual(chain.out);
        expect(fused.grads).toEqual(chain.grads);
        expect(fused.grads.length).toBe(c.start || c.emptyPast ? 3 : 1);
      }
    });
  }

  it('equals the chain with the SIMD module off (JS copies, stock products) and with SIMD products switched off', () => {
    for (const patch of [() => enableHeapModule(false), () => setFastPaths({ simdMatMul: false })]) {
      patch();
      const c = cases[2][1];
      expect(evaluate(attention, c, true, 7)).toEqual(evaluate(attentionChain, c, true, 7));
      enableHeapModule(true);
      setFastPaths({ simdMatMul: true });
    }
  });

  it('runs as one kernel forward and one backward, and leaks no tensors', async () => {
    const c = cases[2][1];
    const before = tf.memory().numTensors;
    evaluate(attention, c, true, 3);
    expect(tf.memory().numTensors).toBe(before);
    const rng = new Rng(1, 'attention-test');
    const qkv = random([c.n * c.t, 3 * c.d], rng) as tf.Tensor2D;
    const past = {
      keys: random([c.n, c.heads, c.start, 8], rng) as tf.Tensor4D,
      values: random([c.n, c.heads, c.start, 8], rng) as tf.Tensor4D,
    };
    const bias = tf.zeros([c.n, 1, c.t, c.start + c.t]) as tf.Tensor4D;
    const shape = { n: c.n, t: c.t, heads: c.heads };
    const forward = await tf.profile(() => tf.tidy(() => attention(qkv, bias, past, shape).merged));
    expect(forward.kernels.map((k) => k.name)).toEqual(['GrpoAttention']);
    const both = await tf.profile(() =>
      tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(attention(x as tf.Tensor2D, bias, past, shape).merged))(qkv)),
    );
    expect(both.kernels.map((k) => k.name).filter((k) => k.startsWith('GrpoAttention'))).toEqual(['GrpoAttention', 'GrpoAttentionGrad']);
    tf.dispose([qkv, past.keys, past.values, bias]);
  });

  it('refuses inconsistent shapes with a clear message', () => {
    tf.tidy(() => {
      const qkv = tf.zeros([6, 48]) as tf.Tensor2D;
      const past = { keys: tf.zeros([2, 2, 4, 8]) as tf.Tensor4D, values: tf.zeros([2, 2, 4, 8]) as tf.Tensor4D };
      const bias = tf.zeros([2, 1, 3, 7]) as tf.Tensor4D;
      expect(() => attention(qkv, bias, past, { n: 2, t: 3, heads: 2 })).not.toThrow();
      expect(() => attention(qkv, bias, past, { n: 3, t: 3, heads: 2 })).toThrow(/qkv is \[6,48\]/);
      expect(() => attention(qkv, bias, past, { n: 2, t: 3, heads: 4 })).toThrow(/past keys are \[2,2,4,8\], expected \[2,4,4,4\]/);
      expect(() => attention(qkv, tf.zeros([2, 1, 3, 3]) as tf.Tensor4D, past, { n: 2, t: 3, heads: 2 })).toThrow(/mask bias/);
      expect(() =>
        attention(qkv, bias, { keys: past.keys, values: tf.zeros([2, 2, 5, 8]) as tf.Tensor4D }, { n: 2, t: 3, heads: 2 }),
      ).toThrow(/past values/);
    });
  });

  it('keeps the op chain with the switch off', async () => {
    setFastPaths({ fusedAttention: false });
    const qkv = tf.ones([2, 24]) as tf.Tensor2D;
    const bias = tf.zeros([1, 1, 2, 2]) as tf.Tensor4D;
    const profile = await tf.profile(() => tf.tidy(() => attention(qkv, bias, null, { n: 1, t: 2, heads: 2 }).merged));
    expect(profile.kernels.map((k) => k.name)).toContain('Softmax');
    tf.dispose([qkv, bias]);
  });

  it('a GRPO step (tiny: sampling, scoring, update, Adam) gives identical metrics and weights with the switch on and off', async () => {
    const config = { ...benchConfig('tiny'), prompts: 2, groupSize: 4, maxCompletionLength: 5 };
    await expectSwitchesKeepTraining(config, { fusedAttention: true }, { fusedAttention: false }, 2);
  });
});
