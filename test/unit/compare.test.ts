// Paired runs: same seed, lockstep steps, common random numbers. Small config on the shipped add checkpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm, withoutWallClock } from '../helpers/tf';
import { shippedWeights } from '../helpers/checkpoints';
import { crnReport, PairedRun, pairedDeltas } from '../../src/engine/compare';
import { parseConfig, type RunConfigInput } from '../../src/engine/config';
import type { StepReport } from '../../src/engine/rl/types';

beforeAll(async () => {
  await useWasm();
});

const BASE: RunConfigInput = {
  task: 'add',
  modelSize: 'tiny',
  init: 'checkpoint',
  prompts: 2,
  groupSize: 4,
  evalEvery: 0,
  lr: 3e-4,
  seed: 5,
};
const STEPS = 5;

const trainedIds = (r: StepReport) => r.groups.filter((g) => !g.filtered).map((g) => `${g.problemId}|${g.question}`);
const completions = (r: StepReport) => r.groups.map((g) => g.rollouts.map((x) => x.completion));

describe('PairedRun', () => {
  const weights = shippedWeights('add');
  let run: PairedRun;
  const steps: Awaited<ReturnType<PairedRun['step']>>[] = [];

  beforeAll(async () => {
    run = new PairedRun({
      base: BASE,
      variants: [
        { name: 'mean', patch: { advantage: { baseline: 'mean' } } },
        { name: 'median', patch: { advantage: { baseline: 'median' } } },
        {
          name: 'dr-grpo',
          patch: { advantage: { scale: 'none' }, objective: { aggregation: 'constant', epsHigh: 0.28 }, temperature: 0.8 },
        },
      ],
      initialWeights: weights,
      earlyStopEvery: 4,
    });
    for (let s = 0; s < STEPS; s++) steps.push(await run.step());
  });
  afterAll(() => run?.dispose());

  it('sees identical prompts at every step, from the reports and from promptsAt', () => {
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5]);
    for (const s of steps) {
      expect(s.reports).toHaveLength(3);
      const ids = s.reports.map(trainedIds);
      expect(ids[0]).toHaveLength(BASE.prompts!); // every group is in the report
      expect(ids[1]).toEqual(ids[0]);
      expect(ids[2]).toEqual(ids[0]);
      expect(s.samePrompts).toBe(true);
      const ev = run.promptsAt(s.step)!;
      expect(ev.map((e) => e.name)).toEqual(['mean', 'median', 'dr-grpo']);
      expect(ev[2].problems.map((p) => `${p.problemId}|${p.question}`)).toEqual(ids[0]);
    }
    expect(new Set(steps.map((s) => trainedIds(s.reports[0]).join()))).toHaveProperty('size', STEPS); // prompts change per step
    expect(run.promptsAt(99)).toBeUndefined();
  });

  it('variants differing only in the baseline share step-1 completions (CRN) and diverge after', () => {
    const [s1] = steps;
    expect(completions(s1.reports[1])).toEqual(completions(s1.reports[0]));
    expect(s1.reports[1].metrics.reward).toBe(s1.reports[0].metrics.reward);
    expect(s1.diffs[0].deltas.reward).toBe(0);
    const later = steps
      .slice(1)
      .some((s) => JSON.stringify(withoutWallClock(s.reports[0].metrics)) !== JSON.stringify(withoutWallClock(s.reports[1].metrics)));
    expect(later).toBe(true);
    // The weights themselves diverged: entropy (a function of the policy) differs at some later step.
    expect(steps.slice(1).some((s) => s.diffs[0].deltas.entropy !== 0)).toBe(true);
    expect(run.crn[0]).toMatchObject({ name: 'median', samePrompts: true, sameUniforms: true, sameStep1Rollouts: true, notes: [] });
    // A different temperature keeps the prompts and uniforms but not the tokens.
    expect(run.crn[1]).toMatchObject({ samePrompts: true, sameUniforms: true, sameStep1Rollouts: false });
  });

  it('reports paired differences against variant 0', () => {
    for (const s of steps) {
      expect(s.diffs.map((d) => d.name)).toEqual(['median', 'dr-grpo']);
      const d = s.diffs[1].deltas;
      expect(d.entropy).toBeCloseTo(s.reports[2].metrics.entropy - s.reports[0].metrics.entropy, 12);
      expect('eval/pass@1' in d).toBe(false); // not logged (evalEvery 0)
    }
  });

  it('refuses a different seed or task, or a wrong variant count, without leaking tensors', () => {
    const before = tf.memory().numTensors;
    expect(() => new PairedRun({ base: BASE, variants: [{ patch: {} }, { patch: { seed: 6 } }], initialWeights: weights })).toThrow(/seed/);
    expect(() => new PairedRun({ base: BASE, variants: [{ patch: {} }, { patch: { task: 'sort' } }], initialWeights: weights })).toThrow(
      /task/,
    );
    expect(() => new PairedRun({ base: BASE, variants: [{ patch: {} }], initialWeights: weights })).toThrow(/2 to 4/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('crnReport', () => {
  const cfg = (p: RunConfigInput) => parseConfig({ ...BASE, ...p });
  it('says what breaks common random numbers', () => {
    const [mc, ds, b] = crnReport([
      cfg({}),
      cfg({ data: { mcPivot: true } }),
      cfg({ data: { dynamicSampling: true } }),
      cfg({ prompts: 3 }),
    ]);
    expect(mc).toMatchObject({ samePrompts: true, sameUniforms: false, sameStep1Rollouts: false });
    expect(mc.notes.join()).toMatch(/5 vs 4 rollouts per group \(MC-GRPO samples G\+1\)/);
    expect(ds).toMatchObject({ samePrompts: true, sameUniforms: true });
    expect(ds.notes.join()).toMatch(/dynamic sampling/);
    expect(b).toMatchObject({ samePrompts: false, sameUniforms: false });
    expect(b.notes.join()).toMatch(/only the first 2 prompts/);
    const [experts] = crnReport([cfg({}), cfg({ experts: { enabled: true, allocation: 'per-expert' } })]);
    expect(experts.sameUniforms).toBe(false);
  });

  it('pairedDeltas skips metrics missing or non-finite on either side', () => {
    expect(pairedDeltas({ a: 1, b: NaN, c: 2 }, { a: 3, b: 1, d: 4 }, ['a', 'b', 'c', 'd'])).toEqual({ a: 2 });
  });
});

describe('PairedRun extras', () => {
  it('compares every trained prompt (not just the snapshot) and steps a replaced trainer', async () => {
    const { PairedRun: PR } = await import('../../src/engine/compare');
    const { Trainer: T } = await import('../../src/engine/rl/trainer');
    const base = {
      task: 'add' as const,
      modelSize: 'nano' as const,
      init: 'random' as const,
      prompts: 6,
      groupSize: 2,
      evalEvery: 0,
      seed: 4,
    };
    const run = new PR({ base, variants: [{ patch: {} }, { patch: { advantage: { baseline: 'median' as const } } }], snapshotGroups: 2 });
    const first = await run.step();
    expect(first.reports[0].groups).toHaveLength(2);
    expect(first.reports[0].problemIds).toHaveLength(6);
    expect(first.samePrompts).toBe(true);
    const state = await run.trainers[1].exportState();
    const rebuilt = new T({ config: run.configs[1], state });
    run.replaceTrainer(1, rebuilt);
    expect(run.trainers[1]).toBe(rebuilt);
    const second = await run.step();
    expect(second.step).toBe(2);
    expect(second.reports[1].step).toBe(2);
    expect(second.samePrompts).toBe(true);
    const phases: Array<[number, string]> = [];
    await run.step({ onPhase: (v, e) => void phases.push([v, e.phase]) });
    expect(phases.filter(([v]) => v === 0).map(([, p]) => p)).toEqual(['sample', 'score', 'filter', 'advantage', 'update']);
    expect(phases.filter(([v]) => v === 1)).toHaveLength(5);
    run.dispose();
  });

  it('does not blame prompt text when only the rollout count differs', async () => {
    const { crnReport } = await import('../../src/engine/compare');
    const { parseConfig } = await import('../../src/engine/config');
    const a = parseConfig({ task: 'add', groupSize: 2 });
    const b = parseConfig({ task: 'add', groupSize: 3 });
    const [pair] = crnReport([a, b]);
    expect(pair.notes.join(' ')).not.toMatch(/different prompt text/);
    expect(pair.sameUniforms).toBe(false);
  });
});
