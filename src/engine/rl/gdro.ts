// Prompt-GDRO (arXiv:2601.19280, Panaganti et al., "Group Distributionally Robust Optimization-Driven RL for LLM
// Reasoning"). No public code was found. Read: the abstract and two secondary summaries (emergentmind topic
// "Prompt-GDRO", a themoonlight review). What those give:
//   - an Online Difficulty Classifier: per prompt, the any-of-k indicator c_t(x) = 1[some of its k rollouts is
//     right]; pass@k(x) = mean of c over the last H times it was seen; bins D_b = {x : pass@k(x) in [a_{b-1}, a_b)}
//     (with hysteresis, not done here);
//   - the adversary plays max_{q in simplex} sum_b q_b L_b (soft worst case via an entropy-regularised surrogate)
//     with an "EMA-debiased" score per bin and multiplicative weights, so persistently hard bins gain weight
//     "without frequency bias".
// This playground's reading, UNVERIFIED throughout: equal-width bins over [0, 1]; prompts never seen count as
// pass@k 0.5; the bin score is an EMA (beta) of the bin's error rate 1 - mean(correct) over its trained rollouts,
// divided by 1 - beta^n_b (Adam-style debiasing, n_b = the bin's update count; never-updated bins score 0.5);
// weights are the entropy-regularised best response q_b ∝ exp(eta * score_b) over non-empty bins, mixed with a
// uniform floor gamma; a prompt is drawn by bin from q, then uniformly inside the bin (with replacement).
import type { Rng } from '../rng';
import type { Problem } from '../tasks/types';
import { weightedIndex } from './vas';
import { allocateRollouts, binSigmas } from './rollout-gdro';

export interface GdroOptions {
  bins: number;
  eta: number;
  emaBeta: number;
  /** H: how many past any-of-k indicators of a prompt its pass@k averages. */
  window: number;
  /** gamma: share of the bin distribution spread uniformly over the non-empty bins. */
  floor: number;
}

/** Bin index of a pass@k estimate: equal-width bins over [0, 1], pass@k = 1 in the last bin. */
export function passBin(passK: number, bins: number): number {
  return Math.min(bins - 1, Math.max(0, Math.floor(passK * bins)));
}

/** q_b ∝ exp(eta * score_b) over the bins with `present`, mixed with a uniform floor; absent bins get 0. */
export function binWeights(scores: readonly number[], present: readonly boolean[], eta: number, floor: number): number[] {
  const live = scores.map((_, b) => b).filter((b) => present[b]);
  if (live.length === 0) return scores.map(() => 0);
  const top = Math.max(...live.map((b) => eta * scores[b]));
  const e = scores.map((s, b) => (present[b] ? Math.exp(eta * s - top) : 0));
  const z = e.reduce((a, x) => a + x, 0);
  return e.map((x, b) => (present[b] ? (1 - floor) * (x / z) + floor / live.length : 0));
}

export class PromptGdroSampler {
  private readonly history: boolean[][];
  private readonly ema: number[];
  private readonly updates: number[];

  constructor(
    readonly pool: readonly Problem[],
    private readonly opts: GdroOptions,
  ) {
    if (pool.length === 0) throw new Error('GDRO: the prompt pool is empty');
    this.history = pool.map(() => []);
    this.ema = Array.from({ length: opts.bins }, () => 0);
    this.updates = Array.from({ length: opts.bins }, () => 0);
  }

  /** pass@k of pool prompt i over its window (0.5 when never seen). */
  passAtK(i: number): number {
    const h = this.history[i];
    return h.length ? h.filter(Boolean).length / h.length : 0.5;
  }

  binOf(i: number): number {
    return passBin(this.passAtK(i), this.opts.bins);
  }

  /** Debiased EMA score of each bin (0.5 for a bin never updated). */
  scores(): number[] {
    const beta = this.opts.emaBeta;
    return this.ema.map((m, b) => (this.updates[b] > 0 ? m / (1 - beta ** this.updates[b]) : 0.5));
  }

  /** The current bin distribution q (0 for empty bins). */
  weights(): number[] {
    const present = Array.from({ length: this.opts.bins }, () => false);
    this.pool.forEach((_, i) => (present[this.binOf(i)] = true));
    return binWeights(this.scores(), present, this.opts.eta, this.opts.floor);
  }

  /** Share of the pool in each bin. */
  occupancy(): number[] {
    const n = Array.from({ length: this.opts.bins }, () => 0);
    this.pool.forEach((_, i) => n[this.binOf(i)]++);
    return n.map((c) => c / this.pool.length);
  }

  /** Rollout-GDRO's last allocation: the bin and the rollout count of each prompt drawn. */
  lastAllocation: Array<{ bin: number; g: number }> = [];

  /** Rollout-GDRO: rollouts per drawn prompt (rl/rollout-gdro.ts), from its bin's debiased error rate, summing to `budget`. */
  groupSizes(problems: readonly Problem[], budget: number, lo: number, hi: number): number[] {
    const bins = problems.map((p) => {
      const i = this.pool.findIndex((q) => q.id === p.id);
      if (i < 0) throw new Error(`Rollout-GDRO: prompt ${p.id} is not in the GDRO pool`);
      return this.binOf(i);
    });
    const sizes = allocateRollouts(binSigmas(this.scores(), bins), budget, lo, hi);
    this.lastAllocation = bins.map((bin, k) => ({ bin, g: sizes[k] }));
    return sizes;
  }

  /** What the step's metrics show: bin weights, pool occupancy, and Rollout-GDRO's last allocation. */
  report(): { weights: number[]; occupancy: number[]; allocation: Array<{ bin: number; g: number }> } {
    return { weights: this.weights(), occupancy: this.occupancy(), allocation: this.lastAllocation };
  }

  draw(count: number, rng: Rng): Problem[] {
    const q = this.weights();
    const members = q.map((_, b) => this.pool.map((_, i) => i).filter((i) => this.binOf(i) === b));
    return Array.from({ length: count }, () => {
      const inBin = members[weightedIndex(q, rng)];
      return this.pool[inBin[Math.floor(rng.next() * inBin.length)]];
    });
  }

  /**
   * One training step's outcome: per trained prompt, whether each rollout was right. Bin scores are updated from
   * the bins the prompts were in when drawn (before their pass@k moves), then each prompt's window takes c_t.
   */
  observe(outcomes: ReadonlyArray<{ problemId: string; correct: readonly boolean[] }>): void {
    const err = Array.from({ length: this.opts.bins }, () => ({ wrong: 0, n: 0 }));
    const seen: Array<{ i: number; any: boolean }> = [];
    for (const o of outcomes) {
      const i = this.pool.findIndex((p) => p.id === o.problemId);
      if (i < 0 || o.correct.length === 0) continue;
      const b = this.binOf(i);
      err[b].wrong += o.correct.filter((c) => !c).length;
      err[b].n += o.correct.length;
      seen.push({ i, any: o.correct.some(Boolean) });
    }
    const beta = this.opts.emaBeta;
    err.forEach((e, b) => {
      if (e.n === 0) return;
      this.ema[b] = beta * this.ema[b] + (1 - beta) * (e.wrong / e.n);
      this.updates[b]++;
    });
    for (const { i, any } of seen) {
      this.history[i].push(any);
      if (this.history[i].length > this.opts.window) this.history[i].shift();
    }
  }
}
