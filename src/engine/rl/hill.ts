// HiLL, learning to hint (arXiv:2604.00698; code Andree-9/HiLL @ 857078e, read through the index:
// verl/trainer/ppo/hinter_utils.py compute_hint_reward / select_best_hint, and the hint-reliance lines of
// verl/trainer/ppo/hill_ray_trainer.py). HiLL trains a hinter policy that writes a hint for an all-wrong question from
// the reasoner's failed rollout and the reference; among M candidate hints the one with the highest hinter reward
// is used. Hint reliance of a hinted rollout y: mean_t log p(y | x) - mean_t log p(y | x, h) (how much less likely
// the hinted success is without the hint); the transfer-weighted reward of a hint is
//   R = p(1 - p) * exp(min(mean reliance over the right hinted rollouts, 0) / T), p = share of right rollouts,
// 0 when p is 0 or 1 (and R = p(1 - p) when no reliance is known).
// Toy reading, UNVERIFIED: the toy has no hinter network to train, so the M candidates are SAGE's self-written hint
// at each level (sage.ts) and HiLL's reward picks among them; the candidates are not conditioned on the failed
// rollout; the leakage and format gates are not needed (a toy hint is a masked answer by construction).
import * as tf from '@tensorflow/tfjs';
import type { TransformerPolicy } from '../policy/model';
import { buildBatch } from '../policy/batch';
import { tokenStats } from '../policy/logprobs';
import { countReadback } from '../policy/counters';
import { encode } from '../policy/tokenizer';

/** HiLL's transfer-weighted variance reward of one hint (compute_hint_reward, "transfer_weighted_variance"). */
export function transferWeightedReward(correct: readonly boolean[], avgReliance: number | undefined, temperature: number): number {
  const p = correct.length ? correct.filter(Boolean).length / correct.length : 0;
  if (p === 0 || p === 1) return 0;
  const balance = p * (1 - p);
  return avgReliance === undefined ? balance : balance * Math.exp(Math.min(avgReliance, 0) / temperature);
}

/** Mean hint reliance over the right rollouts (undefined when none is right). */
export function meanReliance(reliance: readonly number[], correct: readonly boolean[]): number | undefined {
  const r = reliance.filter((_, i) => correct[i]);
  return r.length ? r.reduce((a, b) => a + b, 0) / r.length : undefined;
}

/** Index of the best candidate: the highest reward, the first on ties (select_best_hint's strict >). */
export function bestHintIndex(rewards: readonly number[]): number {
  let best = 0;
  rewards.forEach((r, i) => {
    if (r > rewards[best]) best = i;
  });
  return best;
}

/** Hint reliance of one rollout from its token log-probs without (q) and with (qh) the hint: mean(q) - mean(qh). */
export function hintReliance(q: readonly number[], qh: readonly number[]): number {
  const mean = (x: readonly number[]) => (x.length ? x.reduce((a, b) => a + b, 0) / x.length : 0);
  return mean(q) - mean(qh);
}

/** Token log-probs of each completion after its prompt, under the policy (no gradient, one readback). */
export async function tokenLogps(
  policy: TransformerPolicy,
  prompts: readonly string[],
  completions: readonly number[][],
): Promise<number[][]> {
  if (prompts.length === 0) return [];
  const batch = buildBatch(
    prompts.map((p) => encode(p)),
    completions.map((c) => [...c]),
  );
  const T = batch.completionWidth;
  const flat = tf.tidy(() => tf.reshape(tokenStats(policy, batch, false).logp, [-1]));
  countReadback();
  const data = (await flat.data()) as Float32Array;
  flat.dispose();
  return completions.map((c, i) => Array.from(data.subarray(i * T, i * T + c.length)));
}
