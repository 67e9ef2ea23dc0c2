// The tfjs objective against the plain-number oracles in surrogate-math.ts, and the gradient facts that matter.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm } from '../helpers/tf';
import { aggregate, computeObjective, klEstimate as klTensor } from '../../src/engine/rl/objective';
import {
  aggregateTokenLosses,
  clippedSurrogateLoss,
  gspoSequenceRatio,
  klEstimate,
  recTokenLoss,
  safeRatio,
} from '../../src/engine/rl/surrogate-math';
import { DEFAULT_CONFIG, AGGREGATIONS, type ObjectiveConfig } from '../../src/engine/config';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

const N = 5;
const T = 6;
const lengths = [6, 2, 4, 1, 5];

function randomInputs(seed: number) {
  const rng = new Rng(seed, 'objective');
  const logp = Array.from({ length: N * T }, () => -rng.next() * 3);
  const oldLogp = logp.map((l) => l + (rng.next() - 0.5) * 0.8);
  const adv = Array.from({ length: N }, () => (rng.next() - 0.5) * 3);
  const mask = Array.from({ length: N * T }, (_, k) => (k % T < lengths[Math.floor(k / T)] ? 1 : 0));
  return { logp, oldLogp, adv, mask };
}

function tensors(x: ReturnType<typeof randomInputs>) {
  return {
    logp: tf.tensor2d(x.logp, [N, T]),
    oldLogp: tf.tensor2d(x.oldLogp, [N, T]),
    entropy: tf.zeros([N, T]) as tf.Tensor2D,
    advantages: tf.tensor1d(x.adv),
    mask: tf.tensor2d(x.mask, [N, T]),
    maxLength: 8,
    tau: 1,
  };
}

function tokenLossesByOracle(x: ReturnType<typeof randomInputs>, cfg: ObjectiveConfig): number[][] {
  return lengths.map((len, i) => {
    const lr = Array.from({ length: len }, (_, t) => x.logp[i * T + t] - x.oldLogp[i * T + t]);
    const seqRatio = gspoSequenceRatio(lr);
    return lr.map((r, t) => {
      const ratio = cfg.ratioLevel === 'sequence' ? seqRatio : safeRatio(r);
      const A = x.adv[i];
      switch (cfg.clipMode) {
        case 'clip':
        case 'dual-clip':
          return clippedSurrogateLoss(ratio, A, {
            epsLow: cfg.epsLow,
            epsHigh: cfg.epsHigh,
            mode: cfg.clipMode,
            dualClipC: cfg.dualClipC,
            delta: cfg.clipDelta > 0 ? cfg.clipDelta : undefined,
          });
        case 'none':
          return -A * x.logp[i * T + t];
        case 'rec-one-side':
        case 'rec-two-side':
        case 'rec-ring':
          return recTokenLoss(x.logp[i * T + t], ratio, A, {
            mode: cfg.clipMode === 'rec-one-side' ? 'one-side' : cfg.clipMode === 'rec-two-side' ? 'two-side' : 'ring',
            epsLow: cfg.epsLow,
            epsHigh: cfg.epsHigh,
            importanceWeights: cfg.recImportanceWeights,
            ring: { epsLowPrime: cfg.recRingEpsLow, epsHighPrime: cfg.recRingEpsHigh },
          });
      }
    });
  });
}

describe('computeObjective matches the plain-number oracle', () => {
  const modes: ObjectiveConfig['clipMode'][] = ['clip', 'dual-clip', 'none', 'rec-one-side', 'rec-two-side'];
  for (const clipMode of modes) {
    for (const aggregation of AGGREGATIONS) {
      for (const ratioLevel of ['token', 'sequence'] as const) {
        it(`${clipMode} / ${aggregation} / ${ratioLevel}`, async () => {
          const cfg: ObjectiveConfig = {
            ...DEFAULT_CONFIG.objective,
            clipMode,
            aggregation,
            ratioLevel,
            epsLow: 0.1,
            epsHigh: 0.15,
            recImportanceWeights: true,
          };
          const x = randomInputs(7);
          const out = tf.tidy(() => computeObjective(tensors(x), cfg).policyLoss);
          const expected = aggregateTokenLosses(tokenLossesByOracle(x, cfg), aggregation, { maxLength: 8 });
          expect((await out.data())[0]).toBeCloseTo(expected, 4);
          out.dispose();
        });
      }
    }
  }
});

describe('aggregation and KL fixtures (algorithms.md 1.4, 1.5) in tfjs', () => {
  it('aggregation fixture: -0.3333 / 0 / -1 / -0.125 / -0.25 (verl seq-mean-token-sum-norm, L = 8)', async () => {
    const values = tf.tensor2d([1, 1, 0, 0, -1, -1, -1, -1], [2, 4]);
    const mask = tf.tensor2d([1, 1, 0, 0, 1, 1, 1, 1], [2, 4]);
    const expected: Record<string, number> = {
      'token-mean': -1 / 3,
      'seq-mean-token-mean': 0,
      'seq-mean-token-sum': -1,
      constant: -0.125,
      'seq-mean-token-sum-norm': -0.25,
    };
    for (const mode of AGGREGATIONS) {
      const v = aggregate(values as tf.Tensor2D, mask as tf.Tensor2D, mode, 8);
      expect((await v.data())[0]).toBeCloseTo(expected[mode], 4);
      v.dispose();
    }
    tf.dispose([values, mask]);
  });

  it('k1/k2/k3 at logp -1, ref -1.2 = 0.2 / 0.02 / 0.018731', async () => {
    for (const [est, want] of [
      ['k1', 0.2],
      ['k2', 0.02],
      ['k3', 0.018731],
    ] as const) {
      const v = tf.tidy(() => klTensor(tf.tensor2d([[-1]]), tf.tensor2d([[-1.2]]), est));
      expect((await v.data())[0]).toBeCloseTo(want, 5);
      expect(klEstimate(-1, -1.2, est)).toBeCloseTo(want, 5);
      v.dispose();
    }
  });
});

describe('gradient facts', () => {
  async function gradOfLogp(adv: number, logp: number, oldLogp: number, cfg: Partial<ObjectiveConfig>) {
    const base = { ...DEFAULT_CONFIG.objective, ...cfg };
    const g = tf.grad(
      (lp: tf.Tensor) =>
        computeObjective(
          {
            logp: lp as tf.Tensor2D,
            oldLogp: tf.tensor2d([[oldLogp]]),
            entropy: tf.zeros([1, 1]) as tf.Tensor2D,
            advantages: tf.tensor1d([adv]),
            mask: tf.tensor2d([[1]]),
            maxLength: 1,
            tau: 1,
          },
          base,
        ).loss,
    );
    const out = g(tf.tensor2d([[logp]]));
    const v = (await out.data())[0];
    out.dispose();
    return v;
  }

  it('on-policy (ratio 1) the clipped surrogate has the REINFORCE gradient -A', async () => {
    expect(await gradOfLogp(0.7, -1, -1, { clipMode: 'clip' })).toBeCloseTo(-0.7, 5);
  });

  it('a ratio above 1+eps_high with A>0 is clipped: zero gradient', async () => {
    expect(await gradOfLogp(1, Math.log(1.5), 0, { clipMode: 'clip', epsHigh: 0.28 })).toBe(0);
  });

  it('dual-clip caps the loss of A<0 at -A*c: zero gradient for a huge ratio', async () => {
    expect(await gradOfLogp(-1, Math.log(5), 0, { clipMode: 'dual-clip', dualClipC: 3 })).toBe(0);
    expect(await gradOfLogp(-1, Math.log(5), 0, { clipMode: 'clip' })).not.toBe(0);
  });

  it('REC-NoIS detaches the ratio: gradient -A inside the band, 0 outside', async () => {
    expect(await gradOfLogp(1, Math.log(1.1), 0, { clipMode: 'rec-one-side', recImportanceWeights: false })).toBeCloseTo(-1, 5);
    expect(await gradOfLogp(1, Math.log(1.5), 0, { clipMode: 'rec-one-side', recImportanceWeights: false })).toBe(0);
  });

  it('OPMD scale divides the gradient by 1+tau', async () => {
    expect(await gradOfLogp(1, -1, -1, { clipMode: 'none', opmdScale: true })).toBeCloseTo(-0.5, 5);
  });
});

describe('one KL estimator: the tfjs loss term equals the plain-number definition (stats/kl.ts)', () => {
  it('for k1, k2, k3 over small and large log-ratio differences (clamps included)', async () => {
    const deltas = [-60, -25, -20.5, -12, -3, -0.7, -1e-3, 0, 1e-3, 0.4, 2.5, 11, 19.9, 20.5, 35, 80];
    const ref = deltas.map((_, i) => -1 - 0.1 * i);
    const logp = deltas.map((d, i) => ref[i] + d);
    for (const est of ['k1', 'k2', 'k3'] as const) {
      const v = tf.tidy(() => klTensor(tf.tensor2d([logp]), tf.tensor2d([ref]), est));
      const got = Array.from(await v.data());
      v.dispose();
      got.forEach((g, i) => {
        const want = klEstimate(logp[i], ref[i], est);
        expect(Math.abs(g - want)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(want)));
      });
    }
    // The clamps are really there: k3 is bounded by 10 however far the policy moved.
    expect(klEstimate(-100, 0, 'k3')).toBe(10);
  });
});
