// Tensors kept for the backward pass without a copy (switch zeroCopySaves; WASM and WebGPU).
// While a gradient tape records, tfjs keeps every tensor a gradient will need by cloning it: one Identity kernel
// per saved tensor, which on WASM copies the data (about 300 launches and copies per training step). Tensors are
// immutable in tfjs (a variable's assign swaps its data id, no kernel writes into its inputs), so a new handle on
// the same data, with the backend's reference count raised, is as safe as a copy: this is what tfjs's WebGPU
// backend does for Identity anyway. Same data, so gradients are bit for bit the same (test/unit/fused-kernels.test.ts).
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';

interface EngineInternals {
  backend: { incRef(dataId: unknown): void };
  saveTensorsForBackwardMode(tensors: tf.Tensor[]): tf.Tensor[];
  makeTensorFromTensorInfo(info: tf.TensorInfo): tf.Tensor;
  keep<T extends tf.Tensor>(t: T): T;
}

let installed = false;
// WebGPU's Identity kernel is already this (incRef, same buffer): there it only saves the kernel call.
const SHARING = new Set(['wasm', 'webgpu']);

/** Patch the engine once; the switch and the backend are checked on every save. */
export function installZeroCopySaves(): void {
  if (installed) return;
  installed = true;
  const engine = tf.engine() as unknown as EngineInternals;
  const copying = engine.saveTensorsForBackwardMode.bind(engine);
  engine.saveTensorsForBackwardMode = (tensors) => {
    if (!fastPaths().zeroCopySaves || !SHARING.has(tf.getBackend())) return copying(tensors);
    return tensors.map((t) => {
      engine.backend.incRef(t.dataId);
      return engine.keep(engine.makeTensorFromTensorInfo({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }));
    });
  };
}
