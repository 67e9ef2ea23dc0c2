// Pure-copy kernels for WASM that read the WASM heap in place. tfjs-backend-wasm's Slice (and SplitV, built on
// it) first copies its whole input out of the heap (readSync) and then takes one piece, so splitting a tensor in
// k parts copies it k times; its Gather runs a per-element loop. These kernels move the same floats with plain
// typed-array copies: no arithmetic, so every result is bit-identical to the ops they replace (test/unit/copy-kernels.test.ts).
// WASM only, behind the heapCopies switch; elsewhere (and with the switch off) callers use the stock ops.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';

interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

const SPLIT_HEADS = 'GrpoSplitHeads';
const MERGE_HEADS = 'GrpoMergeHeads';
const REPEAT_ROWS = 'GrpoRepeatRows';
const SPLIT_FLAT = 'GrpoSplitFlat';
const CONCAT_SEQ = 'GrpoConcatSeq';
const SPLIT_SEQ = 'GrpoSplitSeq';
const SWAP_12 = 'GrpoSwap12';
let registered = false;

/** True where the heap-copy kernels run: the WASM backend with the switch on. */
export function heapCopiesActive(): boolean {
  return fastPaths().heapCopies && tf.getBackend() === 'wasm';
}

// Outputs are allocated before any input view is taken: an allocation can grow (and so detach) the heap.
function register(): void {
  tf.registerKernel({
    kernelName: SPLIT_HEADS,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmHeapBackend;
      const { n, t, heads } = attrs as unknown as { n: number; t: number; heads: number };
      const x = inputs.x as tf.TensorInfo;
      const d = x.shape[1] / 3;
      const dh = d / heads;
      const outs = [0, 1, 2].map(() => b.makeOutput([n, heads, t, dh], 'float32'));
      const src = b.typedArrayFromHeap(x);
      outs.forEach((out, c) => {
        const dst = b.typedArrayFromHeap(out);
        let o = 0;
        for (let r = 0; r < n; r++)
          for (let h = 0; h < heads; h++)
            for (let i = 0; i < t; i++) {
              const base = (r * t + i) * 3 * d + c * d + h * dh;
              for (let e = 0; e < dh; e++) dst[o++] = src[base + e];
            }
      });
      return outs;
    },
  });
  tf.registerKernel({
    kernelName: MERGE_HEADS,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const b = backend as unknown as WasmHeapBackend;
      const parts = [inputs.q, inputs.k, inputs.v] as tf.TensorInfo[];
      const [n, heads, t, dh] = parts[0].shape;
      const d = heads * dh;
      const out = b.makeOutput([n * t, 3 * d], 'float32');
      const dst = b.typedArrayFromHeap(out);
      parts.forEach((part, c) => {
        const src = b.typedArrayFromHeap(part);
        let o = 0;
        for (let r = 0; r < n; r++)
          for (let h = 0; h < heads; h++)
            for (let i = 0; i < t; i++) {
              const base = (r * t + i) * 3 * d + c * d + h * dh;
              for (let e = 0; e < dh; e++) dst[base + e] = src[o++];
            }
      });
      return out;
    },
  });
  tf.registerGradient({
    kernelName: SPLIT_HEADS,
    gradFunc: (dy) => {
      const [dq, dk, dv] = dy as tf.Tensor[];
      return { x: () => tf.engine().runKernel(MERGE_HEADS, { q: dq, k: dk, v: dv } as unknown as tf.NamedTensorMap) as tf.Tensor };
    },
  });
  tf.registerKernel({
    kernelName: REPEAT_ROWS,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmHeapBackend;
      const rowOf = (attrs as unknown as { rowOf: number[] }).rowOf;
      const x = inputs.x as tf.TensorInfo;
      const inner = x.shape.slice(1).reduce((a, s) => a * s, 1);
      const out = b.makeOutput([rowOf.length, ...x.shape.slice(1)], x.dtype);
      const src = b.typedArrayFromHeap(x);
      const dst = b.typedArrayFromHeap(out);
      rowOf.forEach((row, r) => dst.set(src.subarray(row * inner, (row + 1) * inner), r * inner));
      return out;
    },
  });
  tf.registerKernel({
    kernelName: SPLIT_FLAT,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmHeapBackend;
      const shapes = (attrs as unknown as { shapes: number[][] }).shapes;
      const x = inputs.x as tf.TensorInfo;
      const outs = shapes.map((shape) => b.makeOutput(shape, x.dtype));
      const src = b.typedArrayFromHeap(x);
      let offset = 0;
      for (const out of outs) {
        const dst = b.typedArrayFromHeap(out);
        dst.set(src.subarray(offset, offset + dst.length));
        offset += dst.length;
      }
      return outs;
    },
  });
  // [n, heads, a, dh] ++ [n, heads, b, dh] along the sequence axis (a KV cache growing), and its gradient's split.
  // Plain index loops: no subarray views, so no garbage for the collector on this hot path.
  const seqCopy = (rows: number, parts: Float32Array[], widths: number[], whole: Float32Array, into: boolean) => {
    const [a, b] = parts;
    const [wa, wb] = widths;
    let at = 0;
    for (let r = 0; r < rows; r++) {
      const ia = r * wa;
      const ib = r * wb;
      if (into) {
        for (let e = 0; e < wa; e++) whole[at++] = a[ia + e];
        for (let e = 0; e < wb; e++) whole[at++] = b[ib + e];
      } else {
        for (let e = 0; e < wa; e++) a[ia + e] = whole[at++];
        for (let e = 0; e < wb; e++) b[ib + e] = whole[at++];
      }
    }
  };
  tf.registerKernel({
    kernelName: CONCAT_SEQ,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const b = backend as unknown as WasmHeapBackend;
      const parts = [inputs.a, inputs.b] as tf.TensorInfo[];
      const [n, heads, , dh] = parts[0].shape;
      const out = b.makeOutput([n, heads, parts[0].shape[2] + parts[1].shape[2], dh], 'float32');
      const widths = parts.map((p) => p.shape[2] * dh);
      seqCopy(
        n * heads,
        parts.map((p) => b.typedArrayFromHeap(p) as Float32Array),
        widths,
        b.typedArrayFromHeap(out) as Float32Array,
        true,
      );
      return out;
    },
  });
  tf.registerKernel({
    kernelName: SPLIT_SEQ,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmHeapBackend;
      const first = (attrs as unknown as { first: number }).first;
      const x = inputs.x as tf.TensorInfo;
      const [n, heads, t, dh] = x.shape;
      const outs = [first, t - first].map((len) => b.makeOutput([n, heads, len, dh], 'float32'));
      const parts = outs.map((o) => b.typedArrayFromHeap(o) as Float32Array);
      seqCopy(n * heads, parts, [first * dh, (t - first) * dh], b.typedArrayFromHeap(x) as Float32Array, false);
      return outs;
    },
  });
  tf.registerGradient({
    kernelName: CONCAT_SEQ,
    inputsToSave: ['a'],
    gradFunc: (dy, saved) => {
      const first = (saved[0] as tf.Tensor).shape[2];
      const pieces = () =>
        tf
          .engine()
          .runKernel(
            SPLIT_SEQ,
            { x: dy as tf.Tensor } as unknown as tf.NamedTensorMap,
            { first } as unknown as tf.NamedAttrMap,
          ) as tf.Tensor[];
      return { a: () => pieces()[0], b: () => pieces()[1] };
    },
  });
  // [a, b, c, d] -> [a, c, b, d] (tf.transpose with perm [0, 2, 1, 3]); its own inverse, so its gradient too.
  tf.registerKernel({
    kernelName: SWAP_12,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const bk = backend as unknown as WasmHeapBackend;
      const x = inputs.x as tf.TensorInfo;
      const [a, b, c, d] = x.shape;
      const out = bk.makeOutput([a, c, b, d], 'float32');
      const src = bk.typedArrayFromHeap(x) as Float32Array;
      const dst = bk.typedArrayFromHeap(out) as Float32Array;
      let o = 0;
      for (let i = 0; i < a; i++)
        for (let k = 0; k < c; k++)
          for (let j = 0; j < b; j++) {
            const base = ((i * b + j) * c + k) * d;
            for (let e = 0; e < d; e++) dst[o++] = src[base + e];
          }
      return out;
    },
  });
  tf.registerGradient({
    kernelName: SWAP_12,
    gradFunc: (dy) => ({ x: () => swap12(dy as tf.Tensor4D) }),
  });
  shareIdentity();
  registered = true;
}

/**
 * tfjs saves a copy (an Identity kernel) of every tensor a gradient needs, and tfjs-wasm's Identity copies the
 * floats; tensors are never written in place, so the copy can share the data as tfjs's CPU backend does
 * (reference counted). The stock kernel still runs with the switch off.
 */
function shareIdentity(): void {
  const stock = tf.getKernel('Identity', 'wasm');
  if (!stock) throw new Error('copy-kernels: the WASM backend has no Identity kernel');
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (!fastPaths().heapCopies || x.dtype === 'string') return stock.kernelFunc(args);
      (args.backend as unknown as { incRef(id: tf.DataId): void }).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
}

function run(kernel: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
  if (!registered) register();
  return tf.engine().runKernel(kernel, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as
    | tf.Tensor
    | tf.Tensor[];
}

/**
 * qkv [n*t, 3*d] (columns q | k | v, each heads x dh) as q, k, v in [n, heads, t, dh]: what split + reshape +
 * transpose compute, in one kernel. Differentiable (its gradient is the inverse copy). Call only when
 * heapCopiesActive().
 */
export function splitHeads(qkv: tf.Tensor2D, n: number, t: number, heads: number): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] {
  return run(SPLIT_HEADS, { x: qkv }, { n, t, heads }) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
}

/** Rows rowOf[r] of x for every r (tf.gather along axis 0). Not differentiable. Call only when heapCopiesActive(). */
export function repeatRows<T extends tf.Tensor>(x: T, rowOf: ArrayLike<number>): T {
  return run(REPEAT_ROWS, { x }, { rowOf: Array.from(rowOf) }) as T;
}

/** A flat vector cut into consecutive pieces of the given shapes (tf.split + reshape). Not differentiable. */
export function splitFlat(x: tf.Tensor1D, shapes: number[][]): tf.Tensor[] {
  return run(SPLIT_FLAT, { x }, { shapes }) as tf.Tensor[];
}

/** [n, heads, a, dh] and [n, heads, b, dh] joined along axis 2 (tf.concat), differentiable. Call only when heapCopiesActive(). */
export function concatSeq(a: tf.Tensor4D, b: tf.Tensor4D): tf.Tensor4D {
  return run(CONCAT_SEQ, { a, b }, {}) as tf.Tensor4D;
}

/** Install the WASM copy kernels (and the sharing Identity) now; idempotent. */
export function ensureCopyKernels(): void {
  if (!registered) register();
}

/** [a, b, c, d] -> [a, c, b, d], as tf.transpose(x, [0, 2, 1, 3]); differentiable. Call only when heapCopiesActive(). */
export function swap12(x: tf.Tensor4D): tf.Tensor4D {
  return run(SWAP_12, { x }, {}) as tf.Tensor4D;
}
