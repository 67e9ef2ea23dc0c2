// The KV-cache sampler (prompt forward once per distinct prompt, then one token at a time) must produce the same
// tokens as the full-forward sampler on the same weights and the same seeded noise, and the cached decode step
// must give the full forward's last-position logits.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm } from '../helpers/tf';
import { TransformerPolicy, type KVCache } from '../../src/engine/policy/model';
import { sampleCompletions } from '../../src/engine/policy/sampling';
import { buildPromptBlock } from '../../src/engine/policy/batch';
import { encode } from '../../src/engine/policy/tokenizer';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

// Groups of repeated prompts of different lengths, as a GRPO step builds them (B=4 prompts x G=4).
const questions = ['1+2=', '37+45=', 'rev:abc=', '9+9='];
const prompts = questions.flatMap((q) => Array.from({ length: 4 }, () => encode(q)));

describe('KV-cache sampling', () => {
  for (const size of ['nano', 'tiny'] as const) {
    it(`gives the same tokens as the full-forward sampler (${size}, sampled and greedy)`, async () => {
      const policy = TransformerPolicy.random(size, new Rng(11, 'init'));
      for (const seed of [1, 2, 3]) {
        const run = (kvCache: boolean) =>
          sampleCompletions(policy, prompts, { maxNewTokens: 10, temperature: 1, greedy: false, rng: new Rng(seed, 'sampling'), kvCache });
        const cached = await run(true);
        const full = await run(false);
        expect(cached.completions).toEqual(full.completions);
        expect(cached.truncated).toEqual(full.truncated);
        // the test would be empty if every row stopped at once
        expect(new Set(full.completions.map((c) => c.join(','))).size).toBeGreaterThan(4);
      }
      const greedy = (kvCache: boolean) => sampleCompletions(policy, prompts, { maxNewTokens: 10, temperature: 1, greedy: true, kvCache });
      expect((await greedy(true)).completions).toEqual((await greedy(false)).completions);
      policy.dispose();
    });
  }

  it('decodes each new token to the logits of the full forward over the whole sequence', async () => {
    const policy = TransformerPolicy.random('tiny', new Rng(5, 'init'));
    const rows = [encode('12+345=678'), encode('7+8=15')];
    const before = tf.memory().numTensors;
    // Left-padded full sequences; prefill the first 4 columns, then decode column by column against forward().
    const padded = buildPromptBlock(rows);
    const width = padded.width;
    const ids = tf.tensor2d(padded.ids, [2, width], 'int32');
    let cache = tf.tidy(() => listOf(policy.prefill(tf.slice(ids, [0, 0], [2, 4]), padded.padLens).cache));
    for (let col = 4; col < width; col++) {
      const [diff, ...next] = tf.tidy(() => {
        const out = policy.decode(tf.reshape(tf.slice(ids, [0, col], [2, 1]), [2]) as tf.Tensor1D, col, padded.padLens, fromList(cache));
        const full = policy.forward(tf.slice(ids, [0, 0], [2, col + 1]), padded.padLens);
        const ref = tf.reshape(tf.slice(full, [0, col, 0], [2, 1, -1]), out.logits.shape);
        return [tf.max(tf.abs(tf.sub(out.logits, ref))), ...listOf(out.cache)];
      });
      expect((await diff.data())[0]).toBeLessThan(1e-5); // 1 ulp measured: the cached rows were computed in shorter softmaxes
      tf.dispose([diff, ...cache]);
      cache = next;
    }
    tf.dispose([ids, ...cache]);
    expect(tf.memory().numTensors).toBe(before);
    policy.dispose();
  });
});

function listOf(cache: KVCache): tf.Tensor[] {
  return [...cache.keys, ...cache.values];
}
function fromList(list: tf.Tensor[]): KVCache {
  const half = list.length / 2;
  return { keys: list.slice(0, half) as tf.Tensor4D[], values: list.slice(half) as tf.Tensor4D[] };
}

describe('shared prompt forward in scoring and the update', () => {
  it("gives the per-row forward's log-probs, entropies and gradients (to float rounding)", async () => {
    const { tokenStats } = await import('../../src/engine/policy/logprobs');
    const { buildBatch } = await import('../../src/engine/policy/batch');
    const { setFastPaths } = await import('../../src/engine/policy/fast-paths');
    const policy = TransformerPolicy.random('tiny', new Rng(9, 'init'));
    // two groups of three rollouts, prompts of different lengths, completions of different lengths
    const groupPrompts = [encode('p:12+34='), encode('p:5+6=')].flatMap((p) => [p, p, p]);
    const completions = ['46.', '47.', '4', '11.', '12.', '1111.'].map(encode);
    const batch = buildBatch(groupPrompts, completions);
    const measure = (shared: boolean) => {
      const previous = setFastPaths({ kvCache: shared });
      try {
        return tf.tidy(() => {
          const stats = tokenStats(policy, batch, true);
          const { grads } = tf.variableGrads(() => tf.sum(tokenStats(policy, batch, false).logp) as tf.Scalar, policy.variables());
          return [stats.logp, stats.entropy, ...Object.values(grads)];
        });
      } finally {
        setFastPaths(previous);
      }
    };
    const shared = measure(true);
    const plain = measure(false);
    expect(shared.length).toBe(plain.length);
    for (let i = 0; i < plain.length; i++) {
      const a = await shared[i].data();
      const b = await plain[i].data();
      let scale = 0;
      for (const x of b) scale = Math.max(scale, Math.abs(x));
      for (let j = 0; j < b.length; j++) expect(Math.abs(a[j] - b[j])).toBeLessThanOrEqual(1e-5 * Math.max(1, scale));
    }
    tf.dispose([...shared, ...plain]);
    policy.dispose();
  });

  it('works when every row shares one prompt (B = 1)', async () => {
    const { tokenStats } = await import('../../src/engine/policy/logprobs');
    const { buildBatch } = await import('../../src/engine/policy/batch');
    const policy = TransformerPolicy.random('nano', new Rng(4, 'init'));
    const batch = buildBatch(Array(3).fill(encode('p:1+1=')), ['2.', '3.', '22.'].map(encode));
    const logp = tf.tidy(() => tokenStats(policy, batch, false).logp);
    expect(logp.shape).toEqual([3, 3]);
    expect(Array.from(await logp.data()).every(Number.isFinite)).toBe(true);
    logp.dispose();
    policy.dispose();
  });
});
