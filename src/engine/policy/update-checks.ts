// The update's pre-step checks, [gradient norm, weights probe], as one WASM kernel (switch fusedChecks) instead
// of about four kernels per parameter. The op chain (every other backend) is
//   norm  = sqrt(addN(sum(square(g)) for each gradient))
//   probe = addN(sum(w * 0) for each weight)        (0 when every weight is finite, NaN otherwise)
// The kernel calls tfjs-wasm's own Square, Sum, AddN, Sqrt and Multiply kernels in that order, directly instead
// of through the engine, so it gives the same bits (test/unit/fused-kernels.test.ts) at the same arithmetic cost.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { innerKernel } from './inner-kernels';
import { registerWebGpuChecks } from './update-webgpu';
import { heapF32, type WasmBackend } from './wasm-heap';

const CHECKS = 'GrpoUpdateChecks';
let registered = false;
let registeredWebGpu = false;

function register(): void {
  const [square, sum, addN, sqrt, mul] = ['Square', 'Sum', 'AddN', 'Sqrt', 'Multiply'].map((name) => ({
    kernelFunc: innerKernel(name, 'update-checks'),
  }));
  tf.registerKernel({
    kernelName: CHECKS,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      // tfjs-wasm's own kernels called directly (one engine launch), in the op chain's order: the same bits
      const be = backend as unknown as WasmBackend & { disposeData(dataId: unknown): boolean };
      const temps: tf.TensorInfo[] = [];
      const run = (k: { kernelFunc: tf.KernelFunc }, ins: unknown, at: tf.NamedAttrMap = {}) => {
        const out = k.kernelFunc({ inputs: ins as tf.NamedTensorInfoMap, backend, attrs: at }) as tf.TensorInfo;
        temps.push(out);
        return out;
      };
      const sumAll = (t: tf.TensorInfo) => run(sum, { x: t }, { axis: t.shape.map((_, i) => i), keepDims: false });
      const { grads } = attrs as unknown as { grads: number };
      const all = Object.keys(inputs).map((k) => inputs[k]!);
      const norm = run(sqrt, {
        x: run(
          addN,
          all.slice(0, grads).map((g) => sumAll(run(square, { x: g }))),
        ),
      });
      const zero = be.makeOutput([], 'float32');
      temps.push(zero);
      heapF32(be, zero)[0] = 0;
      const probe = run(
        addN,
        all.slice(grads).map((w) => sumAll(run(mul, { a: w, b: zero }))),
      );
      const out = be.makeOutput([2], 'float32');
      const ys = heapF32(be, out);
      ys[0] = heapF32(be, norm)[0];
      ys[1] = heapF32(be, probe)[0];
      for (const t of temps) be.disposeData(t.dataId);
      return out;
    },
  });
  registered = true;
}

/**
 * tf.addN, except on WebGPU with more than 7 terms: tfjs-webgpu's AddN binds one storage buffer per input and the
 * device allows 8, so a longer addN fails validation and leaves a stale buffer without an error (a wrong gradient
 * norm). There it adds groups of at most 7. Elsewhere the plain addN, so WASM's bits do not move.
 */
export function addMany(terms: tf.Tensor[]): tf.Tensor {
  if (tf.getBackend() !== 'webgpu' || terms.length <= 7) return tf.addN(terms);
  const groups: tf.Tensor[] = [];
  for (let i = 0; i < terms.length; i += 7) groups.push(tf.addN(terms.slice(i, i + 7)));
  return addMany(groups);
}

/** [global gradient norm, weights probe] as 1-D pieces to concatenate (one [2] or two [1]). Call inside tf.tidy. */
export function updateChecks(grads: tf.Tensor[], weights: tf.Tensor[]): tf.Tensor1D[] {
  const wasm = fastPaths().fusedChecks && tf.getBackend() === 'wasm';
  const wgsl = fastPaths().wgslUpdateTail && tf.getBackend() === 'webgpu'; // update-webgpu.ts
  if (wasm || wgsl) {
    if (wasm && !registered) register();
    if (wgsl && !registeredWebGpu) registerWebGpuChecks(CHECKS);
    registeredWebGpu ||= wgsl;
    const inputs: tf.NamedTensorMap = {};
    [...grads, ...weights].forEach((t, i) => (inputs[`t${i}`] = t));
    return [tf.engine().runKernel(CHECKS, inputs, { grads: grads.length } as never) as tf.Tensor1D];
  }
  const norm = tf.sqrt(addMany(grads.map((g) => tf.sum(tf.square(g)))));
  // x * 0 is 0 for every finite x and NaN for NaN or Inf: the sum is 0 exactly when every weight is finite
  // (a plain sum of large finite weights could overflow). Judged on the host: no isFinite kernel needed.
  const probe = addMany(weights.map((w) => tf.sum(tf.mul(w, 0))));
  return [tf.reshape(norm, [1]) as tf.Tensor1D, tf.reshape(probe, [1]) as tf.Tensor1D];
}
