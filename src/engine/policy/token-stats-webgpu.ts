// Per-token log-probability and entropy on WebGPU (switch wgslTokenStats): from the completion logits [n, T, V]
// and the targets [n, T], one kernel of two WGSL dispatches (log pi(target) per row; entropy per row, or zeros
// when not asked for) instead of ~17 kernels (logSoftmax, one-hot, products, sums), and its gradient as one
// dispatch: d z_k = dlogp (1[k = target] - p_k) - dent p_k (log p_k + H). One thread per row (per value for the
// gradient) recomputes the row's log-sum-exp: the vocabulary is small.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { flatProgram, webgpu } from './webgpu-program';

const STATS = 'GrpoTokenStats';
const STATS_GRAD = 'GrpoTokenStatsGrad';
let registered = false;

/** WGSL: the row's log-sum-exp and entropy over z = logits[row * V ..]. */
function rowHelpers(vocab: number): string {
  return `
    fn lse(row : i32) -> f32 {
      var top = logits[row * ${vocab}];
      for (var k = 1; k < ${vocab}; k++) { top = max(top, logits[row * ${vocab} + k]); }
      var sum = 0.0;
      for (var k = 0; k < ${vocab}; k++) { sum += exp(logits[row * ${vocab} + k] - top); }
      return top + log(sum);
    }
    fn entropy(row : i32, l : f32) -> f32 {
      var h = 0.0;
      for (var k = 0; k < ${vocab}; k++) { let lp = logits[row * ${vocab} + k] - l; h -= exp(lp) * lp; }
      return h;
    }`;
}

function withHelpers(program: object, vocab: number): object {
  const p = program as { getUserCode: () => string };
  const main = p.getUserCode;
  return { ...p, getUserCode: () => rowHelpers(vocab) + main() };
}

function register(): void {
  tf.registerKernel({
    kernelName: STATS,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = webgpu(backend);
      const { logits, targets } = inputs as Record<string, tf.TensorInfo>;
      const { withEntropy } = attrs as unknown as { withEntropy: boolean };
      const vocab = logits.shape[2];
      const rows = tf.util.sizeFromShape(targets.shape);
      const run = (key: string, body: string) =>
        be.runWebGPUProgram(
          withHelpers(
            flatProgram({
              shaderKey: `grpoTokenStats_${key}_${vocab}`,
              variableNames: ['logits', 'targets'],
              outputShape: targets.shape,
              threads: rows,
              body,
            }),
            vocab,
          ),
          [logits, targets],
          'float32',
        );
      const logp = run('logp', `result[index] = logits[index * ${vocab} + targets[index]] - lse(index);`);
      const entropy = run(`h${withEntropy}`, withEntropy ? 'result[index] = entropy(index, lse(index));' : 'result[index] = 0.0;');
      return [logp, entropy];
    },
  });
  tf.registerKernel({
    kernelName: STATS_GRAD,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const { logits, targets, dlogp, dent } = inputs as Record<string, tf.TensorInfo>;
      const vocab = logits.shape[2];
      const program = flatProgram({
        shaderKey: `grpoTokenStatsGrad_${vocab}`,
        variableNames: ['logits', 'targets', 'dlogp', 'dent'],
        outputShape: logits.shape,
        threads: tf.util.sizeFromShape(logits.shape),
        body: `
          let row = index / ${vocab};
          let k = index % ${vocab};
          let l = lse(row);
          let lp = logits[index] - l;
          let p = exp(lp);
          let hit = select(0.0, 1.0, targets[row] == k);
          result[index] = dlogp[row] * (hit - p) - dent[row] * p * (lp + entropy(row, l));`,
      });
      return webgpu(backend).runWebGPUProgram(withHelpers(program, vocab), [logits, targets, dlogp, dent], 'float32');
    },
  });
  tf.registerGradient({
    kernelName: STATS,
    inputsToSave: ['logits', 'targets'],
    gradFunc: (dys, saved) => {
      const [logits, targets] = saved;
      const [dlogp, dent] = dys as tf.Tensor[];
      return {
        logits: () => tf.engine().runKernel(STATS_GRAD, { logits, targets, dlogp, dent }) as tf.Tensor,
        targets: () => tf.zerosLike(targets),
      };
    },
  });
  registered = true;
}

export function wgslTokenStatsActive(): boolean {
  return fastPaths().wgslTokenStats && tf.getBackend() === 'webgpu';
}

/** logp and entropy [n, T] from logits [n, T, V] and int32 targets [n, T]; entropy zeros unless asked for. */
export function tokenStatsWebGpu(logits: tf.Tensor, targets: tf.Tensor, withEntropy: boolean): { logp: tf.Tensor2D; entropy: tf.Tensor2D } {
  if (!registered) register();
  const [logp, entropy] = tf.engine().runKernel(STATS, { logits, targets }, { withEntropy } as never) as tf.Tensor2D[];
  return { logp, entropy };
}
