// One group (or expert sub-group): baseline, AsymRE shift, scale (section 1.1 step 4).
// Part of the advantage math (pure functions on number arrays, no tfjs); conventions in ../advantages.ts.
import type { AdvantageConfig, Baseline, Scale } from '../../config';
import {
  leaveOneOutCentered,
  logAvgExpCentered,
  meanCentered,
  medianCentered,
  ngrpoAugmented,
  ngrpoCentered,
  noneCentered,
  pairMaskedCentered,
  rsExpUtilityAdvantages,
} from './baselines';
import { groupStdDenominator, madDenominator } from './scales';
import { divideBy, nanStd } from './statistics';

export type GroupNormOptions = Pick<
  AdvantageConfig,
  'baseline' | 'tau' | 'rsBeta' | 'virtualMaxReward' | 'virtualCount' | 'scale' | 'stdType' | 'epsilon' | 'madEpsilon' | 'baselineShift'
> & {
  /** DaGRPO pair mask delta with the mean baseline (0 or absent = off). */
  dagrpoDelta?: number;
  /** Std of the raw rewards over the batch; used only by scale 'batch-std'. */
  batchStd?: number;
  /** Whether the batch rewards have zero spread; used only by scale 'batch-std'. */
  batchConstant?: boolean;
};

/** Centred values `r_i - b_i` for the chosen baseline (section 4). Input: finite rewards. */
export function centerRewards(
  r: readonly number[],
  baseline: Baseline,
  o: Pick<GroupNormOptions, 'tau' | 'rsBeta' | 'virtualMaxReward' | 'virtualCount' | 'dagrpoDelta'>,
): number[] {
  switch (baseline) {
    case 'mean':
      return o.dagrpoDelta ? pairMaskedCentered(r, o.dagrpoDelta) : meanCentered(r);
    case 'median':
      return medianCentered(r);
    case 'leave-one-out':
      return leaveOneOutCentered(r);
    case 'logavgexp':
      return logAvgExpCentered(r, o.tau);
    case 'none':
      return noneCentered(r);
    case 'ngrpo-virtual-max':
      return ngrpoCentered(r, o.virtualMaxReward, o.virtualCount);
    case 'rs-exp-utility':
      return rsExpUtilityAdvantages(r, o.rsBeta);
  }
}

/** The values the group-level scale is computed from: NGRPO includes its virtual samples (section 2.7). */
export function scaleStatistics(
  r: readonly number[],
  o: Pick<GroupNormOptions, 'baseline' | 'virtualMaxReward' | 'virtualCount'>,
): number[] {
  return o.baseline === 'ngrpo-virtual-max' ? ngrpoAugmented(r, o.virtualMaxReward, o.virtualCount) : r.slice();
}

/** The denominator for `scale` (section 4), 1 for 'none'. */
export function scaleDenominator(r: readonly number[], scale: Scale, o: GroupNormOptions): number {
  const stats = scaleStatistics(r, o);
  switch (scale) {
    case 'none':
      return 1;
    case 'group-std':
      return groupStdDenominator(stats, o.stdType, o.epsilon);
    case 'mad':
      return madDenominator(stats, o.madEpsilon);
    case 'batch-std':
      return o.batchConstant ? 1 : (o.batchStd ?? 0) + o.epsilon;
  }
}

/**
 * Advantages of one group: `(centre(r) - shift) / scale`, NaN-aware (section 1.1 step 4, section 0.4).
 * Also returns the normalisation std used for zero-std accounting (TRL frac_reward_zero_std): the batch std for
 * 'batch-std', else the group std of the scale statistics (for 'mad' too: MAD is 0 for most binary groups even when
 * they carry signal, so the reward spread is the meaningful "no signal" test).
 */
export function groupAdvantages(rewards: readonly number[], o: GroupNormOptions): { advantages: number[]; normStd: number } {
  const idx = validIndices(rewards);
  const out = rewards.map(() => 0);
  if (idx.length <= 1) return { advantages: out, normStd: 0 };
  const r = idx.map((i) => rewards[i]);
  const centred = centerRewards(r, o.baseline, o).map((x) => x - o.baselineShift);
  const adv = divideBy(centred, scaleDenominator(r, o.scale, o));
  idx.forEach((i, k) => (out[i] = adv[k]));
  const normStd = o.scale === 'batch-std' ? (o.batchStd ?? 0) : nanStd(scaleStatistics(r, o), o.stdType);
  return { advantages: out, normStd };
}

export function validIndices(xs: readonly number[]): number[] {
  const idx: number[] = [];
  xs.forEach((x, i) => {
    if (Number.isFinite(x)) idx.push(i);
  });
  return idx;
}
