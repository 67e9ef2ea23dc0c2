// DHPO (arXiv:2601.05607; no public code, abstract only): the tfjs hybrid ratio against its plain-number oracle,
// and the limits the abstract's description implies (each branch clipped in its own range, the mix between them).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm } from '../helpers/tf';
import { computeObjective } from '../../src/engine/rl/objective';
import { dhpoAlpha, dhpoTokenLosses } from '../../src/engine/rl/dhpo';
import { aggregateTokenLosses, clippedSurrogateLoss, gspoSequenceRatio } from '../../src/engine/rl/surrogate-math';
import { DEFAULT_CONFIG, parseConfig, type ObjectiveConfig } from '../../src/engine/config';
import { presetConfig } from '../../src/engine/rl/presets';
import { trlConfig } from '../../src/share/trl-config';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

const N = 4;
const T = 5;
const lengths = [5, 2, 4, 1];

function inputs(seed: number) {
  const rng = new Rng(seed, 'dhpo');
  const logp = Array.from({ length: N * T }, () => -rng.next() * 3);
  const oldLogp = logp.map((l) => l + (rng.next() - 0.5) * 0.6);
  const entropy = Array.from({ length: N * T }, () => rng.next() * 2);
  const adv = Array.from({ length: N }, () => (rng.next() - 0.5) * 3);
  const mask = Array.from({ length: N * T }, (_, k) => (k % T < lengths[Math.floor(k / T)] ? 1 : 0));
  return { logp, oldLogp, entropy, adv, mask };
}

const cfgOf = (mix: ObjectiveConfig['dhpoMix']): ObjectiveConfig => ({
  ...DEFAULT_CONFIG.objective,
  ratioLevel: 'hybrid',
  dhpoMix: mix,
  epsLow: 0.1,
  epsHigh: 0.15,
  dhpoSeqEpsLow: 0.01,
  dhpoSeqEpsHigh: 0.02,
  aggregation: 'token-mean',
});

describe('DHPO hybrid ratio (formula from the abstract; UNVERIFIED details in docs/algorithms/dhpo.md)', () => {
  for (const mix of ['average', 'entropy'] as const) {
    it(`tfjs loss equals the plain-number oracle (${mix} mix)`, async () => {
      const x = inputs(3);
      const cfg = cfgOf(mix);
      const out = tf.tidy(
        () =>
          computeObjective(
            {
              logp: tf.tensor2d(x.logp, [N, T]),
              oldLogp: tf.tensor2d(x.oldLogp, [N, T]),
              entropy: tf.tensor2d(x.entropy, [N, T]),
              advantages: tf.tensor1d(x.adv),
              mask: tf.tensor2d(x.mask, [N, T]),
              maxLength: 8,
              tau: 1,
            },
            cfg,
          ).policyLoss,
      );
      // The entropy-guided weight normalises by the largest active-token entropy of the whole minibatch.
      const activeIdx = x.mask.flatMap((m, k) => (m > 0 ? [k] : []));
      const alphaOf = new Map(
        dhpoAlpha(
          activeIdx.map((k) => x.entropy[k]),
          mix,
        ).map((a, j) => [activeIdx[j], a]),
      );
      const losses = lengths.map((len, i) => {
        const lr = Array.from({ length: len }, (_, t) => x.logp[i * T + t] - x.oldLogp[i * T + t]);
        return dhpoTokenLosses(
          lr,
          lr.map((_, t) => alphaOf.get(i * T + t)!),
          x.adv[i],
          cfg,
        );
      });
      const expected = aggregateTokenLosses(losses, 'token-mean');
      expect((await out.data())[0]).toBeCloseTo(expected, 5);
      out.dispose();
    });
  }

  it('weight 1 on the token ratio is GRPO’s clipped token loss; weight 0 is GSPO’s sequence loss', () => {
    const lr = [0.3, -0.25, 0.05];
    const A = 1.3;
    const cfg = cfgOf('entropy');
    // alpha = 1 for every token: entropies all at the maximum.
    const tokenOnly = dhpoTokenLosses(lr, dhpoAlpha([2, 2, 2], 'entropy'), A, cfg);
    lr.forEach((r, t) =>
      expect(tokenOnly[t]).toBeCloseTo(clippedSurrogateLoss(Math.exp(r), A, { epsLow: 0.1, epsHigh: 0.15, mode: 'clip' }), 12),
    );
    // alpha = 0: every token confident (entropy 0), the sequence ratio with its own range.
    const seqOnly = dhpoTokenLosses(lr, dhpoAlpha([0, 0, 0], 'entropy'), A, cfg);
    const rSeq = gspoSequenceRatio(lr);
    seqOnly.forEach((l) => expect(l).toBeCloseTo(clippedSurrogateLoss(rSeq, A, { epsLow: 0.01, epsHigh: 0.02, mode: 'clip' }), 12));
  });

  it('averaged mix: on-policy every token loses -A; a token ratio far out is held by its own clip', () => {
    const cfg = cfgOf('average');
    dhpoTokenLosses([0, 0, 0], dhpoAlpha([1, 1, 1], 'average'), -0.7, cfg).forEach((l) => expect(l).toBeCloseTo(0.7, 12));
    // Token ratio e^2 (far above 1.15) with A > 0: the token branch contributes 1.15, the sequence branch its
    // clipped geometric mean, each with weight 1/2.
    const lr = [2, 0];
    const rSeq = Math.min(gspoSequenceRatio(lr), 1.02);
    const l = dhpoTokenLosses(lr, dhpoAlpha([1, 1], 'average'), 1, cfg)[0];
    expect(l).toBeCloseTo(-(0.5 * 1.15 + 0.5 * rSeq), 12);
  });

  it('entropy weights: the batch maximum gets 1, zero entropy 0, averaged is 1/2 everywhere', () => {
    expect(dhpoAlpha([0, 1, 2], 'entropy')).toEqual([0, 0.5, 1]);
    expect(dhpoAlpha([0, 0], 'entropy')).toEqual([0, 0]);
    expect(dhpoAlpha([3, 0.1], 'average')).toEqual([0.5, 0.5]);
  });

  it('the dhpo preset parses; the TRL export names the nearest level and notes the mix', () => {
    const cfg = parseConfig(presetConfig('dhpo'));
    expect(cfg.objective.ratioLevel).toBe('hybrid');
    const out = trlConfig(cfg);
    expect(out.code).toContain('importance_sampling_level="token"');
    expect(out.notExpressible.some((n) => n.startsWith('DHPO hybrid ratio'))).toBe(true);
  });
});
