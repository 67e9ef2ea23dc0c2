// What the multi-seed panel shows, from known rows: the bands and the summary come from interval.ts, and the
// direction-free reading of a paired difference follows its verdict.
import { describe, expect, it } from 'vitest';
import type { RunRows, SeedRuns } from '../../src/engine/seed-stats';
import { meanInterval, pairedDifference } from '../../src/engine/stats/interval';
import { bandSeries, loggedMetrics, readDifference, summaryRows } from '../../src/ui/compare/seedViews';
import { intervalText } from '../../src/ui/compare/SummaryTable';

// 3 seeds x 2 variants x 2 steps; B's reward is A's + 0.1 + a little per-seed noise; eval only at step 2.
const A = [
  [0.1, 0.3],
  [0.2, 0.2],
  [0.4, 0.5],
];
const NOISE = [0.01, -0.02, 0.0];
const rows = (vals: number[], evalAt2: number): RunRows => [
  { step: 0 },
  { step: 1, reward: vals[0] },
  { step: 2, reward: vals[1], 'eval/pass@1': evalAt2 },
];
const DATA: SeedRuns = {
  variants: ['A', 'B'],
  seeds: [1, 2, 3],
  steps: 2,
  runs: A.map((a, s) => [
    rows(a, 0.5 + s / 10),
    rows(
      a.map((x) => x + 0.1 + NOISE[s]),
      0.5 + s / 10,
    ),
  ]),
};

describe('multi-seed views', () => {
  it('mean bands per step are the t interval across seeds; difference bands the paired interval', () => {
    const { means, diffs } = bandSeries(DATA, 'reward', ['#111', '#222']);
    expect(means.map((m) => m.points.map((p) => p.step))).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(means[0].points[0].iv).toEqual(meanInterval([0.1, 0.2, 0.4]));
    expect(diffs).toHaveLength(1);
    expect(diffs[0].label).toBe('B − A');
    const d1 = diffs[0].points[0].iv;
    expect(d1).toEqual(
      pairedDifference(
        [0.1, 0.2, 0.4],
        [0.1, 0.2, 0.4].map((x, s) => x + 0.1 + NOISE[s]),
      ),
    );
    expect(d1.mean).toBeCloseTo(0.1 + (0.01 - 0.02) / 3, 12);
    // Paired: the difference's interval is far narrower than either mean's.
    expect(d1.halfWidth).toBeLessThan(means[0].points[0].iv.halfWidth / 5);
  });

  it('the summary reduces eval metrics to the final value and the rest to the mean over steps', () => {
    const [evalRow, reward] = summaryRows(DATA, ['eval/pass@1', 'reward']);
    expect(evalRow.summary.reduce).toBe('final');
    expect(evalRow.summary.perVariant[0].values).toEqual([0.5, 0.6, 0.7]);
    expect(evalRow.summary.diffs[0].interval.mean).toBe(0);
    expect(evalRow.readings).toEqual(['inconclusive']);
    expect(reward.summary.perVariant[0].values).toEqual(A.map((a) => (a[0] + a[1]) / 2));
    expect(reward.readings).toEqual(['shows higher']);
  });

  it('reads a difference: above 0 shows higher, below shows lower, covering 0 or one seed is inconclusive', () => {
    expect(readDifference(meanInterval([0.1, 0.12, 0.11]))).toBe('shows higher');
    expect(readDifference(meanInterval([-0.1, -0.12, -0.11]))).toBe('shows lower');
    expect(readDifference(meanInterval([-0.1, 0.12, 0.01]))).toBe('inconclusive');
    expect(readDifference(meanInterval([0.5]))).toBe('inconclusive');
  });

  it('lists logged metrics with the summary metrics first; incomplete runs only narrow n', () => {
    expect(loggedMetrics(DATA)).toEqual(['eval/pass@1', 'reward']);
    const partial: SeedRuns = { ...DATA, runs: [DATA.runs[0], DATA.runs[1], [DATA.runs[2][0], [{ step: 0 }]]] };
    const [reward] = summaryRows(partial, ['reward']);
    expect(reward.summary.perVariant[1].interval.n).toBe(2);
    expect(reward.summary.diffs[0].interval.n).toBe(2);
  });

  it('writes intervals with four significant digits, so a small difference is not shown as 0', () => {
    expect(intervalText(meanInterval([3e-5, 4e-5, 5e-5]))).toMatch(/^4\.00e-5 ± 2\.48e-5$/);
    expect(intervalText(meanInterval([0.25]))).toBe('0.25 (1 seed)');
    expect(intervalText(meanInterval([]))).toBe('n/a');
  });
});
