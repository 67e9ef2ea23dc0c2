// Diagnostics of computed advantages.
// Part of the advantage math (pure functions on number arrays, no tfjs); conventions in ../advantages.ts.
import type { AdvantageGroup } from './compose';
import { nanMean } from './statistics';

/**
 * Advantage sign-flip rate (the MC-GRPO diagnostic, section 2.6): among non-excluded rollouts (finite reward, not the
 * pivot, not flagged in `excluded` when given), the fraction whose advantage sign is opposite to the plain
 * mean-baseline sign `r - mean(group)`. Rollouts where either sign is zero (|x| <= 1e-12) are not comparable and are
 * left out of numerator and denominator: zeroing an advantage (pass@k best-only, pivot) drops signal but flips nothing,
 * and a reward equal to the mean has no reference sign. Returns 0 when nothing is comparable.
 */
export function signFlipRate(groups: readonly AdvantageGroup[], advantages: readonly number[][], excluded?: readonly boolean[][]): number {
  const tol = 1e-12;
  let flips = 0;
  let comparable = 0;
  groups.forEach((g, gi) => {
    const m = nanMean(g.rewards);
    g.rewards.forEach((r, i) => {
      if (!Number.isFinite(r) || i === g.pivot || excluded?.[gi]?.[i]) return;
      const ref = r - m;
      const a = advantages[gi]?.[i] ?? 0;
      if (Math.abs(ref) <= tol || Math.abs(a) <= tol) return;
      comparable++;
      if (Math.sign(ref) !== Math.sign(a)) flips++;
    });
  });
  return comparable === 0 ? 0 : flips / comparable;
}
