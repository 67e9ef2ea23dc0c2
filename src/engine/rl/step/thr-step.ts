// THR / NTHR stage of a step (rl/thr.ts): one extra forward of the sampling policy for its next-token probabilities
// and final hidden states, then per-group token factors on the sequence advantages, as token advantages.
import * as tf from '@tensorflow/tfjs';
import type { SequenceBatch } from '../../policy/batch';
import { countReadback } from '../../policy/counters';
import type { TransformerPolicy } from '../../policy/model';
import type { ObjectiveConfig } from '../../config';
import type { Metrics } from '../types';
import type { Group } from '../rollouts';
import { thrGroupScores, thrWeights, type ThrRow } from '../thr';

export interface ThrStepInput {
  /** The step's groups; the batch rows are their rollouts in order. */
  groups: readonly Group[];
  batch: SequenceBatch;
  /** [n] sequence advantages. */
  advantages: Float32Array;
}

export interface ThrStepResult {
  /** [n * completionWidth] token advantages. */
  tokenAdvantages: Float32Array;
  metrics: Metrics;
}

/** Probabilities [n, T, V] and hidden states [n, T, d] that predict each completion token, read back once. */
async function tokenFeatures(policy: TransformerPolicy, batch: SequenceBatch): Promise<{ probs: Float32Array; hidden: Float32Array }> {
  const { n, promptWidth: P, completionWidth: T } = batch;
  const { vocab: V, dModel: d } = policy.spec;
  const flat = tf.tidy(() => {
    const all = tf.tensor2d(batch.ids, [n, P + T], 'int32');
    const out = policy.forwardWithHidden(tf.slice(all, [0, 0], [n, P + T - 1]), batch.padLens);
    const probs = tf.softmax(tf.slice(out.logits, [0, P - 1, 0], [n, T, V]));
    const hidden = tf.slice(out.hidden, [0, P - 1, 0], [n, T, d]);
    return tf.concat([tf.reshape(probs, [-1]), tf.reshape(hidden, [-1])]);
  });
  countReadback();
  const data = (await flat.data()) as Float32Array;
  flat.dispose();
  return { probs: data.subarray(0, n * T * V), hidden: data.subarray(n * T * V) };
}

export async function thrStep(policy: TransformerPolicy, obj: ObjectiveConfig, inp: ThrStepInput): Promise<ThrStepResult> {
  if (obj.thr === 'off') throw new Error('thrStep: objective.thr is off');
  const { batch } = inp;
  const { promptWidth: P, completionWidth: T } = batch;
  const { vocab: V, dModel: d } = policy.spec;
  const { probs, hidden } = await tokenFeatures(policy, batch);
  const rowOf = (i: number): ThrRow => {
    const len = batch.lengths[i];
    return {
      ids: Array.from(batch.ids.subarray(i * (P + T) + P, i * (P + T) + P + len)),
      probs: probs.subarray(i * T * V, (i * T + len) * V),
      hidden: hidden.subarray(i * T * d, (i * T + len) * d),
    };
  };
  const tokenAdvantages = new Float32Array(batch.n * T);
  let offset = 0;
  let scored = 0;
  let positive = 0;
  let negative = 0;
  let active = 0;
  for (const group of inp.groups) {
    const size = group.rollouts.length;
    const idx = Array.from({ length: size }, (_, k) => offset + k);
    const right = group.rollouts.map((r) => r.components.correct >= 1);
    const adv = idx.map((i) => inp.advantages[i]);
    const g = thrGroupScores(idx.map(rowOf), right, V, d, obj.thrBeta);
    const w = thrWeights(g, adv, right, { mode: obj.thr, p: obj.thrP, beta: obj.thrBeta, dominantOnly: obj.thrDominantOnly });
    idx.forEach((i, r) => {
      for (let k = 0; k < batch.lengths[i]; k++) tokenAdvantages[i * T + k] = adv[r] * w.weights[r][k];
    });
    scored += w.scored;
    positive += w.positive;
    negative += w.negative;
    if (g.active) active++;
    offset += size;
  }
  const metrics: Metrics = { [`${obj.thr}/active_groups`]: active };
  if (scored > 0 && obj.thr === 'thr') {
    metrics['thr/pos_frac'] = positive / scored;
    metrics['thr/neg_frac'] = negative / scored;
  }
  if (scored > 0 && obj.thr === 'nthr') metrics['nthr/softened_frac'] = negative / scored;
  return { tokenAdvantages, metrics };
}
