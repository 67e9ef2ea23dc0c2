// The attention block of a transformer layer: qkv rows -> heads, the KV cache's past joined in front, scaled
// scores plus the mask bias, softmax, the weighted values, heads back to rows. On WASM (switch fusedAttention,
// with heapCopies) it is one kernel forward and one backward with the chain's exact arithmetic (attention-wasm.ts);
// everywhere else it is the op chain below, which the fused kernels must equal bit for bit.
import * as tf from '@tensorflow/tfjs';
import { fusedAttentionWasm } from './attention-wasm';
import { concatSeq, heapCopiesActive, splitHeads, swap12 } from './copy-kernels';
import { fastPaths } from './fast-paths';
import { attentionMatMul } from './simd-matmul';

export interface AttentionShape {
  /** Rows (sequences). */
  n: number;
  /** New columns per row in this call. */
  t: number;
  heads: number;
}

export interface AttentionOut {
  /** [n*t, d]: the heads' outputs side by side, one row per (row, column). */
  merged: tf.Tensor2D;
  /** [n, heads, past+t, dh]: keys and values of every column so far (what a KV cache keeps). */
  k: tf.Tensor4D;
  v: tf.Tensor4D;
}

/** True where the fused WASM kernels run. */
export function fusedAttentionActive(): boolean {
  return fastPaths().fusedAttention && heapCopiesActive();
}

/**
 * Attention of qkv ([n*t, 3d], columns q | k | v, each heads x dh) over the past keys/values (columns before
 * these, [n, heads, past, dh]) and its own columns, with an additive bias [n, 1, t, past+t] (mask). Differentiable
 * in qkv and the past. Call inside tf.tidy.
 */
export function attention(
  qkv: tf.Tensor2D,
  bias: tf.Tensor4D,
  past: { keys: tf.Tensor4D; values: tf.Tensor4D } | null,
  shape: AttentionShape,
): AttentionOut {
  checkShapes(qkv, bias, past, shape);
  if (fusedAttentionActive()) return fusedAttentionWasm(qkv, bias, past, shape);
  return attentionChain(qkv, bias, past, shape);
}

/** Clear messages for inconsistent shapes (the fused kernel would otherwise read past a tensor's end). */
function checkShapes(
  qkv: tf.Tensor,
  bias: tf.Tensor,
  past: { keys: tf.Tensor; values: tf.Tensor } | null,
  { n, t, heads }: AttentionShape,
) {
  const [rows, width] = qkv.shape;
  if (qkv.rank !== 2 || rows !== n * t || width % (3 * heads) !== 0)
    throw new Error(`attention: qkv is [${qkv.shape}], expected [${n * t}, 3 x ${heads} heads x head width] for ${n} rows of ${t} columns`);
  const dh = width / 3 / heads;
  const start = past ? (past.keys.shape[2] ?? 0) : 0;
  for (const [name, x] of past
    ? ([
        ['past keys', past.keys],
        ['past values', past.values],
      ] as const)
    : []) {
    if (x.shape.join() !== [n, heads, start, dh].join())
      throw new Error(`attention: ${name} are [${x.shape}], expected [${[n, heads, start, dh]}] (rows, heads, past columns, head width)`);
  }
  if (bias.shape.join() !== [n, 1, t, start + t].join())
    throw new Error(`attention: the mask bias is [${bias.shape}], expected [${[n, 1, t, start + t]}] (rows, 1, columns, past + columns)`);
}

/** The block as separate ops (every backend; the reference for the fused kernels). */
export function attentionChain(
  qkv: tf.Tensor2D,
  bias: tf.Tensor4D,
  past: { keys: tf.Tensor4D; values: tf.Tensor4D } | null,
  { n, t, heads }: AttentionShape,
): AttentionOut {
  const d = qkv.shape[1] / 3;
  const dh = d / heads;
  // [n*t, d] -> [n, heads, t, dh]; with one column (decoding) that is a reshape, no copy needed
  const toHeads = (m: tf.Tensor) =>
    t === 1 ? tf.reshape(m, [n, heads, 1, dh]) : tf.transpose(tf.reshape(m, [n, t, heads, dh]), [0, 2, 1, 3]);
  // WASM: one in-heap copy kernel instead of split + transposes (same floats, copy-kernels.ts)
  let [q, k, v] = heapCopiesActive() ? splitHeads(qkv, n, t, heads) : tf.split(qkv, 3, 1).map(toHeads);
  if (past) {
    const join = (a: tf.Tensor4D, b: tf.Tensor) => (heapCopiesActive() ? concatSeq(a, b as tf.Tensor4D) : tf.concat([a, b], 2));
    k = join(past.keys, k);
    v = join(past.values, v);
  }
  const scores = tf.add(tf.mul(attentionMatMul(q, k, false, true), 1 / Math.sqrt(dh)), bias);
  const att = attentionMatMul(tf.softmax(scores), v); // [n, heads, t, dh]
  const toRows = (a: tf.Tensor) => (heapCopiesActive() ? swap12(a as tf.Tensor4D) : tf.transpose(a, [0, 2, 1, 3]));
  const merged = tf.reshape(t === 1 ? att : toRows(att), [n * t, d]) as tf.Tensor2D;
  return { merged, k: k as tf.Tensor4D, v: v as tf.Tensor4D };
}
