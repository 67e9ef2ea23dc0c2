// G^2RPO (Gaussian GRPO, OpenVLThinkerV2, arXiv:2604.08539): the group's rewards are mapped onto a standard normal
// by 1D optimal transport (distribution matching) instead of (r - mean)/std. Read from the paper's abstract and a
// secondary summary ("assigns advantages by the relative rank of a response via the CDF"); no public code was found.
// UNVERIFIED: the quantile points (midpoint (k - 0.5)/G here) and the tie rule (tied rewards share the mean of their
// quantiles, so equal rewards get equal advantages and an all-equal group gets 0).
import erfcinv from '@stdlib/math-base-special-erfcinv';

/** Standard normal quantile Phi^{-1}(p) for 0 < p < 1 (via erfcinv: Phi^{-1}(p) = -sqrt(2) erfcinv(2p)). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p must be in (0, 1), got ${p}`);
  return -Math.SQRT2 * erfcinv(2 * p);
}

/**
 * G^2RPO advantages of one group: sort the finite rewards, give the k-th smallest (k = 1..n) the normal quantile
 * Phi^{-1}((k - 0.5)/n); tied rewards share the mean of their quantiles. Non-finite rewards get 0. Fewer than two
 * finite rewards: all 0. The output has mean 0 (the quantiles are symmetric), whatever the reward scale.
 * Example [1, 0, 0, 0] -> [1.1503, -0.3834 x3]; [0.1, 5, 0.3, 0.2] -> [-1.1503, 1.1503, 0.3186, -0.3186].
 */
export function g2rpoAdvantages(rewards: readonly number[]): number[] {
  const idx = rewards.flatMap((r, i) => (Number.isFinite(r) ? [i] : []));
  const out = rewards.map(() => 0);
  const n = idx.length;
  if (n < 2) return out;
  const order = [...idx].sort((a, b) => rewards[a] - rewards[b] || a - b);
  let k = 0;
  while (k < n) {
    let end = k;
    while (end + 1 < n && rewards[order[end + 1]] === rewards[order[k]]) end++;
    let sum = 0;
    for (let j = k; j <= end; j++) sum += normalQuantile((j + 0.5) / n);
    const shared = sum / (end - k + 1);
    for (let j = k; j <= end; j++) out[order[j]] = Math.abs(shared) < 1e-12 ? 0 : shared;
    k = end + 1;
  }
  return out;
}
