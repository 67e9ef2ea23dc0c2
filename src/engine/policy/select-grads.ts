// The gradients of ClipByValue, Maximum and Minimum on WASM as one kernel each (switch fusedSelectGrads),
// instead of tfjs-core's compare + logicalAnd + zerosLike + Select (8 launches with where's broadcasts) or
// compare + Cast + Multiply (3 per input). The objective's clipped log-ratios, KL clamps and clipped surrogate
// use them: about 40 launches of the update's backward.
//   ClipByValue: dx = (x >= min && x <= max) ? dy : +0        (Select: dy's bits, or zerosLike's +0)
//   Maximum:     da = dy * (a >= b),  db = dy * (a < b)        (Multiply by 1 or 0: dy's bits or a signed zero)
//   Minimum:     da = dy * (a <= b),  db = dy * (a > b)
// The bounds compare as float32 tensors (tf.scalar), so they are rounded first. Both sides are exact in JS, so the
// bits are tfjs-core's (test/unit/select-grads.test.ts). Other backends, and inputs of unequal shapes (broadcast),
// keep tfjs-core's gradient, which this module wraps rather than replaces.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { heapF32, type WasmBackend } from './wasm-heap';

const SELECT_GRAD = 'GrpoSelectGrad';
const f = Math.fround;
type Test = 'clip' | 'ge' | 'lt' | 'le' | 'gt';
let installed = false;

function registerKernel(): void {
  if (tf.getKernel(SELECT_GRAD, 'wasm')) return;
  tf.registerKernel({
    kernelName: SELECT_GRAD,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as WasmBackend;
      const { dy, a, b } = inputs as Record<string, tf.TensorInfo | undefined>;
      const { test, min, max } = attrs as unknown as { test: Test; min: number; max: number };
      const out = be.makeOutput(dy!.shape, 'float32');
      const [dys, as, ys] = [heapF32(be, dy!), heapF32(be, a!), heapF32(be, out)];
      if (test === 'clip') {
        const [lo, hi] = [f(min), f(max)];
        for (let i = 0; i < ys.length; i++) ys[i] = as[i] >= lo && as[i] <= hi ? dys[i] : 0;
        return out;
      }
      const bs = heapF32(be, b!);
      const pass = {
        ge: (x: number, y: number) => x >= y,
        lt: (x: number, y: number) => x < y,
        le: (x: number, y: number) => x <= y,
        gt: (x: number, y: number) => x > y,
      }[test];
      for (let i = 0; i < ys.length; i++) ys[i] = dys[i] * (pass(as[i], bs[i]) ? 1 : 0);
      return out;
    },
  });
}

function active(): boolean {
  return fastPaths().fusedSelectGrads && tf.getBackend() === 'wasm';
}

function selectGrad(dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor | null, test: Test, min = 0, max = 0): tf.Tensor {
  const inputs = (b ? { dy, a, b } : { dy, a }) as unknown as tf.NamedTensorMap;
  return tf.engine().runKernel(SELECT_GRAD, inputs, { test, min, max } as never) as tf.Tensor;
}

const sameShape = (...ts: tf.Tensor[]) => ts.every((t) => tf.util.arraysEqual(t.shape, ts[0].shape) && t.dtype === 'float32');

/** Wrap tfjs-core's gradients of ClipByValue, Maximum and Minimum (idempotent; they stay the stock ones off WASM). */
export function installSelectGrads(): void {
  if (installed) return;
  installed = true;
  registerKernel();
  const wrap = (
    kernelName: string,
    fused: (dy: tf.Tensor, saved: tf.Tensor[], attrs: tf.NamedAttrMap) => Record<string, () => tf.Tensor> | null,
  ) => {
    const stock = tf.getGradient(kernelName);
    if (!stock) throw new Error(`select-grads: tfjs has no gradient for ${kernelName}`);
    tf.registerGradient({
      ...stock,
      gradFunc: (dy, saved, attrs) => (active() && fused(dy as tf.Tensor, saved, attrs)) || stock.gradFunc(dy, saved, attrs),
    });
  };
  wrap('ClipByValue', (dy, [x], attrs) => {
    if (!sameShape(dy, x)) return null;
    const { clipValueMin, clipValueMax } = attrs as unknown as { clipValueMin: number; clipValueMax: number };
    return { x: () => selectGrad(dy, x, null, 'clip', clipValueMin, clipValueMax) };
  });
  const pair =
    (testA: Test, testB: Test) =>
    (dy: tf.Tensor, [a, b]: tf.Tensor[]) =>
      sameShape(dy, a, b) ? { a: () => selectGrad(dy, a, b, testA), b: () => selectGrad(dy, a, b, testB) } : null;
  wrap('Maximum', pair('ge', 'lt'));
  wrap('Minimum', pair('le', 'gt'));
}
