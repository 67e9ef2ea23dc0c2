// DaGRPO's off-policy anchors (arXiv:2512.06337; no public code, the loss form read nowhere, so these test the
// playground's reading in src/engine/rl/anchors.ts and step/anchor-terms.ts): a prompt whose group is all wrong gets
// its demonstration as an NLL term of weight objective.anchorLambda; lambda 0 builds nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../helpers/tf';
import { anchorItems, isHardGroup } from '../../src/engine/rl/anchors';
import { anchorMetrics, anchorTerms } from '../../src/engine/rl/step/anchor-terms';
import { activeExperts } from '../../src/engine/rl/experts';
import { parseConfig } from '../../src/engine/config';
import { presetConfig } from '../../src/engine/rl/presets';
import { Trainer } from '../../src/engine/rl/trainer';
import { getTask } from '../../src/engine/tasks';
import { decode, encode } from '../../src/engine/policy/tokenizer';
import { Rng } from '../../src/engine/rng';
import { methodCharts } from '../../src/ui/charts/methodCharts';
import type { Group, Rollout } from '../../src/engine/step-data';

beforeAll(async () => {
  await useWasm();
});

const task = getTask('add');

/** A group of the given correctness pattern on a seeded problem (only the fields the anchors read are meaningful). */
function group(seed: number, correct: number[], expertIndex = 0): Group {
  const problem = task.sample(new Rng(seed, 'anchors-test'), 2);
  const rollouts = correct.map(
    (c, i) => ({ group: 0, problem, expertIndex, hintLevel: i === 0 ? 1 : 0, components: { correct: c } }) as unknown as Rollout,
  );
  return { problem, rollouts };
}

describe('DaGRPO anchors (reading UNVERIFIED: docs/algorithms/dagrpo.md)', () => {
  const cfg = parseConfig({ task: 'add', objective: { anchorLambda: 0.3 } });
  const experts = activeExperts(task, cfg);

  it('a group is hard exactly when no rollout is right', () => {
    expect(isHardGroup(group(1, [0, 0, 0, 0]))).toBe(true);
    expect(isHardGroup(group(1, [0, 0, 1, 0]))).toBe(false);
    expect(isHardGroup(group(1, [1, 1, 1, 1]))).toBe(false);
    expect(isHardGroup({ problem: group(1, [0]).problem, rollouts: [] })).toBe(false);
  });

  it('no anchor when no group is all wrong', () => {
    const groups = [group(1, [1, 0, 0, 0]), group(2, [1, 1, 1, 1]), group(3, [0, 1, 0, 1])];
    expect(anchorItems(groups, experts, task)).toEqual([]);
    expect(anchorTerms(cfg, task, groups, experts)).toEqual([]);
  });

  it('the anchor of a hard prompt is that prompt (no hint) and its demonstration, a right answer', () => {
    const groups = [group(4, [1, 0, 0, 0]), group(5, [0, 0, 0, 0]), group(6, [0, 0, 0, 0])];
    const items = anchorItems(groups, experts, task);
    expect(items.length).toBe(2);
    items.forEach((item, k) => {
      const g = groups[k + 1];
      const demo = task.demonstrate(g.problem, experts[0].taskExpertId);
      expect(item.promptIds).toEqual(encode(experts[0].prefix + g.problem.question));
      expect(item.completionIds).toEqual(encode(demo));
      expect(task.score(g.problem, decode(item.completionIds)).correct).toBe(1);
    });
    const [term] = anchorTerms(cfg, task, groups, experts);
    expect(term.name).toBe('anchor');
    expect(term.weight).toBe(0.3);
    expect(term.batch.n).toBe(2);
  });

  it('the anchor follows the expert style its group was sampled with', () => {
    const multi = parseConfig({ task: 'add', experts: { enabled: true } });
    const all = activeExperts(task, multi);
    expect(all.length).toBeGreaterThan(1);
    const g = group(7, [0, 0], 1);
    const [item] = anchorItems([g], all, task);
    expect(item.promptIds).toEqual(encode(all[1].prefix + g.problem.question));
    expect(item.completionIds).toEqual(encode(task.demonstrate(g.problem, all[1].taskExpertId)));
  });

  it('lambda 0 builds no term and logs no anchor metric, even with a hard group', () => {
    const off = parseConfig({ task: 'add' });
    expect(off.objective.anchorLambda).toBe(0);
    expect(anchorTerms(off, task, [group(8, [0, 0, 0, 0])], experts)).toEqual([]);
    expect(anchorMetrics(off, [], null)).toEqual({});
  });

  it('random init (every group wrong): the same rollouts; lambda 0 logs no anchor, lambda 0.5 trains one per prompt and moves the weights', async () => {
    const base = { task: 'add', init: 'random', prompts: 2, groupSize: 4, evalEvery: 0, seed: 11 } as const;
    const runs = [0, 0.5].map(
      (anchorLambda) => new Trainer({ config: { ...base, objective: { anchorLambda } }, earlyStopEvery: 4, now: () => 0 }),
    );
    const off = await runs[0].trainStep();
    const on = await runs[1].trainStep();
    // Same weights before the step, so the same rollouts; all wrong, so zero advantages: only the anchor moves weights.
    expect(on.groups.map((g) => g.rollouts.map((r) => r.completion))).toEqual(off.groups.map((g) => g.rollouts.map((r) => r.completion)));
    expect(Object.keys(off.metrics).filter((k) => k.startsWith('anchor/'))).toEqual([]);
    expect(on.metrics['anchor/count']).toBe(2);
    expect(on.metrics['anchor/loss']).toBeGreaterThan(0);
    expect(Number.isFinite(on.metrics['anchor/loss'])).toBe(true);
    expect(on.metrics.aux_loss).toBeCloseTo(0.5 * on.metrics['anchor/loss'], 4);
    const wOff = await runs[0].policy.readValues();
    const wOn = await runs[1].policy.readValues();
    const moved = (w: Map<string, Float32Array>, ref: Map<string, Float32Array>) =>
      [...w].some(([k, v]) => v.some((x, i) => x !== ref.get(k)![i]));
    const fresh = new Trainer({ config: base });
    const init = await fresh.policy.readValues();
    fresh.dispose();
    expect(moved(wOn, wOff)).toBe(true);
    expect(moved(wOn, init)).toBe(true);
    runs.forEach((t) => t.dispose());
  });

  it('the dagrpo preset turns anchors on and logs them with their chart', async () => {
    const cfg = presetConfig('dagrpo', { task: 'add', init: 'random', prompts: 2, groupSize: 4, evalEvery: 0 });
    expect(parseConfig(cfg).objective.anchorLambda).toBeGreaterThan(0);
    const t = new Trainer({ config: cfg, earlyStopEvery: 4 });
    const m = (await t.trainStep()).metrics;
    t.dispose();
    expect(m['anchor/count']).toBe(2); // random init: every group wrong
    expect(Number.isFinite(m['anchor/loss'])).toBe(true);
    expect(methodCharts(parseConfig(cfg)).map((c) => c.id)).toContain('anchor');
  });
});
