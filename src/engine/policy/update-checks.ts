// The update's pre-step checks, [gradient norm, weights probe], as one WASM kernel (switch fusedChecks) instead
// of about four kernels per parameter. The op chain (every other backend) is
//   norm  = sqrt(addN(sum(square(g)) for each gradient))
//   probe = addN(sum(w * 0) for each weight)        (0 when every weight is finite, NaN otherwise)
// tfjs-wasm's Sum and AddN add left to right in float32 (tfjs-backend-wasm/src/cc/kernels/Sum.cc, AddN.cc), and
// each float32 op computed in double and rounded once with Math.fround is the float32 result, so the kernel
// below gives the same bits (test/unit/fused-kernels.test.ts).
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { heapF32, type WasmBackend } from './wasm-heap';

const CHECKS = 'GrpoUpdateChecks';
const f = Math.fround;
let registered = false;

/** float32 sum over tensors of the float32 sum of term(v) over each tensor's values, in tfjs-wasm's order. */
function sumOfSums(arrays: Float32Array[], term: (v: number) => number): number {
  let total = 0;
  for (const xs of arrays) {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s = f(s + term(xs[i]));
    total = f(total + s);
  }
  return total;
}

function register(): void {
  tf.registerKernel({
    kernelName: CHECKS,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as WasmBackend;
      const { grads } = attrs as unknown as { grads: number };
      const out = be.makeOutput([2], 'float32');
      const all = Object.keys(inputs).map((k) => heapF32(be, inputs[k]!));
      const ys = heapF32(be, out);
      ys[0] = f(Math.sqrt(sumOfSums(all.slice(0, grads), (v) => f(v * v))));
      ys[1] = sumOfSums(all.slice(grads), (v) => f(v * 0));
      return out;
    },
  });
  registered = true;
}

/** [global gradient norm, weights probe] as 1-D pieces to concatenate (one [2] or two [1]). Call inside tf.tidy. */
export function updateChecks(grads: tf.Tensor[], weights: tf.Tensor[]): tf.Tensor1D[] {
  if (fastPaths().fusedChecks && tf.getBackend() === 'wasm') {
    if (!registered) register();
    const inputs: tf.NamedTensorMap = {};
    [...grads, ...weights].forEach((t, i) => (inputs[`t${i}`] = t));
    return [tf.engine().runKernel(CHECKS, inputs, { grads: grads.length } as never) as tf.Tensor1D];
  }
  const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
  // x * 0 is 0 for every finite x and NaN for NaN or Inf: the sum is 0 exactly when every weight is finite
  // (a plain sum of large finite weights could overflow). Judged on the host: no isFinite kernel needed.
  const probe = tf.addN(weights.map((w) => tf.sum(tf.mul(w, 0))));
  return [tf.reshape(norm, [1]) as tf.Tensor1D, tf.reshape(probe, [1]) as tf.Tensor1D];
}
