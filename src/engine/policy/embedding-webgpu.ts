// GrpoEmbedding on WebGPU: one WGSL dispatch (tokEmb[ids] + posEmb[positions], one thread per value) instead of
// the one-hot chain's 7 kernels; its gradient as one kernel of two WGSL dispatches (switch wgslEmbeddingGrad: each
// table row sums the rows of dy that looked it up) or the one-hot products the chain's autodiff would run.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { flatProgram, type WebGpuBackend, webgpu } from './webgpu-program';

const EMBED_GRAD = 'GrpoEmbeddingGradWebGpu';
let gradRegistered = false;

function registerGrad(): void {
  tf.registerKernel({
    kernelName: EMBED_GRAD,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, ids, positions } = inputs as Record<string, tf.TensorInfo>;
      const { vocab, context } = attrs as unknown as { vocab: number; context: number };
      const [rows, d] = dy.shape;
      const table = (lookedUp: tf.TensorInfo, depth: number) =>
        webgpu(backend).runWebGPUProgram(
          flatProgram({
            shaderKey: `grpoEmbeddingGrad_${rows}_${d}`,
            variableNames: ['dy', 'rowIds'],
            outputShape: [depth, d],
            threads: depth * d,
            body: `
              let v = index / ${d};
              let j = index % ${d};
              var s = 0.0;
              for (var r = 0; r < ${rows}; r++) { if (rowIds[r] == v) { s += dy[r * ${d} + j]; } }
              result[index] = s;`,
          }),
          [dy, { ...lookedUp, shape: [rows] }],
          'float32',
        );
      return [table(ids, vocab), table(positions, context)];
    },
  });
  gradRegistered = true;
}

export function registerWebGpuEmbedding(kernelName: string): void {
  tf.registerKernel({
    kernelName,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const { ids, positions, tokEmb, posEmb } = inputs as Record<string, tf.TensorInfo>;
      const rows = tf.util.sizeFromShape(ids.shape);
      const d = tokEmb.shape[1];
      const workgroup = 64;
      const program = {
        variableNames: ['ids', 'positions', 'tok', 'pos'],
        outputShape: [rows, d],
        dispatchLayout: { x: [0, 1] },
        dispatch: [Math.ceil((rows * d) / workgroup), 1, 1],
        workgroupSize: [workgroup, 1, 1],
        size: true,
        shaderKey: 'grpoEmbedding',
        getUserCode: () => `
          fn main(index : i32) {
            if (index < uniforms.size) {
              let d = uniforms.outShape[1];
              let r = index / d;
              let j = index - r * d;
              setOutputAtIndex(index, getTok(i32(getIds(r)), j) + getPos(i32(getPositions(r)), j));
            }
          }`,
      };
      // ids of any shape, read as the flat list they are in memory
      const flatIds = { ...ids, shape: [rows] };
      return (backend as unknown as WebGpuBackend).runWebGPUProgram(program, [flatIds, positions, tokEmb, posEmb], 'float32');
    },
  });
}

/** Gradients of the two tables: the WGSL kernel on WebGPU (switch wgslEmbeddingGrad), else as the one-hot chain's
 * autodiff computes them (oneHot^T @ dy). */
export function embeddingGradOps(dy: tf.Tensor, ids: tf.Tensor, positions: tf.Tensor, vocab: number, context: number): tf.Tensor[] {
  if (fastPaths().wgslEmbeddingGrad && tf.getBackend() === 'webgpu') {
    if (!gradRegistered) registerGrad();
    return tf.engine().runKernel(EMBED_GRAD, { dy, ids, positions }, { vocab, context } as never) as tf.Tensor[];
  }
  const table = (idx: tf.Tensor, depth: number) =>
    tf.matMul(tf.cast(tf.oneHot(tf.reshape(idx, [idx.size]) as tf.Tensor1D, depth), 'float32'), dy, true, false);
  return [table(ids, vocab), table(positions, context)];
}
