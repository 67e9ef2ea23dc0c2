// Issue-15 methods: formula tests where no public code exists (G^2RPO), properties of the new advantage maps,
// config validation of the new knobs, and that each method's metrics and charts appear exactly when it is on.
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../helpers/tf';
import { shippedWeights } from '../helpers/checkpoints';
import { g2rpoAdvantages, normalQuantile } from '../../src/engine/rl/transforms/g2rpo';
import { arenaAdvantages, bracketOrder, tournamentRanking } from '../../src/engine/rl/transforms/arena';
import { computeAdvantages } from '../../src/engine/rl/advantages';
import { lldDiagnostic } from '../../src/engine/rl/llds';
import { effectiveEntropyCoef, initialEntropyControl, updateEntropyControl } from '../../src/engine/rl/entropy-control';
import { DEFAULT_CONFIG, parseConfig, validateConfig } from '../../src/engine/config';
import { presetConfig } from '../../src/engine/rl/presets';
import { Trainer } from '../../src/engine/rl/trainer';
import { methodCharts } from '../../src/ui/charts/methodCharts';
import { trlConfig } from '../../src/share/trl-config';
import { verlConfig } from '../../src/share/verl-config';
import { Rng } from '../../src/engine/rng';
import { VarianceAwareSampler, minMaxNormalise, outcomeVariance } from '../../src/engine/rl/vas';
import type { Problem } from '../../src/engine/tasks/types';

beforeAll(async () => {
  await useWasm();
});

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('G^2RPO (formula from the paper: rank -> standard normal quantile; no public code)', () => {
  it('normal quantile: known values', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.125)).toBeCloseTo(-1.150349, 5);
    expect(() => normalQuantile(1)).toThrow(/\(0, 1\)/);
  });
  it('distinct rewards get the midpoint quantiles of N(0,1) in rank order, whatever their scale', () => {
    const r = [0.1, 5, 0.3, 0.2];
    const expected = [1, 4, 3, 2].map((k) => normalQuantile((k - 0.5) / 4));
    g2rpoAdvantages(r).forEach((a, i) => expect(a).toBeCloseTo(expected[i], 10));
    // A strictly increasing reward transform leaves the advantages unchanged (only ranks matter).
    expect(g2rpoAdvantages(r.map((x) => Math.exp(3 * x) - 7))).toEqual(g2rpoAdvantages(r));
  });
  it('ties share the mean of their quantiles; an all-equal group and NaN rewards give 0', () => {
    const a = g2rpoAdvantages([1, 0, 0, 0]);
    expect(a[0]).toBeCloseTo(1.150349, 5);
    expect(a[1]).toBeCloseTo((normalQuantile(0.125) + normalQuantile(0.375) + normalQuantile(0.625)) / 3, 10);
    expect(a[1]).toBe(a[2]);
    expect(g2rpoAdvantages([2, 2, 2])).toEqual([0, 0, 0]);
    const withNaN = g2rpoAdvantages([1, NaN, 0]);
    expect(withNaN[1]).toBe(0);
    expect(withNaN[0]).toBeCloseTo(normalQuantile(0.75), 10);
  });
  it('every group sums to 0 and the binary-reward advantage is symmetric in p <-> 1-p', () => {
    const rng = new Rng(4, 'g2rpo');
    for (let k = 0; k < 50; k++) {
      const r = Array.from({ length: 2 + Math.floor(rng.next() * 10) }, () => Math.round(rng.next() * 4) / 4);
      expect(Math.abs(sum(g2rpoAdvantages(r)))).toBeLessThan(1e-9);
    }
    const a = g2rpoAdvantages([1, 0, 0, 0]);
    const b = g2rpoAdvantages([0, 1, 1, 1]);
    a.forEach((x, i) => expect(x).toBeCloseTo(-b[i], 12));
  });
  it('computeAdvantages uses it when advantage.g2rpo is on', () => {
    const out = computeAdvantages([{ rewards: [1, 0, 0, 0] }], { ...DEFAULT_CONFIG.advantage, g2rpo: true });
    out.advantages[0].forEach((x, i) => expect(x).toBeCloseTo(g2rpoAdvantages([1, 0, 0, 0])[i], 12));
  });
});

describe('ArenaRL properties', () => {
  it('bracket order keeps high seeds apart', () => {
    expect(bracketOrder(8)).toEqual([0, 7, 3, 4, 1, 6, 2, 5]);
    expect(bracketOrder(4)).toEqual([0, 3, 1, 2]);
    expect(bracketOrder(1)).toEqual([0]);
  });
  it('with distinct rewards the best rollout is the champion and gets the largest advantage; advantages sum to 0', () => {
    const rng = new Rng(9, 'arena');
    for (let k = 0; k < 40; k++) {
      const g = 2 + Math.floor(rng.next() * 9);
      const r = Array.from({ length: g }, () => rng.next());
      const best = r.indexOf(Math.max(...r));
      expect(tournamentRanking(r)[0]).toBe(best);
      const a = arenaAdvantages(r);
      expect(a.indexOf(Math.max(...a))).toBe(best);
      expect(Math.abs(sum(a))).toBeLessThan(1e-9);
    }
  });
  it('ties still get distinct ranks (the code breaks them by bracket order): an all-equal group is not zero', () => {
    expect(arenaAdvantages([1, 1, 1, 1]).some((a) => Math.abs(a) > 0.1)).toBe(true);
    expect(arenaAdvantages([NaN, 3])).toEqual([0, 0]);
  });
});

describe('LLD diagnostic and the entropy controller', () => {
  it('mean log-prob of right and wrong responses; NaN when a kind is missing', () => {
    expect(lldDiagnostic([-1, -2, -3], [true, false, true])).toEqual({ right: -2, wrong: -2 });
    expect(lldDiagnostic([-1, -2], [true, true]).wrong).toBeNaN();
  });
  it('the coefficient is gated off while entropy is above the target and clipped to [min, max]', () => {
    const cfg = { target: 0.2, delta: 0.01, min: 0, max: 0.015 };
    let s = initialEntropyControl(0.005);
    expect(effectiveEntropyCoef(s)).toBe(0.005);
    s = updateEntropyControl(s, 0.1, cfg);
    expect(s).toEqual({ value: 0.015, enabled: 1 });
    s = updateEntropyControl(s, 0.1, cfg);
    expect(s.value).toBe(0.015);
    s = updateEntropyControl(s, 0.9, cfg);
    expect(s.enabled).toBe(0);
    expect(effectiveEntropyCoef(s)).toBe(0);
    expect(updateEntropyControl(s, NaN, cfg)).toBe(s);
  });
});

describe('config validation of the new knobs', () => {
  it('clipDelta must be above 1 + epsHigh (or 0)', () => {
    expect(validateConfig({ objective: { clipDelta: 1.1 } }).errors.join()).toMatch(/clipDelta: must be above 1 \+ epsHigh/);
    expect(validateConfig({ objective: { clipDelta: 4 } }).errors).toEqual([]);
  });
  it('two whole-advantage replacements at once are refused with a message naming both', () => {
    expect(validateConfig({ advantage: { g2rpo: true, arena: true } }).errors.join()).toMatch(/g2rpo and arena/);
    expect(validateConfig({ advantage: { gdpo: true, passK: 'analytic' } }).errors.join()).toMatch(/gdpo and passK/);
  });
  it('new enum values parse; unknown ones are refused', () => {
    expect(
      parseConfig({ objective: { klEstimator: 'abs', aggregation: 'seq-mean-token-sum-norm', clipMode: 'rec-ring' } }).objective
        .klEstimator,
    ).toBe('abs');
    expect(validateConfig({ objective: { klEstimator: 'k4' } }).errors.length).toBe(1);
  });
});

describe('exports name the new knobs', () => {
  it('TRL writes delta from clipDelta; verl writes kl_loss_type abs and seq-mean-token-sum-norm', () => {
    const trl = trlConfig(parseConfig(presetConfig('intellect-2')));
    expect(trl.kwargs.find((k) => k.key === 'delta')?.value).toBe('4.0');
    const verl = verlConfig(parseConfig(presetConfig('dr-grpo-verl', { objective: { klCoef: 0.01, klEstimator: 'abs' } })));
    expect(verl.yaml).toMatch(/kl_loss_type: abs/);
    expect(verl.yaml).toMatch(/loss_agg_mode: seq-mean-token-sum-norm/);
    expect(verlConfig(parseConfig(presetConfig('llds'))).notExpressible.join()).toMatch(/LLDS/);
  });
});

describe('method metrics and charts appear exactly when the method is on', () => {
  const small = { task: 'add', prompts: 2, groupSize: 4, evalEvery: 0, seed: 5 } as const;
  async function metricsAfter(preset: string, steps: number) {
    const t = new Trainer({ config: presetConfig(preset, small), initialWeights: shippedWeights('add'), earlyStopEvery: 4 });
    let m: Record<string, number> = {};
    const seen: Record<string, number>[] = [];
    for (let s = 0; s < steps; s++) {
      m = (await t.trainStep()).metrics;
      seen.push(m);
    }
    t.dispose();
    return { last: m, seen };
  }
  it('grpo logs none of them and shows no method chart', async () => {
    const { last } = await metricsAfter('grpo', 1);
    for (const k of ['llds/loss', 'lld/logp_right', 'lld/logp_wrong', 'entropy_coef', 'adv/max']) expect(k in last).toBe(false);
    expect(methodCharts(parseConfig(presetConfig('grpo')))).toEqual([]);
  });
  it('llds: the regulariser is positive on some step (two inner epochs) and LLD metrics are logged', async () => {
    const { seen } = await metricsAfter('llds', 4);
    expect(seen.every((m) => 'llds/loss' in m)).toBe(true);
    expect(seen.some((m) => m['llds/loss'] > 0)).toBe(true);
    expect(seen.some((m) => 'lld/logp_right' in m || 'lld/logp_wrong' in m)).toBe(true);
    expect(methodCharts(parseConfig(presetConfig('llds'))).map((c) => c.id)).toEqual(['lld', 'llds']);
  });
  it('skywork-or1: entropy_coef is logged and moves by the controller step', async () => {
    const { seen } = await metricsAfter('skywork-or1', 3);
    const coefs = seen.map((m) => m.entropy_coef);
    expect(coefs[0]).toBe(0); // initial coef 0, bonus on
    for (const c of coefs) expect(c === 0 || Math.abs(c - 1e-4) < 1e-12 || Math.abs(c - 2e-4) < 1e-12).toBe(true);
    expect(methodCharts(parseConfig(presetConfig('skywork-or1'))).map((c) => c.id)).toEqual(['entropy-coef']);
  });
  it('g2rpo and arena-rl log the advantage range', async () => {
    for (const p of ['g2rpo', 'arena-rl']) {
      const { last } = await metricsAfter(p, 1);
      expect(last['adv/max']).toBeGreaterThanOrEqual(last['adv/min']);
      expect(methodCharts(parseConfig(presetConfig(p))).map((c) => c.id)).toEqual(['adv-shape']);
    }
  });
});

describe('ArenaRL groups of equal rewards', () => {
  it('are not shown as "teaches nothing": that flag comes from the advantages, not the reward spread', async () => {
    const t = new Trainer({
      config: presetConfig('arena-rl', { task: 'add', prompts: 4, groupSize: 4, evalEvery: 0, seed: 3 }),
      initialWeights: shippedWeights('add'),
      earlyStopEvery: 4,
      snapshotGroups: 4,
    });
    let equalGroups = 0;
    for (let s = 0; s < 3; s++) {
      for (const g of (await t.trainStep()).groups.filter((x) => !x.filtered)) {
        expect(g.zeroAdvantage).toBe(g.rollouts.every((r) => Math.abs(r.advantage) < 1e-8));
        if (g.rollouts.every((r) => r.total === g.rollouts[0].total)) {
          equalGroups++;
          expect(g.zeroAdvantage).toBe(false); // the tournament still ranks them
        }
      }
    }
    t.dispose();
    expect(equalGroups).toBeGreaterThan(0);
  });
});

describe('no tensor leak with the new objective paths on', () => {
  it('numTensors after step 2 equals numTensors after step 6 (LLDS, ring mask, delta, abs KL, adaptive entropy, DHPO mix, GDRO, THR, Rollout-GDRO)', async () => {
    const tf = await useWasm();
    const t = new Trainer({
      config: {
        task: 'add',
        modelSize: 'nano',
        init: 'random',
        prompts: 2,
        groupSize: 4,
        evalEvery: 0,
        minibatches: 2,
        innerEpochs: 2,
        advantage: { g2rpo: true },
        objective: {
          clipMode: 'rec-ring',
          clipDelta: 3,
          lldsCoef: 0.2,
          klCoef: 0.01,
          klEstimator: 'abs',
          entropyAdaptive: true,
          aggregation: 'seq-mean-token-sum-norm',
          ratioLevel: 'hybrid',
          dhpoMix: 'entropy',
          thr: 'thr',
        },
        data: { gdro: true, gdroPoolSize: 8, gdroRollouts: true, gdroMinG: 2, gdroMaxG: 6 },
      },
      earlyStopEvery: 4,
    });
    for (let s = 0; s < 2; s++) await t.trainStep();
    const before = tf.memory().numTensors;
    for (let s = 0; s < 4; s++) await t.trainStep();
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });
});

describe('MMR1 variance-aware sampling', () => {
  const pool: Problem[] = Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, question: `q${i}`, answer: '0', data: {} }));
  it("OVS is p(1-p); weights are min-max normalised with the code's 1e-8 guard", () => {
    expect(outcomeVariance(0.5)).toBe(0.25);
    expect(outcomeVariance(1)).toBe(0);
    const w = minMaxNormalise([0, 0.25, 0.1875]);
    expect(w[0]).toBe(0);
    expect(w[1]).toBeCloseTo(1, 6);
    expect(w[2]).toBeCloseTo(0.75, 6);
  });
  it('solved and hopeless prompts get weight 0; the weighted half then only draws the informative ones', () => {
    const s = new VarianceAwareSampler(pool, 0.5);
    ['p0', 'p1', 'p2', 'p3', 'p4'].forEach((id) => s.observe(id, [true, true, true, true]));
    s.observe('p5', [true, false, true, false]);
    // p5 (p = 0.5) is the only prompt with weight > 0.
    expect(s.weights().map((w) => (w > 0 ? 1 : 0))).toEqual([0, 0, 0, 0, 0, 1]);
    const rng = new Rng(1, 'vas');
    for (let k = 0; k < 10; k++) {
      const batch = s.draw(4, rng);
      expect(batch.length).toBe(4);
      // Interleaved: positions 0 and 2 are the weighted draws.
      expect(batch[0].id).toBe('p5');
      expect(batch[2].id).toBe('p5');
    }
    expect(s.coverage()).toBe(1);
  });
  it('the random half walks a shuffled pass over the whole pool', () => {
    const s = new VarianceAwareSampler(pool, 0);
    const seen = s
      .draw(6, new Rng(2, 'vas'))
      .map((p) => p.id)
      .sort();
    expect(seen).toEqual(pool.map((p) => p.id));
  });
  it('the mmr1-vas preset trains on pool prompts and logs the pool metrics', async () => {
    const t = new Trainer({
      config: presetConfig('mmr1-vas', { task: 'add', prompts: 2, groupSize: 4, evalEvery: 0, data: { vasPoolSize: 8 } }),
      initialWeights: shippedWeights('add'),
      earlyStopEvery: 4,
    });
    const ids = new Set<string>();
    let m: Record<string, number> = {};
    for (let k = 0; k < 3; k++) {
      const r = await t.trainStep();
      r.problemIds.forEach((id) => ids.add(id));
      m = r.metrics;
    }
    t.dispose();
    expect(ids.size).toBeLessThanOrEqual(8);
    expect(m['vas/pool_coverage']).toBeGreaterThan(0);
    expect(m['vas/mean_ovs']).toBeGreaterThanOrEqual(0);
    expect(methodCharts(parseConfig(presetConfig('mmr1-vas'))).map((c) => c.id)).toEqual(['vas']);
  });
});
