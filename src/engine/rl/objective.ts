// The policy loss in tfjs: ratio (token or sequence), clipping (PPO, dual-clip, REC masks, none), aggregation,
// KL to a frozen reference and the entropy bonus, each a separate knob (algorithms.md sections 1.2-1.6).
// surrogate-math.ts holds the same formulas on plain numbers; tests check this file against it.
import * as tf from '@tensorflow/tfjs';
import type { ObjectiveConfig } from '../config';
import { hybridRatios } from './dhpo';
import { installArithGrads } from '../policy/arith-grads';
import { installSelectGrads } from '../policy/select-grads';
import { clipStats } from './clip-stats';

installSelectGrads(); // the clamps' and max/min's gradients as one WASM kernel each (switch fusedSelectGrads)
installArithGrads(); // Multiply / RealDiv / Sum gradients without their Cast or Reshape launch (switch fusedArithGrads)

/** Identity whose gradient is zero (tfjs has no stopGradient). */
export const stopGradient = tf.customGrad(((x: tf.Tensor) => ({
  value: x.clone(),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;

export interface ObjectiveInputs {
  /** [n, T] log pi_theta of each completion token (differentiable). */
  logp: tf.Tensor2D;
  /** [n, T] log-probs under the sampling policy (constant). */
  oldLogp: tf.Tensor2D;
  /** [n, T] log-probs under the frozen reference (constant), when KL is in the loss. */
  refLogp?: tf.Tensor2D;
  /** [n, T] per-token entropy (differentiable), for the entropy bonus. */
  entropy: tf.Tensor2D;
  /** [n] advantage per sequence (broadcast to its tokens). */
  advantages: tf.Tensor1D;
  /** [n, T] per-token advantages (SRPO's distillation rows); replaces the broadcast of `advantages` when given. */
  tokenAdvantages?: tf.Tensor2D;
  /** [n, T] 1 on active tokens; rows of excluded sequences are all 0. */
  mask: tf.Tensor2D;
  /** Constant normalizer L for the 'constant' aggregation (the max completion length). */
  maxLength: number;
  /** OPMD temperature (loss scale 1/(1+tau)). */
  tau: number;
}

export interface ObjectiveOutputs {
  loss: tf.Scalar;
  /** Policy loss before KL and entropy terms. */
  policyLoss: tf.Scalar;
  kl: tf.Scalar;
  entropy: tf.Scalar;
  clipLow: tf.Scalar;
  clipHigh: tf.Scalar;
  clipRegion: tf.Scalar;
  /** LLDS regulariser value (0 when lldsCoef is 0). */
  llds: tf.Scalar;
}

/** Reduce per-token values with the configured aggregation (algorithms.md 1.4). */
export function aggregate(values: tf.Tensor2D, mask: tf.Tensor2D, mode: ObjectiveConfig['aggregation'], maxLength: number): tf.Scalar {
  const masked = tf.mul(values, mask);
  // only the modes that count sequences compute these (a few launches each)
  const perSeqLen = () => tf.sum(mask, 1);
  const activeSeqs = (len: tf.Tensor) => tf.maximum(tf.sum(tf.cast(tf.greater(len, 0), 'float32')), 1);
  switch (mode) {
    case 'token-mean':
      return tf.div(tf.sum(masked), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
    case 'seq-mean-token-mean': {
      const len = perSeqLen();
      return tf.div(tf.sum(tf.div(tf.sum(masked, 1), tf.maximum(len, 1))), activeSeqs(len)) as tf.Scalar;
    }
    case 'seq-mean-token-sum':
      return tf.div(tf.sum(masked), activeSeqs(perSeqLen())) as tf.Scalar;
    case 'constant':
      // TRL dr_grpo: sum / (B * L_max).
      return tf.div(tf.sum(masked), tf.mul(activeSeqs(perSeqLen()), maxLength)) as tf.Scalar;
    case 'seq-mean-token-sum-norm':
      // verl: sum / L with L = loss_scale_factor (default the padded response length; here the max completion length). No /B.
      return tf.div(tf.sum(masked), Math.max(maxLength, 1)) as tf.Scalar;
  }
}

/**
 * The Schulman KL estimators in tfjs, exactly as the plain-number definition in stats/kl.ts with verl's clamps
 * (k1 and k2 unclamped; k3 on x = clamp(ref - logp, +-20), output clamped to +-10). Tested against it.
 */
export function klEstimate(logp: tf.Tensor2D, refLogp: tf.Tensor2D, estimator: ObjectiveConfig['klEstimator']): tf.Tensor2D {
  const delta = tf.sub(logp, refLogp);
  switch (estimator) {
    case 'k1':
      return delta as tf.Tensor2D;
    case 'k2':
      return tf.mul(tf.square(delta), 0.5) as tf.Tensor2D;
    case 'k3': {
      const x = tf.clipByValue(tf.neg(delta), -20, 20);
      return tf.clipByValue(tf.sub(tf.sub(tf.exp(x), x), 1), -10, 10) as tf.Tensor2D;
    }
    case 'abs':
      return tf.abs(delta) as tf.Tensor2D;
  }
}

/**
 * Token (or GSPO sequence) importance ratio, log-ratio clamped to [-20, 20] as verl does. DHPO ('hybrid') also
 * returns its own branch-clipped ratio, which replaces clip(ratio) in the clipped surrogate.
 */
function importanceRatio(inp: ObjectiveInputs, cfg: ObjectiveConfig): { ratio: tf.Tensor2D; clipped?: tf.Tensor2D } {
  const logRatio = tf.mul(tf.clipByValue(tf.sub(inp.logp, inp.oldLogp), -20, 20), inp.mask) as tf.Tensor2D;
  if (cfg.ratioLevel === 'hybrid') return hybridRatios(logRatio, stopGradient(inp.entropy) as tf.Tensor2D, inp.mask, cfg);
  if (cfg.ratioLevel === 'token') return { ratio: tf.exp(logRatio) as tf.Tensor2D };
  const len = tf.maximum(tf.sum(inp.mask, 1, true), 1);
  const seq = tf.exp(tf.div(tf.sum(logRatio, 1, true), len)); // geometric mean of token ratios
  return { ratio: tf.mul(seq, tf.onesLike(inp.logp)) as tf.Tensor2D };
}

export function computeObjective(inp: ObjectiveInputs, cfg: ObjectiveConfig): ObjectiveOutputs {
  const A = inp.tokenAdvantages ?? tf.expandDims(inp.advantages, 1); // [n, T] or [n, 1]
  const { ratio, clipped: hybridClipped } = importanceRatio(inp, cfg);
  const lo = 1 - cfg.epsLow;
  const hi = 1 + cfg.epsHigh;
  const clipped = hybridClipped ?? tf.clipByValue(ratio, lo, hi);
  let tokenLoss: tf.Tensor2D;
  switch (cfg.clipMode) {
    case 'clip':
    case 'dual-clip': {
      // -min(rA, clip(r)A) == max(-rA, -clip(r)A); TRL's two-sided delta caps r in the unclipped branch.
      const unclippedRatio = cfg.clipDelta > 0 ? tf.minimum(ratio, cfg.clipDelta) : ratio;
      let l = tf.maximum(tf.neg(tf.mul(unclippedRatio, A)), tf.neg(tf.mul(clipped, A)));
      if (cfg.clipMode === 'dual-clip') {
        // The condition depends on A only (a constant), so it stays off the gradient tape.
        const negative = tf.less(tf.mul(A, tf.onesLike(inp.mask)), 0);
        l = tf.where(negative, tf.minimum(l, tf.mul(tf.neg(A), cfg.dualClipC)), l);
      }
      tokenLoss = l as tf.Tensor2D;
      break;
    }
    case 'none':
      // Plain REINFORCE / OPMD surrogate: -A * log pi (same gradient as -A*ratio on-policy).
      tokenLoss = tf.neg(tf.mul(A, inp.logp)) as tf.Tensor2D;
      break;
    case 'rec-one-side':
    case 'rec-two-side':
    case 'rec-ring': {
      // Masks built with tf.step (zero gradient) so no boolean op sits on the gradient path.
      const r = stopGradient(ratio);
      const Ab = tf.mul(A, tf.onesLike(inp.mask));
      const geLo = tf.sub(1, tf.step(tf.sub(lo, r))); // r >= lo
      const leHi = tf.sub(1, tf.step(tf.sub(r, hi))); // r <= hi
      const aPos = tf.sub(1, tf.step(tf.neg(Ab))); // A >= 0
      const aNeg = tf.sub(1, tf.step(Ab)); // A <= 0
      let keep: tf.Tensor;
      if (cfg.clipMode === 'rec-two-side') keep = tf.mul(geLo, leHi);
      else if (cfg.clipMode === 'rec-one-side') keep = tf.maximum(tf.mul(aPos, leHi), tf.mul(aNeg, geLo));
      else {
        // Trinity ring: the band, plus A >= 0 tokens with r <= 1 - eps'_low and A <= 0 tokens with r >= 1 + eps'_high.
        const leLoRing = tf.sub(1, tf.step(tf.sub(r, 1 - cfg.recRingEpsLow))); // r <= 1 - eps'_low
        const geHiRing = tf.sub(1, tf.step(tf.sub(1 + cfg.recRingEpsHigh, r))); // r >= 1 + eps'_high
        keep = tf.minimum(tf.add(tf.add(tf.mul(geLo, leHi), tf.mul(aPos, leLoRing)), tf.mul(aNeg, geHiRing)), 1);
      }
      const w = cfg.recImportanceWeights ? r : tf.onesLike(r);
      tokenLoss = tf.mul(tf.neg(tf.mul(tf.mul(A, w), inp.logp)), keep) as tf.Tensor2D;
      break;
    }
  }
  let policyLoss = aggregate(tokenLoss, inp.mask, cfg.aggregation, inp.maxLength);
  if (cfg.opmdScale) policyLoss = tf.div(policyLoss, 1 + inp.tau) as tf.Scalar;

  let loss: tf.Scalar = policyLoss;
  let kl: tf.Scalar = tf.scalar(0);
  const tokens = tf.maximum(tf.sum(inp.mask), 1); // active tokens (at least 1), shared by the means below
  if (inp.refLogp) {
    const k = klEstimate(inp.logp, inp.refLogp, cfg.klEstimator);
    kl = tf.div(tf.sum(tf.mul(k, inp.mask)), tokens) as tf.Scalar;
    if (cfg.klPlacement === 'loss' && cfg.klCoef > 0) {
      loss = tf.add(loss, tf.mul(aggregate(k, inp.mask, cfg.aggregation, inp.maxLength), cfg.klCoef)) as tf.Scalar;
    }
  }
  const meanEntropy = tf.div(tf.sum(tf.mul(inp.entropy, inp.mask)), tokens) as tf.Scalar;
  if (cfg.entropyCoef !== 0) loss = tf.sub(loss, tf.mul(meanEntropy, cfg.entropyCoef)) as tf.Scalar;
  const llds = cfg.lldsCoef > 0 ? lldsTerm(inp, cfg.lldsCoef) : tf.scalar(0);
  if (cfg.lldsCoef > 0) loss = tf.add(loss, llds) as tf.Scalar;

  // TRL clip metrics: token fraction with ratio below 1-eps_low and A<0 / above 1+eps_high and A>0.
  const [clipLow, clipHigh, clipRegion] = clipStats(ratio, A, inp.mask, tokens, lo, hi);
  return { loss, policyLoss, kl, entropy: meanEntropy, clipLow, clipHigh, clipRegion, llds };
}

/**
 * LLDS (arXiv:2512.04220; oracle and provenance in llds.ts): lambda * token-mean over active tokens of
 * gate_i * 1[A_i >= 0] * max(0, logp_old - logp), gate_i = 1[sum_t (logp_old - logp) > 0]. Gates carry no gradient.
 */
function lldsTerm(inp: ObjectiveInputs, lambda: number): tf.Scalar {
  const diff = tf.mul(tf.sub(inp.oldLogp, inp.logp), inp.mask);
  const gate = stopGradient(tf.step(tf.sum(diff, 1, true))); // [n, 1]: the response's likelihood fell
  const pos = tf.expandDims(tf.sub(1, tf.step(tf.neg(inp.advantages))), 1); // [n, 1]: A >= 0
  const penalty = tf.mul(tf.mul(tf.relu(diff), gate), pos);
  return tf.mul(tf.div(tf.sum(tf.mul(penalty, inp.mask)), tf.maximum(tf.sum(inp.mask), 1)), lambda) as tf.Scalar;
}
