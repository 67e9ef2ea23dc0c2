// GrpoPickToken on WebGPU (switch wgslPick): each decoded token's sampling decision in two WGSL dispatches instead
// of ~13 kernels. One thread per row scans the vocabulary: score = (logit + padMask) [* invTemp + gumbel], first
// index of the largest (strict >, as tfjs's argmax), PAD for rows already done; a second dispatch derives the new
// done flags (done or EOS). WebGPU's numbers are not pinned; the bench page compares it with the op chain.
import * as tf from '@tensorflow/tfjs';
import { EOS_ID, PAD_ID } from './tokenizer';
import { flatProgram, webgpu } from './webgpu-program';

export function registerWebGpuPick(kernelName: string): void {
  tf.registerKernel({
    kernelName,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = webgpu(backend);
      const { last, padMask, done, gumbel } = inputs as Record<string, tf.TensorInfo | undefined>;
      const { invTemp, asColumn } = attrs as unknown as { invTemp: number; asColumn?: boolean };
      const [n, vocab] = last!.shape;
      const noisy = gumbel !== undefined;
      const pick = flatProgram({
        shaderKey: `grpoPick_${vocab}_${noisy}_${asColumn === true}`,
        variableNames: noisy ? ['logits', 'padMask', 'rowDone', 'gumbel'] : ['logits', 'padMask', 'rowDone'],
        outputShape: asColumn ? [n, 1] : [n], // [n, 1]: the column decode() reads (sampling's leanDecode)
        threads: n,
        uniforms: 'invTemp : f32,',
        body: `
          var best = 0;
          var top = 0.0;
          for (var j = 0; j < ${vocab}; j++) {
            var s = logits[index * ${vocab} + j] + padMask[j];
            ${noisy ? `s = s * uniforms.invTemp + gumbel[index * ${vocab} + j];` : ''}
            if (j == 0 || s > top) { top = s; best = j; }
          }
          if (rowDone[index] != 0) { best = ${PAD_ID}; }
          result[index] = best;`,
      });
      const ins = noisy ? [last!, padMask!, done!, gumbel!] : [last!, padMask!, done!];
      const next = be.runWebGPUProgram(pick, ins, 'int32', [{ type: 'float32', data: [invTemp] }]);
      const flags = flatProgram({
        shaderKey: 'grpoPickDone',
        variableNames: ['next', 'rowDone'],
        outputShape: [n],
        threads: n,
        body: `result[index] = select(0, 1, rowDone[index] != 0 || next[index] == ${EOS_ID});`,
      });
      return [next, be.runWebGPUProgram(flags, [next, done!], 'bool')];
    },
  });
}
