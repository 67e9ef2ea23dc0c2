// Per-token log-probabilities and entropies of completions under a policy, from one forward pass.
// Rollouts of one group share their prompt: with the kvCache switch on, the prompt columns run once per distinct
// prompt and the completion columns attend to that shared cache (Prefix Grouper), in scoring and in the update.
import * as tf from '@tensorflow/tfjs';
import { expandCache, expandRows, gatherCache, selectionMatrix, type TransformerPolicy } from './model';
import { distinctPrompts, pickRows, type SequenceBatch } from './batch';
import { fastPaths } from './fast-paths';
import { concatSeq, heapCopiesActive, repeatRows } from './copy-kernels';
import { logProbsAndEntropy } from './logprob-kernels';
import { tokenStatsWebGpu, wgslTokenStatsActive } from './token-stats-webgpu';

export interface TokenStats {
  /** [n, completionWidth] log pi(token). */
  logp: tf.Tensor2D;
  /** [n, completionWidth] entropy of the next-token distribution. */
  entropy: tf.Tensor2D;
}

/** Call inside tf.tidy (or dispose the result). Gradients flow through both outputs. */
export function tokenStats(policy: TransformerPolicy, batch: SequenceBatch, withEntropy = true): TokenStats {
  const { n, promptWidth: P, completionWidth: T } = batch;
  // column blocks of the ids are cut on the host: an upload, not a Slice launch
  const targets = tf.tensor2d(columns(batch, P, T), [n, T], 'int32');
  const compLogits = (sharePrompts() && sharedPromptLogits(policy, batch)) || plainLogits(policy, batch);
  if (wgslTokenStatsActive()) return tokenStatsWebGpu(compLogits, targets, withEntropy); // WebGPU only
  const [logp, entropy] = logProbsAndEntropy(compLogits, targets, withEntropy);
  return { logp, entropy };
}

/**
 * Sharing trades kernels for arithmetic (two shorter forwards plus the expansion instead of one): a win where
 * arithmetic dominates (WASM, CPU), not on GPU backends where each dispatch costs more than this model's math.
 */
function sharePrompts(): boolean {
  const backend = tf.getBackend();
  return fastPaths().kvCache && backend !== 'webgpu' && backend !== 'webgl';
}

/** Logits [n, T, V] that predict the completion tokens, from one forward over every row. */
function plainLogits(policy: TransformerPolicy, batch: SequenceBatch): tf.Tensor3D {
  const { n, promptWidth: P, completionWidth: T } = batch;
  // The token at column c is predicted at column c-1: feed columns [0, width-1) and read columns [P-1, width-1).
  const input = tf.tensor2d(columns(batch, 0, P + T - 1), [n, P + T - 1], 'int32');
  const logits = policy.forward(input, batch.padLens); // [n, width-1, V]
  return tf.slice(logits, [0, P - 1, 0], [n, T, policy.spec.vocab]);
}

/**
 * The same logits with the prompt columns run once per distinct prompt; null when no two rows share a prompt.
 * Equal to plainLogits up to float rounding (the shared rows' attention runs over shorter softmaxes).
 */
function sharedPromptLogits(policy: TransformerPolicy, batch: SequenceBatch): tf.Tensor3D | null {
  const { n, promptWidth: P, completionWidth: T } = batch;
  const width = P + T;
  const { first, rowOf } = distinctPrompts(batch.ids, width, n, P);
  if (first.length === n) return null;
  const u = first.length;
  const vocab = policy.spec.vocab;
  const padLens = Int32Array.from(first, (r) => batch.padLens[r]);
  const prompt = policy.prefill(tf.tensor2d(pickRows(batch.ids, width, first, P), [u, P], 'int32'), padLens);
  // Without a tape on WASM (scoring) the rows are copied by one copy kernel per tensor, as the sampler does;
  // under a tape the product form, which is differentiable (switch gatherScoring). The two differ at most in the
  // sign of an exact zero (x*1 + 0s turns -0 into +0), which a later sum with any non-zero term erases: the
  // logits and log-probs come out bit-identical (test/unit/logprob-kernels.test.ts, bitcheck)
  const copyRows = fastPaths().gatherScoring && heapCopiesActive() && !tf.engine().isTapeOn();
  const select = copyRows ? null : selectionMatrix(rowOf, u);
  const lastPrompt = tf.slice(prompt.logits, [0, P - 1, 0], [u, 1, vocab]);
  const firstLogits = select ? expandRows(lastPrompt, select) : repeatRows(lastPrompt, rowOf); // [n, 1, V]
  if (T === 1) return firstLogits;
  const restIds = tf.tensor2d(columns(batch, P, T - 1), [n, T - 1], 'int32');
  const past = select ? expandCache(prompt.cache, select) : gatherCache(prompt.cache, rowOf);
  const rest = policy.forwardFrom(restIds, batch.padLens, P, past);
  if (!heapCopiesActive()) return tf.concat([firstLogits, rest], 1);
  // WASM: the in-heap concat, whose gradient is an in-heap split (tfjs-wasm's split copies the whole input per piece)
  const asSeq = (x: tf.Tensor) => tf.reshape(x, [n, 1, x.shape[1]!, vocab]) as tf.Tensor4D;
  return tf.reshape(concatSeq(asSeq(firstLogits), asSeq(rest)), [n, T, vocab]);
}

/** Columns [from, from + count) of every row of the batch's ids. */
function columns(batch: SequenceBatch, from: number, count: number): Int32Array {
  const width = batch.promptWidth + batch.completionWidth;
  const out = new Int32Array(batch.n * count);
  for (let r = 0; r < batch.n; r++) out.set(batch.ids.subarray(r * width + from, r * width + from + count), r * count);
  return out;
}
