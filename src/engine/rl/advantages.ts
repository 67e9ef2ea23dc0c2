// Advantage math of the GRPO family as pure functions on number arrays (no tfjs).
// Spec: /work/shared/research/algorithms.md (sections 0.4, 1.1, 2.x, 4, 5). Section numbers below refer to it.
//
// Conventions (section 0.4), applied everywhere:
// - NaN (unscorable) rewards are left out of every statistic, get advantage 0 and are flagged excluded.
// - A group (or expert sub-group) with at most one scorable reward carries no signal: advantage 0 (TRL, not verl).
// - An all-equal group gets advantage 0 and counts as zero-std. By design the exceptions are:
//   NGRPO (the virtual r_max samples give all-wrong groups negative advantages), baseline 'none' (no centring:
//   plain REINFORCE keeps the raw reward), a non-zero AsymRE baselineShift (every sample moves by -delta) and
//   global whitening (which re-centres over the whole batch).
// - A scale denominator is skipped (treated as 1) when the statistics it is computed from have zero spread or it is
//   not positive, so uncentred baselines do not blow up by 1/epsilon and epsilon = 0 never divides by zero.
import type { AdvantageConfig, Baseline, Scale } from '../config';
import { g2rpoAdvantages } from './transforms/g2rpo';
import { arenaAdvantages } from './transforms/arena';

export type StdType = 'sample' | 'population';

/** |std| at or below this counts as zero (TRL uses torch.isclose(std, 0): atol 1e-8). */
export const ZERO_STD_TOL = 1e-8;

// ---------------------------------------------------------------------------------------------------------------
// Statistics helpers (section 0.3/0.4). All are NaN-aware: non-finite entries are ignored.
// ---------------------------------------------------------------------------------------------------------------

/** The finite entries of `xs`, in order (section 0.4: NaN rewards are excluded from stats). */
export function finiteValues(xs: readonly number[]): number[] {
  return xs.filter((x) => Number.isFinite(x));
}

/** NaN-aware mean; 0 when there is no finite entry (no signal). Section 0.3. */
export function nanMean(xs: readonly number[]): number {
  const v = finiteValues(xs);
  if (v.length === 0) return 0;
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

/**
 * NaN-aware standard deviation. 'sample' divides by n-1 (Bessel; TRL nanstd, torch.std), 'population' by n.
 * Returns 0 when fewer than 2 (sample) or 1 (population) finite entries exist. Section 0.3.
 */
export function nanStd(xs: readonly number[], type: StdType = 'sample'): number {
  const v = finiteValues(xs);
  const dof = type === 'sample' ? v.length - 1 : v.length;
  if (dof <= 0) return 0;
  const m = nanMean(v);
  let ss = 0;
  for (const x of v) ss += (x - m) * (x - m);
  return Math.sqrt(ss / dof);
}

/** NaN-aware median (mean of the two middle values for an even count); 0 for no finite entry. Section 2.6. */
export function median(xs: readonly number[]): number {
  const v = finiteValues(xs).sort((a, b) => a - b);
  if (v.length === 0) return 0;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Median absolute deviation `median(|x - median(x)|)` (MC-GRPO code, section 2.6). */
export function mad(xs: readonly number[]): number {
  const v = finiteValues(xs);
  const m = median(v);
  return median(v.map((x) => Math.abs(x - m)));
}

/** Numerically stable log(sum(exp(x))) over finite entries; -Infinity for none. */
export function logSumExp(xs: readonly number[]): number {
  const v = finiteValues(xs);
  if (v.length === 0) return -Infinity;
  const m = Math.max(...v);
  let s = 0;
  for (const x of v) s += Math.exp(x - m);
  return m + Math.log(s);
}

/** True when the finite entries are all identical (or there are fewer than two). Section 0.4 "all-equal group". */
export function isConstant(xs: readonly number[]): boolean {
  const v = finiteValues(xs);
  if (v.length < 2) return true;
  return Math.max(...v) === Math.min(...v);
}

/** Denominators below this count as zero (guards eps = 0 with a denormal std/MAD against overflow). */
const MIN_DENOMINATOR = 1e-30;

/** Divide by `d`, skipping (d := 1) a ~zero or non-finite denominator so outputs stay finite. */
function divideBy(xs: readonly number[], d: number): number[] {
  const den = d >= MIN_DENOMINATOR && Number.isFinite(d) ? d : 1;
  return xs.map((x) => x / den);
}

/**
 * `(x - mean)/(std + eps)` over finite values (section 0.3); an all-equal input maps to exact zeros.
 * This is the GRPO outcome advantage (section 2.1) and the batch normalisation step of GDPO (section 2.9).
 */
export function standardize(xs: readonly number[], stdType: StdType, eps: number): number[] {
  if (isConstant(xs)) return xs.map(() => 0);
  const m = nanMean(xs);
  return divideBy(
    xs.map((x) => x - m),
    nanStd(xs, stdType) + eps,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Baselines (section 4 "baseline" column). Each takes finite rewards of one group and returns the centred values
// r_i - b_i. Centring baselines return exact zeros for an all-equal group (section 0.4).
// ---------------------------------------------------------------------------------------------------------------

/** `r_i - mean(r)`: GRPO / Dr. GRPO / REC numerator (sections 2.1, 2.2, 2.12). */
export function meanCentered(r: readonly number[]): number[] {
  if (isConstant(r)) return r.map(() => 0);
  const m = nanMean(r);
  return r.map((x) => x - m);
}

/** `r_i - median(r)`: MC-GRPO numerator (section 2.6). */
export function medianCentered(r: readonly number[]): number[] {
  if (isConstant(r)) return r.map(() => 0);
  const m = median(r);
  return r.map((x) => x - m);
}

/** RLOO: `r_i - mean_{j != i} r_j = G/(G-1) (r_i - mean)` (section 2.4). G = 1 gives 0. */
export function leaveOneOutCentered(r: readonly number[]): number[] {
  const g = r.length;
  if (g < 2 || isConstant(r)) return r.map(() => 0);
  let sum = 0;
  for (const x of r) sum += x;
  return r.map((x) => x - (sum - x) / (g - 1));
}

/** OPMD "logavgexp" baseline `b = tau (logsumexp(r/tau) - log G)`; between mean (tau -> inf) and max (tau -> 0). Section 2.12. */
export function logAvgExpBaseline(r: readonly number[], tau: number): number {
  return tau * (logSumExp(r.map((x) => x / tau)) - Math.log(r.length));
}

/** `r_i - logavgexp_tau(r)` (section 2.12; fixture tau = 1: b = 0.357374). */
export function logAvgExpCentered(r: readonly number[], tau: number): number[] {
  if (isConstant(r)) return r.map(() => 0);
  const b = logAvgExpBaseline(r, tau);
  return r.map((x) => x - b);
}

/** No baseline (REINFORCE / REINFORCE++): the raw reward (section 2.5). Not zero for all-equal groups by design. */
export function noneCentered(r: readonly number[]): number[] {
  return r.slice();
}

/** NGRPO statistics set: the real rewards plus `count` virtual samples of reward `rMax` (section 2.7). */
export function ngrpoAugmented(r: readonly number[], rMax: number, count: number): number[] {
  return [...r, ...Array.from({ length: count }, () => rMax)];
}

/** NGRPO numerator `r_i - mean(r ∪ {r_max} x n_v)` for the real samples only (section 2.7). */
export function ngrpoCentered(r: readonly number[], rMax: number, count: number): number[] {
  const aug = ngrpoAugmented(r, rMax, count);
  if (isConstant(aug)) return r.map(() => 0); // all at r_max: exact 0
  const m = nanMean(aug);
  return r.map((x) => x - m);
}

/**
 * Full NGRPO advantage `(r_i - mu')/(std(aug) + eps)` (section 2.7). All-wrong groups become negative,
 * all-r_max groups stay 0. Fixture: [1,0,0,0], r_max 1, n_v 1, sample std, 1e-6 -> [1.0954, -0.7303 x3].
 */
export function ngrpoAdvantages(
  r: readonly number[],
  rMax: number,
  count: number,
  stdType: StdType,
  eps: number,
): number[] {
  const aug = ngrpoAugmented(r, rMax, count);
  const centred = ngrpoCentered(r, rMax, count);
  return isConstant(aug) ? centred.map(() => 0) : divideBy(centred, nanStd(aug, stdType) + eps);
}

/**
 * RS-GRPO exponential-utility advantage `A_i = (exp(beta r_i) / mean_j exp(beta r_j) - 1) / beta` (section 2.8).
 * Computed on d = r - mean as `expm1(beta (d_i - soft)) / beta` with `soft = log(mean_j exp(beta d_j)) / beta`
 * (the repo's form, shift-invariant). Sums to 0; beta < 1e-8 falls back to r - mean (the beta -> 0 limit).
 */
export function rsExpUtilityAdvantages(r: readonly number[], beta: number): number[] {
  if (isConstant(r)) return r.map(() => 0);
  if (beta < 1e-8) return meanCentered(r);
  const d = meanCentered(r);
  const spread = Math.max(...d.map(Math.abs));
  // Small beta*d: log1p/expm1 avoid the 1e-16/beta cancellation of logsumexp; large: max-shifted logsumexp.
  const soft =
    beta * spread < 1
      ? Math.log1p(d.reduce((acc, x) => acc + Math.expm1(beta * x), 0) / d.length) / beta
      : (logSumExp(d.map((x) => beta * x)) - Math.log(d.length)) / beta;
  return d.map((x) => Math.expm1(beta * (x - soft)) / beta);
}

// ---------------------------------------------------------------------------------------------------------------
// Scales (section 4 "scale" column).
// ---------------------------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------------------------
// One group (or expert sub-group): baseline, AsymRE shift, scale (section 1.1 step 4).
// ---------------------------------------------------------------------------------------------------------------

export type GroupNormOptions = Pick<
  AdvantageConfig,
  | 'baseline'
  | 'tau'
  | 'rsBeta'
  | 'virtualMaxReward'
  | 'virtualCount'
  | 'scale'
  | 'stdType'
  | 'epsilon'
  | 'madEpsilon'
  | 'baselineShift'
> & {
  /** Std of the raw rewards over the batch; used only by scale 'batch-std'. */
  batchStd?: number;
  /** Whether the batch rewards have zero spread; used only by scale 'batch-std'. */
  batchConstant?: boolean;
};

/** Centred values `r_i - b_i` for the chosen baseline (section 4). Input: finite rewards. */
export function centerRewards(r: readonly number[], baseline: Baseline, o: Pick<GroupNormOptions, 'tau' | 'rsBeta' | 'virtualMaxReward' | 'virtualCount'>): number[] {
  switch (baseline) {
    case 'mean':
      return meanCentered(r);
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
export function scaleStatistics(r: readonly number[], o: Pick<GroupNormOptions, 'baseline' | 'virtualMaxReward' | 'virtualCount'>): number[] {
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

function validIndices(xs: readonly number[]): number[] {
  const idx: number[] = [];
  xs.forEach((x, i) => {
    if (Number.isFinite(x)) idx.push(i);
  });
  return idx;
}

// ---------------------------------------------------------------------------------------------------------------
// Transforms (section 4 "calibration / post-transform" column).
// ---------------------------------------------------------------------------------------------------------------

/**
 * Unlikeliness ranks `argsort(argsort(meanLogp)) / G` (section 2.15): 0 = least likely, (G-1)/G = most likely.
 * Ties keep index order (stable sort); NaN log-probs count as least likely.
 */
export function unlikelinessRanks(meanLogp: readonly number[]): number[] {
  const key = (x: number) => (Number.isNaN(x) ? -Infinity : x);
  const order = meanLogp.map((_, i) => i).sort((a, b) => key(meanLogp[a]) - key(meanLogp[b]) || a - b);
  const ranks = new Array<number>(meanLogp.length);
  order.forEach((i, rank) => (ranks[i] = rank / meanLogp.length));
  return ranks;
}

/**
 * Unlikeliness rank penalty on rewards, before normalisation: `r'_i = r_i (1 - beta rank_i)` (section 2.15).
 * Ranks are taken among the scorable rollouts only (NaN rewards pass through unchanged).
 */
export function applyUnlikelinessPenalty(rewards: readonly number[], meanLogp: readonly number[], beta: number): number[] {
  const idx = validIndices(rewards);
  const ranks = unlikelinessRanks(idx.map((i) => meanLogp[i]));
  const out = rewards.slice();
  idx.forEach((i, k) => (out[i] = rewards[i] * (1 - beta * ranks[k])));
  return out;
}

/** One group's named reward components for GDPO (section 2.9); `valid` marks scorable rollouts. */
export interface GdpoGroupInput {
  components: Record<string, number[]>;
  valid: boolean[];
  /** Per-group component weights; falls back to the function's `weights`. */
  weights?: Record<string, number>;
}

/**
 * GDPO (section 2.9): per reward component, group-normalise `(r^k - mean)/(std + eps)`; weighted sum over components;
 * then batch-normalise `(A - mean_batch)/(std_batch + eps)` over the scorable rollouts of the batch.
 * Component NaNs are left out of that component's statistics and contribute 0. Weights default to 1.
 */
export function gdpoAdvantages(
  groups: readonly GdpoGroupInput[],
  weights: Record<string, number> | undefined,
  stdType: StdType,
  eps: number,
): { advantages: number[][]; batchStd: number } {
  const summed = groups.map((g) => {
    const idx = g.valid.flatMap((v, i) => (v ? [i] : []));
    const sum = g.valid.map(() => 0);
    if (idx.length <= 1) return sum;
    for (const [name, values] of Object.entries(g.components)) {
      const w = g.weights?.[name] ?? weights?.[name] ?? 1;
      const norm = standardize(
        idx.map((i) => values[i]),
        stdType,
        eps,
      );
      idx.forEach((i, k) => {
        if (Number.isFinite(norm[k])) sum[i] += w * norm[k];
      });
    }
    return sum;
  });
  const flat = summed.flatMap((s, gi) => s.filter((_, i) => groups[gi].valid[i]));
  const batchStd = nanStd(flat, stdType);
  const batchNorm = standardize(flat, stdType, eps);
  let k = 0;
  const advantages = summed.map((s, gi) => s.map((_, i) => (groups[gi].valid[i] ? batchNorm[k++] : 0)));
  return { advantages, batchStd };
}

/** A-GRAE divides by sqrt(p) and 1 - sqrt(p); p in {0, 1} happens, so eps is floored at verl's 1e-6. */
export const AGRAE_MIN_EPS = 1e-6;

/**
 * A-GRAE (section 2.16, verl grpo_weight == 2): with group accuracy p and batch mean accuracy pBar,
 * `A' = (1 - pBar) * 0.5A/(1 - sqrt(p) + eps) + pBar * 0.5A/(sqrt(p) + eps)`, then positive advantages are
 * multiplied by `min(1, pBar/alpha)`. p and pBar are clamped to [0, 1]; eps is at least AGRAE_MIN_EPS.
 */
export function agraeTransform(adv: readonly number[], p: number, pBar: number, alpha: number, eps: number): number[] {
  eps = Math.max(eps, AGRAE_MIN_EPS);
  const pc = clamp01(p);
  const pb = clamp01(pBar);
  const sp = Math.sqrt(pc);
  const suppress = Math.min(1, pb / alpha);
  return adv.map((a) => {
    const aDiff = (0.5 * a) / (sp + eps);
    const aEasy = (0.5 * a) / (1 - sp + eps);
    const mixed = (1 - pb) * aEasy + pb * aDiff;
    return mixed > 0 ? mixed * suppress : mixed;
  });
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/**
 * Semantic entropy of a group's answers (SEED-style, section 2.14, third-party variant, UNVERIFIED):
 * cluster by exact answer string, cluster mass p_k = sum of rollout weights (equal weights by default, or the given
 * probabilities, renormalised), Rao entropy `-sum_k p_k log p_k`. Fixture [A,B,B,C] -> 1.0397.
 */
export function semanticEntropy(answers: readonly string[], probs?: readonly number[]): number {
  const mass = new Map<string, number>();
  let total = 0;
  answers.forEach((a, i) => {
    const w = probs ? Math.max(0, probs[i] ?? 0) : 1;
    mass.set(a, (mass.get(a) ?? 0) + w);
    total += w;
  });
  if (total <= 0) return 0;
  let h = 0;
  for (const m of mass.values()) {
    const p = m / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}

/**
 * SEED-style advantage multiplier `1/(1 + alpha_eff SE)`, `alpha_eff = alpha / log G` (section 2.14; third-party
 * variant, UNVERIFIED: the paper's f and alpha were not read). G <= 1 gives 1.
 */
export function seedScale(se: number, alpha: number, groupSize: number): number {
  if (groupSize <= 1) return 1;
  return 1 / (1 + (alpha / Math.log(groupSize)) * se);
}

/**
 * verl grpo_passk (section 2.19): only the first best sample gets `r_max - r_second_max`, divided by
 * `(std + eps)` when `normalize`; all others 0. Requires at least 2 finite rewards (else zeros).
 */
export function passKBestOnly(
  rewards: readonly number[],
  normalize: boolean,
  stdType: StdType,
  eps: number,
): number[] {
  const idx = validIndices(rewards);
  const out = rewards.map(() => 0);
  if (idx.length < 2) return out;
  let best = idx[0];
  for (const i of idx) if (rewards[i] > rewards[best]) best = i;
  let second = -Infinity;
  for (const i of idx) if (i !== best && rewards[i] > second) second = rewards[i];
  const gap = rewards[best] - second;
  const r = idx.map((i) => rewards[i]);
  out[best] = normalize ? divideBy([gap], groupStdDenominator(r, stdType, eps))[0] : gap;
  return out;
}

/** Binomial coefficient C(n, k) as a float (0 outside 0 <= k <= n). */
export function binomial(n: number, k: number): number {
  if (k < 0 || n < 0 || k > n) return 0;
  const kk = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= kk; i++) c = (c * (n - kk + i)) / i;
  return c;
}

/**
 * Pass@k analytic advantage (section 2.19, arXiv 2508.10751; formula from a third-party re-implementation,
 * UNVERIFIED against the paper). N = number of rollouts, N_neg wrong, k clamped to [1, N]:
 * `P_fail = C(N_neg,k)/C(N,k)`, `sigma = sqrt(Rbar(1-Rbar))`, `A_pos = P_fail/sigma`,
 * `A_neg = (P_fail - C(N_neg-1,k-1)/C(N-1,k-1))/sigma`; sigma ~ 0 -> all 0.
 */
export function passKAnalytic(correct: readonly boolean[], k: number): number[] {
  const n = correct.length;
  if (n < 2) return correct.map(() => 0);
  const kk = Math.max(1, Math.min(k, n));
  const nNeg = correct.filter((c) => !c).length;
  const pFail = binomial(nNeg, kk) / binomial(n, kk);
  const rBar = 1 - pFail;
  const sigma = Math.sqrt(Math.max(0, rBar * (1 - rBar)));
  if (sigma < ZERO_STD_TOL) return correct.map(() => 0);
  const aPos = pFail / sigma;
  const aNeg = (pFail - binomial(nNeg - 1, kk - 1) / binomial(n - 1, kk - 1)) / sigma;
  return correct.map((c) => (c ? aPos : aNeg));
}

/**
 * REINFORCE++ global whitening (section 2.5, verl masked_whiten with 1 token per rollout):
 * `(x - mean) / sqrt(var_sample + eps)`, eps inside the sqrt (1e-8). Fewer than 2 values: zeros.
 */
export function globalWhiten(xs: readonly number[], eps = 1e-8): number[] {
  if (xs.length < 2) return xs.map(() => 0);
  const m = nanMean(xs);
  const v = nanStd(xs, 'sample') ** 2;
  return xs.map((x) => (x - m) / Math.sqrt(v + eps));
}

/** REINFORCE++-baseline (section 2.5): group mean-centring, then global whitening over all rollouts of the batch. */
export function reinforcePlusPlusBaseline(groupRewards: readonly number[][]): number[][] {
  return whitenGroups(groupRewards.map((r) => meanCentered(r)));
}

/** REINFORCE++ without a baseline, beta = 0 (section 2.5): whiten the raw rewards over the batch. */
export function reinforcePlusPlus(groupRewards: readonly number[][]): number[][] {
  return whitenGroups(groupRewards.map((r) => r.slice()));
}

function whitenGroups(groups: number[][]): number[][] {
  const flat = globalWhiten(groups.flat());
  let k = 0;
  return groups.map((g) => g.map(() => flat[k++]));
}

// ---------------------------------------------------------------------------------------------------------------
// MC-GRPO (section 2.6).
// ---------------------------------------------------------------------------------------------------------------

/**
 * MC-GRPO pivot: the first index holding the median of an odd-length group (section 2.6; tie-break documented as
 * "first index"). For an even count the lower median is used (torch.median semantics). NaN rewards are skipped;
 * returns -1 when no reward is finite.
 */
export function mcPivotIndex(rewards: readonly number[]): number {
  const v = finiteValues(rewards).sort((a, b) => a - b);
  if (v.length === 0) return -1;
  const m = v[(v.length - 1) >> 1];
  return rewards.findIndex((x) => x === m);
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

// ---------------------------------------------------------------------------------------------------------------
// GRPO process supervision (section 2.1).
// ---------------------------------------------------------------------------------------------------------------

/** One scored reasoning step: `end` is the 1-based token index of the step's last token. */
export interface StepReward {
  end: number;
  reward: number;
}

/**
 * GRPO process supervision (section 2.1): normalise all step rewards of all G outputs together
 * `(r - mean(R))/(std(R) + eps)`, then token t of output i gets the sum of normalised rewards of steps ending at or
 * after t: `A_{i,t} = sum_{end_j >= t} r~_{i,j}`. `lengths[i]` = |o_i|; returns one array of |o_i| values per output.
 */
export function processAdvantages(
  steps: readonly StepReward[][],
  lengths: readonly number[],
  stdType: StdType = 'sample',
  eps = 0,
): number[][] {
  const flat = standardize(
    steps.flatMap((s) => s.map((x) => x.reward)),
    stdType,
    eps,
  );
  let k = 0;
  const norm = steps.map((s) => s.map((x) => ({ end: x.end, value: flat[k++] })));
  return lengths.map((len, i) =>
    Array.from({ length: len }, (_, t) =>
      norm[i].filter((s) => s.end >= t + 1).reduce((acc, s) => acc + s.value, 0),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Top-level entry the trainer calls.
// ---------------------------------------------------------------------------------------------------------------

export interface AdvantageGroup {
  /** Weighted total per rollout; NaN = unscorable. */
  rewards: number[];
  /** Named reward components (for GDPO). */
  components?: Record<string, number[]>;
  /** Component weights (for GDPO); missing names weigh 1. */
  weights?: Record<string, number>;
  /** Mean token log-prob under pi_old (unlikeliness ranks). */
  meanLogp?: number[];
  /** Extracted answers (SEED-style clusters). */
  answers?: string[];
  /** Expert index per rollout; baseline (and group-level scale) per sub-group when given. */
  subgroups?: number[];
  /** MC-GRPO pivot index (excluded, advantage 0). */
  pivot?: number;
}

export interface AdvantageOutput {
  /** Same shape as the groups' rewards. */
  advantages: number[][];
  /** Per group: normalisation std ~0 (TRL frac_reward_zero_std semantics). */
  zeroStd: boolean[];
  /** Per rollout: excluded from the loss (pivot, NaN). */
  excluded: boolean[][];
}

/**
 * Compute advantages for a batch of groups (section 1.1 step 4; knobs of section 4).
 *
 * Knob composition order:
 *  1. Exclusions: NaN rewards and the MC-GRPO `pivot` are flagged excluded (the pivot still counts in the stats).
 *  2. Reward transform: unlikeliness rank penalty `r(1 - beta rank)` when `unlikelinessBeta > 0` and `meanLogp` given.
 *  3. Core advantage, per group, or per expert sub-group when `subgroups` is given. Exactly one of:
 *     a. `passK` 'best-only' (group std unless scale 'none') or 'analytic' (closed form): replaces baseline/scale.
 *     b. `gdpo`: per-component group normalisation, weighted sum, batch normalisation (uses stdType/epsilon; ignores
 *        baseline/scale/baselineShift and the step-2 transform, which acts on the total reward only). Without
 *        `components` the total reward is the single component.
 *     c. otherwise `(centre_baseline(r) - baselineShift) / scale`.
 *  4. `agrae`: difficulty mix and positive suppression with group accuracy p and batch mean accuracy pBar.
 *  5. `seedAlpha > 0` with `answers`: multiply by the SEED-style factor `1/(1 + alpha/log G * SE)`.
 *  6. Excluded rollouts are set to 0.
 *  7. `globalWhiten`: whiten over all non-excluded rollouts of the batch (sample var + 1e-8 inside the sqrt).
 *
 * Group accuracy (A-GRAE p, pass@k correctness) uses `components.correct` when present, else the total reward
 * (correct = reward > 0), since a format bonus would otherwise push p above 1.
 */
export function computeAdvantages(groups: readonly AdvantageGroup[], cfg: AdvantageConfig): AdvantageOutput {
  const excluded = groups.map((g) => g.rewards.map((r, i) => !Number.isFinite(r) || i === g.pivot));
  const rewards = groups.map((g) =>
    cfg.unlikelinessBeta > 0 && g.meanLogp ? applyUnlikelinessPenalty(g.rewards, g.meanLogp, cfg.unlikelinessBeta) : g.rewards.slice(),
  );
  const core = coreAdvantages(groups, rewards, cfg);
  let advantages = core.advantages;

  if (cfg.agrae) {
    const acc = groups.map(groupAccuracy);
    const pBar = nanMean(acc);
    advantages = advantages.map((a, gi) => agraeTransform(a, acc[gi], pBar, cfg.agraeAlpha, cfg.epsilon));
  }
  if (cfg.seedAlpha > 0) {
    advantages = advantages.map((a, gi) => {
      const answers = groups[gi].answers;
      if (!answers) return a;
      const valid = validIndices(groups[gi].rewards);
      const se = semanticEntropy(valid.map((i) => answers[i] ?? ''));
      const f = seedScale(se, cfg.seedAlpha, valid.length);
      return a.map((x) => x * f);
    });
  }
  advantages = advantages.map((a, gi) => a.map((x, i) => (excluded[gi][i] ? 0 : x)));
  if (cfg.globalWhiten) advantages = whitenIncluded(advantages, excluded);
  return { advantages, zeroStd: core.zeroStd, excluded };
}

/** Step 3 of computeAdvantages: the core advantage per group / sub-group, plus zero-std flags. */
function coreAdvantages(
  groups: readonly AdvantageGroup[],
  rewards: number[][],
  cfg: AdvantageConfig,
): { advantages: number[][]; zeroStd: boolean[] } {
  const units = groups.flatMap((g, gi) => splitUnits(g, gi));
  const advantages = rewards.map((r) => r.map(() => 0));
  const unitStd: number[] = [];

  if (cfg.passK !== 'off') {
    for (const u of units) {
      const r = u.idx.map((i) => rewards[u.group][i]);
      const adv =
        cfg.passK === 'best-only'
          ? passKBestOnly(r, cfg.scale !== 'none', cfg.stdType, cfg.epsilon)
          : passKAnalyticNaN(r, u.idx.map((i) => isCorrect(groups[u.group], i)), cfg.passKk);
      u.idx.forEach((i, k) => (advantages[u.group][i] = adv[k]));
      unitStd.push(finiteValues(r).length > 1 ? nanStd(r, cfg.stdType) : 0);
    }
  } else if (cfg.g2rpo || cfg.arena) {
    // G^2RPO (rank -> normal quantile) and ArenaRL (tournament rank): non-linear maps of each group's rewards.
    for (const u of units) {
      const r = u.idx.map((i) => rewards[u.group][i]);
      const adv = cfg.arena ? arenaAdvantages(r) : g2rpoAdvantages(r);
      u.idx.forEach((i, k) => (advantages[u.group][i] = adv[k]));
      unitStd.push(finiteValues(r).length > 1 ? nanStd(r, cfg.stdType) : 0);
    }
  } else if (cfg.gdpo) {
    const inputs = units.map((u) => {
      const g = groups[u.group];
      const comps = g.components ?? { total: g.rewards };
      const components = Object.fromEntries(Object.entries(comps).map(([k, v]) => [k, u.idx.map((i) => v[i])]));
      return { components, valid: u.idx.map((i) => Number.isFinite(rewards[u.group][i])), weights: g.weights };
    });
    const res = gdpoAdvantages(inputs, undefined, cfg.stdType, cfg.epsilon);
    units.forEach((u, ui) => {
      u.idx.forEach((i, k) => (advantages[u.group][i] = res.advantages[ui][k]));
      unitStd.push(res.batchStd);
    });
  } else {
    const batch = rewards.flatMap((r) => finiteValues(r));
    const opts: GroupNormOptions = { ...cfg, batchStd: nanStd(batch, cfg.stdType), batchConstant: isConstant(batch) };
    for (const u of units) {
      const res = groupAdvantages(
        u.idx.map((i) => rewards[u.group][i]),
        opts,
      );
      u.idx.forEach((i, k) => (advantages[u.group][i] = res.advantages[k]));
      unitStd.push(res.normStd);
    }
  }
  const zeroStd = groups.map((_, gi) => units.every((u, ui) => u.group !== gi || Math.abs(unitStd[ui]) <= ZERO_STD_TOL));
  return { advantages, zeroStd };
}

/** Rollout index sets the core step works on: the whole group, or one per expert sub-group. */
function splitUnits(g: AdvantageGroup, gi: number): { group: number; idx: number[] }[] {
  const all = g.rewards.map((_, i) => i);
  if (!g.subgroups) return [{ group: gi, idx: all }];
  const byKey = new Map<number, number[]>();
  for (const i of all) {
    const key = g.subgroups[i] ?? 0;
    byKey.set(key, [...(byKey.get(key) ?? []), i]);
  }
  return [...byKey.values()].map((idx) => ({ group: gi, idx }));
}

/** Pass@k analytic over the scorable rollouts only (NaN rewards get 0). */
function passKAnalyticNaN(r: readonly number[], correct: readonly boolean[], k: number): number[] {
  const idx = validIndices(r);
  const adv = passKAnalytic(
    idx.map((i) => correct[i]),
    k,
  );
  const out = r.map(() => 0);
  idx.forEach((i, j) => (out[i] = adv[j]));
  return out;
}

function isCorrect(g: AdvantageGroup, i: number): boolean {
  const c = g.components?.correct?.[i];
  return (c !== undefined && Number.isFinite(c) ? c : g.rewards[i]) > 0;
}

/** Group accuracy p in [0, 1]: mean of components.correct if given, else of the total reward (scorable rollouts). */
function groupAccuracy(g: AdvantageGroup): number {
  const idx = validIndices(g.rewards);
  const src = g.components?.correct ?? g.rewards;
  return clamp01(nanMean(idx.map((i) => src[i])));
}

function whitenIncluded(advantages: number[][], excluded: boolean[][]): number[][] {
  const flat = advantages.flatMap((a, gi) => a.filter((_, i) => !excluded[gi][i]));
  const white = globalWhiten(flat);
  let k = 0;
  return advantages.map((a, gi) => a.map((_, i) => (excluded[gi][i] ? 0 : white[k++])));
}

// ---------------------------------------------------------------------------------------------------------------
// Diagnostics.
// ---------------------------------------------------------------------------------------------------------------

/**
 * Advantage sign-flip rate (the MC-GRPO diagnostic, section 2.6): among non-excluded rollouts (finite reward, not the
 * pivot, not flagged in `excluded` when given), the fraction whose advantage sign is opposite to the plain
 * mean-baseline sign `r - mean(group)`. Rollouts where either sign is zero (|x| <= 1e-12) are not comparable and are
 * left out of numerator and denominator: zeroing an advantage (pass@k best-only, pivot) drops signal but flips nothing,
 * and a reward equal to the mean has no reference sign. Returns 0 when nothing is comparable.
 */
export function signFlipRate(
  groups: readonly AdvantageGroup[],
  advantages: readonly number[][],
  excluded?: readonly boolean[][],
): number {
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
