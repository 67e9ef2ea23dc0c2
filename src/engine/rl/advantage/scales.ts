// Scales (section 4 "scale" column): the denominators that divide centred rewards.
// Part of the advantage math (pure functions on number arrays, no tfjs); conventions in ../advantages.ts.
import { type StdType, finiteValues, isConstant, mad, median, nanStd } from './statistics';

/** Group std denominator `std(stats) + eps` (section 0.3: eps added to the std, not inside the sqrt). */
export function groupStdDenominator(stats: readonly number[], stdType: StdType, eps: number): number {
  return isConstant(stats) ? 1 : nanStd(stats, stdType) + eps;
}

/**
 * Batch std denominator (TRL scale_rewards="batch" = Lite PPO, section 2.5): std of the raw rewards of the whole
 * batch plus eps. `batchRewards` is every scorable reward of every group.
 */
export function batchStdDenominator(batchRewards: readonly number[], stdType: StdType, eps: number): number {
  return isConstant(batchRewards) ? 1 : nanStd(batchRewards, stdType) + eps;
}

/** Mean absolute deviation from the median, `mean(|x - median(x)|)`: positive whenever the values are not all equal. */
export function meanAbsDeviationFromMedian(xs: readonly number[]): number {
  const v = finiteValues(xs);
  if (v.length === 0) return 0;
  const m = median(v);
  return v.reduce((s, x) => s + Math.abs(x - m), 0) / v.length;
}

/**
 * MAD denominator `MAD + madEps` (MC-GRPO code: 1e-3, section 2.6). When the MAD collapses to 0 although the group
 * is not constant (every odd binary group: the majority holds the median), the paper code divides by the 1e-3 floor
 * alone and the advantages reach ±1000, which on this playground's small models wrecks training (issue 10: pass@1
 * 18% against GRPO's 37%). We divide by the mean absolute deviation from the median instead, the same robust spread
 * without the outer median, which is positive for any non-constant group. A playground choice: where MAD > 0 this
 * is exactly the paper code.
 */
export function madDenominator(stats: readonly number[], madEps: number): number {
  if (isConstant(stats)) return 1;
  const m = mad(stats);
  return (m > 0 ? m : meanAbsDeviationFromMedian(stats)) + madEps;
}
