// Prompt-GDRO (arXiv:2601.19280; no public code): the bin classifier, the debiased bin scores, the exp-weights bin
// distribution and the sampler, against the formulas written in src/engine/rl/gdro.ts; then one short run.
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../helpers/tf';
import { shippedWeights } from '../helpers/checkpoints';
import { PromptGdroSampler, binWeights, passBin } from '../../src/engine/rl/gdro';
import { parseConfig, validateConfig } from '../../src/engine/config';
import { presetConfig } from '../../src/engine/rl/presets';
import { Trainer } from '../../src/engine/rl/trainer';
import { methodCharts } from '../../src/ui/charts/methodCharts';
import { Rng } from '../../src/engine/rng';
import type { Problem } from '../../src/engine/tasks/types';

beforeAll(async () => {
  await useWasm();
});

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const pool: Problem[] = Array.from({ length: 8 }, (_, i) => ({ id: `p${i}`, question: `q${i}`, answer: '0', data: {} }));
const opts = { bins: 4, eta: 2, emaBeta: 0.9, window: 2, floor: 0 };

describe('Prompt-GDRO (formulas as read from the paper’s summaries; UNVERIFIED details in docs/algorithms/gdro.md)', () => {
  it('equal-width pass@k bins, pass@k 1 in the last bin', () => {
    expect([0, 0.24, 0.25, 0.5, 0.99, 1].map((p) => passBin(p, 4))).toEqual([0, 0, 1, 2, 3, 3]);
  });

  it('bin weights: exp(eta * score) normalised over non-empty bins, mixed with a uniform floor', () => {
    const q = binWeights([0.2, 0.9, 0.5, 0.1], [true, true, false, true], 1, 0);
    expect(q[2]).toBe(0);
    expect(sum(q)).toBeCloseTo(1, 12);
    const z = Math.exp(0.2) + Math.exp(0.9) + Math.exp(0.1);
    expect(q[1]).toBeCloseTo(Math.exp(0.9) / z, 12);
    // eta 0: uniform over the non-empty bins; floor 1: uniform whatever the scores.
    expect(binWeights([0.2, 0.9, 0.5, 0.1], [true, true, false, true], 0, 0)).toEqual([1 / 3, 1 / 3, 0, 1 / 3]);
    binWeights([0, 5, 0, 0], [true, true, true, true], 10, 1).forEach((x) => expect(x).toBeCloseTo(0.25, 12));
  });

  it('the debiased EMA of a bin updated once is its error rate; unseen prompts sit at pass@k 0.5', () => {
    const s = new PromptGdroSampler(pool, opts);
    expect(s.binOf(0)).toBe(2);
    // p0 and p1 were in bin 2 when drawn: 6 of their 8 rollouts wrong.
    s.observe([
      { problemId: 'p0', correct: [false, false, false, false] },
      { problemId: 'p1', correct: [true, true, false, false] },
    ]);
    expect(s.scores()[2]).toBeCloseTo(6 / 8, 12);
    expect(s.scores()[0]).toBe(0.5); // never updated
    // Then pass@k moves: p0 (no right rollout) to bin 0, p1 (one right) to bin 3.
    expect([s.binOf(0), s.binOf(1)]).toEqual([0, 3]);
    // A second update of bin 2 with error 0: EMA 0.9*0.075 + 0 = 0.0675, debiased by 1 - 0.81.
    s.observe([{ problemId: 'p2', correct: [true, true] }]);
    expect(s.scores()[2]).toBeCloseTo((0.9 * 0.1 * 0.75) / (1 - 0.81), 12);
  });

  it('the window keeps the last H any-of-k outcomes', () => {
    const s = new PromptGdroSampler(pool, opts);
    s.observe([{ problemId: 'p3', correct: [false] }]);
    s.observe([{ problemId: 'p3', correct: [true] }]);
    expect(s.passAtK(3)).toBe(0.5);
    s.observe([{ problemId: 'p3', correct: [true] }]);
    expect(s.passAtK(3)).toBe(1); // the first (false) fell out of the window of 2
  });

  it('draws follow q: with a hard bin scored high, a large eta and no floor, every draw comes from it', () => {
    const s = new PromptGdroSampler(pool, { ...opts, eta: 50 });
    // p0, p1 all wrong (bin 0 after), the rest all right (bin 3 after); bin 2 scores the mix.
    s.observe(pool.map((p, i) => ({ problemId: p.id, correct: i < 2 ? [false, false] : [true, true] })));
    // Only bins 0 and 3 are occupied now; both unscored so far (0.5 each): q is uniform over them.
    expect(s.weights()).toEqual([0.5, 0, 0, 0.5]);
    s.observe([
      { problemId: 'p0', correct: [false, false] },
      { problemId: 'p5', correct: [true, true] },
    ]);
    const q = s.weights();
    expect(q[0]).toBeGreaterThan(0.999);
    const drawn = s.draw(20, new Rng(1, 'gdro')).map((p) => p.id);
    expect(new Set(drawn)).toEqual(new Set(['p0', 'p1']));
  });

  it('the gdro preset trains on pool prompts, logs bin weights that sum to 1 and shows their chart', async () => {
    const cfg = presetConfig('gdro', { task: 'add', prompts: 2, groupSize: 4, evalEvery: 0, data: { gdroPoolSize: 8 } });
    const t = new Trainer({ config: cfg, initialWeights: shippedWeights('add'), earlyStopEvery: 4 });
    let m: Record<string, number> = {};
    for (let k = 0; k < 3; k++) m = (await t.trainStep()).metrics;
    t.dispose();
    const q = [0, 1, 2, 3].map((b) => m[`gdro/q/${b}`]);
    expect(sum(q)).toBeCloseTo(1, 9);
    expect(sum([0, 1, 2, 3].map((b) => m[`gdro/pool/${b}`]))).toBeCloseTo(1, 9);
    expect(methodCharts(parseConfig(cfg)).map((c) => c.id)).toEqual(['gdro-4']);
    expect(validateConfig({ data: { gdro: true, vas: true } }).errors).toEqual([
      'data: vas and gdro each choose the prompts; turn on only one',
    ]);
  });
});
