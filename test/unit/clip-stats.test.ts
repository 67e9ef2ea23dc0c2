// TRL's clip metrics as one WASM kernel (switch fusedClipStats) against the op chain: the same bits for per-row and
// per-token advantages, ratios exactly on the bounds, masked tokens; one launch; and inside computeObjective.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm } from '../helpers/tf';
import { setFastPaths } from '../../src/engine/policy/fast-paths';
import { clipStats } from '../../src/engine/rl/clip-stats';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

// bounds whose float32 rounding lies inside the band (0.7 rounds down, 1.2 up): a ratio equal to it tells a
// float32 compare from a double one
const [N, T, LO, HI] = [12, 9, 1 - 0.3, 1 + 0.2];

function inputs(seed: number, perToken: boolean) {
  const rng = new Rng(seed, 'clip-stats');
  const ratio = Array.from({ length: N * T }, (_, i) => (i % 11 === 0 ? Math.fround(i % 2 ? LO : HI) : 0.5 + rng.next()));
  const adv = Array.from({ length: perToken ? N * T : N }, (_, i) => (i % 5 === 0 ? 0 : rng.next() * 2 - 1));
  const mask = Array.from({ length: N * T }, (_, i) => (i % 7 === 3 ? 0 : 1));
  const m = tf.tensor2d(mask, [N, T]);
  return { ratio: tf.tensor2d(ratio, [N, T]), A: tf.tensor2d(adv, [N, perToken ? T : 1]), mask: m, tokens: tf.maximum(tf.sum(m), 1) };
}

async function run(on: boolean, x: ReturnType<typeof inputs>) {
  const previous = setFastPaths({ fusedClipStats: on });
  try {
    const out = tf.tidy(() => clipStats(x.ratio, x.A, x.mask, x.tokens, LO, HI));
    const values = await Promise.all(out.map(async (t) => new Uint32Array(((await t.data()) as Float32Array).buffer)[0]));
    tf.dispose(out);
    const profile = await tf.profile(() => tf.tidy(() => clipStats(x.ratio, x.A, x.mask, x.tokens, LO, HI)[0]));
    return { values, kernels: profile.kernels.map((k) => k.name) };
  } finally {
    setFastPaths(previous);
  }
}

describe('clip metrics as one WASM kernel', () => {
  for (const perToken of [false, true]) {
    it(`give the chain's bits (${perToken ? 'per-token' : 'per-row'} advantages)`, async () => {
      for (const seed of [1, 2, 3]) {
        const x = inputs(seed, perToken);
        const fused = await run(true, x);
        const chain = await run(false, x);
        expect(fused.values).toEqual(chain.values);
        // both metrics non-zero: the test would be empty otherwise
        expect(fused.values[0]).not.toBe(0);
        expect(fused.values[1]).not.toBe(0);
        expect(fused.kernels).toEqual(['GrpoClipStats']);
        expect(chain.kernels.length).toBeGreaterThan(15);
        tf.dispose(Object.values(x));
      }
    });
  }
});
