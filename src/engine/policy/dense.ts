// x @ w for the dense layers, with a backward pass that stays on WASM's fast matmul. tfjs-backend-wasm sends a
// product to XNNPACK only when neither operand is transposed (and the batch is 1); the stock BatchMatMul gradient
// asks for dy @ w^T and x^T @ dy, which run in a scalar loop 5-10x slower. Transposing explicitly first is cheaper
// than the difference. The forward product is WASM's own BatchMatMul kernel, so forward numbers are unchanged.
// It is a registered kernel (not tf.customGrad) so it counts, and costs, as one kernel like tf.matMul.
// denseBias adds the bias (and ReLU, or a residual) inside the same kernel (switch fusedBias): on WASM by calling
// tfjs-wasm's own Add and Relu kernels after the product, directly instead of through the engine (same bits); on WebGPU as tfjs-webgpu's
// _FusedMatMul kernel under our name (one dispatch, one profile entry), on WebGL tf.fused.matMul (numbers may
// differ there in the last bits; WebGPU's are not pinned).
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { DENSE_GRAD, registerDenseGrad } from './dense-grad';
import { innerKernel } from './inner-kernels';

const DENSE = 'GrpoDenseMatMul';
const DENSE_BIAS = 'GrpoDenseBias';
const DENSE_BIAS_RELU = 'GrpoDenseBiasRelu';
const DENSE_BIAS_RESIDUAL = 'GrpoDenseBiasResidual';
let registered = false;
let webGpuRegistered = false;
let gradientsRegistered = false;

type Grad = (dy: tf.Tensor2D, x: tf.Tensor2D, w: tf.Tensor2D) => { x: () => tf.Tensor; w: () => tf.Tensor };
// WASM: transpose explicitly, then XNNPACK's untransposed product; elsewhere the stock BatchMatMul gradient.
const productGrad: Grad = (g, x, w) =>
  tf.getBackend() === 'wasm'
    ? { x: () => tf.matMul(g, tf.transpose(w)), w: () => tf.matMul(tf.transpose(x), g) }
    : { x: () => tf.matMul(g, w, false, true), w: () => tf.matMul(x, g, true, false) };

function register(): void {
  const [matMul, add, reluK] = ['BatchMatMul', 'Add', 'Relu'].map((name) => ({ kernelFunc: innerKernel(name, 'dense') }));
  tf.registerKernel({
    kernelName: DENSE,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) =>
      matMul.kernelFunc({ inputs: { a: inputs.x, b: inputs.w }, backend, attrs: { transposeA: false, transposeB: false } }),
  });
  for (const [name, relu, residual] of [
    [DENSE_BIAS, false, false],
    [DENSE_BIAS_RELU, true, false],
    [DENSE_BIAS_RESIDUAL, false, true],
  ] as const) {
    tf.registerKernel({
      kernelName: name,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend }) => {
        // tfjs-wasm's own kernels called directly (one engine launch): the product, Add, then Relu or Add
        const be = backend as unknown as { disposeData(dataId: unknown): boolean };
        const run = (k: Pick<tf.KernelConfig, 'kernelFunc'>, ins: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}) =>
          k.kernelFunc({ inputs: ins, backend, attrs }) as tf.TensorInfo;
        const product = run(matMul, { a: inputs.x, b: inputs.w }, { transposeA: false, transposeB: false });
        const biased = run(add, { a: product, b: inputs.bias });
        be.disposeData(product.dataId);
        if (!relu && !residual) return biased;
        const out = relu ? run(reluK, { x: biased }) : run(add, { a: inputs.residual, b: biased });
        be.disposeData(biased.dataId);
        return out;
      },
    });
  }
  registerGradients();
  registered = true;
}

/** The one-kernel backward pass (dense-grad.ts): WASM only, switch fusedDenseGrad. */
function useFusedGrad(): boolean {
  if (!fastPaths().fusedDenseGrad || tf.getBackend() !== 'wasm') return false;
  registerDenseGrad();
  return true;
}

function registerGradients(): void {
  if (gradientsRegistered) return;
  gradientsRegistered = true;
  tf.registerGradient({
    kernelName: DENSE,
    inputsToSave: ['x', 'w'],
    gradFunc: (dy, saved) => {
      const [x, w] = saved as tf.Tensor2D[];
      if (!useFusedGrad()) return productGrad(dy as tf.Tensor2D, x, w);
      const [dx, dw] = tf.engine().runKernel(DENSE_GRAD, { dy: dy as tf.Tensor, x, w }, { bias: false } as never) as tf.Tensor[];
      return { x: () => dx, w: () => dw };
    },
  });
  for (const [name, relu, residual] of [
    [DENSE_BIAS, false, false],
    [DENSE_BIAS_RELU, true, false],
    [DENSE_BIAS_RESIDUAL, false, true],
  ] as const) {
    // Autodiff's gradient of the op chain, op for op: relu's dy * step(y) (step(relu(z)) is step(z)), the
    // residual's dy, the bias's sum over rows, then the product's gradient.
    tf.registerGradient({
      kernelName: name,
      inputsToSave: ['x', 'w'],
      outputsToSave: [relu],
      gradFunc: (dy, saved) => {
        const [x, w, y] = saved as tf.Tensor2D[];
        if (useFusedGrad()) {
          // one kernel, run here in the backward pass's scope (see layer-norm.ts); same kernels inside, same bits
          const inputs = { dy: dy as tf.Tensor, x, w, ...(relu ? { y } : {}) };
          const [dx, dw, db] = tf.engine().runKernel(DENSE_GRAD, inputs, { bias: true } as never) as tf.Tensor[];
          return { x: () => dx, w: () => dw, bias: () => db, ...(residual ? { residual: () => dy as tf.Tensor } : {}) };
        }
        const g = relu ? (tf.mul(dy as tf.Tensor, tf.cast(tf.step(y), 'float32')) as tf.Tensor2D) : (dy as tf.Tensor2D);
        const grads = { ...productGrad(g, x, w), bias: () => tf.sum(g, 0) };
        return residual ? { ...grads, residual: () => g } : grads;
      },
    });
  }
}

/** WebGPU: the bias kernels (not the residual one) as tfjs-webgpu's fused product, one dispatch. */
function registerWebGpu(): void {
  const fused = tf.getKernel('_FusedMatMul', 'webgpu');
  if (!fused) throw new Error('dense: the WebGPU backend has no _FusedMatMul kernel');
  for (const [name, activation] of [
    [DENSE_BIAS, 'linear'],
    [DENSE_BIAS_RELU, 'relu'],
  ] as const) {
    tf.registerKernel({
      kernelName: name,
      backendName: 'webgpu',
      kernelFunc: ({ inputs, backend }) =>
        fused.kernelFunc({
          inputs: { a: inputs.x, b: inputs.w, bias: inputs.bias },
          backend,
          attrs: { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 },
        }),
    });
  }
  registerGradients();
  webGpuRegistered = true;
}

/** [m, k] @ [k, n]. On WASM (switch on) with the transposing gradient; the plain tf.matMul elsewhere. */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  if (!fastPaths().matmul || tf.getBackend() !== 'wasm') return tf.matMul(x, w);
  if (!registered) register();
  return tf.engine().runKernel(DENSE, { x, w } as unknown as tf.NamedTensorMap) as tf.Tensor2D;
}

/**
 * x @ w + bias [n], then ReLU if asked, or plus `residual` (same shape as the result; not with ReLU): one kernel
 * where the switch fusedBias allows, else the op chain.
 */
export function denseBias(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  bias: tf.Tensor,
  activation: 'linear' | 'relu' = 'linear',
  residual?: tf.Tensor2D,
): tf.Tensor2D {
  if (residual && activation === 'relu') throw new Error('denseBias: a residual with ReLU is not supported');
  const backend = tf.getBackend();
  if (fastPaths().fusedBias && backend === 'wasm') {
    if (!registered) register();
    const name = residual ? DENSE_BIAS_RESIDUAL : activation === 'relu' ? DENSE_BIAS_RELU : DENSE_BIAS;
    return tf
      .engine()
      .runKernel(name, (residual ? { x, w, bias, residual } : { x, w, bias }) as unknown as tf.NamedTensorMap) as tf.Tensor2D;
  }
  let y: tf.Tensor2D;
  if (fastPaths().fusedBias && backend === 'webgpu') {
    if (!webGpuRegistered) registerWebGpu();
    y = tf
      .engine()
      .runKernel(activation === 'relu' ? DENSE_BIAS_RELU : DENSE_BIAS, { x, w, bias } as unknown as tf.NamedTensorMap) as tf.Tensor2D;
  } else if (fastPaths().fusedBias && backend === 'webgl') y = tf.fused.matMul({ a: x, b: w, bias, activation }) as tf.Tensor2D;
  else {
    y = tf.add(dense(x, w), bias) as tf.Tensor2D;
    if (activation === 'relu') y = tf.relu(y);
  }
  return residual ? (tf.add(residual, y) as tf.Tensor2D) : y;
}
