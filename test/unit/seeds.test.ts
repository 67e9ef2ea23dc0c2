// Multi-seed paired comparisons: every variant on every seed, intervals from the one stats module, and common random
// numbers (two identical variants differ by exactly 0 on every seed).
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../helpers/tf';
import { bands, reduceRun, runSeedComparison, seedConfig, summarize } from '../../src/engine/seeds';
import { meanInterval, pairedDifference } from '../../src/engine/stats/interval';
import type { RunConfigInput } from '../../src/engine/config';

beforeAll(async () => {
  await useWasm();
});

const BASE: RunConfigInput = {
  task: 'add',
  modelSize: 'nano',
  init: 'random',
  prompts: 2,
  groupSize: 2,
  evalEvery: 2,
  evalSize: 4,
  oracleSamples: 4,
  oracleProbes: 2,
};

describe('runSeedComparison', () => {
  it('runs every variant on every seed; identical variants differ by exactly 0; the final eval is not repeated', async () => {
    const finished: Array<{ seed: number; variant: number; rows: Array<Record<string, number>> }> = [];
    const c = await runSeedComparison({
      onRun: (e) => finished.push(e),
      base: BASE,
      variants: [
        { name: 'A', patch: {} },
        { name: 'A again', patch: {} },
        { name: 'lr x10', patch: { lr: 3e-3 } },
      ],
      seeds: [1, 2, 3],
      steps: 3,
      earlyStopEvery: 4,
    });
    expect(c.runs).toHaveLength(3);
    expect(c.runs.every((s) => s.length === 3 && s.every((r) => r.length === 4))).toBe(true);
    expect(c.configs.map((s) => s[0].seed)).toEqual([1, 2, 3]);
    // onRun (what the browser's seeds worker streams): once per run, with its final rows, closing eval included.
    expect(finished.map((f) => [f.seed, f.variant])).toEqual([1, 2, 3].flatMap((seed) => [0, 1, 2].map((v) => [seed, v])));
    for (const f of finished) expect(f.rows).toEqual(c.runs[f.seed - 1][f.variant]);
    // Evaluated at step 2 (evalEvery) and once after step 3 (not an eval step).
    expect(c.runs[0][0].map((r) => Number.isFinite(r['eval/pass@1']))).toEqual([false, false, true, true]);
    expect(Number.isFinite(c.runs[0][0][2]['adv/true_sign_flip_rate'])).toBe(true);
    const s = summarize(c, 'entropy');
    expect(s.reduce).toBe('mean');
    expect(s.diffs[0].interval.mean).toBe(0);
    expect(s.diffs[0].interval.sd).toBe(0);
    const values = c.runs.map((seed) => reduceRun(seed[0], 'entropy'));
    expect(s.perVariant[0].interval).toEqual(meanInterval(values));
    expect(s.diffs[1].interval).toEqual(
      pairedDifference(
        values,
        c.runs.map((seed) => reduceRun(seed[2], 'entropy')),
      ),
    );
    // Seeds really differ (otherwise the interval would be a fake zero).
    expect(new Set(values).size).toBeGreaterThan(1);
    const b = bands(c, 'eval/pass@1');
    expect(b.map((p) => p.step)).toEqual([2, 3]);
    expect(b[0].variants).toHaveLength(3);
    expect(b[0].diffs[0].mean).toBe(0);
  }, 120_000);

  it('refuses a variant that sets the seed or changes the task, and repeated seeds', async () => {
    expect(() => seedConfig(BASE, { name: 'x', patch: { seed: 3 } }, 1)).toThrow(/sets the seed/);
    expect(() => seedConfig(BASE, { name: 'x', patch: { task: 'sort' } }, 1)).toThrow(/changes the task/);
    await expect(runSeedComparison({ base: BASE, variants: [{ name: 'A', patch: {} }], seeds: [1, 1], steps: 1 })).rejects.toThrow(
      /repeat/,
    );
  });
});
