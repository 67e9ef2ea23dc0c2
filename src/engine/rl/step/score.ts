// Scoring pass of a step: per-token log-probs and entropy under the current policy (and the KL reference), read
// back in one transfer.
import * as tf from '@tensorflow/tfjs';
import type { SequenceBatch } from '../../policy/batch';
import { countReadback } from '../../policy/counters';
import { tokenStats } from '../../policy/logprobs';
import type { TransformerPolicy } from '../../policy/model';

export async function scoreBatch(policy: TransformerPolicy, batch: SequenceBatch, reference: TransformerPolicy | null) {
  const n = batch.n * batch.completionWidth;
  const flat = tf.tidy(() => {
    const cur = tokenStats(policy, batch, true);
    const parts: tf.Tensor[] = [tf.reshape(cur.logp, [-1]), tf.reshape(cur.entropy, [-1])];
    if (reference) parts.push(tf.reshape(tokenStats(reference, batch, false).logp, [-1]));
    return tf.concat(parts);
  });
  countReadback();
  const data = (await flat.data()) as Float32Array;
  flat.dispose();
  return {
    oldLogp: data.slice(0, n),
    entropy: data.slice(n, 2 * n),
    refLogp: reference ? data.slice(2 * n, 3 * n) : undefined,
  };
}
