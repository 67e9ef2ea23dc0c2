// Attention on WebGPU (switch wgslAttention): the core (scores, scale, mask, softmax, times v, heads back to rows)
// as one WGSL dispatch straight from the fused q|k|v rows, instead of ~12 kernels (split, reshapes, transposes,
// two batched products, multiply, add, softmax); its gradient (d q|k|v in one [rows, 3d] tensor) as one more. While
// decoding, the cache grows in one kernel, one dispatch for the keys and one for the values (past columns, then
// the new ones), instead of a split, reshapes and two concats. WebGPU's numbers are not pinned; the bench page
// compares all of it with the op chain. One thread per (row, head, position) recomputes the softmax rows it needs:
// cheap at this project's short contexts; only measured on the software adapter, not on a real GPU.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { flatProgram, webgpu } from './webgpu-program';

const ATTENTION = 'GrpoAttention';
const ATTENTION_GRAD = 'GrpoAttentionGrad';
const KV_APPEND = 'GrpoKvAppend';

interface Geometry {
  n: number;
  t: number;
  total: number;
  heads: number;
  dh: number;
}

/** WGSL helpers over qkv [n*t, 3d] (or the caches K, V [n, heads, total, dh]) and bias [n, 1, t, total]. */
function helpers({ t, total, heads, dh }: Geometry, cached: boolean, withDy: boolean): string {
  const d = heads * dh;
  const key = cached ? `K[((b * ${heads} + h) * ${total} + j) * ${dh} + c]` : `qkv[(b * ${t} + j) * ${3 * d} + ${d} + h * ${dh} + c]`;
  const value = cached ? `V[((b * ${heads} + h) * ${total} + j) * ${dh} + c]` : `qkv[(b * ${t} + j) * ${3 * d} + ${2 * d} + h * ${dh} + c]`;
  return `
    fn q(b : i32, h : i32, i : i32, c : i32) -> f32 { return qkv[(b * ${t} + i) * ${3 * d} + h * ${dh} + c]; }
    fn k(b : i32, h : i32, j : i32, c : i32) -> f32 { return ${key}; }
    fn v(b : i32, h : i32, j : i32, c : i32) -> f32 { return ${value}; }
    fn score(b : i32, h : i32, i : i32, j : i32) -> f32 {
      var s = 0.0;
      for (var c = 0; c < ${dh}; c++) { s += q(b, h, i, c) * k(b, h, j, c); }
      return s * ${(1 / Math.sqrt(dh)).toExponential(9)} + bias[(b * ${t} + i) * ${total} + j];
    }
    // the row's largest score and the sum of exp(score - largest)
    fn stats(b : i32, h : i32, i : i32) -> vec2<f32> {
      var top = score(b, h, i, 0);
      for (var j = 1; j < ${total}; j++) { top = max(top, score(b, h, i, j)); }
      var sum = 0.0;
      for (var j = 0; j < ${total}; j++) { sum += exp(score(b, h, i, j) - top); }
      return vec2<f32>(top, sum);
    }
    fn prob(b : i32, h : i32, i : i32, j : i32, st : vec2<f32>) -> f32 { return exp(score(b, h, i, j) - st.x) / st.y; }
    ${
      withDy
        ? `
    fn dO(b : i32, h : i32, i : i32, c : i32) -> f32 { return dy[(b * ${t} + i) * ${d} + h * ${dh} + c]; }
    fn dP(b : i32, h : i32, i : i32, j : i32) -> f32 {
      var s = 0.0;
      for (var c = 0; c < ${dh}; c++) { s += dO(b, h, i, c) * v(b, h, j, c); }
      return s;
    }
    // sum over the row of prob * dP: softmax's backward subtracts it
    fn rowD(b : i32, h : i32, i : i32, st : vec2<f32>) -> f32 {
      var s = 0.0;
      for (var j = 0; j < ${total}; j++) { s += prob(b, h, i, j, st) * dP(b, h, i, j); }
      return s;
    }`
        : ''
    }`;
}

/** One thread per (row b, position i, head h): softmax(q k^T / sqrt(dh) + bias) v into the merged rows [n*t, d]. */
function forwardProgram(g: Geometry, cached: boolean): object {
  const { n, t, heads, dh } = g;
  const program = flatProgram({
    shaderKey: `grpoAttention_${cached}_${t}_${g.total}_${heads}_${dh}`,
    variableNames: cached ? ['qkv', 'bias', 'K', 'V'] : ['qkv', 'bias'],
    outputShape: [n * t, heads * dh],
    threads: n * t * heads,
    body: `
      let h = index % ${heads};
      let i = (index / ${heads}) % ${t};
      let b = index / ${heads * t};
      let st = stats(b, h, i);
      var acc : array<f32, ${dh}>;
      for (var j = 0; j < ${g.total}; j++) {
        let p = prob(b, h, i, j, st);
        for (var c = 0; c < ${dh}; c++) { acc[c] += p * v(b, h, j, c); }
      }
      for (var c = 0; c < ${dh}; c++) { result[(b * ${t} + i) * ${heads * dh} + h * ${dh} + c] = acc[c]; }`,
  }) as { getUserCode: () => string };
  const main = program.getUserCode;
  return { ...program, getUserCode: () => helpers(g, cached, false) + main() };
}

/** d q|k|v [n*t, 3d] from dy [n*t, d]: one thread per (row, position p, head) writes q's, k's and v's piece of p. */
function gradProgram(g: Geometry): object {
  const { n, t, heads, dh } = g;
  const d = heads * dh;
  const scale = (1 / Math.sqrt(dh)).toExponential(9);
  const program = flatProgram({
    shaderKey: `grpoAttentionGrad_${t}_${heads}_${dh}`,
    variableNames: ['qkv', 'bias', 'dy'],
    outputShape: [n * t, 3 * d],
    threads: n * t * heads,
    body: `
      let h = index % ${heads};
      let p = (index / ${heads}) % ${t};
      let b = index / ${heads * t};
      var dq : array<f32, ${dh}>;
      var dk : array<f32, ${dh}>;
      var dv : array<f32, ${dh}>;
      let sp = stats(b, h, p);
      let Dp = rowD(b, h, p, sp);
      for (var i = 0; i < ${t}; i++) {
        // row p's softmax gradient gives dq; column p of every row gives dk and dv
        let dsRow = prob(b, h, p, i, sp) * (dP(b, h, p, i) - Dp);
        let si = stats(b, h, i);
        let pip = prob(b, h, i, p, si);
        let dsCol = pip * (dP(b, h, i, p) - rowD(b, h, i, si));
        for (var c = 0; c < ${dh}; c++) {
          dq[c] += dsRow * k(b, h, i, c);
          dk[c] += dsCol * q(b, h, i, c);
          dv[c] += pip * dO(b, h, i, c);
        }
      }
      let o = (b * ${t} + p) * ${3 * d} + h * ${dh};
      for (var c = 0; c < ${dh}; c++) {
        result[o + c] = dq[c] * ${scale};
        result[o + ${d} + c] = dk[c] * ${scale};
        result[o + ${2 * d} + c] = dv[c];
      }`,
  }) as { getUserCode: () => string };
  const main = program.getUserCode;
  return { ...program, getUserCode: () => helpers(g, false, true) + main() };
}

function geometry(qkv: tf.TensorInfo, bias: tf.TensorInfo, heads: number): Geometry {
  const [n, , t, total] = bias.shape;
  return { n, t, total, heads, dh: qkv.shape[1] / 3 / heads };
}

let registered = false;

function register(): void {
  tf.registerKernel({
    kernelName: ATTENTION,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { qkv, bias, K, V } = inputs as Record<string, tf.TensorInfo | undefined>;
      const g = geometry(qkv!, bias!, (attrs as { heads: number }).heads);
      const cached = K !== undefined;
      return webgpu(backend).runWebGPUProgram(forwardProgram(g, cached), cached ? [qkv!, bias!, K!, V!] : [qkv!, bias!], 'float32');
    },
  });
  tf.registerKernel({
    kernelName: ATTENTION_GRAD,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { qkv, bias, dy } = inputs as Record<string, tf.TensorInfo>;
      const g = geometry(qkv, bias, (attrs as { heads: number }).heads);
      return webgpu(backend).runWebGPUProgram(gradProgram(g), [qkv, bias, dy], 'float32');
    },
  });
  tf.registerGradient({
    kernelName: ATTENTION,
    inputsToSave: ['qkv', 'bias'],
    gradFunc: (dy, saved, attrs) => {
      const [qkv, bias] = saved;
      const heads = (attrs as { heads: number }).heads;
      return {
        qkv: () => tf.engine().runKernel(ATTENTION_GRAD, { qkv, bias, dy: dy as tf.Tensor }, { heads } as never) as tf.Tensor,
        bias: () => tf.zerosLike(bias),
      };
    },
  });
  tf.registerKernel({
    kernelName: KV_APPEND,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      // keys and values grown in one launch: one dispatch each (a program writes one output)
      const { qkv, pastK, pastV } = inputs as Record<string, tf.TensorInfo | undefined>;
      const { heads, t } = attrs as unknown as { heads: number; t: number };
      const n = qkv!.shape[0] / t;
      const d = qkv!.shape[1] / 3;
      const dh = d / heads;
      const start = pastK ? pastK.shape[2] : 0;
      const total = start + t;
      const grow = (part: number, past?: tf.TensorInfo) => {
        const fresh = `qkv[(b * ${t} + j - ${start}) * ${3 * d} + ${part * d} + h * ${dh} + c]`;
        const program = flatProgram({
          shaderKey: `grpoKvAppend_${heads}_${t}_${part}_${start}_${d}`,
          variableNames: past ? ['qkv', 'past'] : ['qkv'],
          outputShape: [n, heads, total, dh],
          threads: n * heads * total * dh,
          body: `
            let c = index % ${dh};
            let j = (index / ${dh}) % ${total};
            let h = (index / ${dh * total}) % ${heads};
            let b = index / ${dh * total * heads};
            ${past ? `if (j < ${start}) { result[index] = past[((b * ${heads} + h) * ${start} + j) * ${dh} + c]; } else { result[index] = ${fresh}; }` : `result[index] = ${fresh};`}`,
        });
        return webgpu(backend).runWebGPUProgram(program, past ? [qkv!, past] : [qkv!], 'float32');
      };
      return [grow(1, pastK), grow(2, pastV)];
    },
  });
  registered = true;
}

/** Whether model.ts should take this path: WebGPU, the switch on, and no gradient through a cache. */
export function wgslAttentionActive(past: boolean): boolean {
  return fastPaths().wgslAttention && tf.getBackend() === 'webgpu' && !(past && tf.engine().isTapeOn());
}

/**
 * The attention block from the fused q|k|v rows [n*t, 3d] to the merged heads [n*t, d]. With `past`, the
 * columns before these come from its keys and values; with `cacheOut`, the grown keys and values go there.
 */
export function attentionWebGpu(
  qkv: tf.Tensor2D,
  bias: tf.Tensor4D,
  heads: number,
  layer: number,
  past?: { keys: tf.Tensor4D[]; values: tf.Tensor4D[] },
  cacheOut?: { keys: tf.Tensor4D[]; values: tf.Tensor4D[] } | null,
): tf.Tensor2D {
  if (!registered) register();
  const t = bias.shape[2];
  const grow = (pastK?: tf.Tensor4D, pastV?: tf.Tensor4D) =>
    tf.engine().runKernel(KV_APPEND, (pastK ? { qkv, pastK, pastV } : { qkv }) as never, { heads, t } as never) as tf.Tensor4D[];
  if (!past) {
    // keys and values straight from qkv (differentiable); the cache, if asked for, is a copy on the side
    if (cacheOut) {
      const [K, V] = grow();
      cacheOut.keys.push(K);
      cacheOut.values.push(V);
    }
    return tf.engine().runKernel(ATTENTION, { qkv, bias }, { heads } as never) as tf.Tensor2D;
  }
  const [K, V] = grow(past.keys[layer], past.values[layer]);
  cacheOut?.keys.push(K);
  cacheOut?.values.push(V);
  return tf.engine().runKernel(ATTENTION, { qkv, bias, K, V }, { heads } as never) as tf.Tensor2D;
}
