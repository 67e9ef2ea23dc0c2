// LayerNorm over the last axis: (x - mean) / sqrt(var + 1e-5) * g + b.
// On WASM (switch fusedLayerNorm) it is one registered kernel, GrpoLayerNorm, written in JS over the backend's
// heap, instead of 9 (lean) or 12 (tf.moments) kernels. Its forward repeats tfjs-wasm's float32 sequence exactly:
// Mean sums the row left to right in float32 and divides (tfjs-backend-wasm/src/cc/kernels/Mean.cc), then Sub,
// Square, Mean, Add, Sqrt, RealDiv, Mul, Add element by element. Each of those is one correctly rounded float32
// operation, and a float32 +,-,*,/ or sqrt computed in double and rounded once (Math.fround) is exactly the
// float32 result, so the bits equal the op chain's (test/unit/fused-kernels.test.ts). Its gradient is one kernel
// too (GrpoLayerNormGrad: dx, dg, db in one pass, computed in double); it equals autodiff's to float rounding,
// NOT bit for bit (autodiff sums x's three gradient terms in another order anyway).
// On WebGPU it is one WGSL dispatch (layer-norm-webgpu.ts; numbers to float rounding, WebGPU's are not pinned).
// Elsewhere (CPU, WebGL) the op chain below runs.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { layerNormGradOps, registerWebGpuLayerNorm } from './layer-norm-webgpu';
import { heapF32, type WasmBackend } from './wasm-heap';

const LAYER_NORM = 'GrpoLayerNorm';
const LAYER_NORM_GRAD = 'GrpoLayerNormGrad';
const EPS = 1e-5;
const EPS32 = Math.fround(EPS);
const f = Math.fround;

let registered = false;

/** A row's float32 mean and standard deviation sqrt(var + eps), in tfjs-wasm's order of operations. */
function rowStats(xs: Float32Array, o: number, d: number): { mean: number; sd: number } {
  let sum = 0;
  for (let j = 0; j < d; j++) sum = f(sum + xs[o + j]);
  const mean = f(sum / d);
  let sq = 0;
  for (let j = 0; j < d; j++) {
    const c = f(xs[o + j] - mean);
    sq = f(sq + f(c * c));
  }
  const variance = f(sq / d);
  return { mean, sd: f(Math.sqrt(f(variance + EPS32))) };
}

function register(): void {
  tf.registerKernel({
    kernelName: LAYER_NORM,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const be = backend as unknown as WasmBackend;
      const { x, g, b } = inputs as Record<string, tf.TensorInfo>;
      const out = be.makeOutput(x.shape, 'float32'); // may grow the heap: take views after it
      const [xs, gs, bs, ys] = [x, g, b, out].map((t) => heapF32(be, t));
      const d = x.shape[x.shape.length - 1];
      for (let o = 0; o < xs.length; o += d) {
        const { mean, sd } = rowStats(xs, o, d);
        for (let j = 0; j < d; j++) ys[o + j] = f(f(f(f(xs[o + j] - mean) / sd) * gs[j]) + bs[j]);
      }
      return out;
    },
  });
  tf.registerKernel({
    kernelName: LAYER_NORM_GRAD,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const be = backend as unknown as WasmBackend;
      const { dy, x, g } = inputs as Record<string, tf.TensorInfo>;
      const d = x.shape[x.shape.length - 1];
      const outs = [be.makeOutput(x.shape, 'float32'), be.makeOutput([d], 'float32'), be.makeOutput([d], 'float32')];
      const [dys, xs, gs, dx, dg, db] = [dy, x, g, ...outs].map((t) => heapF32(be, t));
      const dgSum = new Float64Array(d);
      const dbSum = new Float64Array(d);
      const xhat = new Float64Array(d);
      for (let o = 0; o < xs.length; o += d) {
        const { mean, sd } = rowStats(xs, o, d);
        // dx = (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) / sd, with dxhat = dy * g
        let m1 = 0;
        let m2 = 0;
        for (let j = 0; j < d; j++) {
          xhat[j] = (xs[o + j] - mean) / sd;
          const dxhat = dys[o + j] * gs[j];
          m1 += dxhat;
          m2 += dxhat * xhat[j];
          dgSum[j] += dys[o + j] * xhat[j];
          dbSum[j] += dys[o + j];
        }
        m1 /= d;
        m2 /= d;
        for (let j = 0; j < d; j++) dx[o + j] = (dys[o + j] * gs[j] - m1 - xhat[j] * m2) / sd;
      }
      dg.set(dgSum);
      db.set(dbSum);
      return outs;
    },
  });
  tf.registerGradient({
    kernelName: LAYER_NORM,
    inputsToSave: ['x', 'g'],
    gradFunc: (dy, saved) => {
      const [x, g] = saved;
      // one kernel for all three; run here (the backward pass's scope), not inside the per-input closures,
      // whose tidies would dispose the two results they do not return
      const [dx, dg, db] =
        tf.getBackend() === 'wasm'
          ? (tf.engine().runKernel(LAYER_NORM_GRAD, { dy: dy as tf.Tensor, x, g }) as tf.Tensor[])
          : layerNormGradOps(dy as tf.Tensor, x, g, EPS);
      return { x: () => dx, g: () => dg, b: () => db };
    },
  });
  registerWebGpuLayerNorm(LAYER_NORM, EPS);
  registered = true;
}

/** LayerNorm of x [rows, d] with gain g and bias b [d]. */
export function layerNorm(x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  const paths = fastPaths();
  const backend = tf.getBackend();
  const keepTrainingBits = backend === 'wasm' && paths.layerNormChainUnderTape && tf.engine().isTapeOn();
  if (paths.fusedLayerNorm && !keepTrainingBits && (backend === 'wasm' || backend === 'webgpu')) {
    if (!registered) register();
    return tf.engine().runKernel(LAYER_NORM, { x, g, b } as unknown as tf.NamedTensorMap) as tf.Tensor2D;
  }
  if (paths.leanLayerNorm) {
    // tf.moments' op sequence without its float32->float32 Cast (a copy) and with x - mean computed once:
    // the same floats in the same order, so the same bits, in 9 kernels instead of 12.
    const mean = tf.mean(x, -1, true);
    const centered = tf.sub(x, mean);
    const variance = tf.mean(tf.square(centered), -1, true);
    return tf.add(tf.mul(tf.div(centered, tf.sqrt(tf.add(variance, EPS))), g), b) as tf.Tensor2D;
  }
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, EPS))), g), b) as tf.Tensor2D;
}
