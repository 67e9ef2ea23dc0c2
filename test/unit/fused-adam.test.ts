// The fused Adam (one op chain over all parameters concatenated) must update the weights as the per-parameter
// Adam does, launch far fewer kernels, and keep the same optimizer-state format.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm } from '../helpers/tf';
import { Adam } from '../../src/engine/policy/adam';
import { TransformerPolicy } from '../../src/engine/policy/model';
import { buildBatch } from '../../src/engine/policy/batch';
import { tokenStats } from '../../src/engine/policy/logprobs';
import { encode } from '../../src/engine/policy/tokenizer';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

const batch = buildBatch([encode('p:12+34='), encode('p:5+6=')], [encode('46.'), encode('11.')]);

/** Three Adam steps on the completions' NLL; returns weights, the last norm and the kernels of one apply(). */
async function train(fused: boolean, clipNorm: number) {
  const policy = TransformerPolicy.random('nano', new Rng(7, 'init'));
  const adam = new Adam({ lr: 1e-2, epsilon: 1e-8, clipNorm }, fused);
  adam.init(policy.variables());
  const vars = new Map(policy.variables().map((v) => [v.name, v]));
  let norm = 0;
  let kernels = 0;
  for (let i = 0; i < 3; i++) {
    const { value, grads } = tf.variableGrads(
      () => tf.neg(tf.mean(tokenStats(policy, batch, false).logp)) as tf.Scalar,
      policy.variables(),
    );
    const profile = await tf.profile(async () => {
      const n = adam.apply(vars, grads);
      norm = (await n.data())[0];
      n.dispose();
    });
    kernels = profile.kernels.length;
    tf.dispose([value, ...Object.values(grads)]);
  }
  const weights = await policy.readValues();
  const state = await adam.exportState(policy.variables());
  policy.dispose();
  adam.dispose();
  return { weights: [...weights.values()], norm, kernels, state };
}

describe('fused Adam', () => {
  it('gives bit-identical weights without clipping, and the same norm to float rounding', async () => {
    const a = await train(true, 0);
    const b = await train(false, 0);
    a.weights.forEach((w, i) => {
      expect(Array.from(w)).toEqual(Array.from(b.weights[i]));
    });
    a.state.m.forEach((m, i) => {
      expect(Array.from(m)).toEqual(Array.from(b.state.m[i]));
    });
    expect(a.state.t).toBe(b.state.t);
    expect(Math.abs(a.norm - b.norm)).toBeLessThan(1e-6 * b.norm);
    // nano has 20 parameters: the per-parameter path needs ~14 kernels each, the fused one ~3
    expect(b.kernels).toBeGreaterThan(200);
    expect(a.kernels).toBeLessThan(b.kernels / 3);
  });

  it('clips like the per-parameter Adam (norm summed in another order: last-bit differences only)', async () => {
    const a = await train(true, 0.01);
    const b = await train(false, 0.01);
    a.weights.forEach((w, i) => {
      for (let j = 0; j < w.length; j++) expect(Math.abs(w[j] - b.weights[i][j])).toBeLessThan(1e-6);
    });
  });

  it('exports and imports the per-parameter state format, across both layouts', async () => {
    const trained = await train(false, 1);
    const policy = TransformerPolicy.random('nano', new Rng(7, 'init'));
    const fused = new Adam({ lr: 1e-2, epsilon: 1e-8, clipNorm: 1 }, true);
    fused.importState(trained.state, policy.variables());
    const back = await fused.exportState(policy.variables());
    expect(back.t).toBe(3);
    back.v.forEach((v, i) => {
      expect(Array.from(v)).toEqual(Array.from(trained.state.v[i]));
    });
    const bad = { ...trained.state, m: trained.state.m.map((m) => m.slice(1)) };
    expect(() => fused.importState(bad, policy.variables())).toThrow(/does not match parameter/);
    fused.dispose();
    policy.dispose();
  });
});
