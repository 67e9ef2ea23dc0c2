// The dense layers on WebGPU (switch wgslDense): x @ w + bias + residual as one WGSL dispatch (tfjs-webgpu's fused
// product has no residual input, so the add was a second kernel), and the backward pass (ReLU's mask, dx = g w^T,
// dw = x^T g, db = sum of g over rows) as one kernel of three dispatches instead of 3-6 kernels. One thread per
// output value; this project's layers are small enough that a plain loop beats the launches it saves.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { flatProgram, webgpu } from './webgpu-program';

const DENSE_GRAD = 'GrpoDenseGradWebGpu';
let gradRegistered = false;

/** Registers `kernelName` (inputs x, w, bias, residual) on WebGPU. */
export function registerWebGpuDenseResidual(kernelName: string): void {
  tf.registerKernel({
    kernelName,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const { x, w, bias, residual } = inputs as Record<string, tf.TensorInfo>;
      const [m, k] = x.shape;
      const n = w.shape[1];
      const program = flatProgram({
        shaderKey: `grpoDenseResidual_${k}_${n}`,
        variableNames: ['x', 'w', 'bias', 'residual'],
        outputShape: [m, n],
        threads: m * n,
        body: `
          let i = index / ${n};
          let j = index % ${n};
          var s = 0.0;
          for (var c = 0; c < ${k}; c++) { s += x[i * ${k} + c] * w[c * ${n} + j]; }
          result[index] = residual[index] + (s + bias[j]);`,
      });
      return webgpu(backend).runWebGPUProgram(program, [x, w, bias, residual], 'float32');
    },
  });
}

function registerGrad(): void {
  tf.registerKernel({
    kernelName: DENSE_GRAD,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const be = webgpu(backend);
      const { dy, x, w, y } = inputs as Record<string, tf.TensorInfo | undefined>;
      const [m, k] = x!.shape;
      const n = w!.shape[1];
      const relu = y !== undefined;
      const names = relu ? ['dy', 'x', 'w', 'y'] : ['dy', 'x', 'w'];
      const ins = relu ? [dy!, x!, w!, y!] : [dy!, x!, w!];
      // the gradient at the product: dy, masked where ReLU cut (y = 0)
      const g = (at: string) => (relu ? `select(0.0, dy[${at}], y[${at}] > 0.0)` : `dy[${at}]`);
      const run = (key: string, shape: number[], body: string) =>
        be.runWebGPUProgram(
          flatProgram({
            shaderKey: `grpoDenseGrad_${key}_${relu}_${m}_${k}_${n}`,
            variableNames: names,
            outputShape: shape,
            threads: tf.util.sizeFromShape(shape),
            body,
          }),
          ins,
          'float32',
        );
      const dx = run(
        'dx',
        [m, k],
        `let i = index / ${k}; let c = index % ${k};
         var s = 0.0; for (var j = 0; j < ${n}; j++) { s += ${g(`i * ${n} + j`)} * w[c * ${n} + j]; } result[index] = s;`,
      );
      const dw = run(
        'dw',
        [k, n],
        `let c = index / ${n}; let j = index % ${n};
         var s = 0.0; for (var i = 0; i < ${m}; i++) { s += x[i * ${k} + c] * ${g(`i * ${n} + j`)}; } result[index] = s;`,
      );
      const db = run('db', [n], `var s = 0.0; for (var i = 0; i < ${m}; i++) { s += ${g(`i * ${n} + index`)}; } result[index] = s;`);
      return [dx, dw, db];
    },
  });
  gradRegistered = true;
}

/** Whether dense.ts should take the WGSL paths: WebGPU and the switch on. */
export function wgslDenseActive(): boolean {
  return fastPaths().wgslDense && tf.getBackend() === 'webgpu';
}

/** [dx, dw, db] of y = act(x @ w + bias) given dy; `y` (the layer's output) only for ReLU. */
export function denseGradWebGpu(dy: tf.Tensor, x: tf.Tensor, w: tf.Tensor, y?: tf.Tensor): tf.Tensor[] {
  if (!gradRegistered) registerGrad();
  return tf.engine().runKernel(DENSE_GRAD, (y ? { dy, x, w, y } : { dy, x, w }) as never) as tf.Tensor[];
}
