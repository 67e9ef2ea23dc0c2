// Views onto tfjs-backend-wasm's heap for kernels written in JS (layer-norm.ts, dense.ts, embedding.ts).
// A view dies when the heap grows, and makeOutput may grow it: allocate every output before taking views.
import type * as tf from '@tensorflow/tfjs';

export interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

export function heapF32(backend: WasmBackend, t: tf.TensorInfo): Float32Array {
  if (t.dtype !== 'float32') throw new Error(`expected a float32 tensor, got ${t.dtype}`);
  return backend.typedArrayFromHeap(t) as Float32Array;
}

export function heapI32(backend: WasmBackend, t: tf.TensorInfo): Int32Array {
  if (t.dtype !== 'int32') throw new Error(`expected an int32 tensor, got ${t.dtype}`);
  return backend.typedArrayFromHeap(t) as Int32Array;
}
