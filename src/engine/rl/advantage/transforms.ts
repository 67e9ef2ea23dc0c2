// Transforms (section 4 "calibration / post-transform" column): rank penalties, GDPO, AGRAE, SEED, pass@k, whitening.
// Part of the advantage math (pure functions on number arrays, no tfjs); conventions in ../advantages.ts.
import { meanCentered } from './baselines';
import { validIndices } from './group-norm';
import { groupStdDenominator } from './scales';
import { type StdType, ZERO_STD_TOL, divideBy, nanMean, nanStd, standardize } from './statistics';

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

export function clamp01(x: number): number {
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
export function passKBestOnly(rewards: readonly number[], normalize: boolean, stdType: StdType, eps: number): number[] {
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
