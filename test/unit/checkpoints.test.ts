// The shipped base policies: their manifest figures are reproduced, they leave room for RL, and RL uses that room.
import { beforeAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { useWasm } from '../helpers/tf';
import { CHECKPOINT_DIR, loadShippedCheckpoint, readManifest } from '../../src/cli/checkpoint-files';
import { TransformerPolicy } from '../../src/engine/policy/model';
import { MODEL_SIZES } from '../../src/engine/config';
import { measureBasePolicy } from '../../src/engine/rl/evaluate';
import { getTask, TASK_LIST } from '../../src/engine/tasks';
import { Trainer } from '../../src/engine/rl/trainer';
import { presetConfig } from '../../src/engine/rl/presets';

beforeAll(async () => {
  await useWasm();
});

const manifest = readManifest();

// Pairs without a base policy yet (docs/ux-notes.md, "Model sizes", says why); the size menus disable them. The
// issue asks for every pair: this list is what is missing, not what is fine.
const NOT_SHIPPED = ['reverse/small'];

describe('shipped checkpoints', () => {
  it('ship one base policy per task and model size, each under 2 MB (except the pairs listed as not shipped)', () => {
    for (const task of TASK_LIST) {
      for (const size of MODEL_SIZES) {
        const entry = manifest.checkpoints.find((c) => c.task === task.id && c.size === size);
        if (NOT_SHIPPED.includes(`${task.id}/${size}`)) {
          expect(entry, `${task.id}/${size} ships now: take it off NOT_SHIPPED`).toBeUndefined();
          continue;
        }
        expect(entry, `manifest entry for ${task.id}/${size}`).toBeDefined();
        expect(statSync(join(CHECKPOINT_DIR, entry!.file)).size).toBeLessThan(2 * 1024 * 1024);
        expect(loadShippedCheckpoint(task.id, size).spec.size).toBe(size);
      }
    }
  });

  it('leave room for RL: dense tasks 10-60% greedy pass@1, the sparse task under 10%, experts differ', () => {
    for (const e of manifest.checkpoints) {
      if (e.task === 'countdown') expect(e.pass1).toBeLessThan(0.1);
      else {
        expect(e.pass1).toBeGreaterThanOrEqual(0.1);
        expect(e.pass1).toBeLessThanOrEqual(0.6);
      }
      const accs = Object.values(e.perExpertPass1);
      expect(Math.max(...accs) - Math.min(...accs)).toBeGreaterThan(0.05);
    }
  });

  // Issue 9: on the sparse task the default (direct) expert is under 10% and another expert is at least 3x higher, and
  // the experts fail on different problems. Compared in solved-problem counts (exact, unlike 3 x a rounded rate).
  it('the sparse task has heterogeneous experts: one at least 3x the default one, solving problems the default one misses', () => {
    const e = manifest.checkpoints.find((c) => c.task === 'countdown' && c.size === 'tiny')!;
    const ids = getTask('countdown').experts.map((x) => x.id);
    const solved = (id: string) => Math.round(e.perExpertPass1[id] * e.evalProblems);
    const [first, ...others] = ids;
    expect(e.perExpertPass1[first]).toBeLessThan(0.1);
    const best = others.reduce((a, b) => (solved(b) > solved(a) ? b : a));
    expect(solved(best)).toBeGreaterThanOrEqual(3 * Math.max(solved(first), 1));
    // Problems the strong expert solves and the default one does not, from the Jaccard overlap J = |A n B| / |A u B|:
    // |A n B| = J (|A| + |B|) / (1 + J).
    const j = e.solvedOverlap[`${first}|${best}`];
    const both = Math.round((j * (solved(first) + solved(best))) / (1 + j));
    expect(solved(best) - both).toBeGreaterThanOrEqual(2 * Math.max(solved(first), 1));
    // No two experts solve the same set of problems.
    for (const v of Object.values(e.solvedOverlap)) expect(v).toBeLessThan(1);
  });

  // Entries with a spot check repeat it exactly on its few problems, which keeps npm test short. The tiny policies
  // (the app's default size, and the ones the lessons' evidence rests on) and entries without a spot check are also
  // re-evaluated on all of the manifest's problems, per expert (issue 9).
  for (const entry of manifest.checkpoints.filter((e) => e.spotCheck)) {
    it(`${entry.task}/${entry.size}: the spot check on ${entry.spotCheck!.problems} problems is reproduced exactly`, async () => {
      const { problems, ...expected } = entry.spotCheck!;
      const ck = loadShippedCheckpoint(entry.task, entry.size);
      const policy = new TransformerPolicy(ck.spec, ck.values);
      const got = await measureBasePolicy(policy, getTask(entry.task), entry.difficulty, problems);
      policy.dispose();
      expect(got).toEqual(expected);
    });
  }

  for (const entry of manifest.checkpoints.filter((e) => !e.spotCheck || e.size === 'tiny')) {
    it(`${entry.task}/${entry.size}: re-evaluation reproduces the manifest within 3 points`, async () => {
      const ck = loadShippedCheckpoint(entry.task, entry.size);
      const policy = new TransformerPolicy(ck.spec, ck.values);
      const got = await measureBasePolicy(policy, getTask(entry.task), entry.difficulty, entry.evalProblems);
      policy.dispose();
      expect(Math.abs(got.pass1 - entry.pass1)).toBeLessThanOrEqual(0.03);
      expect(Math.abs(got.pass8 - entry.pass8)).toBeLessThanOrEqual(0.03);
      for (const [id, acc] of Object.entries(entry.perExpertPass1))
        expect(Math.abs(got.perExpertPass1[id] - acc)).toBeLessThanOrEqual(0.03);
      expect(Math.abs(got.bestExpertPass1 - entry.bestExpertPass1)).toBeLessThanOrEqual(0.03);
      for (const [pair, v] of Object.entries(entry.solvedOverlap)) expect(Math.abs(got.solvedOverlap[pair] - v)).toBeLessThanOrEqual(0.05);
    });
  }
});

describe('learning', () => {
  it('a short GRPO run from the shipped addition policy raises greedy eval accuracy by at least 15 points', async () => {
    const trainer = new Trainer({
      config: presetConfig('grpo', { task: 'add', prompts: 16, groupSize: 8, evalEvery: 0, evalSize: 200, seed: 1 }),
      initialWeights: loadShippedCheckpoint('add', 'tiny').values,
      earlyStopEvery: 4,
    });
    const before = (await trainer.evaluate())['eval/pass@1'];
    for (let s = 0; s < 40; s++) await trainer.trainStep();
    const after = (await trainer.evaluate())['eval/pass@1'];
    trainer.dispose();
    console.log(`GRPO on add: greedy pass@1 ${(before * 100).toFixed(1)}% -> ${(after * 100).toFixed(1)}%`);
    expect(after - before).toBeGreaterThanOrEqual(0.15);
  });
});
