// Baselines (section 4 "baseline" column): the centring step r_i - b_i of one group.
// Part of the advantage math (pure functions on number arrays, no tfjs); conventions in ../advantages.ts.
import { type StdType, divideBy, isConstant, logSumExp, median, nanMean, nanStd } from './statistics';

// ---------------------------------------------------------------------------------------------------------------

/** `r_i - mean(r)`: GRPO / Dr. GRPO / REC numerator (sections 2.1, 2.2, 2.12). */
export function meanCentered(r: readonly number[]): number[] {
  if (isConstant(r)) return r.map(() => 0);
  const m = nanMean(r);
  return r.map((x) => x - m);
}

/**
 * DaGRPO's sequence-level gradient rectification as this playground reads it (arXiv:2512.06337; abstract and
 * summaries only, no code): `r_i - mean(r)` is `(1/G) sum_j (r_i - r_j)`, a sum over sample pairs; pairs whose
 * scores differ by less than delta ("low distinctiveness") are masked: `(1/G) sum_{j : |r_i - r_j| >= delta} (r_i - r_j)`.
 * The fine-grained score is the weighted reward itself (the paper's is an LLM scorer's): UNVERIFIED. delta 0 = mean.
 */
export function pairMaskedCentered(r: readonly number[], delta: number): number[] {
  if (isConstant(r)) return r.map(() => 0);
  return r.map((ri) => r.reduce((acc, rj) => (Math.abs(ri - rj) >= delta ? acc + (ri - rj) : acc), 0) / r.length);
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
export function ngrpoAdvantages(r: readonly number[], rMax: number, count: number, stdType: StdType, eps: number): number[] {
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
