// Lazy likelihood displacement (LLD) and its likelihood-preserving regulariser LLDS (arXiv:2512.04220, "On GRPO
// Collapse in Search-R1: The Lazy Likelihood-Displacement Death Spiral"). Plain-number oracle of the term; the tfjs
// version lives in objective.ts and is tested against this one. Read from the released code
// (vengdeng/LLDS-On-Group-Relative-Policy-Optimization-Collapse-in-Search-R1, verl/workers/actor/dp_actor.py
// @ c19a094): for a response with A >= 0 whose log-likelihood went down since sampling
// (sum_t (logp_old - logp) > 0), every token whose probability went down is pulled back:
//   L_LLDS = lambda * sum_{i,t} gate_i * 1[A_i >= 0] * max(0, logp_old_{i,t} - logp_{i,t}) / sum_{i,t} mask_{i,t}
// (token mean over every active token of the minibatch, as masked_mean does there). The code's default script uses
// lambda 0.2 and its chunk (per tool-call turn) gate; a toy completion is one chunk, so the two gates coincide.

/** LLDS value for one minibatch. `logp`/`oldLogp` are per-sequence arrays of active-token log-probs. */
export function lldsLoss(logp: readonly number[][], oldLogp: readonly number[][], adv: readonly number[], lambda: number): number {
  let total = 0;
  let tokens = 0;
  logp.forEach((row, i) => {
    tokens += row.length;
    if (!(adv[i] >= 0)) return;
    const drop = row.reduce((s, l, t) => s + (oldLogp[i][t] - l), 0);
    if (drop <= 0) return;
    row.forEach((l, t) => {
      total += Math.max(0, oldLogp[i][t] - l);
    });
  });
  return tokens > 0 ? (lambda * total) / tokens : 0;
}

/** d L_LLDS / d logp_{i,t}: -lambda/N on gated tokens whose probability fell, 0 elsewhere. */
export function lldsGradLogp(logp: readonly number[][], oldLogp: readonly number[][], adv: readonly number[], lambda: number): number[][] {
  const tokens = logp.reduce((s, r) => s + r.length, 0);
  return logp.map((row, i) => {
    const drop = row.reduce((s, l, t) => s + (oldLogp[i][t] - l), 0);
    const gated = adv[i] >= 0 && drop > 0;
    return row.map((l, t) => (gated && oldLogp[i][t] - l > 0 && tokens > 0 ? -lambda / tokens : 0));
  });
}

/**
 * The LLD diagnostic (the paper's figures): mean per-token log-likelihood, under the sampling policy, of the right
 * and of the wrong responses of a step. LLD shows as both falling (or the right one stalling) over training.
 * NaN when a step has no response of that kind (the chart leaves a gap rather than inventing a value).
 */
export function lldDiagnostic(meanLogp: readonly number[], correct: readonly boolean[]): { right: number; wrong: number } {
  const pick = (want: boolean) => {
    const v = meanLogp.filter((_, i) => correct[i] === want && Number.isFinite(meanLogp[i]));
    return v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN;
  };
  return { right: pick(true), wrong: pick(false) };
}
