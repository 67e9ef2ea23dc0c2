// Token log-probabilities and entropies from logits: the chain
//   logSm   = logSoftmax(logits)                      (Max, Sub, Cast, Exp, Sum, Log, Sub: tfjs-core's custom op)
//   logp    = sum(logSm * cast(oneHot(targets)), -1)
//   entropy = -sum(exp(logSm) * logSm, -1)
// is 16 launches forward and about 20 more backward. On WASM (switch fusedLogProbs) it runs as kernels written in
// JS over the heap that repeat it float for float: Max, Sub, Mul, Neg and the left-to-right float32 Sums (Max.cc,
// Sum.cc) are exact in JS with Math.fround; Exp and Log are tfjs-wasm's own kernels, called inside
// (inner-kernels.ts), since JS's Math.exp and the wasm expf differ in the last bit. Bits equal the chain's
// (test/unit/logprob-kernels.test.ts).
// Without a tape (rollout, scoring) the whole chain is one kernel. Under a tape it is three (log-softmax, pick,
// entropy), each with a one-kernel gradient: autodiff adds the pick's and the entropy's gradients of logSm with one
// Add, or takes the pick's alone when the entropy is not in the loss; one fused node could not tell the two apart
// (the engine hands it zeros either way) and would differ in the sign of zero.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { innerKernel } from './inner-kernels';
import { heapF32, heapI32, type WasmBackend } from './wasm-heap';

const STATS = 'GrpoTokenStats';
const LOG_SOFTMAX = 'GrpoLogSoftmax';
const LOG_SOFTMAX_GRAD = 'GrpoLogSoftmaxGrad';
const PICK = 'GrpoPickLogp';
const PICK_GRAD = 'GrpoPickLogpGrad';
const ENTROPY = 'GrpoEntropy';
const ENTROPY_GRAD = 'GrpoEntropyGrad';
const f = Math.fround;
let registered = false;

type Backend = WasmBackend & { disposeData(dataId: unknown): boolean };
type Stock = (be: Backend, x: tf.TensorInfo) => tf.TensorInfo;

/** logSoftmax over the last axis into out (both [rows * V] on the heap), tfjs-core's sequence. */
function logSoftmaxInto(be: Backend, exp: Stock, log: Stock, x: tf.TensorInfo, out: tf.TensorInfo): void {
  const V = x.shape[x.shape.length - 1];
  const rows = x.shape.reduce((a, b) => a * b, 1) / V;
  const shifted = be.makeOutput(x.shape, 'float32');
  const sums = be.makeOutput([rows, 1], 'float32');
  {
    const [xs, sh] = [heapF32(be, x), heapF32(be, shifted)];
    for (let o = 0; o < xs.length; o += V) {
      let max = xs[o];
      for (let j = 0; j < V; j++) if (xs[o + j] > max) max = xs[o + j];
      for (let j = 0; j < V; j++) sh[o + j] = f(xs[o + j] - max);
    }
  }
  const e = exp(be, shifted);
  {
    const [es, ss] = [heapF32(be, e), heapF32(be, sums)];
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let j = 0; j < V; j++) s = f(s + es[r * V + j]);
      ss[r] = s;
    }
  }
  const logSum = log(be, sums);
  const [sh, ls, ys] = [heapF32(be, shifted), heapF32(be, logSum), heapF32(be, out)];
  for (let r = 0; r < rows; r++) for (let j = 0; j < V; j++) ys[r * V + j] = f(sh[r * V + j] - ls[r]);
  for (const t of [shifted, sums, e, logSum]) be.disposeData(t.dataId);
}

/** sum(logSm * oneHot(target), -1) per row, literally (x * 0 is a signed zero; out-of-range targets pick nothing). */
function pickInto(ls: Float32Array, targets: Int32Array, out: Float32Array, V: number): void {
  for (let r = 0; r < out.length; r++) {
    let s = 0;
    for (let j = 0; j < V; j++) s = f(s + ls[r * V + j] * (targets[r] === j ? 1 : 0));
    out[r] = s;
  }
}

/** -sum(exp(logSm) * logSm, -1) per row. */
function entropyInto(be: Backend, exp: Stock, logSm: tf.TensorInfo, out: tf.TensorInfo): void {
  const V = logSm.shape[logSm.shape.length - 1];
  const e = exp(be, logSm);
  const [es, ls, ys] = [heapF32(be, e), heapF32(be, logSm), heapF32(be, out)];
  for (let r = 0; r < ys.length; r++) {
    let s = 0;
    for (let j = 0; j < V; j++) s = f(s + f(es[r * V + j] * ls[r * V + j]));
    ys[r] = -s;
  }
  be.disposeData(e.dataId);
}

function run(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown> = {}): tf.Tensor {
  return tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

function register(): void {
  const stock = (name: string): Stock => {
    const k = innerKernel(name, 'logprob-kernels');
    return (be, x) => k({ inputs: { x }, backend: be as unknown as tf.KernelBackend, attrs: {} }) as tf.TensorInfo;
  };
  const [exp, log] = [stock('Exp'), stock('Log')];
  const rowsShape = (x: tf.TensorInfo) => x.shape.slice(0, -1);
  const reg = (
    kernelName: string,
    kernelFunc: (ins: Record<string, tf.TensorInfo>, be: Backend, attrs: tf.NamedAttrMap) => tf.TensorInfo | tf.TensorInfo[],
  ) =>
    tf.registerKernel({
      kernelName,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) =>
        kernelFunc(inputs as Record<string, tf.TensorInfo>, backend as unknown as Backend, attrs ?? {}),
    });
  reg(STATS, ({ logits, targets }, be, attrs) => {
    const V = logits.shape[logits.shape.length - 1];
    const logSm = be.makeOutput(logits.shape, 'float32');
    const logp = be.makeOutput(rowsShape(logits), 'float32');
    const entropy = be.makeOutput(rowsShape(logits), 'float32');
    logSoftmaxInto(be, exp, log, logits, logSm);
    pickInto(heapF32(be, logSm), heapI32(be, targets), heapF32(be, logp), V);
    if ((attrs as { withEntropy: boolean }).withEntropy) entropyInto(be, exp, logSm, entropy);
    else heapF32(be, entropy).fill(0);
    be.disposeData(logSm.dataId);
    return [logp, entropy];
  });
  reg(LOG_SOFTMAX, ({ logits }, be) => {
    const out = be.makeOutput(logits.shape, 'float32');
    logSoftmaxInto(be, exp, log, logits, out);
    return out;
  });
  // tfjs-core's custom gradient: dy - sum(dy, -1) * exp(logSm)
  reg(LOG_SOFTMAX_GRAD, ({ dy, logSm }, be) => {
    const V = logSm.shape[logSm.shape.length - 1];
    const dx = be.makeOutput(logSm.shape, 'float32');
    const e = exp(be, logSm);
    const [dys, es, dxs] = [heapF32(be, dy), heapF32(be, e), heapF32(be, dx)];
    for (let o = 0; o < dys.length; o += V) {
      let s = 0;
      for (let j = 0; j < V; j++) s = f(s + dys[o + j]);
      for (let j = 0; j < V; j++) dxs[o + j] = f(dys[o + j] - f(s * es[o + j]));
    }
    be.disposeData(e.dataId);
    return dx;
  });
  reg(PICK, ({ logSm, targets }, be) => {
    const out = be.makeOutput(rowsShape(logSm), 'float32');
    pickInto(heapF32(be, logSm), heapI32(be, targets), heapF32(be, out), logSm.shape[logSm.shape.length - 1]);
    return out;
  });
  // Sum's gradient (dy broadcast, times 1) then Multiply's: dy * oneHot
  reg(PICK_GRAD, ({ dy, targets }, be, attrs) => {
    const V = (attrs as { vocab: number }).vocab;
    const dx = be.makeOutput([...dy.shape, V], 'float32');
    const [dys, ts, dxs] = [heapF32(be, dy), heapI32(be, targets), heapF32(be, dx)];
    for (let r = 0; r < dys.length; r++) for (let j = 0; j < V; j++) dxs[r * V + j] = dys[r] * (ts[r] === j ? 1 : 0);
    return dx;
  });
  reg(ENTROPY, ({ logSm }, be) => {
    const out = be.makeOutput(rowsShape(logSm), 'float32');
    entropyInto(be, exp, logSm, out);
    return out;
  });
  // Neg's, Sum's, then Multiply(e, logSm)'s gradients; logSm's two parts added as autodiff adds them:
  // g*e (Multiply's, first on the tape walk back) + (g*logSm)*e (through Exp), with g = -dy
  reg(ENTROPY_GRAD, ({ dy, logSm }, be) => {
    const V = logSm.shape[logSm.shape.length - 1];
    const dx = be.makeOutput(logSm.shape, 'float32');
    const e = exp(be, logSm);
    const [dys, es, ls, dxs] = [heapF32(be, dy), heapF32(be, e), heapF32(be, logSm), heapF32(be, dx)];
    for (let r = 0; r < dys.length; r++) {
      const g = -dys[r];
      for (let j = 0, o = r * V; j < V; j++, o++) dxs[o] = f(f(g * es[o]) + f(f(g * ls[o]) * es[o]));
    }
    be.disposeData(e.dataId);
    return dx;
  });
  tf.registerGradient({
    kernelName: LOG_SOFTMAX,
    outputsToSave: [true],
    gradFunc: (dy, saved) => ({ logits: () => run(LOG_SOFTMAX_GRAD, { dy: dy as tf.Tensor, logSm: saved[0] }) }),
  });
  tf.registerGradient({
    kernelName: PICK,
    inputsToSave: ['logSm', 'targets'],
    gradFunc: (dy, saved) => ({
      logSm: () => run(PICK_GRAD, { dy: dy as tf.Tensor, targets: saved[1] }, { vocab: saved[0].shape[saved[0].rank - 1] }),
      targets: () => tf.zerosLike(saved[1]).toFloat(),
    }),
  });
  tf.registerGradient({
    kernelName: ENTROPY,
    inputsToSave: ['logSm'],
    gradFunc: (dy, saved) => ({ logSm: () => run(ENTROPY_GRAD, { dy: dy as tf.Tensor, logSm: saved[0] }) }),
  });
  registered = true;
}

function logProbsChain(logits: tf.Tensor, targets: tf.Tensor, withEntropy: boolean): [tf.Tensor, tf.Tensor] {
  const vocab = logits.shape[logits.rank - 1];
  const logSm = tf.logSoftmax(logits);
  const onehot = tf.cast(tf.oneHot(targets as tf.Tensor1D, vocab), 'float32');
  const logp = tf.sum(tf.mul(logSm, onehot), -1);
  const entropy = withEntropy ? tf.neg(tf.sum(tf.mul(tf.exp(logSm), logSm), -1)) : tf.zerosLike(logp);
  return [logp, entropy];
}

/**
 * log pi(target) and the entropy of each row of logits [..., V] (targets int32 [...]); the entropy is zeros
 * when not asked for. Differentiable in the logits. Call inside tf.tidy.
 */
export function logProbsAndEntropy<T extends tf.Tensor>(logits: tf.Tensor, targets: T, withEntropy: boolean): [T, T] {
  if (targets.dtype !== 'int32') throw new Error(`logProbsAndEntropy: targets must be int32, got ${targets.dtype}`);
  if (!fastPaths().fusedLogProbs || tf.getBackend() !== 'wasm') return logProbsChain(logits, targets, withEntropy) as [T, T];
  if (logits.dtype !== 'float32') throw new Error(`logProbsAndEntropy: logits must be float32, got ${logits.dtype}`);
  const V = logits.shape[logits.rank - 1];
  if (targets.size * V !== logits.size) throw new Error(`logProbsAndEntropy: ${targets.shape} targets for ${logits.shape} logits`);
  if (!registered) register();
  if (!tf.engine().isTapeOn()) {
    return tf.engine().runKernel(STATS, { logits, targets } as unknown as tf.NamedTensorMap, { withEntropy } as never) as unknown as [T, T];
  }
  const logSm = run(LOG_SOFTMAX, { logits });
  const logp = run(PICK, { logSm, targets }) as T;
  return [logp, (withEntropy ? run(ENTROPY, { logSm }) : tf.zerosLike(logp)) as T];
}
