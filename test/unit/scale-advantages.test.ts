// The exported projects' Python advantage code (src/share/scale/advantages-py.ts) must equal computeAdvantages for
// every preset, on 500+ generated reward groups each (with NaN rewards, GDPO components, expert sub-groups, the MC
// pivot, mean log-probs and answers as the trainer passes them), to 1e-6.
import { describe, expect, it } from 'vitest';
import { parseConfig, type AdvantageConfig, type RunConfig } from '../../src/engine/config';
import { computeAdvantages, mcPivotIndex, type AdvantageGroup } from '../../src/engine/rl/advantages';
import { PRESETS, presetConfig } from '../../src/engine/rl/presets';
import { Rng } from '../../src/engine/rng';
import { ADVANTAGES_PY } from '../../src/share/scale/advantages-py';
import { nanToNull, runPython } from '../helpers/python';

const GROUPS_PER_CASE = 520;
const BATCH = 4;

interface Case {
  name: string;
  cfg: AdvantageConfig;
  batches: AdvantageGroup[][];
}

/** Reward groups shaped like the trainer's for this config (G or G+1 rollouts, expert sub-groups, pivot). */
function makeBatches(config: RunConfig, rng: Rng): AdvantageGroup[][] {
  const names = ['correct', 'format', 'uses_all'];
  const weights: Record<string, number> = { correct: 1, format: 0.1, uses_all: 0.5 };
  const batches: AdvantageGroup[][] = [];
  for (let b = 0; b < GROUPS_PER_CASE / BATCH; b++) {
    const groups: AdvantageGroup[] = [];
    for (let g = 0; g < BATCH; g++) {
      const n = Math.max(1, rng.int(1, 3) === 1 ? rng.int(1, 12) : config.groupSize) + (config.data.mcPivot ? 1 : 0);
      const pCorrect = rng.pick([0, 0, 0.2, 0.5, 0.9, 1]);
      const components: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, [] as number[]]));
      const rewards: number[] = [];
      for (let i = 0; i < n; i++) {
        const c = rng.next() < pCorrect ? 1 : 0;
        const f = rng.next() < 0.7 ? 1 : 0;
        const u = rng.next() < 0.3 ? 1 : 0;
        components.correct.push(c);
        components.format.push(f);
        components.uses_all.push(u);
        const noise = rng.int(1, 4) === 1 ? rng.normal() * 0.3 : 0; // continuous rewards too (KL in the reward)
        rewards.push(rng.int(1, 25) === 1 ? NaN : c + 0.1 * f + 0.5 * u + noise);
      }
      const experts = rng.int(1, 3);
      groups.push({
        rewards,
        components,
        weights,
        meanLogp: rewards.map(() => (rng.int(1, 10) === 1 ? NaN : -rng.next() * 3)),
        answers: rewards.map(() => rng.pick(['1', '2', '3', '12'])),
        subgroups: rng.int(1, 2) === 1 ? rewards.map((_, i) => i % experts) : undefined,
        pivot: config.data.mcPivot ? mcPivotIndex(rewards) : undefined,
      });
    }
    batches.push(groups);
  }
  return batches;
}

// Reads {code, cases} and returns, per case and batch, the advantages, zero-std flags and exclusions.
const PY = `
import json, math, sys
data = json.load(sys.stdin)
ns = {}
exec(compile(data["code"], "advantages.py", "exec"), ns)
nan = lambda xs: [float("nan") if x is None else x for x in xs]
out = []
for case in data["cases"]:
    res = []
    for batch in case["batches"]:
        groups = []
        for g in batch:
            g = dict(g)
            g["rewards"] = nan(g["rewards"])
            g["mean_logp"] = nan(g.pop("meanLogp"))
            groups.append(g)
        adv, zero, excl = ns["compute_advantages"](groups, case["cfg"])
        res.append({"adv": adv, "zero": zero, "excl": excl})
    out.append(res)
print(json.dumps(out))
`;

function toJson(groups: AdvantageGroup[]) {
  return groups.map((g) => ({ ...g, rewards: nanToNull(g.rewards), meanLogp: nanToNull(g.meanLogp ?? []) }));
}

describe('exported Python advantages equal computeAdvantages', () => {
  const rng = new Rng(20261130, 'scale-advantage-parity');
  const cases: Case[] = PRESETS.map((p) => {
    const config = parseConfig(presetConfig(p.name));
    return { name: p.name, cfg: config.advantage, batches: makeBatches(config, rng.fork(p.name)) };
  });
  // Knobs no preset turns on together, so every branch of the port is compared as well.
  const extra: Array<[string, Partial<AdvantageConfig>]> = [
    ['unlikeliness+agrae+seed', { unlikelinessBeta: 0.5, agrae: true, agraeAlpha: 0.7, seedAlpha: 0.8 }],
    ['batch-std population', { scale: 'batch-std', stdType: 'population', epsilon: 0 }],
    ['logavgexp tau 0.3 + shift', { baseline: 'logavgexp', tau: 0.3, baselineShift: 0.2 }],
    ['rs beta 20 mad', { baseline: 'rs-exp-utility', rsBeta: 20, scale: 'mad' }],
    ['ngrpo 3 virtual', { baseline: 'ngrpo-virtual-max', virtualCount: 3, virtualMaxReward: 1.6 }],
    ['pass@k analytic k 3', { passK: 'analytic', passKk: 3 }],
    ['pass@k best-only', { passK: 'best-only', scale: 'none' }],
    ['gdpo + whiten', { gdpo: true, globalWhiten: true }],
    ['none + whiten', { baseline: 'none', globalWhiten: true }],
  ];
  for (const [name, patch] of extra) {
    const config = parseConfig({ advantage: patch, data: { mcPivot: name.includes('mad') } });
    cases.push({ name, cfg: config.advantage, batches: makeBatches(config, rng.fork(name)) });
  }
  const py = runPython<Array<Array<{ adv: number[][]; zero: boolean[]; excl: boolean[][] }>>>(PY, {
    code: ADVANTAGES_PY,
    cases: cases.map((c) => ({ cfg: c.cfg, batches: c.batches.map(toJson) })),
  });

  it.each(cases.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    const c = cases[i];
    let groups = 0;
    let maxErr = 0;
    let nonZero = 0;
    c.batches.forEach((batch, b) => {
      const ts = computeAdvantages(batch, c.cfg);
      const p = py[i][b];
      expect(p.zero).toEqual(ts.zeroStd);
      expect(p.excl).toEqual(ts.excluded);
      ts.advantages.forEach((row, gi) => {
        row.forEach((a, k) => {
          maxErr = Math.max(maxErr, Math.abs(a - p.adv[gi][k]));
          if (Math.abs(a) > 1e-9) nonZero++;
        });
      });
      groups += batch.length;
    });
    expect(groups).toBeGreaterThanOrEqual(500);
    expect(nonZero).toBeGreaterThan(groups); // the comparison is not over zeros only
    expect(maxErr).toBeLessThanOrEqual(1e-6);
  });
});
