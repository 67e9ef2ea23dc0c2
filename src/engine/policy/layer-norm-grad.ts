// LayerNorm's row statistics and its gradient on WASM, both as JS passes over tfjs-wasm's heap that repeat the
// float32 operations of the lean op chain (layer-norm.ts) and of autodiff through it, in the same order, so the
// bits are the chain's. A float32 +, -, *, / or sqrt computed in double and rounded once (Math.fround) is exactly
// the float32 result; what has to be repeated is the order of every sum and of every gradient accumulation.
//
// Autodiff of mean, c = x - mean, var = mean(c^2), sd = sqrt(var + eps), xhat = c / sd, y = xhat * g + b
// (tfjs-core 4.22's gradients, walked from the last op back; tfjs-wasm's Sum adds each output's terms left to
// right in float32 starting from 0 (src/cc/kernels/Sum.cc), after transposing when it reduces axis 0):
//   db = sum over rows of dy                      (Add's b: sum axis 0)
//   dxhat = dy * g;  dg = sum over rows of dy * xhat  (Multiply's a, b)
//   dc1 = dxhat / sd;  dsd = -(sum_j dxhat * c) / (sd * sd)  (RealDiv's a, b: Square(sd) then RealDiv, Neg)
//   dve = dsd / (sqrt(ve) * 2)   (Sqrt: sqrt(ve) recomputed is sd);  dvar = dve
//   dsq = dvar * 1 / d   (Mean: broadcast times ones, then divided by d)
//   dc = dc1 + dsq * (c * 2)   (Square; centered's two gradients added in the order they arrive)
//   dxCentered = dc;  dxMean = -(sum_j dc) * 1 / d   (Sub's a and b, then Mean over x)
// x gets two gradients: the engine adds dxCentered to whatever x already had (a residual branch reached it first),
// then dxMean. A single dx would be added once, in another order; so the kernel returns both and the forward
// names x twice (layer-norm.ts), and the engine repeats the chain's two additions.
import type * as tf from '@tensorflow/tfjs';
import { heapF32, type WasmBackend } from './wasm-heap';

export const LAYER_NORM_EPS = 1e-5;
const EPS32 = Math.fround(LAYER_NORM_EPS);
const f = Math.fround;

/** A row's float32 mean and standard deviation sqrt(var + eps), in tfjs-wasm's order of operations. */
export function rowStats(xs: Float32Array, o: number, d: number): { mean: number; sd: number } {
  let sum = 0;
  for (let j = 0; j < d; j++) sum = f(sum + xs[o + j]);
  const mean = f(sum / d);
  let sq = 0;
  for (let j = 0; j < d; j++) {
    const c = f(xs[o + j] - mean);
    sq = f(sq + f(c * c));
  }
  const variance = f(sq / d);
  return { mean, sd: f(Math.sqrt(f(variance + EPS32))) };
}

/** Kernel body: dy, x [rows, d], g [d] -> dxCentered, dxMean [rows, d], dg, db [d]; the lean chain's bits. */
export function layerNormGradWasm({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo[] {
  const be = backend as WasmBackend;
  const { dy, x, g } = inputs as Record<string, tf.TensorInfo>;
  const d = x.shape[x.shape.length - 1];
  const outs = [be.makeOutput(x.shape, 'float32'), be.makeOutput(x.shape, 'float32')];
  outs.push(be.makeOutput([d], 'float32'), be.makeOutput([d], 'float32'));
  // views only after every output exists: makeOutput may grow the heap
  const [dys, xs, gs, dxCentered, dxMean, dg, db] = [dy, x, g, ...outs].map((t) => heapF32(be, t));
  dg.fill(0);
  db.fill(0);
  for (let o = 0; o < xs.length; o += d) {
    const { mean, sd } = rowStats(xs, o, d);
    let dot = 0; // sum_j dxhat * c, left to right
    for (let j = 0; j < d; j++) {
      const dyj = dys[o + j];
      const c = f(xs[o + j] - mean);
      const dxhat = f(dyj * gs[j]);
      dxCentered[o + j] = f(dxhat / sd); // dc1 for now
      dot = f(dot + f(dxhat * c));
      dg[j] = f(dg[j] + f(dyj * f(c / sd))); // column sums over rows in row order
      db[j] = f(db[j] + dyj);
    }
    const dsd = -f(dot / f(sd * sd));
    const dsq = f(f(dsd / f(sd * 2)) / d);
    let sumDc = 0;
    for (let j = 0; j < d; j++) {
      const c = f(xs[o + j] - mean);
      const dc = f(dxCentered[o + j] + f(dsq * f(c * 2)));
      dxCentered[o + j] = dc;
      sumDc = f(sumDc + dc);
    }
    dxMean.fill(f(-sumDc / d), o, o + d);
  }
  return outs;
}
