// Property tests for computeAdvantages over every baseline x scale combination (algorithms.md sections 0.4 and 4).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BASELINES, DEFAULT_CONFIG, SCALES, type AdvantageConfig, type Baseline, type Scale } from '../../src/engine/config';
import { computeAdvantages, type AdvantageGroup } from '../../src/engine/rl/advantages';

const NUM_RUNS = 100;

/**
 * Which baselines are zero-sum within a group (over the scorable rollouts), for every scale: the group-level scale is
 * one positive number per group, so it keeps a zero sum.
 *
 * | baseline           | zero-sum | why                                                     |
 * |--------------------|----------|---------------------------------------------------------|
 * | mean               | yes      | sum(r - mean) = 0                                       |
 * | leave-one-out      | yes      | = G/(G-1) (r - mean)                                    |
 * | rs-exp-utility     | yes      | sum(e^{br}/mean e^{br} - 1) = 0 (section 2.8)           |
 * | median             | no       | median != mean in general                               |
 * | logavgexp          | no       | b >= mean (Jensen), so the sum is <= 0                  |
 * | none               | no       | no centring                                             |
 * | ngrpo-virtual-max  | no       | the virtual r_max sample shifts the mean (section 2.7)  |
 */
const ZERO_SUM: Record<Baseline, boolean> = {
  mean: true,
  'leave-one-out': true,
  'rs-exp-utility': true,
  median: false,
  logavgexp: false,
  none: false,
  'ngrpo-virtual-max': false,
};

/**
 * All-equal groups get exactly 0, except by design:
 * - 'ngrpo-virtual-max': the virtual r_max sample makes an all-equal group below r_max negative (section 2.7);
 * - 'none': no centring, the raw reward stays (REINFORCE; with group-level scales it is left unscaled).
 */
const ALL_EQUAL_NONZERO: ReadonlySet<Baseline> = new Set<Baseline>(['ngrpo-virtual-max', 'none']);

const COMBOS: [Baseline, Scale][] = BASELINES.flatMap((b) => SCALES.map((s) => [b, s] as [Baseline, Scale]));

const reward = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 1, 0.5, -1, 1.1, 0.1) },
  { weight: 3, arbitrary: fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
);
const group = fc.array(reward, { minLength: 1, maxLength: 9 });
const batch = fc.array(group, { minLength: 1, maxLength: 4 });

/** Random values for the numeric knobs the baselines use. */
const knobs = fc.record({
  tau: fc.double({ min: 0.05, max: 100, noNaN: true }),
  rsBeta: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 50, noNaN: true })),
  virtualMaxReward: fc.constantFrom(1, 1.1, 0),
  virtualCount: fc.integer({ min: 1, max: 4 }),
  stdType: fc.constantFrom('sample' as const, 'population' as const),
  epsilon: fc.constantFrom(1e-4, 1e-6),
});

function cfg(b: Baseline, s: Scale, k: Partial<AdvantageConfig>): AdvantageConfig {
  return { ...DEFAULT_CONFIG.advantage, ...k, baseline: b, scale: s };
}

const toGroups = (rs: number[][]): AdvantageGroup[] => rs.map((rewards) => ({ rewards }));

describe.each(COMBOS)('baseline %s x scale %s', (baseline, scale) => {
  it('gives finite advantages of the input shape (incl. all-equal, G = 1, NaN); NaN and G = 1 give 0', () => {
    fc.assert(
      fc.property(batch, knobs, (rs, k) => {
        const out = computeAdvantages(toGroups(rs), cfg(baseline, scale, k));
        expect(out.advantages.map((a) => a.length)).toEqual(rs.map((r) => r.length));
        rs.forEach((r, gi) => {
          const valid = r.filter((x) => Number.isFinite(x)).length;
          r.forEach((x, i) => {
            const a = out.advantages[gi][i];
            expect(Number.isFinite(a)).toBe(true);
            expect(out.excluded[gi][i]).toBe(!Number.isFinite(x));
            if (!Number.isFinite(x) || valid <= 1) expect(a).toBe(0);
          });
          if (valid <= 1) expect(out.zeroStd[gi]).toBe(true);
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it(ZERO_SUM[baseline] ? 'sums to zero within each group' : 'is not required to sum to zero', () => {
    if (!ZERO_SUM[baseline]) return;
    fc.assert(
      fc.property(batch, knobs, (rs, k) => {
        const out = computeAdvantages(toGroups(rs), cfg(baseline, scale, k));
        for (const a of out.advantages) {
          const sum = a.reduce((x, y) => x + y, 0);
          const mag = a.reduce((x, y) => x + Math.abs(y), 0);
          expect(Math.abs(sum)).toBeLessThanOrEqual(1e-9 * (1 + mag));
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('is permutation-equivariant within each group', () => {
    fc.assert(
      fc.property(batch, knobs, fc.nat(), fc.boolean(), (rs, k, shift, reverse) => {
        const perms = rs.map((r) => permutation(r.length, shift, reverse));
        const permuted = rs.map((r, gi) => perms[gi].map((j) => r[j]));
        const c = cfg(baseline, scale, k);
        const a = computeAdvantages(toGroups(rs), c).advantages;
        const b = computeAdvantages(toGroups(permuted), c).advantages;
        b.forEach((row, gi) =>
          row.forEach((x, i) => {
            const y = a[gi][perms[gi][i]];
            expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(y)));
          }),
        );
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it(
    ALL_EQUAL_NONZERO.has(baseline)
      ? 'all-equal groups: non-zero by design (see table), still finite'
      : 'all-equal groups get exactly 0 and count as zero-std (group-level scales)',
    () => {
      const equalGroup = fc
        .tuple(fc.constantFrom(0, 1, 0.5, -1, 1.1, 7.3), fc.integer({ min: 2, max: 8 }), fc.boolean())
        .map(([v, n, withNaN]) => (withNaN ? [...Array.from({ length: n }, () => v), Number.NaN] : Array.from({ length: n }, () => v)));
      fc.assert(
        fc.property(equalGroup, batch, knobs, (eq, others, k) => {
          const c = cfg(baseline, scale, k);
          const out = computeAdvantages(toGroups([eq, ...others]), c);
          const a = out.advantages[0];
          const v = eq[0];
          if (baseline === 'ngrpo-virtual-max') {
            // Below r_max: every sample is negative; at r_max: 0.
            for (const [i, x] of a.entries()) {
              if (!Number.isFinite(eq[i])) expect(x).toBe(0);
              else if (v < c.virtualMaxReward) expect(x).toBeLessThan(0);
              else if (v === c.virtualMaxReward) expect(x).toBe(0);
            }
            return;
          }
          if (ALL_EQUAL_NONZERO.has(baseline)) {
            for (const x of a) expect(Number.isFinite(x)).toBe(true);
            return;
          }
          for (const x of a) expect(x).toBe(0);
          if (scale !== 'batch-std') expect(out.zeroStd[0]).toBe(true);
        }),
        { numRuns: NUM_RUNS },
      );
    },
  );
});

describe('every knob on at once', () => {
  it('stays finite and respects exclusions (pivot, NaN) for random knob mixes', () => {
    const mix = fc.record({
      baseline: fc.constantFrom(...BASELINES),
      scale: fc.constantFrom(...SCALES),
      gdpo: fc.boolean(),
      unlikelinessBeta: fc.constantFrom(0, 0.25, 1),
      agrae: fc.boolean(),
      seedAlpha: fc.constantFrom(0, 0.0417, 2),
      passK: fc.constantFrom('off' as const, 'best-only' as const, 'analytic' as const),
      passKk: fc.integer({ min: 1, max: 12 }),
      baselineShift: fc.constantFrom(0, -0.1, 0.5),
      globalWhiten: fc.boolean(),
      epsilon: fc.constantFrom(0, 1e-6, 1e-4),
      madEpsilon: fc.constantFrom(0, 1e-3),
    });
    const richBatch = batch.chain((rs) =>
      fc.tuple(
        fc.constant(rs),
        fc.array(fc.boolean(), { minLength: rs.length, maxLength: rs.length }),
        fc.array(fc.nat(), { minLength: rs.length, maxLength: rs.length }),
      ),
    );
    fc.assert(
      fc.property(richBatch, mix, ([rs, extras, seeds], k) => {
        const groups: AdvantageGroup[] = rs.map((rewards, gi) => {
          const g: AdvantageGroup = { rewards };
          if (extras[gi]) {
            g.components = { correct: rewards.map((r) => (r > 0 ? 1 : 0)), format: rewards.map((_, i) => (i + seeds[gi]) % 2) };
            g.weights = { correct: 1, format: 0.1 };
            g.meanLogp = rewards.map((_, i) => -((i * 7 + seeds[gi]) % 5) / 3);
            g.answers = rewards.map((_, i) => String((i + seeds[gi]) % 3));
            g.subgroups = rewards.map((_, i) => i % 2);
            g.pivot = seeds[gi] % rewards.length;
          }
          return g;
        });
        const out = computeAdvantages(groups, { ...DEFAULT_CONFIG.advantage, ...k });
        groups.forEach((g, gi) =>
          g.rewards.forEach((r, i) => {
            const a = out.advantages[gi][i];
            expect(Number.isFinite(a)).toBe(true);
            const excluded = !Number.isFinite(r) || i === g.pivot;
            expect(out.excluded[gi][i]).toBe(excluded);
            if (excluded) expect(a).toBe(0);
          }),
        );
        expect(out.zeroStd.length).toBe(groups.length);
      }),
      { numRuns: NUM_RUNS * 3 },
    );
  });
});

/** A deterministic permutation of 0..n-1: rotate by `shift`, optionally reversed. */
function permutation(n: number, shift: number, reverse: boolean): number[] {
  const p = Array.from({ length: n }, (_, i) => (i + shift) % n);
  return reverse ? p.reverse() : p;
}
