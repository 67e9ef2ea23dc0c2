// Pure-copy kernels for WASM that read the WASM heap in place. tfjs-backend-wasm's Slice (and SplitV, built on
// it) first copies its whole input out of the heap (readSync) and then takes one piece, so splitting a tensor in
// k parts copies it k times; its Gather runs a per-element loop. These kernels move the same floats with plain
// typed-array copies: no arithmetic, so every result is bit-identical to the ops they replace (test/unit/copy-kernels.test.ts).
// WASM only, behind the heapCopies switch; elsewhere (and with the switch off) callers use the stock ops.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { heapModule } from './heap-module';

interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  getMemoryOffset(dataId: tf.DataId): number;
  wasm: { HEAPU8: Uint8Array };
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

/**
 * The heap as 32-bit words and each tensor's first word. Taken after every output is allocated (an allocation
 * can grow, and so detach, the heap). Words, not floats: a copy through Int32Array keeps every bit, NaN payloads too.
 */
function heapOf(backend: unknown, tensors: tf.TensorInfo[]): { heap: Int32Array; at: number[] } {
  const b = backend as WasmHeapBackend;
  for (const t of tensors) if (t.dtype !== 'float32' && t.dtype !== 'int32') throw new Error(`copy kernels: unsupported dtype ${t.dtype}`);
  return { heap: new Int32Array(b.wasm.HEAPU8.buffer), at: tensors.map((t) => b.getMemoryOffset(t.dataId) / 4) };
}

/** Copy len words; a native memmove for long runs, a loop for short ones (a call costs about 16 words of loop). */
function copyRun(heap: Int32Array, to: number, from: number, len: number): void {
  if (len >= 32) heap.copyWithin(to, from, from + len);
  else for (let e = 0; e < len; e++) heap[to + e] = heap[from + e];
}

function output(backend: unknown, shape: number[], dtype: tf.DataType = 'float32'): tf.TensorInfo {
  return (backend as WasmHeapBackend).makeOutput(shape, dtype);
}

/**
 * Row r, column block c (of 3), head h, position i of qkv [n*t, 3*d] <-> part c at [r, h, i] ([n, heads, t, dh]).
 * toParts: qkv -> parts (the split); otherwise parts -> qkv (its gradient).
 */
function headsCopy(
  heap: Int32Array,
  qkv: number,
  parts: number[],
  n: number,
  t: number,
  heads: number,
  dh: number,
  toParts: boolean,
): void {
  const wasm = heapModule();
  if (wasm) {
    // the same copies as below, as three strided loops in WASM (addresses in bytes)
    const d3 = 3 * heads * dh * 4;
    const qs = [t * d3, dh * 4, d3];
    const ps = [heads * t * dh * 4, t * dh * 4, dh * 4];
    parts.forEach((part, c) => {
      const q = (qkv + c * heads * dh) * 4;
      if (toParts) wasm.copy3(q, part * 4, dh, n, qs[0], ps[0], heads, qs[1], ps[1], t, qs[2], ps[2]);
      else wasm.copy3(part * 4, q, dh, n, ps[0], qs[0], heads, ps[1], qs[1], t, ps[2], qs[2]);
    });
    return;
  }
  const d = heads * dh;
  parts.forEach((part, c) => {
    if (t === 1) {
      // one position: each row's block is already [heads, dh] in order
      for (let r = 0; r < n; r++) {
        const a = qkv + r * 3 * d + c * d;
        if (toParts) copyRun(heap, part + r * d, a, d);
        else copyRun(heap, a, part + r * d, d);
      }
      return;
    }
    let o = part;
    for (let r = 0; r < n; r++)
      for (let h = 0; h < heads; h++)
        for (let i = 0; i < t; i++, o += dh) {
          const a = qkv + (r * t + i) * 3 * d + c * d + h * dh;
          if (toParts) copyRun(heap, o, a, dh);
          else copyRun(heap, a, o, dh);
        }
  });
}

/** rows x ([wa] ++ [wb]) <-> two blocks rows x [wa] and rows x [wb]: concat along an inner axis, or its split. */
function seqCopy(heap: Int32Array, whole: number, a: number, b: number, rows: number, wa: number, wb: number, join: boolean): void {
  const wasm = heapModule();
  if (wasm) {
    const row = (wa + wb) * 4;
    if (join) {
      wasm.copy3(a * 4, whole * 4, wa, rows, wa * 4, row, 1, 0, 0, 1, 0, 0);
      wasm.copy3(b * 4, (whole + wa) * 4, wb, rows, wb * 4, row, 1, 0, 0, 1, 0, 0);
    } else {
      wasm.copy3(whole * 4, a * 4, wa, rows, row, wa * 4, 1, 0, 0, 1, 0, 0);
      wasm.copy3((whole + wa) * 4, b * 4, wb, rows, row, wb * 4, 1, 0, 0, 1, 0, 0);
    }
    return;
  }
  let at = whole;
  for (let r = 0; r < rows; r++) {
    if (join) {
      copyRun(heap, at, a + r * wa, wa);
      copyRun(heap, at + wa, b + r * wb, wb);
    } else {
      copyRun(heap, a + r * wa, at, wa);
      copyRun(heap, b + r * wb, at + wa, wb);
    }
    at += wa + wb;
  }
}

function register(): void {
  tf.registerKernel({
    kernelName: SPLIT_HEADS,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { n, t, heads } = attrs as unknown as { n: number; t: number; heads: number };
      const x = inputs.x as tf.TensorInfo;
      const dh = x.shape[1] / 3 / heads;
      const outs = [0, 1, 2].map(() => output(backend, [n, heads, t, dh]));
      const { heap, at } = heapOf(backend, [x, ...outs]);
      headsCopy(heap, at[0], at.slice(1), n, t, heads, dh, true);
      return outs;
    },
  });
  tf.registerKernel({
    kernelName: MERGE_HEADS,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const parts = [inputs.q, inputs.k, inputs.v] as tf.TensorInfo[];
      const [n, heads, t, dh] = parts[0].shape;
      const out = output(backend, [n * t, 3 * heads * dh]);
      const { heap, at } = heapOf(backend, [out, ...parts]);
      headsCopy(heap, at[0], at.slice(1), n, t, heads, dh, false);
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
      const rowOf = (attrs as unknown as { rowOf: number[] }).rowOf;
      const x = inputs.x as tf.TensorInfo;
      const inner = x.shape.slice(1).reduce((a, s) => a * s, 1);
      const out = output(backend, [rowOf.length, ...x.shape.slice(1)], x.dtype);
      const { heap, at } = heapOf(backend, [x, out]);
      rowOf.forEach((row, r) => copyRun(heap, at[1] + r * inner, at[0] + row * inner, inner));
      return out;
    },
  });
  tf.registerKernel({
    kernelName: SPLIT_FLAT,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const shapes = (attrs as unknown as { shapes: number[][] }).shapes;
      const x = inputs.x as tf.TensorInfo;
      const outs = shapes.map((shape) => output(backend, shape, x.dtype));
      const { heap, at } = heapOf(backend, [x, ...outs]);
      let offset = 0;
      outs.forEach((out, i) => {
        const size = out.shape.reduce((a, s) => a * s, 1);
        copyRun(heap, at[i + 1], at[0] + offset, size);
        offset += size;
      });
      return outs;
    },
  });
  // [n, heads, a, dh] ++ [n, heads, b, dh] along the sequence axis (a KV cache growing), and its gradient's split.
  tf.registerKernel({
    kernelName: CONCAT_SEQ,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const [a, b] = [inputs.a, inputs.b] as tf.TensorInfo[];
      const [n, heads, ta, dh] = a.shape;
      const out = output(backend, [n, heads, ta + b.shape[2], dh]);
      const { heap, at } = heapOf(backend, [out, a, b]);
      seqCopy(heap, at[0], at[1], at[2], n * heads, ta * dh, b.shape[2] * dh, true);
      return out;
    },
  });
  tf.registerKernel({
    kernelName: SPLIT_SEQ,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const first = (attrs as unknown as { first: number }).first;
      const x = inputs.x as tf.TensorInfo;
      const [n, heads, t, dh] = x.shape;
      const outs = [first, t - first].map((len) => output(backend, [n, heads, len, dh]));
      const { heap, at } = heapOf(backend, [x, ...outs]);
      seqCopy(heap, at[0], at[1], at[2], n * heads, first * dh, (t - first) * dh, false);
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
      const x = inputs.x as tf.TensorInfo;
      const [a, b, c, d] = x.shape;
      const out = output(backend, [a, c, b, d]);
      const { heap, at } = heapOf(backend, [x, out]);
      const wasm = heapModule();
      if (wasm) {
        wasm.copy3(at[0] * 4, at[1] * 4, d, a, b * c * d * 4, b * c * d * 4, c, d * 4, b * d * 4, b, c * d * 4, d * 4);
        return out;
      }
      let o = at[1];
      for (let i = 0; i < a; i++)
        for (let k = 0; k < c; k++) for (let j = 0; j < b; j++, o += d) copyRun(heap, o, at[0] + ((i * b + j) * c + k) * d, d);
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
