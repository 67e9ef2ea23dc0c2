// MC-GRPO (section 2.6): the median pivot and its advantages.
// Part of the advantage math (pure functions on number arrays, no tfjs); conventions in ../advantages.ts.
import { type GroupNormOptions, groupAdvantages } from './group-norm';
import { finiteValues } from './statistics';

/**
 * MC-GRPO pivot: the first index holding the median of an odd-length group (section 2.6; tie-break documented as
 * "first index"). For an even count the lower median is used (torch.median semantics). NaN rewards are skipped;
 * returns -1 when no reward is finite.
 */
export function mcPivotIndex(rewards: readonly number[]): number {
  const v = finiteValues(rewards).sort((a, b) => a - b);
  if (v.length === 0) return -1;
  const m = v[(v.length - 1) >> 1];
  return rewards.indexOf(m);
}

/**
 * MC-GRPO advantages (section 2.6, paper code `mc=True`): `(r - median)/(MAD + madEps)` over all G+1 rollouts,
 * the pivot gets 0 and is excluded from the loss. Fixture [0.9,0.2,0.4,0.1,0.5] -> [2.4876,-0.9950,pivot,-1.4925,0.4975].
 */
export function mcGrpoAdvantages(rewards: readonly number[], madEps: number): { advantages: number[]; pivot: number; excluded: boolean[] } {
  const pivot = mcPivotIndex(rewards);
  const { advantages } = groupAdvantages(rewards, {
    ...NEUTRAL_NORM,
    baseline: 'median',
    scale: 'mad',
    madEpsilon: madEps,
  });
  const excluded = rewards.map((r, i) => !Number.isFinite(r) || i === pivot);
  return { advantages: advantages.map((a, i) => (excluded[i] ? 0 : a)), pivot, excluded };
}

/**
 * MC-GRPO gsm-trainer compensation (section 2.6 / 6.3, optional; the math trainer does not do it): multiply the
 * non-zero advantages of a group by `(G+1)/#nonzero`, G+1 = number of rollouts in the group.
 */
export function mcGsmMultiplier(adv: readonly number[]): number[] {
  const nonzero = adv.filter((a) => a !== 0).length;
  if (nonzero === 0) return adv.slice();
  const f = adv.length / nonzero;
  return adv.map((a) => a * f);
}

const NEUTRAL_NORM: GroupNormOptions = {
  baseline: 'mean',
  tau: 1,
  rsBeta: 0,
  virtualMaxReward: 1,
  virtualCount: 1,
  scale: 'none',
  stdType: 'sample',
  epsilon: 0,
  madEpsilon: 1e-3,
  baselineShift: 0,
};
