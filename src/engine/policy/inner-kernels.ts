// Several fused WASM kernels (dense + bias, the dense gradient, the update checks, ...) run tfjs-wasm's own
// kernels inside, called directly instead of through the engine: the same arithmetic in the same order (so the
// same bits) for one engine launch. tf.profile counts such a fused kernel once; this counter records the stock
// kernels run inside it, so the bench can print both figures and nobody mistakes one launch for one pass.
import * as tf from '@tensorflow/tfjs';

type KernelFunc = tf.KernelConfig['kernelFunc'];

let calls = 0;

/** tfjs-wasm's kernel `name`, wrapped so that each call is counted. Throws if the WASM backend lacks it. */
export function innerKernel(name: string, owner: string): KernelFunc {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`${owner}: the WASM backend has no ${name} kernel`);
  const run = k.kernelFunc;
  return (args) => {
    calls++;
    return run(args);
  };
}

/** Stock kernels run inside fused kernels since the process started (the bench reads it before and after a step). */
export function innerKernelCalls(): number {
  return calls;
}
