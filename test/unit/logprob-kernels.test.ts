// The log-prob / entropy kernels on WASM (switch fusedLogProbs) against the op chain they replace: bit patterns
// of the values (no tape: one kernel) and of the gradients (under a tape, with the entropy in the loss, with a
// zero weight on it, and left out of it), no leaked tensors, and a policy's gradients unchanged end to end.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm, floatBits } from '../helpers/tf';
import { setFastPaths } from '../../src/engine/policy/fast-paths';
import { logProbsAndEntropy } from '../../src/engine/policy/logprob-kernels';
import { TransformerPolicy } from '../../src/engine/policy/model';
import { buildBatch } from '../../src/engine/policy/batch';
import { tokenStats } from '../../src/engine/policy/logprobs';
import { encode } from '../../src/engine/policy/tokenizer';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

const [N, T, V] = [3, 5, 37];

function withFused<R>(on: boolean, f: () => R): R {
  const previous = setFastPaths({ fusedLogProbs: on });
  try {
    return f();
  } finally {
    setFastPaths(previous);
  }
}

/** Logits with a tied row and a very negative entry; targets with two out of range (they pick nothing). */
function inputs(seed: number) {
  const rng = new Rng(seed, 'logprob-kernels');
  const x = Array.from(rng.uniforms(N * T * V)).map((u) => (2 * u - 1) * 8);
  x.fill(0.5, 0, V);
  x[V + 3] = -90;
  const ids = Array.from({ length: N * T }, () => rng.int(0, V - 1));
  ids[2] = -1;
  ids[7] = V;
  const w = (zeroEvery: number) => Array.from(rng.uniforms(N * T)).map((u, i) => (i % zeroEvery === 0 ? 0 : 2 * u - 1));
  return {
    logits: tf.tensor3d(x, [N, T, V]),
    targets: tf.tensor2d(ids, [N, T], 'int32'),
    a: tf.tensor2d(w(4), [N, T]),
    b: tf.tensor2d(w(3), [N, T]),
  };
}

describe('log-prob and entropy kernels on WASM', () => {
  it("give the chain's bits without a tape, in one launch", async () => {
    const { logits, targets, a, b } = inputs(1);
    for (const withEntropy of [true, false]) {
      const fused = withFused(true, () => logProbsAndEntropy(logits, targets, withEntropy));
      const chain = withFused(false, () => logProbsAndEntropy(logits, targets, withEntropy));
      expect(await floatBits(fused[0])).toEqual(await floatBits(chain[0]));
      expect(await floatBits(fused[1])).toEqual(await floatBits(chain[1]));
      tf.dispose([...fused, ...chain]);
    }
    const profile = await tf.profile(() => withFused(true, () => tf.tidy(() => logProbsAndEntropy(logits, targets, true)[0])));
    expect(profile.kernels.map((k) => k.name)).toEqual(['GrpoTokenStats']);
    tf.dispose([logits, targets, a, b]);
  });

  for (const [label, entropyWeight] of [
    ['entropy in the loss', 1],
    ['entropy with a zero weight', 0],
    ['entropy left out', -1],
  ] as const) {
    it(`give autodiff's gradient bits under a tape (${label})`, async () => {
      const { logits, targets, a, b } = inputs(2);
      const loss = (x: tf.Tensor) => {
        const [logp, entropy] = logProbsAndEntropy(x, targets, true);
        const l = tf.sum(tf.mul(logp, a));
        if (entropyWeight < 0) return l;
        return tf.add(l, tf.sum(tf.mul(entropy, entropyWeight === 0 ? tf.zerosLike(b) : b)));
      };
      const before = tf.memory().numTensors;
      const fused = withFused(true, () => tf.grad(loss)(logits));
      const chain = withFused(false, () => tf.grad(loss)(logits));
      const fusedBits = await floatBits(fused);
      expect(fusedBits).toEqual(await floatBits(chain));
      expect(new Set(fusedBits).size).toBeGreaterThan(100);
      tf.dispose([fused, chain]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([logits, targets, a, b]);
    });
  }

  it("leave a policy's gradients unchanged (entropy bonus in the loss)", async () => {
    const batch = buildBatch([encode('p:12+34='), encode('p:5+6=')], [encode('46.'), encode('11.')]);
    const policy = TransformerPolicy.random('nano', new Rng(5, 'init'));
    const grads = (on: boolean) =>
      withFused(on, () =>
        tf.variableGrads(() => {
          const s = tokenStats(policy, batch, true);
          return tf.sub(tf.mean(s.logp), tf.mul(tf.mean(s.entropy), 0.1)) as tf.Scalar;
        }, policy.variables()),
      );
    const fused = grads(true);
    const chain = grads(false);
    expect(await floatBits(fused.value)).toEqual(await floatBits(chain.value));
    for (const name of Object.keys(chain.grads)) expect(await floatBits(fused.grads[name])).toEqual(await floatBits(chain.grads[name]));
    tf.dispose([fused.value, chain.value, ...Object.values(fused.grads), ...Object.values(chain.grads)]);
    policy.dispose();
  });

  it("scoring's shared prompts expanded by row copies give the products' bits (gatherScoring)", async () => {
    const questions = ['1+2=', '37+45=', 'rev:abc='];
    const answers = ['3.', '82.', 'cba.', '4.', '8.', 'ab.'];
    const prompts = questions.flatMap((q) => [encode(q), encode(q)]);
    const batch = buildBatch(prompts, answers.map(encode));
    const policy = TransformerPolicy.random('tiny', new Rng(6, 'init'));
    const score = async (on: boolean) => {
      const previous = setFastPaths({ gatherScoring: on });
      try {
        const [logp, entropy] = tf.tidy(() => {
          const s = tokenStats(policy, batch, true);
          return [s.logp, s.entropy];
        });
        const out = { logp: await floatBits(logp), entropy: await floatBits(entropy) };
        tf.dispose([logp, entropy]);
        const profile = await tf.profile(() => tf.tidy(() => tokenStats(policy, batch, true).logp));
        return { ...out, launches: profile.kernels.length };
      } finally {
        setFastPaths(previous);
      }
    };
    const copies = await score(true);
    const products = await score(false);
    expect(copies.logp).toEqual(products.logp);
    expect(copies.entropy).toEqual(products.entropy);
    expect(new Set(copies.logp).size).toBeGreaterThan(10);
    expect(copies.launches).toBeLessThan(products.launches);
    policy.dispose();
  });

  it('refuses float targets and mismatched shapes with a clear message', () => {
    const logits = tf.zeros([2, 3, 4]);
    withFused(true, () => {
      expect(() => logProbsAndEntropy(logits, tf.zeros([2, 3]), true)).toThrow(/targets must be int32/);
      expect(() => logProbsAndEntropy(logits, tf.zeros([2, 2], 'int32'), true)).toThrow(/2,2 targets for 2,3,4 logits/);
    });
    logits.dispose();
  });
});
