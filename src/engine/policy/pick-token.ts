// One sampling decision per row from the last position's logits: Gumbel-max (or argmax when greedy) with the
// pad token masked, PAD for rows already done, and the rows' new done flags. On WASM (switch fusedPick) one JS
// kernel, GrpoPickToken, instead of ~12 (add, mul, add, argMax, cast, fill, 3 Identity, select, equal,
// logicalOr). Same tokens: the scores are the same float32 ops in the same order (one rounding each), and
// the argmax is tfjs-wasm's (ArgMax.cc: first index of the largest value, strict >) (test/unit/fused-kernels.test.ts).
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { registerWebGpuPick } from './pick-token-webgpu';
import { heapF32, heapI32, type WasmBackend } from './wasm-heap';
import { EOS_ID, PAD_ID } from './tokenizer';

const PICK = 'GrpoPickToken';
const f = Math.fround;
let registered = false;
let registeredWebGpu = false;

function register(): void {
  tf.registerKernel({
    kernelName: PICK,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as WasmBackend;
      const { last, padMask, done, gumbel } = inputs as Record<string, tf.TensorInfo | undefined>;
      const { invTemp, asColumn } = attrs as unknown as { invTemp: number; asColumn: boolean };
      const [n, vocab] = last!.shape;
      const outs = [be.makeOutput(asColumn ? [n, 1] : [n], 'int32'), be.makeOutput([n], 'bool')];
      const [next, nextDone] = [heapI32(be, outs[0]), be.typedArrayFromHeap(outs[1]) as Uint8Array];
      const xs = heapF32(be, last!);
      const pm = heapF32(be, padMask!);
      const gs = gumbel ? heapF32(be, gumbel) : null;
      const ds = be.typedArrayFromHeap(done!) as Uint8Array;
      const t = f(invTemp);
      for (let r = 0; r < n; r++) {
        let best = 0;
        let max = 0;
        for (let j = 0; j < vocab; j++) {
          let s = f(xs[r * vocab + j] + pm[j]);
          if (gs) s = f(f(s * t) + gs[r * vocab + j]);
          if (j === 0 || s > max) {
            max = s;
            best = j;
          }
        }
        next[r] = ds[r] ? PAD_ID : best;
        nextDone[r] = ds[r] || next[r] === EOS_ID ? 1 : 0;
      }
      return outs;
    },
  });
  registered = true;
}

/**
 * last [n, V] logits, padMask [1, V], noise: this step's Gumbel noise [n, V] (a thunk, so that the op chain makes it
 * where it always did; null when greedy), done [n] bool.
 * Returns the next token per row, [n] int32 or with asColumn [n, 1] (what decode() reads: no Reshape on WASM), and
 * the new done flags [n] bool. Call inside tf.tidy.
 */
export function pickToken(
  last: tf.Tensor2D,
  padMask: tf.Tensor,
  noise: (() => tf.Tensor) | null,
  invTemp: number,
  done: tf.Tensor1D,
  asColumn = false,
): [tf.Tensor, tf.Tensor1D] {
  const wgsl = fastPaths().wgslPick && tf.getBackend() === 'webgpu';
  if ((fastPaths().fusedPick && tf.getBackend() === 'wasm') || wgsl) {
    if (wgsl && !registeredWebGpu) {
      registerWebGpuPick(PICK);
      registeredWebGpu = true;
    } else if (!wgsl && !registered) register();
    const inputs = (noise ? { last, padMask, done, gumbel: noise() } : { last, padMask, done }) as unknown as tf.NamedTensorMap;
    const [next, nextDone] = tf.engine().runKernel(PICK, inputs, { invTemp, asColumn } as never) as tf.Tensor[];
    return [next, nextDone as tf.Tensor1D];
  }
  const n = last.shape[0];
  let scores: tf.Tensor = tf.add(last, padMask);
  if (noise) scores = tf.add(tf.mul(scores, invTemp), noise());
  const sampled = tf.cast(tf.argMax(scores, 1), 'int32');
  const next = tf.where(done, tf.fill([n], PAD_ID, 'int32'), sampled) as tf.Tensor1D;
  return [asColumn ? tf.reshape(next, [n, 1]) : next, tf.logicalOr(done, tf.equal(next, EOS_ID)) as tf.Tensor1D];
}
