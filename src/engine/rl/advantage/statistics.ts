// Statistics helpers (section 0.3/0.4): NaN-aware means, stds, medians and the safe division every scale uses.
// Part of the advantage math (pure functions on number arrays, no tfjs); conventions in ../advantages.ts.

export type StdType = 'sample' | 'population';

/** |std| at or below this counts as zero (TRL uses torch.isclose(std, 0): atol 1e-8). */
export const ZERO_STD_TOL = 1e-8;

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
export function divideBy(xs: readonly number[], d: number): number[] {
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
