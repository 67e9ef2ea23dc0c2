// tfjs-core's gradients of Multiply, RealDiv, Sum and Mean each launch a float32 -> float32 Cast (a copy) or a Reshape
// before the arithmetic: mul(dy, cast(b)), div(dy, cast(b)), neg(div(mul(dy, cast(a)), cast(square(b)))),
// mul(reshape(dy), ones) (Mean's then divides by the reduced size). On WASM (switch fusedArithGrads) each is one launch that runs the same tfjs-wasm kernels
// inside (inner-kernels.ts) on the same operands, minus the copy: the same bits by construction, fewer launches
// (test/unit/arith-grads.test.ts). Where an input was broadcast (its gradient needs a Sum over the broadcast axes)
// and on other backends, tfjs-core's gradient runs; this module wraps it rather than replaces it.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { innerKernel } from './inner-kernels';
import { heapF32, type WasmBackend } from './wasm-heap';

const MUL_GRAD = 'GrpoMulGrad';
const DIV_GRAD_A = 'GrpoDivGradA';
const DIV_GRAD_B = 'GrpoDivGradB';
const SUM_GRAD = 'GrpoSumGrad';
let installed = false;

type Backend = WasmBackend & { disposeData(dataId: unknown): boolean };

function registerKernels(): void {
  if (tf.getKernel(MUL_GRAD, 'wasm')) return;
  const k = Object.fromEntries(['Multiply', 'RealDiv', 'Square', 'Neg'].map((name) => [name, innerKernel(name, 'arith-grads')]));
  const call = (name: string, inputs: Record<string, tf.TensorInfo>, backend: unknown) =>
    k[name]({ inputs, backend: backend as tf.KernelBackend, attrs: {} }) as tf.TensorInfo;
  const reg = (kernelName: string, kernelFunc: tf.KernelFunc) => tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  // mul(dy, cast(other)): the Cast of a float32 is a copy, so Multiply(dy, other) gives its bits
  reg(MUL_GRAD, ({ inputs, backend }) => call('Multiply', { a: inputs.dy as tf.TensorInfo, b: inputs.other as tf.TensorInfo }, backend));
  reg(DIV_GRAD_A, ({ inputs, backend }) => call('RealDiv', { a: inputs.dy as tf.TensorInfo, b: inputs.b as tf.TensorInfo }, backend));
  // neg(div(mul(dy, a), square(b)))
  reg(DIV_GRAD_B, ({ inputs, backend }) => {
    const be = backend as unknown as Backend;
    const product = call('Multiply', { a: inputs.dy as tf.TensorInfo, b: inputs.a as tf.TensorInfo }, backend);
    const square = call('Square', { x: inputs.b as tf.TensorInfo }, backend);
    const quotient = call('RealDiv', { a: product, b: square }, backend);
    const out = call('Neg', { x: quotient }, backend);
    for (const t of [product, square, quotient]) be.disposeData(t.dataId);
    return out;
  });
  // mul(reshape(dy, expanded), ones(x.shape)): dy seen in the expanded shape (metadata) times ones; Mean's
  // gradient then divides by the reduced size (a float32 scalar, as div(x, number) makes it)
  reg(SUM_GRAD, ({ inputs, backend, attrs }) => {
    const be = backend as unknown as Backend;
    const dy = inputs.dy as tf.TensorInfo;
    const { expanded, shape, divisor } = attrs as unknown as { expanded: number[]; shape: number[]; divisor: number };
    const ones = be.makeOutput(shape, 'float32');
    heapF32(be, ones).fill(1);
    const spread = call('Multiply', { a: { dataId: dy.dataId, shape: expanded, dtype: dy.dtype }, b: ones }, backend);
    be.disposeData(ones.dataId);
    if (!divisor) return spread;
    const size = be.makeOutput([], 'float32');
    heapF32(be, size)[0] = divisor;
    const out = call('RealDiv', { a: spread, b: size }, backend);
    for (const t of [spread, size]) be.disposeData(t.dataId);
    return out;
  });
}

function active(): boolean {
  return fastPaths().fusedArithGrads && tf.getBackend() === 'wasm';
}

function run(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown> = {}): tf.Tensor {
  registerKernels(); // on first use: the WASM backend's kernels exist only once it is loaded
  return tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** True when x's gradient needs no Sum: x already has dy's shape (only the other operand was broadcast). */
const full = (x: tf.Tensor, dy: tf.Tensor) => tf.util.arraysEqual(x.shape, dy.shape);
const floats = (...ts: tf.Tensor[]) => ts.every((t) => t.dtype === 'float32');

type Grads = Record<string, () => tf.Tensor>;

/** Wrap tfjs-core's gradients of Multiply, RealDiv, Sum and Mean (idempotent; elsewhere they stay the stock ones). */
export function installArithGrads(): void {
  if (installed) return;
  installed = true;
  const wrap = (kernelName: string, fused: (dy: tf.Tensor, saved: tf.Tensor[], attrs: tf.NamedAttrMap, stock: () => Grads) => Grads) => {
    const stock = tf.getGradient(kernelName);
    if (!stock) throw new Error(`arith-grads: tfjs has no gradient for ${kernelName}`);
    tf.registerGradient({
      ...stock,
      gradFunc: (dy, saved, attrs) => {
        // tfjs-core's gradient only when used: Sum's computes its result eagerly, not in the closure
        const plain = () => stock.gradFunc(dy, saved, attrs) as Grads;
        return active() && !Array.isArray(dy) ? fused(dy, saved, attrs, plain) : plain();
      },
    });
  };
  /** Input `name`'s stock gradient, computed on demand. */
  const lazy = (stock: () => Grads, name: string) => () => stock()[name]();
  wrap('Multiply', (dy, [a, b], _, stock) => ({
    a: floats(dy, a, b) && full(a, dy) ? () => run(MUL_GRAD, { dy, other: b }) : lazy(stock, 'a'),
    b: floats(dy, a, b) && full(b, dy) ? () => run(MUL_GRAD, { dy, other: a }) : lazy(stock, 'b'),
  }));
  wrap('RealDiv', (dy, [a, b], _, stock) => ({
    a: floats(dy, a, b) && full(a, dy) ? () => run(DIV_GRAD_A, { dy, b }) : lazy(stock, 'a'),
    b: floats(dy, a, b) && full(b, dy) ? () => run(DIV_GRAD_B, { dy, a, b }) : lazy(stock, 'b'),
  }));
  for (const [kernelName, mean] of [
    ['Sum', false],
    ['Mean', true],
  ] as const) {
    wrap(kernelName, (dy, [x], attrs, stock) => {
      if (!floats(dy, x)) return stock();
      const expanded = x.shape.slice();
      let divisor = 1;
      for (const axis of tf.util.parseAxisParam((attrs as unknown as { axis: number | number[] }).axis, x.shape)) {
        divisor *= x.shape[axis];
        expanded[axis] = 1;
      }
      return { x: () => run(SUM_GRAD, { dy }, { expanded, shape: x.shape, divisor: mean ? divisor : 0 }) };
    });
  }
}
