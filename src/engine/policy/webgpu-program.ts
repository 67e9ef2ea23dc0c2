// The small slice of tfjs-backend-webgpu 4.22's program interface the WGSL kernels (*-webgpu.ts) use. A program is
// one compute dispatch; tfjs generates the bindings: the output is `result`, each input a read-only array named
// after its variableNames entry (plus getName(...) accessors), and program-defined uniforms (the `uniforms` string,
// read as uniforms.name) take their values, in order, from runWebGPUProgram's fourth argument.
import type * as tf from '@tensorflow/tfjs';

export interface WebGpuBackend {
  runWebGPUProgram(
    program: object,
    inputs: tf.TensorInfo[],
    dtype: tf.DataType,
    uniforms?: Array<{ type: 'float32' | 'int32'; data: number[] }>,
    output?: tf.TensorInfo,
  ): tf.TensorInfo;
  makeTensorInfo(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: object): boolean;
}

export const WORKGROUP = 64;

/**
 * A program with one thread per index in [0, threads): `body` runs inside `if (index < threads)` and writes
 * `result[...]` itself. `threads` is baked into the code and appended to the shaderKey; the caller's shaderKey must
 * name everything else baked in (sizes, offsets, flags), or two programs would share a compiled pipeline.
 */
export function flatProgram(opts: {
  shaderKey: string;
  variableNames: string[];
  outputShape: number[];
  threads: number;
  uniforms?: string;
  body: string;
}): object {
  return {
    variableNames: opts.variableNames,
    outputShape: opts.outputShape,
    dispatchLayout: { x: opts.outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(opts.threads / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    uniforms: opts.uniforms,
    shaderKey: `${opts.shaderKey}_${opts.threads}`,
    getUserCode: () => `
      fn main(index : i32) {
        // WebGPU's automatic layout drops bindings a shader never touches; tfjs binds every input and the uniforms
        _ = uniforms.NAN;
        ${opts.variableNames.map((v) => `_ = ${v}[0];`).join(' ')}
        if (index < ${opts.threads}) {
          ${opts.body}
        }
      }`,
  };
}

export function webgpu(backend: unknown): WebGpuBackend {
  return backend as WebGpuBackend;
}
