// LayerNorm over the last axis: (x - mean) / sqrt(var + 1e-5) * g + b.
// On WASM (switch fusedLayerNorm) it is one registered kernel, GrpoLayerNorm, written in JS over the backend's
// heap, instead of 9 (lean) or 12 (tf.moments) kernels. Its forward repeats tfjs-wasm's float32 sequence exactly:
// Mean sums the row left to right in float32 and divides (tfjs-backend-wasm/src/cc/kernels/Mean.cc), then Sub,
// Square, Mean, Add, Sqrt, RealDiv, Mul, Add element by element. Each of those is one correctly rounded float32
// operation, and a float32 +,-,*,/ or sqrt computed in double and rounded once (Math.fround) is exactly the
// float32 result, so the bits equal the op chain's (test/unit/fused-kernels.test.ts). Its gradient is one kernel
// too (GrpoLayerNormGrad, layer-norm-grad.ts), which repeats autodiff of the chain float for float: training
// (the update, under a tape) keeps the chain's bits with 1 kernel forward and 1 backward (plus the engine's two
// additions into x's gradient) instead of 9 and about 40 (test/unit/layer-norm-grad.test.ts).
// On WebGPU it is one WGSL dispatch (layer-norm-webgpu.ts; numbers to float rounding, WebGPU's are not pinned).
// Elsewhere (CPU, WebGL) the op chain below runs.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { layerNormGradOps, registerWebGpuLayerNorm } from './layer-norm-webgpu';
import { LAYER_NORM_EPS, layerNormGradWasm, rowStats } from './layer-norm-grad';
import { heapF32, type WasmBackend } from './wasm-heap';

const LAYER_NORM = 'GrpoLayerNorm';
const LAYER_NORM_GRAD = 'GrpoLayerNormGrad';
const f = Math.fround;

let registered = false;

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
  tf.registerKernel({ kernelName: LAYER_NORM_GRAD, backendName: 'wasm', kernelFunc: layerNormGradWasm });
  tf.registerGradient({
    kernelName: LAYER_NORM,
    inputsToSave: ['x', 'g'],
    gradFunc: (dy, saved): Record<string, () => tf.Tensor> => {
      const [x, g] = saved;
      // one kernel for all outputs; run here (the backward pass's scope), not inside the per-input closures,
      // whose tidies would dispose the results they do not return
      if (tf.getBackend() === 'wasm') {
        const run = tf.engine().runKernel(LAYER_NORM_GRAD, { dy: dy as tf.Tensor, x, g }) as tf.Tensor[];
        const [dxCentered, dxMean, dg, db] = run;
        // x's two gradients, added to x's in the chain's order (x first, then xMean: layer-norm-grad.ts)
        return { x: () => dxCentered, xMean: () => dxMean, g: () => dg, b: () => db };
      }
      const [dx, dg, db] = layerNormGradOps(dy as tf.Tensor, x, g, LAYER_NORM_EPS);
      return { x: () => dx, g: () => dg, b: () => db };
    },
  });
  registerWebGpuLayerNorm(LAYER_NORM, LAYER_NORM_EPS);
  registered = true;
}

/** LayerNorm of x [rows, d] with gain g and bias b [d]. */
export function layerNorm(x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  const paths = fastPaths();
  const backend = tf.getBackend();
  const chainUnderTape = backend === 'wasm' && !paths.fusedLayerNormUnderTape && tf.engine().isTapeOn();
  if (paths.fusedLayerNorm && !chainUnderTape && (backend === 'wasm' || backend === 'webgpu')) {
    if (!registered) register();
    // WASM names x twice (x, xMean) so that its gradient reaches x as the chain's does: two additions in order
    const inputs = backend === 'wasm' ? { x, xMean: x, g, b } : { x, g, b };
    return tf.engine().runKernel(LAYER_NORM, inputs as unknown as tf.NamedTensorMap) as tf.Tensor2D;
  }
  if (paths.leanLayerNorm) {
    // tf.moments' op sequence without its float32->float32 Cast (a copy) and with x - mean computed once:
    // the same floats in the same order, so the same bits, in 9 kernels instead of 12.
    const mean = tf.mean(x, -1, true);
    const centered = tf.sub(x, mean);
    const variance = tf.mean(tf.square(centered), -1, true);
    return tf.add(tf.mul(tf.div(centered, tf.sqrt(tf.add(variance, LAYER_NORM_EPS))), g), b) as tf.Tensor2D;
  }
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LAYER_NORM_EPS))), g), b) as tf.Tensor2D;
}
