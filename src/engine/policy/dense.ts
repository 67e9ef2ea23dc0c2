// x @ w for the dense layers, with a backward pass that stays on WASM's fast matmul. tfjs-backend-wasm sends a
// product to XNNPACK only when neither operand is transposed (and the batch is 1); the stock BatchMatMul gradient
// asks for dy @ w^T and x^T @ dy, which run in a scalar loop 5-10x slower. Transposing explicitly first is cheaper
// than the difference. The forward product is the stock one, so forward numbers are unchanged.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';

const denseFastGrad = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [tf.matMul(g, tf.transpose(ws)), tf.matMul(tf.transpose(xs), g)];
    },
  };
});

/** [m, k] @ [k, n]. Uses the transposing gradient on WASM when the switch is on; the plain tf.matMul otherwise. */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  if (fastPaths().matmul && tf.getBackend() === 'wasm') return denseFastGrad(x, w) as tf.Tensor2D;
  return tf.matMul(x, w);
}
