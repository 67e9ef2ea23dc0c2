// The fused Adam step on WASM as one kernel (switch adamKernel), instead of about 96 launches: Concat, a Reshape
// per gradient, the norm (Square, Sum, Sqrt), the clip factor (Add, RealDiv, Minimum), the moment updates, the
// bias-corrected step, a split and a Reshape + Sub per parameter. Inside, the gradients are copied into one flat
// vector (a byte copy) and tfjs-wasm's own kernels run the op chain of Adam.applyFused on it in the same order with
// the same operands (inner-kernels.ts counts them): the same bits by construction, at the chain's SIMD speed. The
// last step, w - scaled step per parameter, is one float32 subtraction per weight written in JS over the heap
// (a subtraction computed in double and rounded once, Math.fround, is the float32 one): no split, no per-parameter
// launches. Bits equal the chain's (test/unit/adam-kernel.test.ts). A JS version of the whole chain was ~2x slower
// than tfjs-wasm's SIMD ops (the float32 divisions and square roots run in double).
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { innerKernel } from './inner-kernels';
import { heapF32, type WasmBackend } from './wasm-heap';

const ADAM_STEP = 'GrpoAdamStep';
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

type Backend = WasmBackend & { disposeData(dataId: unknown): boolean };

function register(): void {
  const k = Object.fromEntries(
    ['Square', 'Sum', 'Sqrt', 'Add', 'RealDiv', 'Minimum', 'Multiply'].map((name) => [name, innerKernel(name, 'adam-kernel')]),
  );
  tf.registerKernel({
    kernelName: ADAM_STEP,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as Backend;
      const a = attrs as unknown as StepAttrs;
      const ins = inputs as Record<string, tf.TensorInfo>;
      const total = a.sizes.reduce((s, x) => s + x, 0);
      const temps: tf.TensorInfo[] = [];
      const keep = (t: tf.TensorInfo) => {
        temps.push(t);
        return t;
      };
      const unary = (name: string, x: tf.TensorInfo) => keep(k[name]({ inputs: { x }, backend, attrs: {} }) as tf.TensorInfo);
      const binary = (name: string, x: tf.TensorInfo, y: tf.TensorInfo) =>
        keep(k[name]({ inputs: { a: x, b: y }, backend, attrs: {} }) as tf.TensorInfo);
      // a JS number as the chain passes it: a float32 scalar tensor
      const scalar = (x: number) => {
        const t = keep(be.makeOutput([], 'float32'));
        heapF32(be, t)[0] = x;
        return t;
      };
      // tf.concat of the gradients (zeros where a parameter has none): a byte copy
      const flat = keep(be.makeOutput([total], 'float32'));
      {
        const out = heapF32(be, flat);
        let at = 0;
        a.sizes.forEach((size, slot) => {
          const g = a.gradOf[slot];
          if (g >= 0) out.set(heapF32(be, ins[`t${g}`]), at);
          else out.fill(0, at, at + size);
          at += size;
        });
      }
      // the op chain of Adam.applyFused, operand for operand
      const squares = unary('Square', flat);
      const sum = keep(k.Sum({ inputs: { x: squares }, backend, attrs: { axis: [0], keepDims: false } }) as tf.TensorInfo);
      const norm = unary('Sqrt', sum);
      const factor =
        a.clipNorm > 0 ? binary('Minimum', scalar(1), binary('RealDiv', scalar(a.clipNorm), binary('Add', norm, scalar(1e-6)))) : scalar(1);
      const g = binary('Multiply', flat, factor);
      const m = binary('Add', binary('Multiply', ins.m, scalar(a.beta1)), binary('Multiply', g, scalar(1 - a.beta1)));
      const v = binary('Add', binary('Multiply', ins.v, scalar(a.beta2)), binary('Multiply', unary('Square', g), scalar(1 - a.beta2)));
      const denominator = binary('Add', unary('Sqrt', binary('RealDiv', v, scalar(a.bc2))), scalar(a.epsilon));
      const update = binary('RealDiv', binary('RealDiv', m, scalar(a.bc1)), denominator);
      const scaled = binary('Multiply', update, scalar(a.lr));
      // w - scaled, per parameter, into its new tensor (outputs allocated before the views)
      const wOuts = a.weightOf.filter((w) => w >= 0).map((w) => be.makeOutput(ins[`t${w}`].shape, 'float32'));
      const steps = heapF32(be, scaled);
      let at = 0;
      let next = 0;
      a.sizes.forEach((size, slot) => {
        const w = a.weightOf[slot];
        if (w >= 0) subtract(heapF32(be, ins[`t${w}`]), steps, at, heapF32(be, wOuts[next++]));
        at += size;
      });
      for (const t of temps) if (t !== norm && t !== m && t !== v) be.disposeData(t.dataId);
      return [norm, m, v, ...wOuts];
    },
  });
  registered = true;
}

/** out[j] = w[j] - steps[at + j] in float32. */
function subtract(w: Float32Array, steps: Float32Array, at: number, out: Float32Array): void {
  for (let j = 0; j < w.length; j++) out[j] = Math.fround(w[j] - steps[at + j]);
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
