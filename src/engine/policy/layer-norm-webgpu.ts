// GrpoLayerNorm on WebGPU: one WGSL dispatch (one thread per row) instead of 9 kernels, and its gradient as an
// op chain of the closed form (fewer kernels than autodiff of the 9-op chain). WebGPU's numbers are not pinned:
// this sums in its own order, so it matches the op chain to float rounding only. Written against
// tfjs-backend-webgpu 4.22's program interface (runWebGPUProgram; get<Input>/setOutputAtCoords are generated).
import * as tf from '@tensorflow/tfjs';

interface WebGpuBackend {
  runWebGPUProgram(program: object, inputs: tf.TensorInfo[], dtype: tf.DataType): tf.TensorInfo;
}

function program(rows: number, d: number, eps: number): object {
  const workgroup = 64;
  return {
    variableNames: ['x', 'g', 'b'],
    outputShape: [rows, d],
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil(rows / workgroup), 1, 1],
    workgroupSize: [workgroup, 1, 1],
    shaderKey: `grpoLayerNorm_${d}`,
    getUserCode: () => `
      fn main(index : i32) {
        let rows = uniforms.outShape[0];
        let d = uniforms.outShape[1];
        if (index < rows) {
          var sum = 0.0;
          for (var j = 0; j < d; j++) { sum += getX(index, j); }
          let mean = sum / f32(d);
          var sq = 0.0;
          for (var j = 0; j < d; j++) { let c = getX(index, j) - mean; sq += c * c; }
          let sd = sqrt(sq / f32(d) + ${eps.toExponential()});
          for (var j = 0; j < d; j++) {
            setOutputAtCoords(index, j, (getX(index, j) - mean) / sd * getG(j) + getB(j));
          }
        }
      }`,
  };
}

export function registerWebGpuLayerNorm(kernelName: string, eps: number): void {
  tf.registerKernel({
    kernelName,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const { x, g, b } = inputs as Record<string, tf.TensorInfo>;
      const d = x.shape[x.shape.length - 1];
      return (backend as unknown as WebGpuBackend).runWebGPUProgram(program(x.shape[0], d, eps), [x, g, b], 'float32');
    },
  });
}

/** dx, dg, db of LayerNorm from the closed form, as tf ops (any backend). */
export function layerNormGradOps(dy: tf.Tensor, x: tf.Tensor, g: tf.Tensor, eps: number): tf.Tensor[] {
  const centered = tf.sub(x, tf.mean(x, -1, true));
  const sd = tf.sqrt(tf.add(tf.mean(tf.square(centered), -1, true), eps));
  const xhat = tf.div(centered, sd);
  const dxhat = tf.mul(dy, g);
  const inner = tf.sub(tf.sub(dxhat, tf.mean(dxhat, -1, true)), tf.mul(xhat, tf.mean(tf.mul(dxhat, xhat), -1, true)));
  return [tf.div(inner, sd), tf.sum(tf.mul(dy, xhat), 0), tf.sum(dy, 0)];
}
