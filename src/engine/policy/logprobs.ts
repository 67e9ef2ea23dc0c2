// Per-token log-probabilities and entropies of completions under a policy, from one forward pass.
import * as tf from '@tensorflow/tfjs';
import type { TransformerPolicy } from './model';
import type { SequenceBatch } from './batch';

export interface TokenStats {
  /** [n, completionWidth] log pi(token). */
  logp: tf.Tensor2D;
  /** [n, completionWidth] entropy of the next-token distribution. */
  entropy: tf.Tensor2D;
}

/** Call inside tf.tidy (or dispose the result). Gradients flow through both outputs. */
export function tokenStats(policy: TransformerPolicy, batch: SequenceBatch, withEntropy = true): TokenStats {
  const { n, promptWidth: P, completionWidth: T } = batch;
  const width = P + T;
  const all = tf.tensor2d(batch.ids, [n, width], 'int32');
  // The token at column c is predicted at column c-1: feed columns [0, width-1) and read columns [P-1, width-1).
  const input = tf.slice(all, [0, 0], [n, width - 1]);
  const targets = tf.slice(all, [0, P], [n, T]);
  const logits = policy.forward(input, batch.padLens); // [n, width-1, V]
  const vocab = policy.spec.vocab;
  const compLogits = tf.slice(logits, [0, P - 1, 0], [n, T, vocab]);
  const logSm = tf.logSoftmax(compLogits);
  const onehot = tf.cast(tf.oneHot(targets, vocab), 'float32');
  const logp = tf.sum(tf.mul(logSm, onehot), -1) as tf.Tensor2D;
  const entropy = withEntropy
    ? (tf.neg(tf.sum(tf.mul(tf.exp(logSm), logSm), -1)) as tf.Tensor2D)
    : (tf.zerosLike(logp) as tf.Tensor2D);
  return { logp, entropy };
}
