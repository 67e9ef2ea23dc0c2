// SRPO (arXiv:2604.02288; no public code): the routing and the entropy-aware weights as written in
// src/engine/rl/srpo.ts (the distillation term itself is fixture-tested against TRL's SDPO in methods.fixtures),
// then one short run of the preset.
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../helpers/tf';
import { shippedWeights } from '../helpers/checkpoints';
import { srpoTokenAdvantages, teacherPromptText } from '../../src/engine/rl/srpo';
import { parseConfig } from '../../src/engine/config';
import { presetConfig } from '../../src/engine/rl/presets';
import { Trainer } from '../../src/engine/rl/trainer';
import { getTask } from '../../src/engine/tasks';
import { methodCharts } from '../../src/ui/charts/methodCharts';
import type { Rollout } from '../../src/engine/rl/rollouts';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

// Three rows of width 3: row 0 right (A = 1.5), rows 1 and 2 failed (routed); row 2 has 2 active tokens.
const base = {
  advantages: Float32Array.from([1.5, -0.5, -1]),
  rows: [1, 2],
  studentLogp: Float32Array.from([-0.1, -0.2, -0.3, -1, -2, -0.5, -0.4, -3, 0]),
  mask: Float32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0]),
  width: 3,
  teacher: {
    logp: [
      [-0.5, -1, -0.5],
      [-0.1, -1],
    ],
    entropy: [
      [0, 1, 2],
      [0.5, 0.5],
    ],
  },
  coef: 2,
};

describe('SRPO routing and entropy-aware weights (formulas as read; UNVERIFIED details in docs/algorithms/srpo.md)', () => {
  it('right rows keep their GRPO advantage on every token; failed rows get lambda (log t - log s)', () => {
    const r = srpoTokenAdvantages({ ...base, entropyWeighting: false });
    expect(Array.from(r.tokenAdvantages.subarray(0, 3))).toEqual([1.5, 1.5, 1.5]);
    const expected = [2 * (-0.5 + 1), 2 * (-1 + 2), 2 * (-0.5 + 0.5), 2 * (-0.1 + 0.4), 2 * (-1 + 3), 0];
    Array.from(r.tokenAdvantages.subarray(3)).forEach((a, k) => expect(a).toBeCloseTo(expected[k], 6));
    expect(r.rowMeans[0]).toBeCloseTo((1 + 2 + 0) / 3, 6);
    expect(r.rowMeans[1]).toBeCloseTo((0.6 + 4) / 2, 6);
    expect(r.meanWeight).toBe(1);
    expect(r.teacherGain).toBeCloseTo((0.5 + 1 + 0 + 0.3 + 2) / 5, 6);
  });

  it('entropy weights are exp(-H) over their mean: confident teacher tokens count more, the mean weight is 1', () => {
    const r = srpoTokenAdvantages({ ...base, entropyWeighting: true });
    const conf = [0, 1, 2, 0.5, 0.5].map((h) => Math.exp(-h));
    const mean = conf.reduce((a, b) => a + b, 0) / conf.length;
    const gains = [0.5, 1, 0, 0.3, 2];
    [3, 4, 5, 6, 7].forEach((k, j) => expect(r.tokenAdvantages[k]).toBeCloseTo((2 * gains[j] * conf[j]) / mean, 5));
    expect(r.meanWeight).toBeCloseTo(1, 6);
    expect(r.teacherEntropy).toBeCloseTo(4 / 5, 6);
  });

  it('the teacher sees the task’s fullest hint before the question, with the rollout’s own prefix', () => {
    const task = getTask('add');
    const problem = task.sample(new Rng(4, 'srpo'), task.difficulty.default);
    const r = { prefix: 'P:', problem } as unknown as Rollout;
    expect(teacherPromptText(r, task)).toBe(`P:${task.hint(problem, task.hintLevels)}${problem.question}`);
  });

  it('the srpo preset routes failed rollouts, logs its metrics and shows its chart', async () => {
    const cfg = presetConfig('srpo', { task: 'add', prompts: 2, groupSize: 4, evalEvery: 0 });
    const t = new Trainer({ config: cfg, initialWeights: shippedWeights('add'), earlyStopEvery: 4 });
    const seen: Record<string, number>[] = [];
    for (let k = 0; k < 3; k++) seen.push((await t.trainStep()).metrics);
    t.dispose();
    for (const m of seen) {
      expect(m['srpo/distill_frac']).toBeGreaterThanOrEqual(0);
      expect(m['srpo/distill_frac']).toBeLessThanOrEqual(1);
    }
    expect(seen.some((m) => m['srpo/distill_frac'] > 0)).toBe(true);
    expect(methodCharts(parseConfig(cfg)).map((c) => c.id)).toEqual(['srpo']);
  });
});
