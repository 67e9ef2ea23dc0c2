// Pure helpers for comparing runs: config diffs and labels, TensorBoard smoothing, run colours.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/engine/config';
import { presetConfig } from '../../src/engine/rl/presets';
import { configDiff, diffLabel, formatValue, runName } from '../../src/share/config-diff';
import { smooth, smoothMetric } from '../../src/share/smoothing';
import { colorFor, dashFor, nextColor, RUN_COLORS } from '../../src/share/run-colors';

describe('configDiff / diffLabel / runName', () => {
  const base = parseConfig({});
  it('lists leaf changes with dotted paths, records key by key', () => {
    const other = parseConfig({ groupSize: 2, advantage: { baseline: 'median' }, rewardWeights: { correct: 1, format: 0 } });
    expect(configDiff(base, other)).toEqual([
      { path: 'groupSize', from: 8, to: 2 },
      { path: 'rewardWeights.format', from: 0.1, to: 0 },
      { path: 'advantage.baseline', from: 'mean', to: 'median' },
    ]);
    expect(configDiff(base, parseConfig({}))).toEqual([]);
  });

  it('labels with short knob names, skipping the seed unless it is all that differs', () => {
    expect(diffLabel(base, parseConfig({ groupSize: 2, advantage: { baseline: 'median' } }))).toBe('G 8 -> 2, baseline mean -> median');
    expect(diffLabel(base, parseConfig({ groupSize: 2, seed: 7 }))).toBe('G 8 -> 2');
    expect(diffLabel(base, parseConfig({ seed: 7 }))).toBe('seed 1 -> 7');
    expect(diffLabel(base, base)).toBe('same config');
    expect(diffLabel(base, parseConfig({ lr: 1e-4, objective: { epsHigh: 0.28 }, data: { dynamicSampling: true } }))).toBe(
      'lr 3e-4 -> 1e-4, eps_high 0.2 -> 0.28, dyn_sampling on',
    );
    expect(diffLabel(base, parseConfig({ prompts: 4, groupSize: 4, lr: 1e-3, temperature: 0.7, innerEpochs: 2 }), { max: 2 })).toBe(
      'B 8 -> 4, G 8 -> 4, +3 more',
    );
  });

  it('formats values compactly', () => {
    expect(formatValue(0.00030000000000000003)).toBe('3e-4');
    expect(formatValue(0.28000000000000003)).toBe('0.28');
    expect(formatValue(1248983636)).toBe('1248983636');
    expect(formatValue(false)).toBe('off');
    expect(formatValue(null)).toBe('default');
  });

  it('names runs readably and uniquely', () => {
    const c = parseConfig(presetConfig('dapo', { task: 'countdown', seed: 3 }));
    expect(runName(c)).toBe('dapo · countdown · G8 · s3');
    expect(runName(c, ['dapo · countdown · G8 · s3', 'dapo · countdown · G8 · s3 (2)'])).toBe('dapo · countdown · G8 · s3 (3)');
  });
});

describe('smooth (TensorBoard debiased EMA)', () => {
  it('matches hand-computed values', () => {
    // w = 0.5: last = 0.5, 1.25, 2.125; debias by 1 - 0.5^n = 0.5, 0.75, 0.875.
    const s = smooth([1, 2, 3], 0.5);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeCloseTo(5 / 3, 12);
    expect(s[2]).toBeCloseTo(17 / 7, 12);
    // w = 0.6 (TensorBoard's default): [0, 10] -> 0, 4 / 0.64.
    expect(smooth([0, 10], 0.6)).toEqual([0, 6.25]);
  });

  it('skips gaps: they stay NaN and do not advance the average', () => {
    const s = smooth([1, NaN, undefined, null, 3], 0.5);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s.slice(1, 4).every(Number.isNaN)).toBe(true);
    expect(s[4]).toBeCloseTo(7 / 3, 12); // last = 0.25 + 1.5 = 1.75, debias 1 - 0.25
  });

  it('weight 0 is the identity, constant series stay exact, weights are clamped to [0, 0.999]', () => {
    expect(smooth([3, 1, 2], 0)).toEqual([3, 1, 2]);
    expect(smooth([0.1, 0.1, 0.1], 0.9)).toEqual([0.1, 0.1, 0.1]);
    expect(smooth([1, 2], 5)).toEqual(smooth([1, 2], 0.999));
    expect(smooth([1, 2], -1)).toEqual([1, 2]);
    expect(smooth([], 0.5)).toEqual([]);
  });

  it('smooths one metric of step rows', () => {
    expect(
      smoothMetric([{ step: 1, reward: 1 }, { step: 2 }, { step: 3, reward: 3 }], 'reward', 0.5).map((x) =>
        Number.isNaN(x) ? 'gap' : +x.toFixed(4),
      ),
    ).toEqual([1, 'gap', 2.3333]);
  });
});

describe('run colours', () => {
  it('cycles the Okabe-Ito palette and dashes the second cycle', () => {
    expect(colorFor(0)).toBe('#0072B2');
    expect(colorFor(RUN_COLORS.length)).toBe(colorFor(0));
    expect(colorFor(-1)).toBe(colorFor(RUN_COLORS.length - 1));
    expect(new Set(RUN_COLORS.map((c) => c.hex)).size).toBe(8);
    expect(dashFor(3)).toBeUndefined();
    expect(dashFor(9)).toBeDefined();
    expect(nextColor(['#0072b2'])).toBe('#E69F00');
  });
});
