// MMR1 variance-aware sampling (VAS, arXiv:2509.21268). Read from the released code (LengSicong/MMR1 @ d8161a0:
// verl/curriculum/metrics.py calculate_learnability_metric, verl/curriculum/samplers.py MixedCurriculumSampler,
// verl/trainer/ray_trainer.py _compute_curriculum_weights): each prompt of a fixed training pool has a weight, its
// Outcome Variance Score p(1 - p) (p = pass rate), min-max normalised over the pool; a batch takes
// floor(B * mixture) prompts by weighted sampling with replacement and the rest from a shuffled pass over the pool,
// interleaved (weighted, random, weighted, ...). The code's default metric list is [learnability] with weight 1
// and mixture 0.5.
// Toy simplification (UNVERIFIED against the paper's results): the code re-rolls curriculum_rollout_n samples for
// the WHOLE pool every curriculum_update_freq steps; here a prompt's p is updated from its own training rollouts
// whenever it is trained, and a prompt never seen counts as p = 0.5 (largest variance). The Trajectory Diversity
// Score (self-BLEU in the code) is not implemented.
import type { Rng } from '../rng';
import type { Problem } from '../tasks/types';

/** Outcome Variance Score of a prompt with pass rate p: the Bernoulli variance p(1 - p). */
export function outcomeVariance(p: number): number {
  return p * (1 - p);
}

/** Min-max normalisation with the code's 1e-8 guard: (w - min) / (max - min + 1e-8). */
export function minMaxNormalise(w: readonly number[]): number[] {
  if (w.length === 0) return [];
  const lo = Math.min(...w);
  const hi = Math.max(...w);
  return w.map((x) => (x - lo) / (hi - lo + 1e-8));
}

/** Index drawn with probability proportional to weights (all-zero weights: uniform). */
export function weightedIndex(weights: readonly number[], rng: Rng): number {
  const total = weights.reduce((s, x) => s + Math.max(0, x), 0);
  if (!(total > 0)) return Math.floor(rng.next() * weights.length);
  let u = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= Math.max(0, weights[i]);
    if (u < 0) return i;
  }
  return weights.length - 1;
}

export class VarianceAwareSampler {
  private readonly passRate: (number | undefined)[];
  private order: number[] = [];
  private cursor = 0;

  constructor(
    readonly pool: readonly Problem[],
    private readonly mixture: number,
  ) {
    if (pool.length === 0) throw new Error('VAS: the prompt pool is empty');
    this.passRate = pool.map(() => undefined);
  }

  /** Normalised sampling weights of the pool (what the weighted half draws from). */
  weights(): number[] {
    return minMaxNormalise(this.passRate.map((p) => outcomeVariance(p ?? 0.5)));
  }

  /** Mean raw OVS over the pool (a chart metric). */
  meanScore(): number {
    return this.passRate.reduce<number>((s, p) => s + outcomeVariance(p ?? 0.5), 0) / this.pool.length;
  }

  /** Fraction of the pool trained at least once. */
  coverage(): number {
    return this.passRate.filter((p) => p !== undefined).length / this.pool.length;
  }

  /** One batch: floor(count * mixture) weighted draws interleaved with the next prompts of a shuffled pass. */
  draw(count: number, rng: Rng): Problem[] {
    const nWeighted = Math.floor(count * this.mixture);
    const w = this.weights();
    const weighted = Array.from({ length: nWeighted }, () => weightedIndex(w, rng));
    const random: number[] = [];
    for (let k = 0; k < count - nWeighted; k++) {
      if (this.cursor >= this.order.length) {
        this.order = rng.shuffle(this.pool.map((_, i) => i));
        this.cursor = 0;
      }
      random.push(this.order[this.cursor++]);
    }
    const out: number[] = [];
    for (let i = 0; i < Math.max(weighted.length, random.length); i++) {
      if (i < weighted.length) out.push(weighted[i]);
      if (i < random.length) out.push(random[i]);
    }
    return out.map((i) => this.pool[i]);
  }

  /** Record the pass rate of a trained prompt's rollouts. */
  observe(problemId: string, correct: readonly boolean[]): void {
    if (correct.length === 0) return;
    const p = correct.filter(Boolean).length / correct.length;
    this.pool.forEach((q, i) => {
      if (q.id === problemId) this.passRate[i] = p;
    });
  }
}
