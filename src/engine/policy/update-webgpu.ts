// The update's tail on WebGPU as two engine launches instead of ~155: the pre-step checks (gradient norm, weights
// probe) and the fused Adam step over every parameter. WebGPU lets a dispatch bind at most 8 storage buffers
// (SwiftShader's and the spec's default), so each kernel runs several small WGSL programs: sums over up to 7
// tensors at a time, then one combining program; Adam's moments and step elementwise over the flat vector, then
// one program per parameter. The bench page counts these dispatches and checks both kernels against the op chain.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { flatProgram, type WebGpuBackend, webgpu } from './webgpu-program';
import type { AdamStepScalars } from './adam-kernel';

const MAX_INPUTS = 7; // 8 storage buffers per dispatch: the output and 7 inputs
const GROUP = 64;

/**
 * One workgroup sums f(x) over every element of up to 7 tensors (a strided loop per thread, then a tree in
 * workgroup memory): f 'square' (x * x) or 'bad' (1 for NaN or Inf, else 0: WGSL lets a compiler assume no NaN
 * or Inf, so the op chain's x * 0 trick is not safe in a shader; tfjs's isnan/isinf test the bits). Output [1].
 */
function sumProgram(sizes: number[], f: 'square' | 'bad', root: boolean, outputShape: number[] = [1]): object {
  const names = sizes.map((_, i) => `t${i}`);
  const term = f === 'square' ? 'v * v' : 'select(0.0, 1.0, isnan(v) || isinf(v))';
  return {
    variableNames: names,
    outputShape,
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [1, 1, 1],
    workgroupSize: [GROUP, 1, 1],
    shaderKey: `grpoSum_${f}_${root}_${outputShape.length}_${sizes.join('_')}`,
    getUserCode: () => `
      var<workgroup> partial : array<f32, ${GROUP}>;
      fn main(index : i32) {
        _ = uniforms.NAN;
        var s = 0.0;
        ${names.map((n, i) => `for (var j = index; j < ${sizes[i]}; j += ${GROUP}) { let v = ${n}[j]; s += ${term}; }`).join('\n')}
        partial[index] = s;
        workgroupBarrier();
        for (var k = ${GROUP / 2}; k > 0; k = k / 2) {
          if (index < k) { partial[index] += partial[index + k]; }
          workgroupBarrier();
        }
        if (index == 0) { result[0] = ${root ? 'sqrt(partial[0])' : 'partial[0]'}; }
      }`,
  };
}

function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += MAX_INPUTS) out.push(xs.slice(i, i + MAX_INPUTS));
  return out;
}

/** sum of f over all tensors: one program per 7 tensors, then one over the partial sums (or one program). */
function sumAll(be: WebGpuBackend, xs: tf.TensorInfo[], f: 'square' | 'bad', root: boolean, temps: tf.TensorInfo[]): tf.TensorInfo {
  const size = (t: tf.TensorInfo) => tf.util.sizeFromShape(t.shape);
  if (xs.length <= MAX_INPUTS) return be.runWebGPUProgram(sumProgram(xs.map(size), f, root), xs, 'float32');
  const partials = chunks(xs).map((c) => be.runWebGPUProgram(sumProgram(c.map(size), f, false), c, 'float32'));
  temps.push(...partials);
  return combine(be, partials, root, temps);
}

/** Adds partial sums (of squares or of counts), taking the root if asked. */
function combine(be: WebGpuBackend, partials: tf.TensorInfo[], root: boolean, temps: tf.TensorInfo[]): tf.TensorInfo {
  if (partials.length > MAX_INPUTS) {
    const next = chunks(partials).map((c) => combine(be, c, false, temps));
    temps.push(...next);
    return combine(be, next, root, temps);
  }
  const names = partials.map((_, i) => `p${i}`);
  const program = flatProgram({
    shaderKey: `grpoCombine_${root}_${partials.length}`,
    variableNames: names,
    outputShape: [1],
    threads: 1,
    body: `let s = ${names.map((n) => `${n}[0]`).join(' + ')}; result[0] = ${root ? 'sqrt(s)' : 's'};`,
  });
  return be.runWebGPUProgram(program, partials, 'float32');
}

function dispose(be: WebGpuBackend, temps: tf.TensorInfo[]): void {
  for (const t of temps) be.disposeData(t.dataId);
}

export function registerWebGpuChecks(kernelName: string): void {
  tf.registerKernel({
    kernelName,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = webgpu(backend);
      const { grads } = attrs as unknown as { grads: number };
      const all = Object.keys(inputs).map((k) => inputs[k]!);
      const temps: tf.TensorInfo[] = [];
      const norm = sumAll(be, all.slice(0, grads), 'square', true, temps);
      const bad = sumAll(be, all.slice(grads), 'bad', false, temps);
      // the probe as the op chain gives it: 0 when every weight is finite, NaN otherwise (a runtime uniform)
      const program = flatProgram({
        shaderKey: 'grpoChecks',
        variableNames: ['norm', 'bad'],
        outputShape: [2],
        threads: 1,
        body: 'result[0] = norm[0]; result[1] = select(0.0, uniforms.NAN, bad[0] > 0.0);',
      });
      const out = be.runWebGPUProgram(program, [norm, bad], 'float32');
      dispose(be, [...temps, norm, bad]);
      return out;
    },
  });
}

/**
 * Inputs: the gradients, then the parameters (slot order), then the flat moments m and v. Outputs: the gradient
 * norm [], the new m and v, then each parameter's new value. The op chain it replaces is adam.ts's applyFused.
 */
export function registerWebGpuAdam(kernelName: string): void {
  tf.registerKernel({
    kernelName,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = webgpu(backend);
      const h = attrs as unknown as AdamStepScalars & { count: number };
      const all = Object.keys(inputs).map((k) => inputs[k]!);
      const [grads, params, [m, v]] = [all.slice(0, h.count), all.slice(h.count, 2 * h.count), all.slice(2 * h.count)];
      const sizes = grads.map((g) => tf.util.sizeFromShape(g.shape));
      const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
      const total = m.shape[0];
      // 1. the gradients into one flat vector, 7 per dispatch, each written at its offset
      const flat = be.makeTensorInfo([total], 'float32');
      for (let start = 0; start < grads.length; start += MAX_INPUTS) {
        const part = grads.slice(start, start + MAX_INPUTS);
        const names = part.map((_, i) => `g${i}`);
        const copy = flatProgram({
          shaderKey: `grpoFlatten_${total}_${sizes.slice(start, start + part.length).join('_')}_${offsets[start]}`,
          variableNames: names,
          outputShape: [total],
          threads: Math.max(...sizes.slice(start, start + part.length)),
          body: names.map((n, i) => `if (index < ${sizes[start + i]}) { result[${offsets[start + i]} + index] = ${n}[index]; }`).join('\n'),
        });
        be.runWebGPUProgram(copy, part, 'float32', undefined, flat);
      }
      // 2. the global norm, then the clipped gradient's moments and the step, elementwise
      const norm = be.runWebGPUProgram(sumProgram([total], 'square', true, []), [flat], 'float32');
      const hyper = [h.beta1, h.beta2, h.bc1, h.bc2, h.epsilon, h.lr, h.clipNorm].map((x) => ({ type: 'float32' as const, data: [x] }));
      const uniforms = 'b1 : f32, b2 : f32, bc1 : f32, bc2 : f32, eps : f32, lr : f32, clip : f32,';
      const clipped = 'g[index] * select(1.0, min(1.0, uniforms.clip / (norm[0] + 1e-6)), uniforms.clip > 0.0)';
      const elementwise = (key: string, names: string[], body: string, ins: tf.TensorInfo[]) =>
        be.runWebGPUProgram(
          flatProgram({ shaderKey: `grpoAdam_${key}`, variableNames: names, outputShape: [total], threads: total, uniforms, body }),
          ins,
          'float32',
          hyper,
        );
      const newM = elementwise('m', ['g', 'm', 'norm'], `result[index] = m[index] * uniforms.b1 + ${clipped} * (1.0 - uniforms.b1);`, [
        flat,
        m,
        norm,
      ]);
      const newV = elementwise(
        'v',
        ['g', 'v', 'norm'],
        `let c = ${clipped}; result[index] = v[index] * uniforms.b2 + c * c * (1.0 - uniforms.b2);`,
        [flat, v, norm],
      );
      const step = elementwise(
        'step',
        ['m', 'v'],
        'result[index] = m[index] / uniforms.bc1 / (sqrt(v[index] / uniforms.bc2) + uniforms.eps) * uniforms.lr;',
        [newM, newV],
      );
      // 3. each parameter minus its piece of the step
      const updated = params.map((p, i) =>
        be.runWebGPUProgram(
          flatProgram({
            shaderKey: `grpoAdamApply_${offsets[i]}`,
            variableNames: ['p', 'step'],
            outputShape: p.shape,
            threads: sizes[i],
            body: `result[index] = p[index] - step[${offsets[i]} + index];`,
          }),
          [p, step],
          'float32',
        ),
      );
      dispose(be, [flat, step]);
      return [norm, newM, newV, ...updated];
    },
  });
}

const ADAM = 'GrpoAdamStep';
let adamRegistered = false;

/**
 * adam.ts's fused step as one WebGPU kernel: assigns the new moments and parameters and returns the gradient norm,
 * or null where it does not apply (another backend, the switch off, a parameter without a gradient).
 */
export function wgslAdamStep(
  slots: Array<{ name: string }>,
  vars: Map<string, tf.Variable>,
  grads: Record<string, tf.Tensor>,
  m: tf.Variable,
  v: tf.Variable,
  hyper: AdamStepScalars,
): tf.Scalar | null {
  if (!fastPaths().wgslUpdateTail || tf.getBackend() !== 'webgpu') return null;
  if (!slots.every((s) => grads[s.name] && vars.get(s.name))) return null;
  if (!adamRegistered) registerWebGpuAdam(ADAM);
  adamRegistered = true;
  const inputs: tf.NamedTensorMap = {};
  const list = [...slots.map((s) => grads[s.name]), ...slots.map((s) => vars.get(s.name)!), m, v];
  list.forEach((t, i) => (inputs[`t${i}`] = t));
  const [norm, newM, newV, ...updated] = tf.engine().runKernel(ADAM, inputs, { ...hyper, count: slots.length } as never) as tf.Tensor[];
  m.assign(newM);
  v.assign(newV);
  slots.forEach((s, i) => vars.get(s.name)!.assign(updated[i]));
  return norm as tf.Scalar;
}
