// Attention's batched products ([rows, heads, t, T] sizes) on WASM SIMD. tfjs-wasm runs a batched product in a
// scalar loop (XNNPACK only takes batch 1); that loop sums each output over the shared dimension in order, from
// 0, in blocks of 48. This small hand-assembled module sums in exactly that order, four outputs at a time
// (f32x4 multiply then add: WASM has no fused multiply-add, so each step rounds as the scalar loop does), so the
// results are bit-identical (test/unit/simd-matmul.test.ts). It works on tfjs's own heap (the module imports
// tfjs's memory). Shared dimension over 48 or no SIMD: the stock kernel.
import * as tf from '@tensorflow/tfjs';
import { heapCopiesActive } from './copy-kernels';
import { fastPaths } from './fast-paths';
import { heapModule, type WasmBackendLike } from './heap-module';

const KERNEL = 'GrpoBatchMatMul';
/** tfjs-wasm's block size: beyond it the scalar loop adds partial sums, an order this module does not copy. */
const MAX_SHARED = 48;

let registered = false;

function register(): void {
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { transposeA: ta, transposeB: tb } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      return simdProduct(backend, inputs.a as tf.TensorInfo, inputs.b as tf.TensorInfo, ta, tb);
    },
  });
  // tfjs's own BatchMatMul gradient (same products, same transposes), through this kernel again
  tf.registerGradient({
    kernelName: KERNEL,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const g = dy as tf.Tensor;
      const { transposeA: ta, transposeB: tb } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      if (!ta && !tb) return { a: () => attentionMatMul(g, b, false, true), b: () => attentionMatMul(a, g, true, false) };
      if (!ta && tb) return { a: () => attentionMatMul(g, b, false, false), b: () => attentionMatMul(g, a, true, false) };
      if (ta && !tb) return { a: () => attentionMatMul(b, g, false, true), b: () => attentionMatMul(a, g, false, false) };
      return { a: () => attentionMatMul(b, g, true, true), b: () => attentionMatMul(g, a, true, true) };
    },
  });
  registered = true;
}

/**
 * tf.matMul(a, b, transposeA, transposeB) for same-shaped batches, bit-identical to tfjs-wasm's. On WASM with
 * the simdMatMul switch on, SIMD, and a shared dimension of at most 48; the stock op otherwise.
 */
export function attentionMatMul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  const rank = a.shape.length;
  const shared = transposeA ? a.shape[rank - 2] : a.shape[rank - 1];
  const sameBatch = rank === b.shape.length && a.shape.slice(0, rank - 2).every((s, i) => s === b.shape[i]);
  if (!fastPaths().simdMatMul || !heapCopiesActive() || shared > MAX_SHARED || !sameBatch || rank < 3 || !heapModule())
    return tf.matMul(a, b, transposeA, transposeB);
  if (!registered) register();
  return tf
    .engine()
    .runKernel(KERNEL, { a, b } as unknown as tf.NamedTensorMap, { transposeA, transposeB } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/**
 * The SIMD product of two same-batch tensors already in tfjs-wasm's heap (the kernel's body; the fused attention
 * kernel calls it too). Only where simdMatMulFits(shared dimension): otherwise the bits would differ.
 */
export function simdProduct(backend: unknown, a: tf.TensorInfo, b: tf.TensorInfo, ta: boolean, tb: boolean): tf.TensorInfo {
  const bk = backend as WasmBackendLike;
  const rank = a.shape.length;
  const outer = a.shape.slice(0, rank - 2);
  const batch = outer.reduce((x, y) => x * y, 1);
  const [ar, ac] = a.shape.slice(rank - 2);
  const [br, bc] = b.shape.slice(rank - 2);
  const m = ta ? ac : ar;
  const k = ta ? ar : ac;
  const n = tb ? br : bc;
  const out = bk.makeOutput([...outer, m, n], 'float32');
  // b must have its columns contiguous: a transposed b is copied first (an exact copy)
  const bT = tb ? bk.makeOutput([...outer, k, n], 'float32') : null;
  const { bmm: product, tr } = heapModule()!;
  if (bT) tr(bk.getMemoryOffset(b.dataId), bk.getMemoryOffset(bT.dataId), batch, n, k);
  const rowStride = (ta ? 1 : k) * 4;
  const kStride = (ta ? m : 1) * 4;
  product(
    bk.getMemoryOffset(a.dataId),
    bk.getMemoryOffset((bT ?? b).dataId),
    bk.getMemoryOffset(out.dataId),
    batch,
    m,
    k,
    n,
    rowStride,
    kStride,
    m * k * 4,
  );
  if (bT) bk.disposeData(bT.dataId);
  return out;
}

/** Whether a product with this shared dimension runs on SIMD (switch on, module loaded, within tfjs's block). */
export function simdMatMulFits(shared: number): boolean {
  return fastPaths().simdMatMul && shared <= MAX_SHARED && heapModule() !== null;
}
