// Supervised warm start (MEML-GRPO's multi-expert fine-tuning stage): maximise log p(demonstration | expert prefix
// + question) over demonstrations of every expert style, so one model learns several personas.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import type { Task } from '../tasks/types';
import type { TransformerPolicy } from './model';
import type { Adam } from './adam';
import { buildBatch } from './batch';
import { tokenStats } from './logprobs';
import { encode } from './tokenizer';
import { countReadback } from './counters';

export interface SftExample {
  prompt: string;
  completion: string;
}

export interface SftDataOptions {
  difficulty: number;
  /** Probability that an example carries a random hint level (so hints mean something at RL time). */
  hintProb: number;
  /** Probability of an easier difficulty than the target (a light curriculum). */
  easierProb: number;
  /**
   * Relative share of each expert's demonstrations (by expert id; missing = 1). Skewing the mix gives experts of
   * different skill in one model, as MEML's heterogeneous experts have.
   */
  expertWeights?: Record<string, number>;
}

function pickWeighted<T extends { id: string }>(rng: Rng, items: readonly T[], weights: Record<string, number> | undefined): T {
  if (!weights) return rng.pick(items);
  const w = items.map((e) => weights[e.id] ?? 1);
  let u = rng.next() * w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) {
    u -= w[i];
    if (u < 0) return items[i];
  }
  return items[items.length - 1];
}

/** A batch of demonstrations over all experts of a task. */
export function sftBatch(task: Task, rng: Rng, size: number, opts: SftDataOptions): SftExample[] {
  const out: SftExample[] = [];
  for (let i = 0; i < size; i++) {
    const d = rng.next() < opts.easierProb ? rng.int(task.difficulty.min, opts.difficulty) : opts.difficulty;
    const problem = task.sample(rng, d);
    const expert = pickWeighted(rng, task.experts, opts.expertWeights);
    const hintLevel = task.hintLevels > 0 && rng.next() < opts.hintProb ? rng.int(1, task.hintLevels) : 0;
    const hint = hintLevel > 0 ? task.hint(problem, hintLevel) : '';
    out.push({ prompt: expert.prefix + hint + problem.question, completion: task.demonstrate(problem, expert.id) });
  }
  return out;
}

/** One Adam step on the token-mean NLL of the completions; returns the loss. */
export async function sftStep(policy: TransformerPolicy, adam: Adam, examples: SftExample[]): Promise<number> {
  const batch = buildBatch(
    examples.map((e) => encode(e.prompt)),
    examples.map((e) => encode(e.completion)),
  );
  const variables = new Map(policy.variables().map((v) => [v.name, v]));
  const { value, grads } = tf.variableGrads(() => {
    const { logp } = tokenStats(policy, batch, false);
    const mask = tf.tensor2d(batch.completionMask, [batch.n, batch.completionWidth]);
    return tf.neg(tf.div(tf.sum(tf.mul(logp, mask)), tf.maximum(tf.sum(mask), 1))) as tf.Scalar;
  }, policy.variables());
  const norm = adam.apply(variables, grads);
  countReadback();
  const loss = (await value.data())[0];
  tf.dispose([value, norm, ...Object.values(grads)]);
  return loss;
}
