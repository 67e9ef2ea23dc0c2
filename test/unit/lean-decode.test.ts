// Decoding with the cache and the leanDecode switch (each step's tokens kept and joined once at the end) gives
// the same tokens as the per-step concat it replaces, with and without early stopping, fewer launches and no
// leaked tensors.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm } from '../helpers/tf';
import { setFastPaths } from '../../src/engine/policy/fast-paths';
import { TransformerPolicy } from '../../src/engine/policy/model';
import { type SampleOptions, sampleCompletions } from '../../src/engine/policy/sampling';
import { encode } from '../../src/engine/policy/tokenizer';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

const prompts = ['1+2=', '37+45=', 'rev:abc=', '9+9='].flatMap((q) => Array.from({ length: 3 }, () => encode(q)));

async function sample(policy: TransformerPolicy, lean: boolean, opts: Omit<SampleOptions, 'rng'>, seed: number) {
  const previous = setFastPaths({ leanDecode: lean });
  try {
    const before = tf.memory().numTensors;
    let result: Awaited<ReturnType<typeof sampleCompletions>> | null = null;
    const profile = await tf.profile(async () => {
      result = await sampleCompletions(policy, prompts, { ...opts, kvCache: true, rng: new Rng(seed, 'sampling') });
    });
    return { result: result!, launches: profile.kernels.length, leaked: tf.memory().numTensors - before };
  } finally {
    setFastPaths(previous);
  }
}

describe('lean decoding', () => {
  for (const [label, opts] of [
    ['sampled', { maxNewTokens: 9, temperature: 1, greedy: false }],
    ['sampled, early stop every 2', { maxNewTokens: 9, temperature: 1.3, greedy: false, earlyStopEvery: 2 }],
    ['greedy', { maxNewTokens: 6, temperature: 1, greedy: true }],
  ] as const) {
    it(`gives the same tokens (${label})`, async () => {
      const policy = TransformerPolicy.random('nano', new Rng(9, 'init'));
      for (const seed of [1, 2, 3]) {
        const lean = await sample(policy, true, opts, seed);
        const plain = await sample(policy, false, opts, seed);
        expect(lean.result).toEqual(plain.result);
        expect(lean.launches).toBeLessThan(plain.launches);
        expect(lean.leaked).toBe(0);
        expect(plain.leaked).toBe(0);
        if (!opts.greedy) expect(new Set(plain.result.completions.map((c) => c.join(','))).size).toBeGreaterThan(3);
      }
      policy.dispose();
    });
  }
});
