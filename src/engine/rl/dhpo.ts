// DHPO, Dynamic Hybrid Policy Optimization (arXiv:2601.05607, ACL Findings 2026). Read: the abstract only, which
// says: token-level (GRPO) and sequence-level (GSPO) importance ratios are combined "within a single clipped
// surrogate objective" by a weight, either averaged or entropy-guided, and each ratio is clipped "within separate
// trust regions before mixing". The code is not released, so everything below the abstract's words is a reading
// of them, UNVERIFIED:
//   r_tok = exp(logp - logp_old) per token; r_seq = exp(mean_t(logp - logp_old)) (GSPO's geometric mean);
//   alpha_t = 1/2 (averaged) or H_t / max H over the batch's active tokens (entropy-guided: high-entropy "fork"
//   tokens lean on their own ratio, confident tokens on the sequence's), detached;
//   r_mix = alpha r_tok + (1 - alpha) r_seq; c_mix = alpha clip(r_tok, eps) + (1 - alpha) clip(r_seq, eps_seq);
//   token loss = -min(r_mix A, c_mix A) (the PPO min taken after mixing).
// The plain-number oracle below is what the tests pin the tfjs version to.
import * as tf from '@tensorflow/tfjs';
import type { ObjectiveConfig } from '../config';
import { clipRatio, gspoSequenceRatio, safeRatio } from './surrogate-math';

export interface HybridRatio {
  /** [n, T] mixed ratio r_mix. */
  ratio: tf.Tensor2D;
  /** [n, T] mixed branch-clipped ratio c_mix. */
  clipped: tf.Tensor2D;
}

/** Token weight alpha of the token-level ratio (the rest goes to the sequence ratio). Constant: no gradient. */
export function dhpoAlpha(entropy: readonly number[], mode: ObjectiveConfig['dhpoMix']): number[] {
  if (mode === 'average') return entropy.map(() => 0.5);
  // All-zero entropy (a fully confident batch) gives alpha 0: the sequence ratio alone.
  const max = Math.max(0, ...entropy);
  return entropy.map((h) => Math.min(Math.max(h / Math.max(max, 1e-12), 0), 1));
}

/**
 * Plain-number DHPO token losses of one sequence (active tokens only), given each token's weight alpha (from
 * dhpoAlpha over the whole minibatch's active tokens, as the tfjs version normalises).
 */
export function dhpoTokenLosses(
  tokenLogRatios: readonly number[],
  alpha: readonly number[],
  adv: number,
  cfg: Pick<ObjectiveConfig, 'epsLow' | 'epsHigh' | 'dhpoSeqEpsLow' | 'dhpoSeqEpsHigh'>,
): number[] {
  const rSeq = gspoSequenceRatio(tokenLogRatios);
  const cSeq = clipRatio(rSeq, cfg.dhpoSeqEpsLow, cfg.dhpoSeqEpsHigh);
  return tokenLogRatios.map((lr, t) => {
    const rTok = safeRatio(lr);
    const a = alpha[t];
    const mix = a * rTok + (1 - a) * rSeq;
    const clipped = a * clipRatio(rTok, cfg.epsLow, cfg.epsHigh) + (1 - a) * cSeq;
    return -Math.min(mix * adv, clipped * adv);
  });
}

/**
 * The same mix in tfjs. `logRatio` is the masked, clamped log-ratio, `entropy` the per-token entropy (the caller
 * detaches it: the mix weight is a constant), `mask` the active tokens. alpha for the entropy mode uses the max
 * over this minibatch's active tokens.
 */
export function hybridRatios(logRatio: tf.Tensor2D, entropy: tf.Tensor2D, mask: tf.Tensor2D, cfg: ObjectiveConfig): HybridRatio {
  const rTok = tf.exp(logRatio);
  const len = tf.maximum(tf.sum(mask, 1, true), 1);
  const rSeq = tf.mul(tf.exp(tf.div(tf.sum(logRatio, 1, true), len)), tf.onesLike(logRatio));
  let alpha: tf.Tensor;
  if (cfg.dhpoMix === 'average') alpha = tf.fill(logRatio.shape, 0.5);
  else {
    const h = tf.mul(entropy, mask);
    alpha = tf.clipByValue(tf.div(h, tf.maximum(tf.max(h), 1e-12)), 0, 1);
  }
  const rest = tf.sub(1, alpha);
  const ratio = tf.add(tf.mul(alpha, rTok), tf.mul(rest, rSeq)) as tf.Tensor2D;
  const clipped = tf.add(
    tf.mul(alpha, tf.clipByValue(rTok, 1 - cfg.epsLow, 1 + cfg.epsHigh)),
    tf.mul(rest, tf.clipByValue(rSeq, 1 - cfg.dhpoSeqEpsLow, 1 + cfg.dhpoSeqEpsHigh)),
  ) as tf.Tensor2D;
  return { ratio, clipped };
}
