// The dense layers' backward pass as one WASM kernel (switch fusedDenseGrad): dx = g @ w^T, dw = x^T @ g and,
// with a bias, db = sum of g over rows, where g is dy (times relu's mask step(y) for the ReLU layer). It runs the
// very kernels the op sequence would (tfjs-wasm's Step, Multiply, Transpose, BatchMatMul on XNNPACK, Sum), called directly
// instead of through the engine, so the gradients are the same bits and it counts as one kernel instead of 5-8.
import * as tf from '@tensorflow/tfjs';
import { innerKernel } from './inner-kernels';
import type { WasmBackend } from './wasm-heap';

export const DENSE_GRAD = 'GrpoDenseGrad';
let registered = false;

interface Backend extends WasmBackend {
  disposeData(dataId: unknown): boolean;
}

const kernel = (name: string) => innerKernel(name, 'dense-grad');

export function registerDenseGrad(): void {
  if (registered) return;
  registered = true;
  const [transpose, matMul, sum, step, mul] = ['Transpose', 'BatchMatMul', 'Sum', 'Step', 'Multiply'].map(kernel);
  tf.registerKernel({
    kernelName: DENSE_GRAD,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as Backend;
      const { dy, x, w, y } = inputs as Record<string, tf.TensorInfo | undefined>;
      const { bias } = attrs as unknown as { bias: boolean };
      const temps: tf.TensorInfo[] = [];
      const run = (f: tf.KernelConfig['kernelFunc'], ins: tf.NamedTensorInfoMap, at: tf.NamedAttrMap) =>
        f({ inputs: ins, backend, attrs: at }) as tf.TensorInfo;
      let g = dy!;
      if (y) {
        // relu's gradient: dy * step(y) (the chain's cast to float32 is a copy)
        const mask = run(step, { x: y }, { alpha: 0 });
        g = run(mul, { a: dy!, b: mask }, {});
        temps.push(mask, g);
      }
      const plain = { transposeA: false, transposeB: false };
      const wT = run(transpose, { x: w! }, { perm: [1, 0] });
      const dx = run(matMul, { a: g, b: wT }, plain);
      const xT = run(transpose, { x: x! }, { perm: [1, 0] });
      const dw = run(matMul, { a: xT, b: g }, plain);
      temps.push(wT, xT);
      const outs = bias ? [dx, dw, run(sum, { x: g }, { axis: [0], keepDims: false })] : [dx, dw];
      for (const t of temps) be.disposeData(t.dataId);
      return outs;
    },
  });
}
