// Every row of algorithms.md section 5 (unit-test fixtures) plus the section 2 worked examples, to 1e-4.
import { describe, it, expect } from 'vitest';
import { DEFAULT_CONFIG, type AdvantageConfig } from '../../src/engine/config';
import {
  computeAdvantages,
  logAvgExpBaseline,
  mcGrpoAdvantages,
  mcGsmMultiplier,
  mcPivotIndex,
  processAdvantages,
  reinforcePlusPlus,
  reinforcePlusPlusBaseline,
  rsExpUtilityAdvantages,
  seedScale,
  semanticEntropy,
  signFlipRate,
  unlikelinessRanks,
  type AdvantageGroup,
} from '../../src/engine/rl/advantages';
import { aggregateTokenLosses, klEstimate, overlongPenalty } from '../../src/engine/rl/surrogate-math';

const TOL = 1e-4;
const TRL = { stdType: 'sample', epsilon: 1e-4 } as const;
const VERL = { stdType: 'sample', epsilon: 1e-6 } as const;

function cfg(over: Partial<AdvantageConfig>): AdvantageConfig {
  return { ...DEFAULT_CONFIG.advantage, ...over };
}

function expectClose(actual: readonly number[], expected: readonly number[], tol = TOL): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (Math.abs(a - expected[i]) >= tol) throw new Error(`index ${i}: got ${a}, expected ${expected[i]} (|diff| >= ${tol})`);
  });
}

function adv1(rewards: number[], over: Partial<AdvantageConfig>, extra: Partial<AdvantageGroup> = {}): number[] {
  return computeAdvantages([{ rewards, ...extra }], cfg(over)).advantages[0];
}

const R = [1, 0, 0, 0];

describe('section 5 fixtures', () => {
  it('GRPO, TRL convention (sample std + 1e-4)', () => {
    expectClose(adv1(R, { ...TRL }), [1.4997, -0.4999, -0.4999, -0.4999]);
  });

  it('GRPO, verl convention (sample std + 1e-6)', () => {
    expectClose(adv1(R, { ...VERL }), [1.5, -0.5, -0.5, -0.5]);
  });

  it('GRPO, population std, eps 0', () => {
    expectClose(adv1(R, { stdType: 'population', epsilon: 0 }), [1.7321, -0.5774, -0.5774, -0.5774]);
  });

  it('Dr. GRPO / REC / OPMD(mean): r - mean', () => {
    expectClose(adv1(R, { baseline: 'mean', scale: 'none' }), [0.75, -0.25, -0.25, -0.25]);
  });

  it('RLOO: leave-one-out', () => {
    expectClose(adv1(R, { baseline: 'leave-one-out', scale: 'none' }), [1, -0.3333, -0.3333, -0.3333]);
  });

  it('NGRPO (r_max 1, n_v 1), sample std + 1e-6; all-zero group -> -0.4472 each', () => {
    const over = { baseline: 'ngrpo-virtual-max', virtualMaxReward: 1, virtualCount: 1, ...VERL } as const;
    expectClose(adv1(R, over), [1.0954, -0.7303, -0.7303, -0.7303]);
    expectClose(adv1([0, 0, 0, 0], over), [-0.4472, -0.4472, -0.4472, -0.4472]);
    expectClose(adv1([1, 1, 1, 1], over), [0, 0, 0, 0]);
  });

  it('RS-GRPO beta = 2', () => {
    expectClose(adv1(R, { baseline: 'rs-exp-utility', rsBeta: 2, scale: 'none' }), [0.9225, -0.3075, -0.3075, -0.3075]);
  });

  it('AsymRE delta = -0.1', () => {
    expectClose(adv1(R, { baseline: 'mean', scale: 'none', baselineShift: -0.1 }), [0.85, -0.15, -0.15, -0.15]);
  });

  it('OPMD logavgexp tau = 1', () => {
    expect(Math.abs(logAvgExpBaseline(R, 1) - 0.357374)).toBeLessThan(1e-6);
    expectClose(adv1(R, { baseline: 'logavgexp', tau: 1, scale: 'none' }), [0.6426, -0.3574, -0.3574, -0.3574]);
  });

  it('A-GRAE single group, verl, alpha 1', () => {
    expectClose(adv1(R, { ...VERL, agrae: true, agraeAlpha: 1 }), [0.375, -0.5, -0.5, -0.5]);
  });

  it('grpo_passk, verl (std-normalised) and unnormalised', () => {
    expectClose(adv1(R, { ...VERL, passK: 'best-only' }), [2, 0, 0, 0]);
    expectClose(adv1(R, { ...VERL, passK: 'best-only', scale: 'none' }), [1, 0, 0, 0]);
  });

  it('Pass@k analytic N = 4, k = 2', () => {
    expectClose(adv1(R, { passK: 'analytic', passKk: 2 }), [1, -0.3333, -0.3333, -0.3333]);
  });

  it('DAPO [+1,-1,-1,-1], verl', () => {
    expectClose(adv1([1, -1, -1, -1], { ...VERL }), [1.5, -0.5, -0.5, -0.5]);
  });

  it('MC-GRPO [0.9,0.2,0.4,0.1,0.5], MAD + 1e-3', () => {
    const rewards = [0.9, 0.2, 0.4, 0.1, 0.5];
    const pivot = mcPivotIndex(rewards);
    expect(pivot).toBe(2);
    const out = computeAdvantages([{ rewards, pivot }], cfg({ baseline: 'median', scale: 'mad', madEpsilon: 1e-3 }));
    expectClose(out.advantages[0], [2.4876, -0.995, 0, -1.4925, 0.4975]);
    expect(out.excluded[0]).toEqual([false, false, true, false, false]);
  });

  it('MC-GRPO [1,0,0,0,0]: MAD is 0, so the scale falls back to mean |r - median| (paper code: 1000)', () => {
    const rewards = [1, 0, 0, 0, 0];
    const pivot = mcPivotIndex(rewards);
    expect(pivot).toBe(1);
    const out = computeAdvantages([{ rewards, pivot }], cfg({ baseline: 'median', scale: 'mad', madEpsilon: 1e-3 }));
    // mean |r - 0| = 0.2, so A = 1 / (0.2 + 1e-3), not 1 / 1e-3.
    expectClose(out.advantages[0], [1 / 0.201, 0, 0, 0, 0], 1e-9);
    expect(out.excluded[0]).toEqual([false, true, false, false, false]);
  });

  it('MC-GRPO binary G+1 = 3: advantages stay O(1), never near 1/madEpsilon', () => {
    for (const rewards of [
      [1, 0, 0],
      [0, 1, 1],
      [1.1, 0.1, 0.1],
    ]) {
      const out = computeAdvantages(
        [{ rewards, pivot: mcPivotIndex(rewards) }],
        cfg({ baseline: 'median', scale: 'mad', madEpsilon: 1e-3 }),
      );
      for (const a of out.advantages[0]) expect(Math.abs(a)).toBeLessThan(4);
      expect(out.advantages[0].some((a) => Math.abs(a) > 2.9)).toBe(true);
    }
  });

  it('Unlikeliness [1,1,0,0], logp [-0.1,-0.5,-0.3,-0.2], verl, beta_rank 0.25', () => {
    const meanLogp = [-0.1, -0.5, -0.3, -0.2];
    expectClose(unlikelinessRanks(meanLogp), [0.75, 0, 0.25, 0.5]);
    expectClose(adv1([1, 1, 0, 0], { ...VERL, unlikelinessBeta: 0.25 }, { meanLogp }), [0.6796, 1.0342, -0.8569, -0.8569]);
  });

  it('GDPO 2-group example (section 2.9), TRL 1e-4', () => {
    const groups: AdvantageGroup[] = [
      { rewards: [0, 0, 0, 1], components: { correct: [0, 0, 0, 1], format: [0, 0, 0, 0] }, weights: { correct: 1, format: 1 } },
      { rewards: [0, 0, 0, 2], components: { correct: [0, 0, 0, 1], format: [0, 0, 0, 1] }, weights: { correct: 1, format: 1 } },
    ];
    const out = computeAdvantages(groups, cfg({ ...TRL, gdpo: true }));
    expectClose(out.advantages[0], [-0.3415, -0.3415, -0.3415, 1.0246]);
    expectClose(out.advantages[1], [-0.6831, -0.6831, -0.6831, 2.0493]);
  });

  it('RF++-baseline 2-group (section 2.5), sample std', () => {
    const out = computeAdvantages(
      [{ rewards: [1, 0, 0, 0] }, { rewards: [1, 1, 1, 0] }],
      cfg({ baseline: 'mean', scale: 'none', globalWhiten: true }),
    );
    expectClose(out.advantages[0], [1.6202, -0.5401, -0.5401, -0.5401]);
    expectClose(out.advantages[1], [0.5401, 0.5401, 0.5401, -1.6202]);
  });

  it('TRL scale_rewards="batch" 2-group (Lite PPO)', () => {
    const out = computeAdvantages([{ rewards: [1, 0, 0, 0] }, { rewards: [1, 1, 1, 0] }], cfg({ ...TRL, scale: 'batch-std' }));
    expectClose(out.advantages[0], [1.4029, -0.4676, -0.4676, -0.4676]);
    expectClose(out.advantages[1], [0.4676, 0.4676, 0.4676, -1.4029]);
  });

  it('Process-supervision example (section 2.1), sample std, eps 0', () => {
    const a = processAdvantages(
      [
        [
          { end: 2, reward: 1 },
          { end: 4, reward: 0.5 },
        ],
        [{ end: 3, reward: 0 }],
      ],
      [4, 3],
      'sample',
      0,
    );
    expectClose(a[0], [1, 1, 0, 0]);
    expectClose(a[1], [-1, -1, -1]);
  });

  it('Overlong L_max 16, L_cache 4', () => {
    expectClose(
      [10, 14, 16, 17].map((l) => overlongPenalty(l, 16, 4)),
      [0, -0.5, -1, -1],
    );
  });

  it('KL logp -1, ref -1.2', () => {
    expectClose([klEstimate(-1, -1.2, 'k1'), klEstimate(-1, -1.2, 'k2'), klEstimate(-1, -1.2, 'k3')], [0.2, 0.02, 0.018731]);
  });

  it('Aggregation fixture (section 1.4)', () => {
    const losses = [
      [1, 1],
      [-1, -1, -1, -1],
    ];
    expectClose(
      [
        aggregateTokenLosses(losses, 'token-mean'),
        aggregateTokenLosses(losses, 'seq-mean-token-mean'),
        aggregateTokenLosses(losses, 'seq-mean-token-sum'),
        aggregateTokenLosses(losses, 'constant', { maxLength: 8 }),
        aggregateTokenLosses(losses, 'seq-mean-token-sum-norm', { maxLength: 8 }),
      ],
      [-0.3333, 0, -1, -0.125, -0.25],
    );
  });
});

describe('section 2 worked examples', () => {
  it('2.5: per-group GRPO on the two-group batch, for comparison', () => {
    const out = computeAdvantages([{ rewards: [1, 0, 0, 0] }, { rewards: [1, 1, 1, 0] }], cfg({ ...TRL }));
    expectClose(out.advantages[0], [1.4997, -0.4999, -0.4999, -0.4999]);
    expectClose(out.advantages[1], [0.4999, 0.4999, 0.4999, -1.4997]);
  });

  it('2.5: pure helpers reinforcePlusPlusBaseline / reinforcePlusPlus match computeAdvantages', () => {
    const b = reinforcePlusPlusBaseline([
      [1, 0, 0, 0],
      [1, 1, 1, 0],
    ]);
    expectClose(b[0], [1.6202, -0.5401, -0.5401, -0.5401]);
    expectClose(b[1], [0.5401, 0.5401, 0.5401, -1.6202]);
    const p = reinforcePlusPlus([
      [1, 0, 0, 0],
      [1, 1, 1, 0],
    ]);
    expectClose(p[0], [0.9354, -0.9354, -0.9354, -0.9354]);
  });

  it('2.5: REINFORCE++ (no baseline, beta 0) -> +-0.9354', () => {
    const out = computeAdvantages(
      [{ rewards: [1, 0, 0, 0] }, { rewards: [1, 1, 1, 0] }],
      cfg({ baseline: 'none', scale: 'none', globalWhiten: true }),
    );
    expectClose(out.advantages[0], [0.9354, -0.9354, -0.9354, -0.9354]);
    expectClose(out.advantages[1], [0.9354, 0.9354, 0.9354, -0.9354]);
  });

  it('2.6: MC-GRPO gsm multiplier (G+1)/#nonzero', () => {
    const cont = mcGrpoAdvantages([0.9, 0.2, 0.4, 0.1, 0.5], 1e-3);
    expect(cont.pivot).toBe(2);
    expectClose(mcGsmMultiplier(cont.advantages), [3.1095, -1.2438, 0, -1.8657, 0.6219]);
    const bin = mcGrpoAdvantages([1, 0, 0, 0, 0], 1e-3);
    // Paper code: 5000 (MAD 0 -> 1e-3 floor); the playground's zero-MAD fallback gives 5 / 0.201.
    expectClose(mcGsmMultiplier(bin.advantages), [5 / 0.201, 0, 0, 0, 0], 1e-9);
  });

  it('2.6: MC-GRPO median only (no scale)', () => {
    const rewards = [0.9, 0.2, 0.4, 0.1, 0.5];
    expectClose(adv1(rewards, { baseline: 'median', scale: 'none' }, { pivot: 2 }), [0.5, -0.2, 0, -0.3, 0.1]);
  });

  it('2.8: RS-GRPO beta variants 0.5 / 1 / 4 and beta 0 = r - mean', () => {
    expectClose(rsExpUtilityAdvantages(R, 0.5), [0.8373, -0.2791, -0.2791, -0.2791]);
    expectClose(rsExpUtilityAdvantages(R, 1), [0.9015, -0.3005, -0.3005, -0.3005]);
    expectClose(rsExpUtilityAdvantages(R, 4), [0.6979, -0.2326, -0.2326, -0.2326]);
    expectClose(adv1(R, { baseline: 'rs-exp-utility', rsBeta: 0, scale: 'none' }), [0.75, -0.25, -0.25, -0.25]);
  });

  it('2.9: GRPO on summed rewards collapses (near-identical advantages)', () => {
    const out = computeAdvantages([{ rewards: [0, 0, 0, 1] }, { rewards: [0, 0, 0, 2] }], cfg({ ...TRL }));
    expectClose(out.advantages[0], [-0.4999, -0.4999, -0.4999, 1.4997]);
    expectClose(out.advantages[1], [-0.5, -0.5, -0.5, 1.4999]);
  });

  it('2.10: MEML per-expert mean baseline: expert A [1,0] -> [0.5,-0.5], expert B [0,0] -> 0', () => {
    const out = computeAdvantages([{ rewards: [1, 0, 0, 0], subgroups: [0, 0, 1, 1] }], cfg({ baseline: 'mean', scale: 'none' }));
    expectClose(out.advantages[0], [0.5, -0.5, 0, 0]);
  });

  it('2.11: Scaf-GRPO replaced group [1,0,0,0] -> verl GRPO', () => {
    expectClose(adv1([1, 0, 0, 0], { ...VERL }), [1.5, -0.5, -0.5, -0.5]);
  });

  it('2.14: SEED-style [A,B,B,C] -> SE 1.0397, scale 0.969673; Dr.GRPO and TRL-GRPO forms', () => {
    const answers = ['A', 'B', 'B', 'C'];
    expect(Math.abs(semanticEntropy(answers) - 1.0397)).toBeLessThan(TOL);
    expect(Math.abs(seedScale(semanticEntropy(answers), 0.0417, 4) - 0.969673)).toBeLessThan(1e-5);
    expectClose(adv1(R, { scale: 'none', seedAlpha: 0.0417 }, { answers }), [0.7273, -0.2424, -0.2424, -0.2424]);
    expectClose(adv1(R, { ...TRL, seedAlpha: 0.0417 }, { answers }), [1.4542, -0.4847, -0.4847, -0.4847]);
  });

  it('2.14: semantic entropy with given probabilities', () => {
    // Equal probabilities reproduce the count-based clusters; mass on one cluster gives 0.
    expect(Math.abs(semanticEntropy(['A', 'B', 'B', 'C'], [1, 1, 1, 1]) - 1.0397)).toBeLessThan(TOL);
    expect(semanticEntropy(['A', 'B'], [1, 0])).toBe(0);
  });

  it('2.15: plain GRPO on [1,1,0,0] gives +-0.866 (verl)', () => {
    expectClose(adv1([1, 1, 0, 0], { ...VERL }), [0.866, 0.866, -0.866, -0.866]);
  });

  it('2.16: A-GRAE batch g1 [1,0,0,0], g2 [1,1,1,0] (p-bar 0.5)', () => {
    const out = computeAdvantages([{ rewards: [1, 0, 0, 0] }, { rewards: [1, 1, 1, 0] }], cfg({ ...VERL, agrae: true, agraeAlpha: 1 }));
    expectClose(out.advantages[0], [0.75, -0.5, -0.5, -0.5]);
    expectClose(out.advantages[1], [0.5387, 0.5387, 0.5387, -3.232]);
  });

  it('2.3: DAPO TRL eps gives 1.4999 / -0.5000', () => {
    expectClose(adv1([1, -1, -1, -1], { ...TRL }), [1.4999, -0.5, -0.5, -0.5]);
  });
});

describe('section 0.4 conventions in computeAdvantages', () => {
  it('G = 1 gives 0 and zero-std', () => {
    const out = computeAdvantages([{ rewards: [1] }], cfg({}));
    expect(out.advantages[0]).toEqual([0]);
    expect(out.zeroStd).toEqual([true]);
  });

  it('all-equal group gives 0 and counts as zero-std', () => {
    const out = computeAdvantages([{ rewards: [1, 1, 1, 1] }, { rewards: [1, 0, 0, 0] }], cfg({}));
    expect(out.advantages[0]).toEqual([0, 0, 0, 0]);
    expect(out.zeroStd).toEqual([true, false]);
  });

  it('NaN rewards are excluded from stats, get 0 and are flagged', () => {
    const out = computeAdvantages([{ rewards: [1, Number.NaN, 0, 0, 0] }], cfg({ ...TRL }));
    expectClose(out.advantages[0], [1.4997, 0, -0.4999, -0.4999, -0.4999]);
    expect(out.excluded[0]).toEqual([false, true, false, false, false]);
  });

  it('batch-std zero-std follows the batch std (TRL semantics)', () => {
    const out = computeAdvantages([{ rewards: [1, 1] }, { rewards: [0, 0] }], cfg({ scale: 'batch-std' }));
    expect(out.zeroStd).toEqual([false, false]);
    expect(out.advantages).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('NGRPO all-wrong group is not zero-std (virtual sample), all-correct is', () => {
    const out = computeAdvantages([{ rewards: [0, 0, 0, 0] }, { rewards: [1, 1, 1, 1] }], cfg({ baseline: 'ngrpo-virtual-max', ...VERL }));
    expect(out.zeroStd).toEqual([false, true]);
  });
});

describe('signFlipRate', () => {
  it('is 0 for the mean baseline itself', () => {
    const groups: AdvantageGroup[] = [{ rewards: [0.9, 0.2, 0.4, 0.1, 0.5] }];
    const mean = computeAdvantages(groups, cfg({ baseline: 'mean', scale: 'none' }));
    expect(signFlipRate(groups, mean.advantages)).toBe(0);
  });

  it('median baseline: no flip when median and mean agree on every sign', () => {
    // mean 0.42, median 0.4: the median sample gets 0 (not comparable), the rest keep their sign.
    const groups: AdvantageGroup[] = [{ rewards: [0.9, 0.2, 0.4, 0.1, 0.5] }];
    const med = computeAdvantages(groups, cfg({ baseline: 'median', scale: 'none' }));
    expect(signFlipRate(groups, med.advantages)).toBe(0);
  });

  it('median baseline: an outlier-driven mean flips one sample', () => {
    // mean 0.31 (outlier 1.0) puts 0.3 below the mean; median 0.25 puts it above -> 1 flip of 4 comparable.
    const groups: AdvantageGroup[] = [{ rewards: [1, 0.3, 0.25, 0, 0] }];
    const med = computeAdvantages(groups, cfg({ baseline: 'median', scale: 'none' }));
    expect(signFlipRate(groups, med.advantages)).toBeCloseTo(0.25, 10);
  });

  it('skips excluded rollouts (pivot, NaN)', () => {
    const groups: AdvantageGroup[] = [{ rewards: [1, 0.3, 0.25, 0, Number.NaN], pivot: 1 }];
    expect(signFlipRate(groups, [[1, 1, -1, -1, 5]])).toBe(0);
  });
});
