// Rollout-GDRO (src/engine/rl/rollout-gdro.ts; no public code, formulas UNVERIFIED in docs/algorithms/gdro.md):
// the allocation keeps the B x G budget with every group in [n_min, n_max], follows the square-root rule, and is
// deterministic; groups of unequal size go through requests, grouping and the advantage stage intact; a short
// preset run keeps the budget every step and is the same on the same seed.
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../helpers/tf';
import { shippedWeights } from '../helpers/checkpoints';
import { allocateRollouts, binSigmas } from '../../src/engine/rl/rollout-gdro';
import { groupRequests, groupsFrom, type Group, type Rollout } from '../../src/engine/rl/rollouts';
import { advantageStep } from '../../src/engine/rl/step/advantage-groups';
import { parseConfig, validateConfig } from '../../src/engine/config';
import { presetConfig } from '../../src/engine/rl/presets';
import { Trainer } from '../../src/engine/rl/trainer';
import { getTask } from '../../src/engine/tasks';
import { activeExperts } from '../../src/engine/rl/experts';
import { methodCharts } from '../../src/ui/charts/methodCharts';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

describe('Rollout-GDRO allocation', () => {
  it('spends exactly B x G, each prompt within [n_min, n_max], more rollouts for a larger variance proxy', () => {
    const rng = new Rng(15, 'rollout-gdro-test');
    for (let trial = 0; trial < 300; trial++) {
      const B = 1 + Math.floor(rng.next() * 12);
      const G = 2 + Math.floor(rng.next() * 10);
      const lo = 2;
      const hi = G + Math.floor(rng.next() * 10);
      const sigmas = Array.from({ length: B }, () => (rng.next() < 0.2 ? 0 : rng.next() * 0.5));
      const n = allocateRollouts(sigmas, B * G, lo, hi);
      expect(n.reduce((a, b) => a + b, 0)).toBe(B * G);
      for (const g of n) {
        expect(Number.isInteger(g)).toBe(true);
        expect(g).toBeGreaterThanOrEqual(lo);
        expect(g).toBeLessThanOrEqual(hi);
      }
      for (let i = 0; i < B; i++) for (let j = 0; j < B; j++) if (sigmas[i] > sigmas[j]) expect(n[i]).toBeGreaterThanOrEqual(n[j]);
      expect(allocateRollouts(sigmas, B * G, lo, hi)).toEqual(n); // pure: same input, same counts
    }
  });

  it('is the square-root rule where the bounds do not bind: n_i proportional to sigma_i', () => {
    expect(allocateRollouts([0.1, 0.2, 0.4], 14, 1, 100)).toEqual([2, 4, 8]);
    expect(allocateRollouts([0.5, 0.5, 0.5, 0.5], 16, 2, 16)).toEqual([4, 4, 4, 4]);
    // solved (sigma 0) prompts drop to n_min, the rest share what is left by sigma
    expect(allocateRollouts([0, 0.3, 0.3, 0], 16, 2, 16)).toEqual([2, 6, 6, 2]);
    // binding upper bound: the capped prompt sits at n_max, the others take the remainder in proportion
    expect(allocateRollouts([0.5, 0.1, 0.1], 12, 2, 6)).toEqual([6, 3, 3]);
  });

  it('the variance proxy of a bin is sqrt(e (1 - e)) of its error rate', () => {
    expect(binSigmas([0, 0.5, 1, 0.2], [0, 1, 2, 3, 1])).toEqual([0, 0.5, 0, Math.sqrt(0.16), 0.5]);
  });

  it('refuses a budget the bounds cannot meet, and a config whose mean G lies outside them', () => {
    expect(() => allocateRollouts([0.1, 0.2], 3, 2, 8)).toThrow(/3 rollouts cannot be split over 2 prompts with 2 to 8 each/);
    expect(() => allocateRollouts([0.1, 0.2], 17, 2, 8)).toThrow(/cannot be split/);
    const errs = validateConfig({ groupSize: 4, data: { gdro: true, gdroRollouts: true, gdroMinG: 5, gdroMaxG: 8 } }).errors.join();
    expect(errs).toMatch(/the mean G \(groupSize 4\) must lie in \[5, 8\]/);
    expect(validateConfig({ data: { gdroRollouts: true } }).errors.join()).toMatch(/turn on data\.gdro/);
  });
});

describe('groups of unequal size through the step', () => {
  const task = getTask('add');
  const cfg = parseConfig({ task: 'add', groupSize: 4, prompts: 3 });
  const problems = [0, 1, 2].map((k) => task.sample(new Rng(3, `p${k}`), task.difficulty.default));

  it('requests: a G per prompt, flat with a group index; groupsFrom recovers the sizes', () => {
    const reqs = groupRequests(problems, activeExperts(task, cfg), cfg, 10, [2, 7, 3]);
    expect(reqs.length).toBe(12);
    expect(reqs.map((r) => r.group)).toEqual([10, 10, 11, 11, 11, 11, 11, 11, 11, 12, 12, 12]);
    const fake = reqs.map((r) => ({ group: r.group, problem: r.problem }) as unknown as Rollout);
    expect(groupsFrom(fake).map((g) => g.rollouts.length)).toEqual([2, 7, 3]);
    expect(() => groupRequests(problems, activeExperts(task, cfg), cfg, 0, [4, 4])).toThrow(/one group size per problem/);
  });

  it('advantages are standardised within each group of its own size', () => {
    const rewards = [
      [1, 0],
      [0, 0, 1, 1, 1, 0, 1],
      [0.5, 0, 0],
    ];
    const groups: Group[] = rewards.map((rs, k) => ({
      problem: problems[k],
      rollouts: rs.map(
        (total) => ({ total, components: { correct: total }, completionText: '', expertIndex: 0, excluded: false }) as unknown as Rollout,
      ),
    }));
    const adv = advantageStep(
      groups,
      rewards.flat().map(() => -1),
      cfg,
    );
    rewards.forEach((rs, k) => {
      const mean = rs.reduce((a, b) => a + b, 0) / rs.length;
      const sd = Math.sqrt(rs.reduce((a, b) => a + (b - mean) ** 2, 0) / (rs.length - 1));
      rs.forEach((r, i) => expect(adv.result.advantages[k][i]).toBeCloseTo((r - mean) / (sd + cfg.advantage.epsilon), 6));
    });
    expect(adv.flat.length).toBe(12);
  });
});

describe('the rollout-gdro preset', () => {
  async function run(seed: number): Promise<{ sizes: number[][]; metrics: Record<string, number>[] }> {
    const cfg = presetConfig('rollout-gdro', { task: 'add', prompts: 4, groupSize: 4, evalEvery: 0, seed });
    const t = new Trainer({ config: cfg, initialWeights: shippedWeights('add'), earlyStopEvery: 4 });
    const sizes: number[][] = [];
    const metrics: Record<string, number>[] = [];
    for (let k = 0; k < 4; k++) {
      const r = await t.trainStep();
      sizes.push(r.groups.map((g) => g.rollouts.length));
      metrics.push(r.metrics);
    }
    t.dispose();
    return { sizes, metrics };
  }

  it('keeps B x G rollouts per step with every group >= 2, logs G per bin, and repeats on the same seed', async () => {
    const a = await run(5);
    for (const s of a.sizes) {
      expect(s.reduce((x, y) => x + y, 0)).toBe(16);
      for (const g of s) expect(g).toBeGreaterThanOrEqual(2);
    }
    // once the bins have error rates, the split is uneven on some step (else the test would not test reallocation)
    expect(a.sizes.some((s) => new Set(s).size > 1)).toBe(true);
    for (const m of a.metrics) expect(Object.keys(m).some((k) => k.startsWith('gdro/g/'))).toBe(true);
    const b = await run(5);
    expect(b.sizes).toEqual(a.sizes);
    const cfg = parseConfig(presetConfig('rollout-gdro', { task: 'add' }));
    expect(methodCharts(cfg).map((c) => c.id)).toEqual(['gdro-4', 'gdro-g-4']);
  });
});
