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
      // concat + square + sum: left to right over the flat vector in float32 (Sum.cc); missing gradients add +0
      let sum = 0;
      for (const g of grads) {
        if (g) for (let j = 0; j < g.length; j++) sum = f(sum + f(g[j] * g[j]));
        else sum = f(sum + 0);
      }
      const n = f(Math.sqrt(sum));
      const factor = a.clipNorm > 0 ? f(Math.min(1, f(f(a.clipNorm) / f(n + f(1e-6))))) : 1;
      const [b1, c1, b2, c2] = [f(a.beta1), f(1 - a.beta1), f(a.beta2), f(1 - a.beta2)];
      const [bc1, bc2, eps, lr] = [f(a.bc1), f(a.bc2), f(a.epsilon), f(a.lr)];
      const [m0, v0, m1, v1] = [view(ins.m), view(ins.v), view(mOut), view(vOut)];
      view(norm)[0] = n;
      let at = 0;
      let wOut = 0;
      a.sizes.forEach((size, slot) => {
        const g = grads[slot];
        const wIn = a.weightOf[slot] >= 0 ? view(ins[`t${a.weightOf[slot]}`]) : null;
        const w1 = wIn ? view(wOuts[wOut++]) : null;
        for (let j = 0; j < size; j++, at++) {
          const gj = f((g ? g[j] : 0) * factor);
          const m = f(f(m0[at] * b1) + f(gj * c1));
          const v = f(f(v0[at] * b2) + f(f(gj * gj) * c2));
          m1[at] = m;
          v1[at] = v;
          if (wIn && w1) {
            const update = f(f(m / bc1) / f(f(Math.sqrt(f(v / bc2))) + eps));
            w1[j] = f(wIn[j] - f(update * lr));
          }
        }
      });
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
