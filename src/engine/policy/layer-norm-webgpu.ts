// GrpoLayerNorm on WebGPU: one WGSL dispatch (one thread per row) instead of 9 kernels, and its gradient from the
// closed form: one kernel of four WGSL dispatches (switch wgslLayerNormGrad: row statistics, dx per row, dg and db
// per column) instead of 18 op kernels, or that op chain. WebGPU's numbers are not pinned:
// this sums in its own order, so it matches the op chain to float rounding only. Written against
// tfjs-backend-webgpu 4.22's program interface (runWebGPUProgram; get<Input>/setOutputAtCoords are generated).
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { flatProgram, type WebGpuBackend, webgpu } from './webgpu-program';

const LAYER_NORM_GRAD = 'GrpoLayerNormGradWebGpu';
let gradRegistered = false;

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

/** The WGSL gradient: row statistics (mean, sd), then dx per row, dg and db per column. */
function registerGrad(eps: number): void {
  tf.registerKernel({
    kernelName: LAYER_NORM_GRAD,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const be = webgpu(backend);
      const { dy, x, g } = inputs as Record<string, tf.TensorInfo>;
      const [rows, d] = [tf.util.sizeFromShape(x.shape) / x.shape[x.shape.length - 1], x.shape[x.shape.length - 1]];
      const run = (key: string, names: string[], shape: number[], threads: number, body: string, ins: tf.TensorInfo[]) =>
        be.runWebGPUProgram(
          flatProgram({ shaderKey: `grpoLnGrad_${key}_${d}`, variableNames: names, outputShape: shape, threads, body }),
          ins,
          'float32',
        );
      const stats = run(
        'stats',
        ['x'],
        [rows, 2],
        rows,
        `
        let o = index * ${d};
        var sum = 0.0;
        for (var j = 0; j < ${d}; j++) { sum += x[o + j]; }
        let mean = sum / ${d}.0;
        var sq = 0.0;
        for (var j = 0; j < ${d}; j++) { let c = x[o + j] - mean; sq += c * c; }
        result[index * 2] = mean;
        result[index * 2 + 1] = sqrt(sq / ${d}.0 + ${eps.toExponential()});`,
        [x],
      );
      const xhat = (r: string, j: string) => `((x[${r} * ${d} + ${j}] - stats[${r} * 2]) / stats[${r} * 2 + 1])`;
      // dx = (dy g - mean(dy g) - xhat mean(dy g xhat)) / sd
      const dx = run(
        'dx',
        ['dy', 'x', 'g', 'stats'],
        x.shape,
        rows,
        `
        let o = index * ${d};
        var m1 = 0.0;
        var m2 = 0.0;
        for (var j = 0; j < ${d}; j++) { let t = dy[o + j] * g[j]; m1 += t; m2 += t * ${xhat('index', 'j')}; }
        m1 = m1 / ${d}.0;
        m2 = m2 / ${d}.0;
        for (var j = 0; j < ${d}; j++) {
          result[o + j] = (dy[o + j] * g[j] - m1 - ${xhat('index', 'j')} * m2) / stats[index * 2 + 1];
        }`,
        [dy, x, g, stats],
      );
      const column = (key: string, term: string) =>
        run(
          `${key}_${rows}`,
          ['dy', 'x', 'stats'],
          [d],
          d,
          `var s = 0.0; for (var r = 0; r < ${rows}; r++) { s += ${term}; } result[index] = s;`,
          [dy, x, stats],
        );
      const dg = column('dg', `dy[r * ${d} + index] * ${xhat('r', 'index')}`);
      const db = column('db', `dy[r * ${d} + index]`);
      be.disposeData(stats.dataId);
      return [dx, dg, db];
    },
  });
  gradRegistered = true;
}

/** dx, dg, db of LayerNorm from the closed form: the WGSL kernel on WebGPU (switch wgslLayerNormGrad), else tf ops. */
export function layerNormGradOps(dy: tf.Tensor, x: tf.Tensor, g: tf.Tensor, eps: number): tf.Tensor[] {
  if (fastPaths().wgslLayerNormGrad && tf.getBackend() === 'webgpu') {
    if (!gradRegistered) registerGrad(eps);
    return tf.engine().runKernel(LAYER_NORM_GRAD, { dy, x, g }) as tf.Tensor[];
  }
  const centered = tf.sub(x, tf.mean(x, -1, true));
  const sd = tf.sqrt(tf.add(tf.mean(tf.square(centered), -1, true), eps));
  const xhat = tf.div(centered, sd);
  const dxhat = tf.mul(dy, g);
  const inner = tf.sub(tf.sub(dxhat, tf.mean(dxhat, -1, true)), tf.mul(xhat, tf.mean(tf.mul(dxhat, xhat), -1, true)));
  return [tf.div(inner, sd), tf.sum(tf.mul(dy, xhat), 0), tf.sum(dy, 0)];
}
