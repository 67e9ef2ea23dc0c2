// Token hidden rewards: how much the update on one token moves the log-likelihood of the group's right responses.
// NTHR (arXiv:2505.18830, "On the Effect of Negative Gradient in Group Relative Deep Reinforcement Optimization";
// read: the paper's text with its formulas undecoded, and a public VERL example's kernel `compute_nthr_group`
// (examples/nthr_trainer/nthr.py, "NTHR example contributors", Apache-2.0), which test/unit/methods-thr.test.ts
// checks this file against). Under the paper's unconstrained-features model (logits = W h), the step on token k' of
// response j moves ln pi(y_i+) by a positive factor times A_j * alpha * <h_i,k, h_j,k'>, with alpha the inner product
// of the two tokens' prediction errors e_y - pi. Summed over the right responses' tokens:
//   s_j,k' = g_j,k'^T M+ h_j,k',   M+ = sum over right tokens of g h^T,   g = e_y - pi_old restricted to V*,
// V* = the token ids sampled anywhere in the group (not renormalised). NTHR: tau = beta * min over right responses
// of their mean s; wrong tokens with s > tau keep eta * A, eta = 2 |0.5 - p|, p = share of right responses.
// THR (arXiv:2510.03669, Token Hidden Reward; read: abstract and reviews only, its equation was not found): every
// token's THR is its signed influence A_j * s_j,k'; tokens above a threshold are weighted 1 + p * sign(THR)
// (p > 0 toward exploitation, p < 0 toward exploration); optionally the rest get no signal ("dominant tokens").
// The THR threshold beta * min over right responses of |A_i * mean s_i| extends NTHR's: UNVERIFIED.

export type ThrMode = 'off' | 'nthr' | 'thr';

export interface ThrRow {
  /** Completion token ids (valid tokens only). */
  ids: readonly number[];
  /** Sampling-policy probabilities, [ids.length * vocab], full vocabulary. */
  probs: Float32Array;
  /** Final hidden states (the head's input) that predicted each token, [ids.length * dModel]. */
  hidden: Float32Array;
}

export interface ThrGroupScores {
  /** False when the group has no right or no wrong response with tokens: no token is reweighted. */
  active: boolean;
  /** Per row, per token: s = g^T M+ h (0 when inactive). */
  scores: number[][];
  /** NTHR threshold beta * min mean s over right rows (NaN when inactive). */
  tau: number;
  /** Mean s of each row (NaN for an empty row). */
  rowMeans: number[];
  /** NTHR's eta = 2 |0.5 - p| (1 when inactive, as upstream). */
  eta: number;
}

/** The group's sampled vocabulary V*, sorted (upstream: the sorted unique completion tokens of the prompt). */
function sampledVocabulary(rows: readonly ThrRow[]): number[] {
  return [...new Set(rows.flatMap((r) => [...r.ids]))].sort((a, b) => a - b);
}

/** g = e_y - pi on V* for every token of a row, [len * |V*|]. */
function predictionErrors(row: ThrRow, vstar: readonly number[], vocab: number): Float64Array {
  const v = vstar.length;
  const g = new Float64Array(row.ids.length * v);
  row.ids.forEach((id, k) => {
    for (let c = 0; c < v; c++) g[k * v + c] = (vstar[c] === id ? 1 : 0) - row.probs[k * vocab + vstar[c]];
  });
  return g;
}

export function thrGroupScores(
  rows: readonly ThrRow[],
  right: readonly boolean[],
  vocab: number,
  dModel: number,
  beta = 1,
): ThrGroupScores {
  if (rows.length !== right.length) throw new Error('thrGroupScores: one right/wrong flag per row');
  const nRight = right.filter(Boolean).length;
  const p = rows.length ? nRight / rows.length : 0;
  const inactive: ThrGroupScores = {
    active: false,
    scores: rows.map((r) => r.ids.map(() => 0)),
    tau: Number.NaN,
    rowMeans: rows.map(() => Number.NaN),
    eta: 1,
  };
  const rightRows = rows.filter((r, i) => right[i] && r.ids.length > 0);
  if (rightRows.length === 0 || nRight === rows.length) return inactive;
  const vstar = sampledVocabulary(rows);
  const v = vstar.length;
  const errors = rows.map((r) => predictionErrors(r, vstar, vocab));
  // M+ = (G+)^T H+ : [|V*|, d]
  const M = new Float64Array(v * dModel);
  rows.forEach((r, i) => {
    if (!right[i]) return;
    for (let k = 0; k < r.ids.length; k++) {
      for (let c = 0; c < v; c++) {
        const gc = errors[i][k * v + c];
        if (gc === 0) continue;
        for (let e = 0; e < dModel; e++) M[c * dModel + e] += gc * r.hidden[k * dModel + e];
      }
    }
  });
  const scores = rows.map((r, i) =>
    r.ids.map((_, k) => {
      let s = 0;
      for (let c = 0; c < v; c++) {
        const gc = errors[i][k * v + c];
        if (gc === 0) continue;
        let mh = 0;
        for (let e = 0; e < dModel; e++) mh += M[c * dModel + e] * r.hidden[k * dModel + e];
        s += gc * mh;
      }
      return s;
    }),
  );
  const rowMeans = scores.map((s) => (s.length ? s.reduce((a, b) => a + b, 0) / s.length : Number.NaN));
  const anchors = rowMeans.filter((m, i) => right[i] && Number.isFinite(m));
  return { active: true, scores, tau: beta * Math.min(...anchors), rowMeans, eta: 2 * Math.abs(0.5 - p) };
}

export interface ThrWeightOptions {
  mode: Exclude<ThrMode, 'off'>;
  /** THR's sign weight p in [-1, 1]. */
  p: number;
  beta: number;
  /** THR: tokens at or under the threshold get no signal (training on dominant tokens only). */
  dominantOnly: boolean;
}

export interface ThrWeights {
  /** Per row, per token: the factor on the row's advantage. */
  weights: number[][];
  /** Tokens in active groups; of them, THR above +threshold / below -threshold (NTHR: wrong tokens softened). */
  scored: number;
  positive: number;
  negative: number;
}

/** Token factors of one group from its scores and sequence advantages. */
export function thrWeights(g: ThrGroupScores, advantages: readonly number[], right: readonly boolean[], o: ThrWeightOptions): ThrWeights {
  const ones = g.scores.map((s) => s.map(() => 1));
  if (!g.active) return { weights: ones, scored: 0, positive: 0, negative: 0 };
  let scored = 0;
  let positive = 0;
  let negative = 0;
  if (o.mode === 'nthr') {
    const weights = g.scores.map((s, i) =>
      s.map((x) => {
        scored++;
        if (right[i] || !(x > g.tau)) return 1;
        negative++; // a wrong token whose penalty would lower the right responses' likelihood: softened
        return g.eta;
      }),
    );
    return { weights, scored, positive, negative };
  }
  const anchors = g.rowMeans.map((m, i) => Math.abs(advantages[i] * m)).filter((x, i) => right[i] && Number.isFinite(x));
  const tau = o.beta * Math.min(...anchors);
  const weights = g.scores.map((s, i) =>
    s.map((x) => {
      scored++;
      const thr = advantages[i] * x;
      if (Math.abs(thr) <= tau) return o.dominantOnly ? 0 : 1;
      if (thr > 0) positive++;
      else negative++;
      return 1 + o.p * Math.sign(thr);
    }),
  );
  return { weights, scored, positive, negative };
}
