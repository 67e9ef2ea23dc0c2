// TRL's clip metrics: the fraction of active tokens whose ratio fell below 1 - eps_low with A < 0 (clipLow), rose
// above 1 + eps_high with A > 0 (clipHigh), and either (clipRegion). Stats only, off the gradient path. The op chain
// is about 20 launches per minibatch; on WASM (switch fusedClipStats) it is one kernel in JS over the heap that
// repeats it float for float: the compares are exact, each Multiply, Add, Minimum and RealDiv is one float32
// operation (Math.fround of the double result is the float32 one), and the Sums add left to right in float32 as
// tfjs-wasm's Sum.cc does. The bounds compare as float32 tensors, so they are rounded first (test/unit/clip-stats.test.ts).
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from '../policy/fast-paths';
import { heapF32, type WasmBackend } from '../policy/wasm-heap';

const CLIP_STATS = 'GrpoClipStats';
const f = Math.fround;

function register(): void {
  if (tf.getKernel(CLIP_STATS, 'wasm')) return;
  tf.registerKernel({
    kernelName: CLIP_STATS,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as WasmBackend;
      const { ratio, a, mask, tokens } = inputs as Record<string, tf.TensorInfo>;
      const { lo, hi } = attrs as unknown as { lo: number; hi: number };
      const outs = [0, 1, 2].map(() => be.makeOutput([], 'float32'));
      const [rs, as, ms, ts] = [ratio, a, mask, tokens].map((t) => heapF32(be, t));
      const T = ratio.shape[1];
      const perRow = as.length !== rs.length; // A is [n, 1], broadcast along the row
      const [flo, fhi] = [f(lo), f(hi)];
      let low = 0;
      let high = 0;
      let region = 0;
      for (let i = 0; i < rs.length; i++) {
        const adv = perRow ? as[(i / T) | 0] : as[i];
        const lowHit = f((rs[i] < flo && adv < 0 ? 1 : 0) * ms[i]);
        const highHit = f((rs[i] > fhi && adv > 0 ? 1 : 0) * ms[i]);
        low = f(low + lowHit);
        high = f(high + highHit);
        region = f(region + Math.min(f(lowHit + highHit), 1));
      }
      const [o0, o1, o2] = outs.map((t) => heapF32(be, t));
      o0[0] = f(low / ts[0]);
      o1[0] = f(high / ts[0]);
      o2[0] = f(region / ts[0]);
      return outs;
    },
  });
}

/**
 * [clipLow, clipHigh, clipRegion] from ratio [n, T], advantages A ([n, 1] or [n, T]), mask [n, T] and the active
 * token count (a scalar, at least 1). Not differentiable (metrics). Call inside tf.tidy.
 */
export function clipStats(ratio: tf.Tensor, A: tf.Tensor, mask: tf.Tensor, tokens: tf.Tensor, lo: number, hi: number): tf.Scalar[] {
  const shapesFit =
    ratio.rank === 2 &&
    tf.util.arraysEqual(mask.shape, ratio.shape) &&
    A.rank === 2 &&
    A.shape[0] === ratio.shape[0] &&
    (A.shape[1] === 1 || A.shape[1] === ratio.shape[1]) &&
    tokens.size === 1 &&
    [ratio, A, mask, tokens].every((t) => t.dtype === 'float32');
  if (fastPaths().fusedClipStats && tf.getBackend() === 'wasm' && shapesFit) {
    register();
    const inputs = { ratio, a: A, mask, tokens } as unknown as tf.NamedTensorMap;
    return tf.engine().runKernel(CLIP_STATS, inputs, { lo, hi } as never) as tf.Scalar[];
  }
  const Abroad = tf.mul(A, tf.onesLike(mask));
  const lowHit = tf.mul(tf.cast(tf.logicalAnd(tf.less(ratio, lo), tf.less(Abroad, 0)), 'float32'), mask);
  const highHit = tf.mul(tf.cast(tf.logicalAnd(tf.greater(ratio, hi), tf.greater(Abroad, 0)), 'float32'), mask);
  return [
    tf.div(tf.sum(lowHit), tokens) as tf.Scalar,
    tf.div(tf.sum(highHit), tokens) as tf.Scalar,
    tf.div(tf.sum(tf.minimum(tf.add(lowHit, highHit), 1)), tokens) as tf.Scalar,
  ];
}
