// Token log-probabilities and entropies from logits: the chain
//   logSm   = logSoftmax(logits)                      (Max, Sub, Cast, Exp, Sum, Log, Sub: tfjs-core's custom op)
//   logp    = sum(logSm * cast(oneHot(targets)), -1)
//   entropy = -sum(exp(logSm) * logSm, -1)
// is 16 launches forward and about 20 more backward. On WASM (switch fusedLogProbs) it runs as fused kernels that
// call tfjs-wasm's own kernels inside for the arithmetic (inner-kernels.ts counts them), in the chain's order with
// its operands, so the bits are the chain's by construction (test/unit/logprob-kernels.test.ts). Only the one-hot
// pick and its gradient are JS over the heap: x * 1 and x * 0 are exact, and the row sum of one value and signed
// zeros is repeated literally. (An all-JS version, Math.fround per op, matched the bits but ran ~30% slower than
// the chain: tfjs-wasm's kernels are SIMD.)
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

/** tfjs-wasm's own kernels, called directly inside a fused kernel (counted by inner-kernels.ts). */
class Stock {
  private static k: Record<string, tf.KernelConfig['kernelFunc']> | null = null;
  constructor(readonly be: Backend) {
    Stock.k ??= Object.fromEntries(
      ['Max', 'Sub', 'Exp', 'Sum', 'Log', 'Multiply', 'Neg', 'Add'].map((name) => [name, innerKernel(name, 'logprob-kernels')]),
    );
  }
  private call(name: string, inputs: Record<string, tf.TensorInfo>, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
    return Stock.k![name]({ inputs, backend: this.be as unknown as tf.KernelBackend, attrs }) as tf.TensorInfo;
  }
  un(name: 'Exp' | 'Log' | 'Neg', x: tf.TensorInfo): tf.TensorInfo {
    return this.call(name, { x });
  }
  bin(name: 'Sub' | 'Multiply' | 'Add', a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo {
    return this.call(name, { a, b });
  }
  /** Max or Sum over the last axis, with tfjs-core's attributes for it. */
  reduce(name: 'Max' | 'Sum', x: tf.TensorInfo, keepDims: boolean, axis: number): tf.TensorInfo {
    return this.call(name, { x }, name === 'Max' ? { reductionIndices: axis, keepDims } : { axis, keepDims });
  }
  free(...ts: tf.TensorInfo[]): void {
    for (const t of ts) this.be.disposeData(t.dataId);
  }
}

/** The same data seen with another shape (a Reshape is metadata only). */
function withShape(t: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: t.dataId, shape, dtype: t.dtype };
}

/** tfjs-core's logSoftmax: x - max, exp, sum, log, subtract (its float32 Cast of a float32 is a copy, skipped). */
function logSoftmax(k: Stock, x: tf.TensorInfo): tf.TensorInfo {
  const axis = x.shape.length - 1;
  const max = k.reduce('Max', x, true, axis);
  const shifted = k.bin('Sub', x, max);
  const e = k.un('Exp', shifted);
  const sums = k.reduce('Sum', e, true, axis);
  const logSum = k.un('Log', sums);
  const out = k.bin('Sub', shifted, logSum);
  k.free(max, shifted, e, sums, logSum);
  return out;
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
function entropy(k: Stock, logSm: tf.TensorInfo): tf.TensorInfo {
  const e = k.un('Exp', logSm);
  const products = k.bin('Multiply', e, logSm);
  const sums = k.reduce('Sum', products, false, -1);
  const out = k.un('Neg', sums);
  k.free(e, products, sums);
  return out;
}

function run(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown> = {}): tf.Tensor {
  return tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

function register(): void {
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
    const k = new Stock(be);
    const logSm = logSoftmax(k, logits);
    const withEntropy = (attrs as { withEntropy: boolean }).withEntropy;
    const ent = withEntropy ? entropy(k, logSm) : be.makeOutput(rowsShape(logits), 'float32');
    const logp = be.makeOutput(rowsShape(logits), 'float32'); // the last allocation: views from here on
    pickInto(heapF32(be, logSm), heapI32(be, targets), heapF32(be, logp), logits.shape[logits.shape.length - 1]);
    if (!withEntropy) heapF32(be, ent).fill(0);
    k.free(logSm);
    return [logp, ent];
  });
  reg(LOG_SOFTMAX, ({ logits }, be) => logSoftmax(new Stock(be), logits));
  // tfjs-core's custom gradient: dy - sum(dy, axis, keepDims) * exp(logSm)
  reg(LOG_SOFTMAX_GRAD, ({ dy, logSm }, be) => {
    const k = new Stock(be);
    const e = k.un('Exp', logSm);
    const sums = k.reduce('Sum', dy, true, dy.shape.length - 1);
    const scaled = k.bin('Multiply', sums, e);
    const dx = k.bin('Sub', dy, scaled);
    k.free(e, sums, scaled);
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
  reg(ENTROPY, ({ logSm }, be) => entropy(new Stock(be), logSm));
  // Neg's, Sum's (g broadcast, times 1: the same floats), Multiply(e, logSm)'s and Exp's gradients; logSm's two
  // parts added as autodiff adds them: g*e (Multiply's, first on the walk back) + (g*logSm)*e (through Exp)
  reg(ENTROPY_GRAD, ({ dy, logSm }, be) => {
    const k = new Stock(be);
    const g = k.un('Neg', dy);
    const column = withShape(g, [...dy.shape, 1]);
    const e = k.un('Exp', logSm);
    const toE = k.bin('Multiply', column, logSm);
    const direct = k.bin('Multiply', column, e);
    const throughExp = k.bin('Multiply', toE, e);
    const dx = k.bin('Add', direct, throughExp);
    k.free(g, e, toE, direct, throughExp);
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
