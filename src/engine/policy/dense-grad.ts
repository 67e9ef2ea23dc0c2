// The dense layers' backward pass as one WASM kernel (switch fusedDenseGrad): dx = g @ w^T, dw = x^T @ g and,
// with a bias, db = sum of g over rows, where g is dy (times relu's mask step(y) for the ReLU layer). It runs the
// very kernels the op sequence would (tfjs-wasm's Transpose, BatchMatMul on XNNPACK, Sum), called directly
// instead of through the engine, so the gradients are the same bits and it counts as one kernel instead of 5-8.
import * as tf from '@tensorflow/tfjs';
import { heapF32, type WasmBackend } from './wasm-heap';

export const DENSE_GRAD = 'GrpoDenseGrad';
let registered = false;

interface Backend extends WasmBackend {
  disposeData(dataId: unknown): boolean;
}

function kernel(name: string): tf.KernelConfig['kernelFunc'] {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`dense-grad: the WASM backend has no ${name} kernel`);
  return k.kernelFunc;
}

export function registerDenseGrad(): void {
  if (registered) return;
  registered = true;
  const [transpose, matMul, sum] = ['Transpose', 'BatchMatMul', 'Sum'].map(kernel);
  tf.registerKernel({
    kernelName: DENSE_GRAD,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as Backend;
      const { dy, x, w, y } = inputs as Record<string, tf.TensorInfo | undefined>;
      const { bias } = attrs as unknown as { bias: boolean };
      const temps: tf.TensorInfo[] = [];
      let g = dy!;
      if (y) {
        // mul(dy, cast(step(y))): step is 1 for y > 0, NaN for NaN, else 0; one float32 product each
        g = be.makeOutput(dy!.shape, 'float32');
        temps.push(g);
        const [gs, ds, ys] = [g, dy!, y].map((t) => heapF32(be, t));
        for (let i = 0; i < gs.length; i++) gs[i] = ds[i] * (ys[i] > 0 ? 1 : Number.isNaN(ys[i]) ? Number.NaN : 0);
      }
      const run = (f: tf.KernelConfig['kernelFunc'], ins: tf.NamedTensorInfoMap, at: tf.NamedAttrMap) =>
        f({ inputs: ins, backend, attrs: at }) as tf.TensorInfo;
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
