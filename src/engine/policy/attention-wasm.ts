// The attention block as one WASM kernel forward (GrpoAttention) and one backward (GrpoAttentionGrad), computing
// what attention.ts's op chain computes with the same float32 operations in the same order, so the bits are the
// same (test/unit/attention.test.ts):
// - copies (heads, KV concat, heads back to rows, and in the gradient their inverses) move words, no arithmetic;
// - the batched products are simd-matmul.ts's SIMD product where the chain uses it, else tfjs-wasm's BatchMatMul;
//   in the gradient, a product whose forward ran on the stock kernel stays on it, as tfjs's gradient does;
// - softmax, and the backward's elementwise steps and row sum, are tfjs-wasm's own kernels (innerKernel: the
//   bench counts them as stock kernels run inside);
// - the forward's scale and mask bias are single float32 operations in JS with Math.fround (exact product/sum
//   rounded once, as WASM's f32 arithmetic does), one pass instead of two kernels.
// The gradient repeats tfjs-core 4.22's: BatchMatMul, Softmax (dy*y - sum(dy*y)*y), Multiply (dy*c), Add, and the
// copy kernels' (inverse copies); a key/value gradient from later use (the KV cache) is added to the scores' one.
import * as tf from '@tensorflow/tfjs';
import type { AttentionOut, AttentionShape } from './attention';
import { heapModule, type WasmBackendLike } from './heap-module';
import { innerKernel } from './inner-kernels';
import { simdMatMulFits, simdProduct } from './simd-matmul';
import { heapF32, type WasmBackend } from './wasm-heap';

const FORWARD = 'GrpoAttention';
const BACKWARD = 'GrpoAttentionGrad';

interface Attrs {
  n: number;
  t: number;
  heads: number;
  /** Past keys/values are inputs (they get gradients, even with 0 columns). */
  hasPast: boolean;
  /** Whether the chain's q k^T (shared dim dh) and probs v (shared dim past+t) products run on SIMD. */
  qkSimd: boolean;
  pvSimd: boolean;
}

type KernelFunc = ReturnType<typeof innerKernel>;
let stock: Record<'softmax' | 'multiply' | 'sub' | 'add' | 'sum' | 'matMul', KernelFunc> | null = null;

/** A tensor's first float in the heap. */
function at(bk: WasmBackendLike, x: tf.TensorInfo): number {
  return bk.getMemoryOffset(x.dataId) / 4;
}

/** One tensor's floats in the heap; taken after the last allocation (an allocation can grow, and so detach, the heap). */
function view(bk: WasmBackendLike, x: tf.TensorInfo): Float32Array {
  return heapF32(bk as unknown as WasmBackend, x);
}

/** For a < n0, b < n1, c < n2: copy len words from src + a*s0 + b*s1 + c*s2 to dst + a*d0 + b*d1 + c*d2 (words). */
function copy3(bk: WasmBackendLike, src: number, dst: number, len: number, loops: [number, number, number][]): void {
  if (len === 0 || loops.some(([count]) => count === 0)) return;
  const [[n0, s0, d0], [n1, s1, d1], [n2, s2, d2]] = [...loops, [1, 0, 0], [1, 0, 0]] as [number, number, number][];
  const wasm = heapModule();
  if (wasm) {
    wasm.copy3(src * 4, dst * 4, len, n0, s0 * 4, d0 * 4, n1, s1 * 4, d1 * 4, n2, s2 * 4, d2 * 4);
    return;
  }
  const heap = new Int32Array(bk.wasm.HEAPU8.buffer); // words, so every bit (NaN payloads too) is kept
  for (let a = 0; a < n0; a++)
    for (let b = 0; b < n1; b++)
      for (let c = 0; c < n2; c++) {
        const from = src + a * s0 + b * s1 + c * s2;
        heap.copyWithin(dst + a * d0 + b * d1 + c * d2, from, from + len);
      }
}

/** Layout facts of one call: qkv [n*t, 3d] and heads [n, heads, T, dh]. */
function dims(qkvWidth: number, { n, t, heads }: Attrs, total: number) {
  const d = qkvWidth / 3;
  const dh = d / heads;
  return { n, t, heads, d, dh, total, start: total - t };
}
type Dims = ReturnType<typeof dims>;

/** qkv's part c (0 q, 1 k, 2 v) <-> a heads tensor with T columns, from column `from` on; toHeads picks the way. */
function qkvHeads(bk: WasmBackendLike, qkv: number, c: number, x: number, T: number, from: number, g: Dims, toHeads: boolean): void {
  const rows = qkv + c * g.d;
  const cols = x + from * g.dh;
  const qs: [number, number][] = [
    [g.t * 3 * g.d, g.heads * T * g.dh],
    [g.dh, T * g.dh],
    [3 * g.d, g.dh],
  ];
  const counts = [g.n, g.heads, g.t];
  const loops = qs.map(([q, h], i) => (toHeads ? [counts[i], q, h] : [counts[i], h, q])) as [number, number, number][];
  copy3(bk, toHeads ? rows : cols, toHeads ? cols : rows, g.dh, loops);
}

/** [n, heads, t, dh] <-> [n*t, d] (heads back to rows, as swap12 + reshape); toRows picks the way. */
function headsRows(bk: WasmBackendLike, heads: number, rows: number, g: Dims, toRows: boolean): void {
  const hs = [g.heads * g.t * g.dh, g.t * g.dh, g.dh];
  const rs = [g.t * g.d, g.dh, g.d];
  const counts = [g.n, g.heads, g.t];
  const loops = counts.map((c, i) => (toRows ? [c, hs[i], rs[i]] : [c, rs[i], hs[i]])) as [number, number, number][];
  copy3(bk, toRows ? heads : rows, toRows ? rows : heads, g.dh, loops);
}

/** The first `start` columns of a [n, heads, total, dh] tensor <-> a [n, heads, start, dh] one. */
function pastColumns(bk: WasmBackendLike, whole: number, part: number, g: Dims, toWhole: boolean): void {
  const loop: [number, number, number] = toWhole
    ? [g.n * g.heads, g.start * g.dh, g.total * g.dh]
    : [g.n * g.heads, g.total * g.dh, g.start * g.dh];
  copy3(bk, toWhole ? part : whole, toWhole ? whole : part, g.start * g.dh, [loop]);
}

/**
 * s = s * scale + bias, the bias [rows/heads, width] shared by `heads` consecutive rows of s [rows, width]. A
 * function of its own: V8 optimizes one hot loop per small function, while loops inside the long kernel function
 * kept deoptimizing (measured 5 ms instead of 0.3 ms a call).
 */
function scaleAddBias(s: Float32Array, bias: Float32Array, rows: number, heads: number, width: number, scale: number): void {
  for (let r = 0; r < rows; r++) {
    const s0 = r * width;
    const b0 = Math.floor(r / heads) * width;
    for (let j = 0; j < width; j++) s[s0 + j] = Math.fround(Math.fround(s[s0 + j] * scale) + bias[b0 + j]);
  }
}

function product(bk: WasmBackendLike, a: tf.TensorInfo, b: tf.TensorInfo, ta: boolean, tb: boolean, simd: boolean): tf.TensorInfo {
  if (simd) return simdProduct(bk, a, b, ta, tb);
  const attrs = { transposeA: ta, transposeB: tb } as unknown as tf.NamedAttrMap;
  return stock!.matMul({ inputs: { a, b }, backend: bk as unknown as tf.KernelBackend, attrs }) as tf.TensorInfo;
}

/** Inputs qkv, bias (, pastK, pastV); outputs merged rows, keys, values, probabilities, queries. */
function forward({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): tf.TensorInfo[] {
  const bk = backend as unknown as WasmBackendLike;
  const a = attrs as unknown as Attrs;
  const { qkv, bias, pastK, pastV } = inputs as Record<string, tf.TensorInfo>;
  const g = dims(qkv.shape[1], a, (pastK ? pastK.shape[2] : 0) + a.t);
  const { n, t, heads, dh, total } = g;
  const q = bk.makeOutput([n, heads, t, dh], 'float32');
  const k = bk.makeOutput([n, heads, total, dh], 'float32');
  const v = bk.makeOutput([n, heads, total, dh], 'float32');
  const merged = bk.makeOutput([n * t, g.d], 'float32');
  [q, k, v].forEach((x, c) => qkvHeads(bk, at(bk, qkv), c, at(bk, x), c ? total : t, c ? g.start : 0, g, true));
  if (pastK) {
    pastColumns(bk, at(bk, k), at(bk, pastK), g, true);
    pastColumns(bk, at(bk, v), at(bk, pastV), g, true);
  }
  const scores = product(bk, q, k, false, true, a.qkSimd);
  // scores * (1/sqrt(dh)) + bias (bias [n, 1, t, total], the same for every head), in place
  const scale = Math.fround(1 / Math.sqrt(dh));
  scaleAddBias(view(bk, scores), view(bk, bias), n * heads, heads, t * total, scale);
  const probs = stock!.softmax({ inputs: { logits: scores }, backend, attrs: { dim: 3 } }) as tf.TensorInfo;
  bk.disposeData(scores.dataId);
  const att = product(bk, probs, v, false, false, a.pvSimd);
  headsRows(bk, at(bk, att), at(bk, merged), g, true);
  bk.disposeData(att.dataId);
  return [merged, k, v, probs, q];
}

/** Inputs dy (merged rows' gradient), dK, dV (keys'/values' gradient from later use), q, k, v, probs; outputs dqkv (, dpastK, dpastV). */
function backward({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): tf.TensorInfo[] {
  const bk = backend as unknown as WasmBackendLike;
  const a = attrs as unknown as Attrs;
  const { dy, dK, dV, q, k, v, probs } = inputs as Record<string, tf.TensorInfo>;
  const g = dims(3 * dy.shape[1], a, k.shape[2]);
  const { n, t, heads, dh, total, start } = g;
  const fits = (forwardOnSimd: boolean, shared: number) => forwardOnSimd && simdMatMulFits(shared);
  const dAtt = bk.makeOutput([n, heads, t, dh], 'float32');
  headsRows(bk, at(bk, dAtt), at(bk, dy), g, false);
  // probs v: a -> dy v^T, b -> probs^T dy
  const dProbs = product(bk, dAtt, v, false, true, fits(a.pvSimd, dh));
  const dVOwn = product(bk, probs, dAtt, true, false, fits(a.pvSimd, t));
  bk.disposeData(dAtt.dataId);
  // softmax: dy*y - sum(dy*y)*y, then the scale's gradient dy*c (the mask bias's Add passes dy through); tfjs-wasm's
  // own elementwise kernels here: faster than a JS loop over the heap, and the chain's very kernels
  const op = (kernel: KernelFunc, x: tf.TensorInfo, y: tf.TensorInfo) => kernel({ inputs: { a: x, b: y }, backend }) as tf.TensorInfo;
  const dyY = op(stock!.multiply, dProbs, probs);
  const sums = stock!.sum({ inputs: { x: dyY }, backend, attrs: { axis: [3], keepDims: true } }) as tf.TensorInfo;
  const sumY = op(stock!.multiply, sums, probs);
  const dScores = op(stock!.sub, dyY, sumY);
  const scale = bk.makeOutput([], 'float32');
  view(bk, scale)[0] = 1 / Math.sqrt(dh); // stored as float32, as tf.mul's scalar is
  const dScaled = op(stock!.multiply, dScores, scale);
  for (const x of [dProbs, dyY, sums, sumY, dScores, scale]) bk.disposeData(x.dataId);
  // q k^T: a -> dy k, b -> dy^T q
  const dQ = product(bk, dScaled, k, false, false, fits(a.qkSimd, total));
  const dKOwn = product(bk, dScaled, q, true, false, fits(a.qkSimd, t));
  bk.disposeData(dScaled.dataId);
  // the keys'/values' gradient from their later use (tfjs passes zeros when none) added to this block's
  const dKAll = op(stock!.add, dKOwn, dK);
  const dVAll = op(stock!.add, dVOwn, dV);
  for (const x of [dKOwn, dVOwn]) bk.disposeData(x.dataId);
  const dQkv = bk.makeOutput([n * t, 3 * g.d], 'float32');
  const dPast = a.hasPast ? [0, 1].map(() => bk.makeOutput([n, heads, start, dh], 'float32')) : [];
  [dQ, dKAll, dVAll].forEach((x, c) => qkvHeads(bk, at(bk, dQkv), c, at(bk, x), c ? total : t, c ? start : 0, g, false));
  dPast.forEach((x, c) => pastColumns(bk, at(bk, c ? dVAll : dKAll), at(bk, x), g, false));
  for (const x of [dQ, dKAll, dVAll]) bk.disposeData(x.dataId);
  return [dQkv, ...dPast];
}

function register(): void {
  stock = {
    softmax: innerKernel('Softmax', 'attention'),
    multiply: innerKernel('Multiply', 'attention'),
    sub: innerKernel('Sub', 'attention'),
    add: innerKernel('Add', 'attention'),
    sum: innerKernel('Sum', 'attention'),
    matMul: innerKernel('BatchMatMul', 'attention'),
  };
  tf.registerKernel({ kernelName: FORWARD, backendName: 'wasm', kernelFunc: forward as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: BACKWARD, backendName: 'wasm', kernelFunc: backward as unknown as tf.KernelFunc });
  tf.registerGradient({
    kernelName: FORWARD,
    outputsToSave: [false, true, true, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [dy, dK, dV] = dys as tf.Tensor[];
      const [k, v, probs, q] = saved as tf.Tensor[];
      // one kernel for every input's gradient, run once here; each input takes its piece
      const inputs = { dy, dK, dV, q, k, v, probs } as unknown as tf.NamedTensorMap;
      const grads = tf.engine().runKernel(BACKWARD, inputs, attrs) as tf.Tensor[];
      return { qkv: () => grads[0], pastK: () => grads[1], pastV: () => grads[2] };
    },
  });
}

/** The fused block (see attention.ts's attention()); WASM with heapCopies only. */
export function fusedAttentionWasm(
  qkv: tf.Tensor2D,
  bias: tf.Tensor4D,
  past: { keys: tf.Tensor4D; values: tf.Tensor4D } | null,
  shape: AttentionShape,
): AttentionOut {
  if (!stock) register();
  const dh = qkv.shape[1] / 3 / shape.heads;
  const total = (past ? past.keys.shape[2] : 0) + shape.t;
  const attrs: Attrs = { ...shape, hasPast: past !== null, qkSimd: simdMatMulFits(dh), pvSimd: simdMatMulFits(total) };
  const inputs = past ? { qkv, bias, pastK: past.keys, pastV: past.values } : { qkv, bias };
  const outs = tf.engine().runKernel(FORWARD, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  const [merged, k, v, probs, q] = outs;
  tf.dispose([probs, q]); // a recording tape keeps its own handles on them for the gradient
  return { merged: merged as tf.Tensor2D, k: k as tf.Tensor4D, v: v as tf.Tensor4D };
}
