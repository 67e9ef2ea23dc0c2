// Rollout-GDRO (the second game of arXiv:2601.19280, Panaganti et al.; no public code). Read: the abstract, the
// OpenReview abstract and summaries (emergentmind "Rollout-GDRO", a liner review of Figure 2): a compute adversary
// reallocates rollouts across pass@k difficulty bins under a fixed mean budget (compute-neutral), with a shadow-price
// controller mu over discrete rollout arms n_min..n_max, and a variance-proxy analysis giving a square-root optimal
// allocation. This playground's reading, UNVERIFIED throughout: the variance proxy of a prompt is the Bernoulli
// standard deviation sigma_b = sqrt(e_b (1 - e_b)) of its bin's debiased error rate e_b (Prompt-GDRO's bin score,
// 0.5 before the bin is seen); minimising sum_i sigma_i^2 / n_i + mu (sum_i n_i - budget) gives
// n_i = sigma_i / sqrt(mu), clipped to [n_min, n_max]; mu is the price at which the clipped counts spend the budget
// exactly (found by bisection every step, not a running dual update), then rounded by largest remainder.

/** n_i = clamp(sigma_i * lambda, lo, hi) summed: nondecreasing in lambda = 1 / sqrt(mu). */
function spent(sigmas: readonly number[], lambda: number, lo: number, hi: number): number {
  return sigmas.reduce((a, s) => a + Math.min(hi, Math.max(lo, s * lambda)), 0);
}

/**
 * Integer rollout counts, one per prompt, each in [lo, hi], summing to `budget` exactly; larger sigma gets more.
 * All-equal sigmas give the uniform split (up to the remainder, which goes to the first prompts).
 */
export function allocateRollouts(sigmas: readonly number[], budget: number, lo: number, hi: number): number[] {
  const n = sigmas.length;
  if (!Number.isInteger(budget) || !Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo)
    throw new Error(`Rollout-GDRO: need integers 1 <= n_min <= n_max (got ${lo}, ${hi}) and an integer budget (got ${budget})`);
  if (budget < n * lo || budget > n * hi)
    throw new Error(`Rollout-GDRO: ${budget} rollouts cannot be split over ${n} prompts with ${lo} to ${hi} each`);
  if (sigmas.some((s) => !(s >= 0) || !Number.isFinite(s))) throw new Error('Rollout-GDRO: every variance proxy must be finite and >= 0');
  const max = Math.max(0, ...sigmas);
  let continuous: number[];
  if (max === 0) {
    continuous = sigmas.map(() => budget / n);
  } else {
    // spent(0) = n * lo <= budget <= n * hi = spent(hi / min positive sigma): bisect on lambda
    const minPos = Math.min(...sigmas.filter((s) => s > 0));
    let a = 0;
    let b = hi / minPos;
    for (let it = 0; it < 200; it++) {
      const m = (a + b) / 2;
      if (spent(sigmas, m, lo, hi) < budget) a = m;
      else b = m;
    }
    continuous = sigmas.map((s) => Math.min(hi, Math.max(lo, s * b)));
    // prompts at sigma 0 sit at lo; if the clipped counts still cannot reach the budget, spread the rest evenly
    const short = budget - continuous.reduce((x, y) => x + y, 0);
    if (short > 1e-9) {
      const room = continuous.map((c) => hi - c);
      const total = room.reduce((x, y) => x + y, 0);
      continuous = continuous.map((c, i) => c + (short * room[i]) / total);
    }
  }
  const counts = continuous.map((c) => Math.floor(c + 1e-9));
  let left = budget - counts.reduce((x, y) => x + y, 0);
  const order = continuous.map((c, i) => ({ i, frac: c - counts[i] })).sort((x, y) => y.frac - x.frac || x.i - y.i);
  for (let k = 0; left > 0 && k < 2 * n; k++) {
    const { i } = order[k % n];
    if (counts[i] < hi) {
      counts[i]++;
      left--;
    }
  }
  return counts;
}

/** The variance proxy of each prompt from its bin's debiased error rate. */
export function binSigmas(errorRates: readonly number[], binOfPrompt: readonly number[]): number[] {
  return binOfPrompt.map((b) => {
    const e = Math.min(1, Math.max(0, errorRates[b]));
    return Math.sqrt(e * (1 - e));
  });
}
