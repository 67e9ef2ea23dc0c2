// Per-number reference versions of the policy objective (no tfjs). They are the test oracles for the tfjs
// objective: same formulas, one token or one sequence at a time. Spec: /work/shared/research/algorithms.md
// sections 1.2 (clip), 1.3 (GSPO ratio), 1.4 (aggregation), 1.5 (KL), 2.3 (overlong), 2.12 (REC / OPMD).
import type { Aggregation } from '../config';

/** verl clamps the log-ratio to [-20, 20] before exp (section 1.2). */
export const LOG_RATIO_CLAMP = 20;

/** `exp(clamp(logRatio, -bound, bound))`: the token ratio rho with verl's numerical guard (section 1.2). */
export function safeRatio(logRatio: number, bound = LOG_RATIO_CLAMP): number {
  return Math.exp(Math.min(bound, Math.max(-bound, logRatio)));
}

// ---------------------------------------------------------------------------------------------------------------
// Clipped surrogate (section 1.2).
// ---------------------------------------------------------------------------------------------------------------

export type SurrogateClipMode = 'clip' | 'dual-clip' | 'none';

export interface ClipOptions {
  epsLow: number;
  epsHigh: number;
  /** 'clip' = PPO/GRPO, 'dual-clip' = verl (bound c on A < 0), 'none' = -rho A. Default 'clip'. */
  mode?: SurrogateClipMode;
  /** Dual-clip bound c (verl default 3). */
  dualClipC?: number;
  /** TRL two-sided clip delta: the unclipped branch uses min(rho, delta). Off when undefined. */
  delta?: number;
}

/** `clip(rho, 1 - epsLow, 1 + epsHigh)` (section 1.2, DAPO clip-higher when epsHigh > epsLow). */
export function clipRatio(ratio: number, epsLow: number, epsHigh: number): number {
  return Math.min(1 + epsHigh, Math.max(1 - epsLow, ratio));
}

/**
 * Token loss `-min(rho A, clip(rho) A)` (section 1.2); dual-clip caps it at `-A c` for A < 0;
 * mode 'none' is `-rho A`. Worked examples: (A=+1, rho=1.3, 0.2/0.28) -> -1.28; (A=-1, rho=0.7) -> 0.8;
 * (A=-1, rho=5, c=3) -> 3.
 */
export function clippedSurrogateLoss(ratio: number, adv: number, o: ClipOptions): number {
  const mode = o.mode ?? 'clip';
  if (mode === 'none') return -ratio * adv;
  const unclipped = -adv * (o.delta !== undefined ? Math.min(ratio, o.delta) : ratio);
  const clipped = -adv * clipRatio(ratio, o.epsLow, o.epsHigh);
  const loss = Math.max(unclipped, clipped);
  if (mode === 'dual-clip' && adv < 0) return Math.min(loss, -adv * (o.dualClipC ?? 3));
  return loss;
}

/**
 * d loss / d log(rho) of `clippedSurrogateLoss` at a non-tie point (section 1.2): `-A rho` when the unclipped branch is
 * the active one, 0 when the clip (or the dual-clip bound, or delta) holds the value. Inside the band both branches
 * are equal and the gradient flows.
 */
export function clippedSurrogateGradLogRatio(ratio: number, adv: number, o: ClipOptions): number {
  const mode = o.mode ?? 'clip';
  if (mode === 'none') return -adv * ratio;
  const effective = o.delta !== undefined ? Math.min(ratio, o.delta) : ratio;
  const unclipped = -adv * effective;
  const clipped = -adv * clipRatio(ratio, o.epsLow, o.epsHigh);
  if (clipped > unclipped) return 0; // the clipped (constant) branch holds the value
  if (effective !== ratio) return 0; // delta caps rho in the unclipped branch
  if (mode === 'dual-clip' && adv < 0 && unclipped > -adv * (o.dualClipC ?? 3)) return 0;
  return -adv * ratio;
}

/**
 * TRL clip-ratio region of one token (section 3.1): 'low' when rho < 1 - epsLow and A < 0, 'high' when
 * rho > 1 + epsHigh and A > 0, otherwise null.
 */
export function clipRegion(ratio: number, adv: number, epsLow: number, epsHigh: number): 'low' | 'high' | null {
  if (ratio < 1 - epsLow && adv < 0) return 'low';
  if (ratio > 1 + epsHigh && adv > 0) return 'high';
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// REC / OPMD (section 2.12).
// ---------------------------------------------------------------------------------------------------------------

export type RecMaskMode = 'one-side' | 'two-side' | 'ring';

/** Trinity's defaults for the ring's outer bands (RECPolicyLossFn.default_args: epsilon_low_prime 0.6, epsilon_high_prime 2). */
export const REC_RING_DEFAULTS = { epsLowPrime: 0.6, epsHighPrime: 2 } as const;

/**
 * REC token mask (section 2.12, Trinity rec_policy_loss): one-side `1[A >= 0, rho <= 1+epsHigh] OR 1[A <= 0,
 * rho >= 1-epsLow]`; two-side `1[1-epsLow <= rho <= 1+epsHigh]`; ring (Trinity-RFT rec_policy_loss.py @ 1d7fae4)
 * `two-side OR 1[A >= 0, rho <= 1-epsLow'] OR 1[A <= 0, rho >= 1+epsHigh']`: tokens far outside the band are kept
 * when the update would pull them back. Returns 0 or 1.
 */
export function recMask(
  ratio: number,
  adv: number,
  mode: RecMaskMode,
  epsLow: number,
  epsHigh: number,
  ring: { epsLowPrime: number; epsHighPrime: number } = REC_RING_DEFAULTS,
): number {
  const band = ratio >= 1 - epsLow && ratio <= 1 + epsHigh;
  if (mode === 'two-side') return band ? 1 : 0;
  if (mode === 'ring') {
    return band || (adv >= 0 && ratio <= 1 - ring.epsLowPrime) || (adv <= 0 && ratio >= 1 + ring.epsHighPrime) ? 1 : 0;
  }
  const pos = adv >= 0 && ratio <= 1 + epsHigh;
  const neg = adv <= 0 && ratio >= 1 - epsLow;
  return pos || neg ? 1 : 0;
}

export interface RecOptions {
  mode: RecMaskMode;
  epsLow: number;
  epsHigh: number;
  /** REC-...-IS: multiply by the detached ratio; REC-...-NoIS when false. */
  importanceWeights: boolean;
  /** Outer bands of the ring mode (Trinity defaults when absent). */
  ring?: { epsLowPrime: number; epsHighPrime: number };
}

/** REC token loss `-A w logp M` with w = sg[rho] (IS) or 1 (NoIS) (section 2.12). Value oracle. */
export function recTokenLoss(logp: number, ratio: number, adv: number, o: RecOptions): number {
  const w = o.importanceWeights ? ratio : 1;
  return -adv * w * logp * recMask(ratio, adv, o.mode, o.epsLow, o.epsHigh, o.ring);
}

/** d recTokenLoss / d logp (the ratio is detached): `-A w M` (section 2.12). */
export function recTokenGradLogp(ratio: number, adv: number, o: RecOptions): number {
  const w = o.importanceWeights ? ratio : 1;
  return -adv * w * recMask(ratio, adv, o.mode, o.epsLow, o.epsHigh, o.ring);
}

/** OPMD / AsymRE loss scale `1/(1 + tau)` applied to token-mean(-A logp) (section 2.12, Trinity). */
export function opmdLossScale(tau: number): number {
  return 1 / (1 + tau);
}

/** OPMD token loss `-A logp / (1 + tau)` (no ratio, no clip; section 2.12). */
export function opmdTokenLoss(logp: number, adv: number, tau: number): number {
  return -adv * logp * opmdLossScale(tau);
}

// ---------------------------------------------------------------------------------------------------------------
// Sequence-level ratios (section 1.3, 2.4).
// ---------------------------------------------------------------------------------------------------------------

/** Mean token log-ratio `(1/|o|) sum_t (logp - logp_old)`; 0 for an empty sequence (section 1.3). */
export function sequenceLogRatio(tokenLogRatios: readonly number[]): number {
  if (tokenLogRatios.length === 0) return 0;
  return tokenLogRatios.reduce((a, b) => a + b, 0) / tokenLogRatios.length;
}

/**
 * GSPO sequence ratio `s = exp(mean_t log-ratio)` (geometric mean of token ratios, section 1.3). `maxLogRatio` is verl's
 * clamp (10) on the mean log-ratio; TRL does not clamp. Example [0.1, -0.05, 0.2] -> 1.086904.
 */
export function gspoSequenceRatio(tokenLogRatios: readonly number[], maxLogRatio = Infinity): number {
  return Math.exp(Math.min(maxLogRatio, sequenceLogRatio(tokenLogRatios)));
}

/** TRL RLOO sequence ratio `exp(sum_t log-ratio)` (section 2.4), with verl's [-20, 20] guard. */
export function sequenceSumRatio(tokenLogRatios: readonly number[]): number {
  return safeRatio(tokenLogRatios.reduce((a, b) => a + b, 0));
}

/** Per-token ratios `exp(log-ratio)` with the [-20, 20] guard (section 1.2/1.3). */
export function tokenRatios(tokenLogRatios: readonly number[]): number[] {
  return tokenLogRatios.map((x) => safeRatio(x));
}

// ---------------------------------------------------------------------------------------------------------------
// Aggregation (section 1.4).
// ---------------------------------------------------------------------------------------------------------------

/** The config's modes plus verl's `seq-mean-token-sum-norm` (sum / L, no division by B). */
export type AggregationMode = Aggregation | 'seq-mean-token-sum-norm';

export interface AggregationOptions {
  /** L_max for 'constant' (TRL dr_grpo: sum / (B L_max)); defaults to the longest sequence. */
  maxLength?: number;
  /** L for 'seq-mean-token-sum-norm' (verl loss_scale_factor); defaults to maxLength, then the longest sequence. */
  lossScaleFactor?: number;
}

/**
 * Aggregate per-token losses (one array of active-token losses per sequence) into a scalar (section 1.4):
 * token-mean `sum / sum|o_i|`; seq-mean-token-mean `(1/B) sum_i mean_t`; seq-mean-token-sum `(1/B) sum_i sum_t`;
 * constant `sum / (B L_max)`; seq-mean-token-sum-norm `sum / L`. Empty sequences contribute 0 to the sequence means;
 * an empty batch gives 0. Fixture ([1,1], [-1,-1,-1,-1], L_max 8): -0.3333 / 0 / -1 / -0.125 / -0.25.
 */
export function aggregateTokenLosses(losses: readonly number[][], mode: AggregationMode, o: AggregationOptions = {}): number {
  const b = losses.length;
  if (b === 0) return 0;
  const sums = losses.map((l) => l.reduce((a, x) => a + x, 0));
  const total = sums.reduce((a, x) => a + x, 0);
  const longest = Math.max(...losses.map((l) => l.length));
  switch (mode) {
    case 'token-mean': {
      const tokens = losses.reduce((a, l) => a + l.length, 0);
      return tokens === 0 ? 0 : total / tokens;
    }
    case 'seq-mean-token-mean':
      return sums.reduce((a, s, i) => a + (losses[i].length ? s / losses[i].length : 0), 0) / b;
    case 'seq-mean-token-sum':
      return total / b;
    case 'constant': {
      const lMax = o.maxLength ?? longest;
      return lMax > 0 ? total / (b * lMax) : 0;
    }
    case 'seq-mean-token-sum-norm': {
      const l = o.lossScaleFactor ?? o.maxLength ?? longest;
      return l > 0 ? total / l : 0;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// KL estimators (section 1.5).
// ---------------------------------------------------------------------------------------------------------------

// One definition, shared by the loss, the reward-side penalty and the `kl` metric: src/engine/stats/kl.ts.
export { klEstimate, type KlClamp, type KlEstimatorName } from '../stats/kl';

/**
 * KL in the reward (section 1.5 placement B; TRL RLOO, REINFORCE++): `r - beta sum_t (logp_old - logp_ref)` (k1 with the
 * sampling policy's log-probs).
 */
export function klPenalizedReward(reward: number, oldLogps: readonly number[], refLogps: readonly number[], beta: number): number {
  let s = 0;
  oldLogps.forEach((l, t) => (s += l - refLogps[t]));
  return reward - beta * s;
}

// ---------------------------------------------------------------------------------------------------------------
// DAPO overlong shaping (section 2.3).
// ---------------------------------------------------------------------------------------------------------------

/**
 * DAPO soft overlong punishment (section 2.3, TRL get_soft_overlong_punishment): 0 up to `lMax - lCache`, then
 * linear `((lMax - lCache) - len)/lCache` down to -1 at `lMax`, and -1 beyond. Fixture lMax 16, lCache 4:
 * 10 -> 0, 14 -> -0.5, 16 -> -1, 17 -> -1.
 */
export function overlongPenalty(len: number, lMax: number, lCache: number): number {
  const free = lMax - lCache;
  if (len <= free) return 0;
  if (len <= lMax) return (free - len) / lCache;
  return -1;
}
