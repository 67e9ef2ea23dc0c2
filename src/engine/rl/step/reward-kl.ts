// KL in the reward (RLOO, REINFORCE++): r_i -= beta * sum_t KL_t(logp_old, logp_ref) over the sampled tokens (k1 by
// default, as TRL RLOO and verl do; the estimator knob picks k2/k3 instead).
import type { ObjectiveConfig } from '../../config';
import { klEstimate } from '../surrogate-math';
import type { Rollout } from '../rollouts';

export function applyRewardKl(
  rollouts: Rollout[],
  mask: Float32Array,
  width: number,
  oldLogp: Float32Array,
  refLogp: Float32Array,
  objective: ObjectiveConfig,
): void {
  rollouts.forEach((r, i) => {
    let kl = 0;
    for (let t = 0; t < width; t++) {
      if (mask[i * width + t] > 0) kl += klEstimate(oldLogp[i * width + t], refLogp[i * width + t], objective.klEstimator);
    }
    r.total -= objective.klCoef * kl;
  });
}

/** Mean of one row's values over its mask (a rollout's mean token log-prob). */
export function meanOver(values: Float32Array, mask: Float32Array, row: number, width: number): number {
  let s = 0;
  let n = 0;
  for (let t = 0; t < width; t++) {
    const m = mask[row * width + t];
    s += values[row * width + t] * m;
    n += m;
  }
  return n > 0 ? s / n : 0;
}
