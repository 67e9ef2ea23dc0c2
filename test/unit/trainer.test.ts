// Trainer-level properties: no tensor leak, live config changes, and the mechanisms the variants rely on.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm, withoutWallClock } from '../helpers/tf';
import { shippedWeights } from '../helpers/checkpoints';
import { Trainer } from '../../src/engine/rl/trainer';
import { phaseText } from '../../src/share/phase-text';
import { presetConfig } from '../../src/engine/rl/presets';
import type { RunConfigInput } from '../../src/engine/config';

beforeAll(async () => {
  await useWasm();
});

// A small oracle (K 4 on 2 probes) keeps its path in every test here (the leak check included) at little cost.
const SMALL: RunConfigInput = {
  task: 'add',
  modelSize: 'nano',
  init: 'random',
  prompts: 2,
  groupSize: 4,
  evalEvery: 5,
  evalSize: 4,
  oracleSamples: 4,
  oracleProbes: 2,
};

describe('Trainer', () => {
  it('does not leak tensors: numTensors after step 5 equals numTensors after step 50, with every optional path on', async () => {
    const trainer = new Trainer({
      initialWeights: shippedWeights('add'),
      config: {
        ...SMALL,
        modelSize: 'tiny',
        init: 'checkpoint',
        objective: { klCoef: 0.05 },
        experts: { enabled: true, mutualLambda: 0.1, sftLambda: 0.1, sftBufferSize: 2, sftWrongThreshold: 0 },
        data: { scafHints: true, scafWarmup: 0, dynamicSampling: true, maxGenBatches: 2 },
        innerEpochs: 2,
        minibatches: 2,
      },
      earlyStopEvery: 4,
    });
    let at5 = -1;
    let updates = 0;
    for (let s = 1; s <= 50; s++) {
      const r = await trainer.trainStep();
      if (r.metrics.grad_norm > 0) updates++;
      if (s === 5) at5 = tf.memory().numTensors;
    }
    expect(at5).toBeGreaterThan(0);
    expect(updates).toBeGreaterThan(10); // the update path really ran
    expect(tf.memory().numTensors).toBe(at5);
    trainer.dispose();
  });

  it('dispose() frees every tensor the trainer made', async () => {
    const before = tf.memory().numTensors;
    const t = new Trainer({ config: { ...SMALL, objective: { klCoef: 0.1 } } });
    await t.trainStep();
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resets to the same numbers: two trainers with one seed agree step for step', async () => {
    const a = new Trainer({ config: { ...SMALL, seed: 3 } });
    const b = new Trainer({ config: { ...SMALL, seed: 3 } });
    for (let s = 0; s < 3; s++) {
      const [ra, rb] = [await a.trainStep(), await b.trainStep()];
      expect(withoutWallClock(ra.metrics)).toEqual(withoutWallClock(rb.metrics));
      expect(ra.groups).toEqual(rb.groups);
    }
    a.dispose();
    b.dispose();
  });

  it('applies live knobs at the next step and refuses knobs that need a reset', async () => {
    const t = new Trainer({ config: SMALL });
    expect(t.updateConfig({ lr: 1e-3, advantage: { baseline: 'median' } })).toEqual({ applied: true, needsReset: [] });
    expect(t.config.advantage.baseline).toBe('median');
    expect(t.updateConfig({ task: 'sort' })).toEqual({ applied: false, needsReset: ['task'] });
    expect(t.config.task).toBe('add');
    expect(() => t.updateConfig({ groupSize: -1 })).toThrow(/groupSize/);
    expect(() => t.updateConfig({ experts: { enabled: true, list: [{ id: 'x', prefix: 'A!', enabled: true }] } })).toThrow(/characters/);
    t.dispose();
  });

  it('rejects a checkpoint init without weights, with a readable message', () => {
    expect(() => new Trainer({ config: { ...SMALL, init: 'checkpoint' } })).toThrow(/no add\/nano checkpoint/);
  });
});

describe('data-side mechanisms (from the shipped addition policy)', () => {
  const weights = () => shippedWeights('add');

  it('DAPO dynamic sampling trains only on groups with reward variance when enough candidates exist', async () => {
    const t = new Trainer({
      config: presetConfig('dapo', { task: 'add', prompts: 4, groupSize: 4, evalEvery: 0, data: { maxGenBatches: 8 } }),
      initialWeights: weights(),
    });
    let filtered = 0;
    for (let s = 0; s < 4; s++) {
      const r = await t.trainStep();
      filtered += r.metrics.groups_filtered;
      if (r.metrics.gen_batches_used < 8) expect(r.metrics.frac_reward_zero_std).toBe(0);
      for (const g of r.groups.filter((x) => !x.filtered)) {
        const totals = g.rollouts.map((x) => x.total);
        expect(Math.max(...totals) - Math.min(...totals)).toBeGreaterThan(0);
      }
    }
    expect(filtered).toBeGreaterThan(0); // the filter really had something to drop
    t.dispose();
  });

  it('MC-GRPO samples G+1 and excludes exactly one pivot per group, with advantage 0', async () => {
    const t = new Trainer({
      config: presetConfig('mc-grpo', { task: 'add', prompts: 3, groupSize: 4, evalEvery: 0 }),
      initialWeights: weights(),
    });
    const r = await t.trainStep();
    for (const g of r.groups) {
      expect(g.rollouts).toHaveLength(5);
      const pivots = g.rollouts.filter((x) => x.excluded);
      expect(pivots).toHaveLength(1);
      expect(pivots[0].advantage).toBe(0);
    }
    expect(r.metrics.pivots_excluded).toBe(3);
    t.dispose();
  });

  it('Scaf-GRPO: a hinted success replaces exactly one failed rollout and carries its hint', async () => {
    const t = new Trainer({
      config: presetConfig('scaf-grpo', { task: 'add', prompts: 8, groupSize: 4, evalEvery: 0, data: { scafWarmup: 0 } }),
      initialWeights: weights(),
      snapshotGroups: 6,
    });
    let rescued = 0;
    for (let s = 0; s < 6 && rescued === 0; s++) {
      const r = await t.trainStep();
      for (const g of r.groups) {
        const hinted = g.rollouts.filter((x) => x.hintLevel > 0);
        if (hinted.length === 0) continue;
        expect(hinted).toHaveLength(1);
        expect(hinted[0].rewards.correct).toBe(1);
        expect(hinted[0].prompt).toContain(';'); // the hint block ends in ';' and sits in the trained prompt
        expect(hinted[0].prompt.length).toBeGreaterThan(g.rollouts.find((x) => x.hintLevel === 0)!.prompt.length);
        expect(g.rollouts.filter((x) => x.hintLevel === 0).every((x) => x.rewards.correct === 0)).toBe(true);
        rescued++;
      }
      if (rescued) expect(r.metrics.hint_used_frac).toBeGreaterThan(0);
    }
    expect(rescued).toBeGreaterThan(0);
    t.dispose();
  });
});

describe('state export and step-through', () => {
  it('a trainer rebuilt from exportState() continues exactly where the first left off', async () => {
    const cfg: RunConfigInput = { ...SMALL, seed: 5, objective: { klCoef: 0.05 } };
    const a = new Trainer({ config: cfg });
    for (let s = 0; s < 3; s++) await a.trainStep();
    const state = await a.exportState();
    const b = new Trainer({ config: cfg, state });
    expect(b.step).toBe(3);
    const [ra, rb] = [await a.trainStep(), await b.trainStep()];
    expect(rb.step).toBe(4);
    expect(withoutWallClock(rb.metrics)).toEqual(withoutWallClock(ra.metrics));
    a.dispose();
    b.dispose();
  });

  it('reports the five phases of one update in order, with advantages only from the advantage phase on', async () => {
    const t = new Trainer({ config: { ...SMALL, init: 'checkpoint', modelSize: 'tiny' }, initialWeights: shippedWeights('add') });
    const phases: string[] = [];
    const report = await t.trainStep({
      onPhase: async (e) => {
        phases.push(e.phase);
        expect(phaseText(e.phase, e.values)).not.toMatch(/undefined|NaN/);
        expect(e.groups.length).toBeGreaterThan(0);
        const advs = e.groups.flatMap((g) => g.rollouts.map((r) => r.advantage));
        if (e.phase === 'sample' || e.phase === 'score' || e.phase === 'filter') expect(advs.every((a) => a === 0)).toBe(true);
        await new Promise((r) => setTimeout(r, 1)); // the caller may pause between phases
      },
    });
    expect(phases).toEqual(['sample', 'score', 'filter', 'advantage', 'update']);
    expect(report.step).toBe(1);
    t.dispose();
  });
});
