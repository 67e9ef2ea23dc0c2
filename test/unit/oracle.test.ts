// Oracle advantage metrics: the pure figures on hand-made groups whose true value is given, and the probe on a
// stub task whose success probability p(x) is known exactly (a verifier that accepts every 4th attempt).
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../helpers/tf';
import { advantageGroupOf, oracleAdvantageMetrics, pearson, probeOracle } from '../../src/engine/rl/oracle';
import type { Group } from '../../src/engine/rl/rollouts';
import { computeAdvantages, mcPivotIndex } from '../../src/engine/rl/advantages';
import { parseConfig } from '../../src/engine/config';
import { getTask } from '../../src/engine/tasks';
import { activeExperts } from '../../src/engine/rl/experts';
import { TransformerPolicy } from '../../src/engine/policy/model';
import { Rng } from '../../src/engine/rng';
import type { Task } from '../../src/engine/tasks/types';

beforeAll(async () => {
  await useWasm();
});

describe('advantageGroupOf', () => {
  it('GDPO weighs a reward component without a weight 0, as the total does (not the fallback 1)', () => {
    // (correct, format, uses_all) per rollout; the run weighs correct and format only.
    const rows = [
      [1, 1, 0],
      [0, 1, 1],
      [0, 1, 1],
      [0, 0, 0],
    ];
    const group = {
      rollouts: rows.map(([c, f, u]) => ({
        total: c + 0.1 * f,
        components: { correct: c, format: f, uses_all: u },
        expertIndex: 0,
        completionText: '',
      })),
    } as unknown as Group;
    const cfg = parseConfig({ task: 'countdown', advantage: { gdpo: true }, rewardWeights: { correct: 1, format: 0.1 } });
    const g = advantageGroupOf(group, cfg);
    expect(g.weights).toEqual({ correct: 1, format: 0.1, uses_all: 0 });
    const adv = computeAdvantages([g], cfg.advantage).advantages[0];
    const { uses_all: _, ...twoRewards } = g.components!;
    expect(adv).toEqual(computeAdvantages([{ ...g, components: twoRewards }], cfg.advantage).advantages[0]);
    // Weighted, uses_all does change them (so the comparison above can fail).
    const weighted = advantageGroupOf(group, parseConfig({ ...cfg, rewardWeights: { correct: 1, format: 0.1, uses_all: 1 } }));
    expect(computeAdvantages([weighted], cfg.advantage).advantages[0]).not.toEqual(adv);
  });
});

describe('oracleAdvantageMetrics', () => {
  it('GRPO on a binary group never flips against r - p(x)', () => {
    // p(x) = 0.25: the right answer's true advantage is +0.75, the wrong one's -0.25.
    const rewards = [1, 0];
    const adv = computeAdvantages([{ rewards }], parseConfig({}).advantage).advantages[0];
    const m = oracleAdvantageMetrics([{ rewards, advantages: adv, excluded: [false, false], value: 0.25 }]);
    expect(m.trueSignFlipRate).toBe(0);
    expect(m.comparable).toBe(2);
    expect(m.trueAdvCorrelation).toBeCloseTo(1, 12);
    expect(m.trueAdvMse).toBeCloseTo(((adv[0] - 0.75) ** 2 + (adv[1] + 0.25) ** 2) / 2, 12);
    expect(m.signalGroupFrac).toBe(1);
  });

  it('a mean baseline flips the sign of a format-only reward when the true value is above it', () => {
    // rewards 0.1 (format only) and 0 against V(x) = 0.6: both are worse than the policy's average, but the mean
    // baseline (0.05) calls the 0.1 one good. The median of three (0.1, 0, 0 -> 0) calls it good too; with the
    // extra sample 1.1 the median is 0.1 and the pivot leaves the loss.
    const mean = computeAdvantages([{ rewards: [0.1, 0] }], parseConfig({}).advantage).advantages[0];
    const m = oracleAdvantageMetrics([{ rewards: [0.1, 0], advantages: mean, excluded: [false, false], value: 0.6 }]);
    expect(m.trueSignFlipRate).toBe(0.5);
    const mc = [1.1, 0.1, 0];
    const cfg = parseConfig({ advantage: { baseline: 'median', scale: 'mad' } }).advantage;
    const out = computeAdvantages([{ rewards: mc, pivot: mcPivotIndex(mc) }], cfg);
    const m2 = oracleAdvantageMetrics([{ rewards: mc, advantages: out.advantages[0], excluded: out.excluded[0], value: 0.6 }]);
    expect(m2.trueSignFlipRate).toBe(0);
    expect(m2.comparable).toBe(2); // the pivot is left out
  });

  it('counts groups with no signal and leaves excluded rollouts out', () => {
    const m = oracleAdvantageMetrics([
      { rewards: [0, 0], advantages: [0, 0], excluded: [false, false], value: 0.1 },
      { rewards: [1, 0, 5], advantages: [1, -1, 100], excluded: [false, false, true], value: 0.5 },
    ]);
    expect(m.signalGroupFrac).toBe(0.5);
    expect(m.comparable).toBe(2); // the two zero advantages of group 1 flip nothing; the excluded 5 is not seen
    expect(m.trueSignFlipRate).toBe(0);
    expect(m.trueAdvMse).toBeCloseTo((0.01 + 0.01 + 0.25 + 0.25) / 4, 12);
  });

  it('pearson: known values', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1], [1, 2])).toBeNaN();
  });
});

describe('probeOracle', () => {
  it('estimates p(x) = 0.25 exactly for a verifier that accepts every 4th attempt per problem', async () => {
    const add = getTask('add');
    const attempts = new Map<string, number>();
    const quarter: Task = {
      ...add,
      score(problem) {
        const n = attempts.get(problem.id) ?? 0;
        attempts.set(problem.id, n + 1);
        return { correct: n % 4 === 0 ? 1 : 0, format: 1 };
      },
    };
    const cfg = parseConfig({
      task: 'add',
      modelSize: 'nano',
      init: 'random',
      groupSize: 4,
      oracleSamples: 8,
      rewardWeights: { correct: 1 },
    });
    const policy = TransformerPolicy.random('nano', new Rng(1, 'init'));
    const probes = Array.from({ length: 3 }, (_, i) => add.sample(new Rng(i, 'probe'), 2));
    try {
      const r = await probeOracle(policy, quarter, { ...cfg, difficulty: 2 }, probes, activeExperts(add, cfg), 1, 4);
      expect(r.probes.map((p) => p.p)).toEqual([0.25, 0.25, 0.25]);
      expect(r.metrics['oracle/p_mean']).toBe(0.25);
      // Each judged group of 4 has exactly one success (attempts 0..3): every group carries signal and, against
      // p = 0.25, a mean baseline of 0.25 gets every sign right.
      expect(r.metrics['adv/signal_group_frac']).toBe(1);
      expect(r.metrics['adv/true_sign_flip_rate']).toBe(0);
      expect(r.metrics['adv/true_corr']).toBeCloseTo(1, 9);
      // The judged groups the inspector shows beside p(x): one per probe, in probe order, G rollouts each, with the
      // advantages the metrics were computed from (one success at +0.75 * scale, three failures below 0).
      expect(r.judged.map((j) => j.group.problem.id)).toEqual(probes.map((p) => p.id));
      for (const j of r.judged) {
        expect(j.group.rollouts).toHaveLength(4);
        expect(j.advantages.filter((a) => a > 0)).toHaveLength(1);
        expect(j.advantages.filter((a) => a < 0)).toHaveLength(3);
      }
    } finally {
      policy.dispose();
    }
  });

  it('also judges the truth samples, cut into disjoint groups, each against the value of the other samples', async () => {
    const add = getTask('add');
    const attempts = new Map<string, number>();
    // Attempts 0-3 (the judged group): one success; 4-7 (first cut): all right; 8-11 (second cut): all wrong.
    const staged: Task = {
      ...add,
      score(problem) {
        const n = attempts.get(problem.id) ?? 0;
        attempts.set(problem.id, n + 1);
        return { correct: n === 0 || (n >= 4 && n < 8) ? 1 : 0, format: 1 };
      },
    };
    const cfg = parseConfig({
      task: 'add',
      modelSize: 'nano',
      init: 'random',
      groupSize: 4,
      oracleSamples: 8,
      rewardWeights: { correct: 1 },
    });
    const policy = TransformerPolicy.random('nano', new Rng(1, 'init'));
    const probes = [add.sample(new Rng(1, 'probe'), 2)];
    try {
      const r = await probeOracle(policy, staged, { ...cfg, difficulty: 2 }, probes, activeExperts(add, cfg), 1, 4);
      expect(r.probes[0].p).toBe(0.5);
      // Three judged groups: the mixed one carries signal, the two constant cuts do not.
      expect(r.metrics['adv/signal_group_frac']).toBeCloseTo(1 / 3, 12);
    } finally {
      policy.dispose();
    }
  });
});
