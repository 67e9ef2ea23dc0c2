// x @ w for the dense layers, with a backward pass that stays on WASM's fast matmul. tfjs-backend-wasm sends a
// product to XNNPACK only when neither operand is transposed (and the batch is 1); the stock BatchMatMul gradient
// asks for dy @ w^T and x^T @ dy, which run in a scalar loop 5-10x slower. Transposing explicitly first is cheaper
// than the difference. The forward product is WASM's own BatchMatMul kernel, so forward numbers are unchanged.
// It is a registered kernel (not tf.customGrad) so it counts, and costs, as one kernel like tf.matMul.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';

const DENSE = 'GrpoDenseMatMul';
let registered = false;

function register(): void {
  const matMul = tf.getKernel('BatchMatMul', 'wasm');
  if (!matMul) throw new Error('dense: the WASM backend has no BatchMatMul kernel');
  tf.registerKernel({
    kernelName: DENSE,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) =>
      matMul.kernelFunc({ inputs: { a: inputs.x, b: inputs.w }, backend, attrs: { transposeA: false, transposeB: false } }),
  });
  tf.registerGradient({
    kernelName: DENSE,
    inputsToSave: ['x', 'w'],
    gradFunc: (dy, saved) => {
      const [x, w] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return { x: () => tf.matMul(g, tf.transpose(w)), w: () => tf.matMul(tf.transpose(x), g) };
    },
  });
  registered = true;
}

/** [m, k] @ [k, n]. On WASM (switch on) with the transposing gradient; the plain tf.matMul elsewhere. */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  if (!fastPaths().matmul || tf.getBackend() !== 'wasm') return tf.matMul(x, w);
  if (!registered) register();
  return tf.engine().runKernel(DENSE, { x, w } as unknown as tf.NamedTensorMap) as tf.Tensor2D;
}
