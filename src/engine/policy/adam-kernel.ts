// The fused Adam step on WASM as one kernel (switch adamKernel), instead of about 96 launches: Concat, a Reshape
// per gradient, the norm (Square, Sum, Sqrt), the clip factor (Add, RealDiv, Minimum), the moment updates, the
// bias-corrected step, a split and a Reshape + Sub per parameter. It is JS over the WASM heap and repeats the op
// chain of Adam.applyFused float for float: every op there is one correctly rounded float32 +, -, *, /, sqrt or
// min, and such an op computed in double and rounded once (Math.fround) is the float32 result; the norm's Sum
// adds left to right in float32 as tfjs-wasm's Sum.cc does. So the bits equal the chain's (test/unit/adam-kernel.test.ts).
// Scalars enter the chain as float32 tensors: each is rounded (fround) before use, as tf.scalar would.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { heapF32, type WasmBackend } from './wasm-heap';

const ADAM_STEP = 'GrpoAdamStep';
const f = Math.fround;
let registered = false;

/** The step's scalars, as the op chain feeds them (each becomes a float32 tensor there). */
export interface AdamStepScalars {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  clipNorm: number;
  /** 1 - beta1^t and 1 - beta2^t, computed in double as the chain does. */
  bc1: number;
  bc2: number;
}

interface StepAttrs extends AdamStepScalars {
  /** Per slot: the gradient's input index, or -1 for a parameter without one (a zero gradient). */
  gradOf: number[];
  /** Per slot: the parameter's input index, or -1 when the caller has no such variable (not updated). */
  weightOf: number[];
  sizes: number[];
}

interface StepConstants {
  factor: number;
  b1: number;
  c1: number;
  b2: number;
  c2: number;
  bc1: number;
  bc2: number;
  eps: number;
  lr: number;
}

function sumSquares(g: Float32Array, start: number): number {
  let sum = start;
  for (let j = 0; j < g.length; j++) sum = Math.fround(sum + Math.fround(g[j] * g[j]));
  return sum;
}

/**
 * One slot: g scaled by the clip factor, both moments, and the bias-corrected step into w' (a missing gradient
 * is zeros; a missing weight writes into scratch). Plain locals and typed arrays only, so the JIT keeps the loop
 * tight; still about 1 ms slower than tfjs-wasm's SIMD op chain for tiny's 110,521 parameters (the float32
 * divisions and square root run in double).
 */
function stepSlot(
  g: Float32Array | null,
  [m0, v0, m1, v1]: Float32Array[],
  weights: Float32Array[] | null,
  at: number,
  size: number,
  k: StepConstants,
): void {
  const { factor, b1, c1, b2, c2, bc1, bc2, eps, lr } = k;
  const f = Math.fround;
  const zeros = g ? null : new Float32Array(size);
  const gs = g ?? (zeros as Float32Array);
  const [w0, w1] = weights ?? [new Float32Array(size), new Float32Array(size)];
  for (let j = 0, i = at; j < size; j++, i++) {
    const gj = f(gs[j] * factor);
    const m = f(f(m0[i] * b1) + f(gj * c1));
    const v = f(f(v0[i] * b2) + f(f(gj * gj) * c2));
    m1[i] = m;
    v1[i] = v;
    w1[j] = f(w0[j] - f(f(f(m / bc1) / f(f(Math.sqrt(f(v / bc2))) + eps)) * lr));
  }
}

function register(): void {
  tf.registerKernel({
    kernelName: ADAM_STEP,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as WasmBackend;
      const a = attrs as unknown as StepAttrs;
      const ins = inputs as Record<string, tf.TensorInfo>;
      const total = a.sizes.reduce((s, x) => s + x, 0);
      // allocate every output before taking heap views (an allocation can grow the heap)
      const norm = be.makeOutput([], 'float32');
      const mOut = be.makeOutput([total], 'float32');
      const vOut = be.makeOutput([total], 'float32');
      const wOuts = a.weightOf.filter((w) => w >= 0).map((w) => be.makeOutput(ins[`t${w}`].shape, 'float32'));
      const view = (t: tf.TensorInfo) => heapF32(be, t);
      const grads = a.gradOf.map((g) => (g >= 0 ? view(ins[`t${g}`]) : null));
      // concat + square + sum: left to right over the flat vector in float32 (Sum.cc); a missing gradient's
      // zeros add nothing
      let sum = 0;
      for (const g of grads) if (g) sum = sumSquares(g, sum);
      const n = f(Math.sqrt(sum));
      const factor = a.clipNorm > 0 ? f(Math.min(1, f(f(a.clipNorm) / f(n + f(1e-6))))) : 1;
      const k: StepConstants = {
        factor,
        b1: f(a.beta1),
        c1: f(1 - a.beta1),
        b2: f(a.beta2),
        c2: f(1 - a.beta2),
        bc1: f(a.bc1),
        bc2: f(a.bc2),
        eps: f(a.epsilon),
        lr: f(a.lr),
      };
      const moments = [view(ins.m), view(ins.v), view(mOut), view(vOut)];
      view(norm)[0] = n;
      let at = 0;
      let wOut = 0;
      for (let slot = 0; slot < a.sizes.length; slot++) {
        const w = a.weightOf[slot];
        const weights = w >= 0 ? [view(ins[`t${w}`]), view(wOuts[wOut++])] : null;
        stepSlot(grads[slot], moments, weights, at, a.sizes[slot], k);
        at += a.sizes[slot];
      }
      return [norm, mOut, vOut, ...wOuts];
    },
  });
  registered = true;
}

/** True where the one-kernel Adam step runs: WASM with the switch on. */
export function adamKernelActive(): boolean {
  return fastPaths().adamKernel && tf.getBackend() === 'wasm';
}

/**
 * One Adam step over every slot: returns the gradient norm, the new flat moments and the new value of each slot
 * whose weight is given (in slot order, those without a weight skipped). Call inside tf.tidy.
 */
export function adamStep(
  m: tf.Tensor,
  v: tf.Tensor,
  grads: (tf.Tensor | undefined)[],
  weights: (tf.Tensor | undefined)[],
  sizes: number[],
  scalars: AdamStepScalars,
): { norm: tf.Scalar; m: tf.Tensor1D; v: tf.Tensor1D; weights: tf.Tensor[] } {
  if (!registered) register();
  const inputs: tf.NamedTensorMap = { m, v };
  let k = 0;
  const slotInput = (t: tf.Tensor | undefined, i: number) => {
    if (!t) return -1;
    if (t.size !== sizes[i] || t.dtype !== 'float32')
      throw new Error(`Adam: slot ${i} has ${t.size} ${t.dtype} values, expected ${sizes[i]} float32`);
    inputs[`t${k}`] = t;
    return k++;
  };
  const gradOf = grads.map(slotInput);
  const weightOf = weights.map(slotInput);
  const attrs: StepAttrs = { ...scalars, gradOf, weightOf, sizes };
  const [norm, m1, v1, ...ws] = tf.engine().runKernel(ADAM_STEP, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { norm: norm as tf.Scalar, m: m1 as tf.Tensor1D, v: v1 as tf.Tensor1D, weights: ws };
}
