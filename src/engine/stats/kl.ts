// The Schulman KL estimators (algorithms.md 1.5): the ONE plain-number definition. The loss (rl/objective.ts, in
// tfjs, tested against this), the reward-side penalty (rl/trainer.ts) and the `kl` metric (metrics.ts) all use it.

export type KlEstimatorName = 'k1' | 'k2' | 'k3' | 'abs';
/** 'verl': k3 input clamped to [-20,20], output to [-10,10]; 'openrlhf': every estimator clamped to [-10,10]. */
export type KlClamp = 'verl' | 'openrlhf' | 'none';

/**
 * Schulman k-estimators with Delta = logp - refLogp (section 1.5): k1 = Delta, k2 = Delta^2/2,
 * k3 = exp(-Delta) + Delta - 1, abs = |Delta|. Example logp -1, ref -1.2: 0.2 / 0.02 / 0.018731.
 */
export function klEstimate(logp: number, refLogp: number, estimator: KlEstimatorName, clamp: KlClamp = 'verl'): number {
  const delta = logp - refLogp;
  let kl: number;
  switch (estimator) {
    case 'k1':
      kl = delta;
      break;
    case 'k2':
      kl = 0.5 * delta * delta;
      break;
    case 'abs':
      kl = Math.abs(delta);
      break;
    case 'k3': {
      // verl: kl = ref - logp, clamped to [-20, 20]; kld = exp(kl) - kl - 1, clamped to [-10, 10].
      const x = clamp === 'verl' ? clampTo(-delta, 20) : -delta;
      kl = Math.exp(x) - x - 1;
      if (clamp === 'verl') kl = clampTo(kl, 10);
      break;
    }
  }
  return clamp === 'openrlhf' ? clampTo(kl, 10) : kl;
}

function clampTo(x: number, bound: number): number {
  return Math.min(bound, Math.max(-bound, x));
}
