// The SIMD batched product must reproduce tfjs-wasm's BatchMatMul bit for bit (it sums in the same order), in
// every transpose combination, in its gradients, and leave products it cannot copy exactly to the stock kernel.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm, floatBits } from '../helpers/tf';
import { attentionMatMul } from '../../src/engine/policy/simd-matmul';
import { heapModuleOn } from '../../src/engine/policy/heap-module';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

function random(shape: number[], seed: number): tf.Tensor {
  const rng = new Rng(seed, 'simd');
  return tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
    shape,
  );
}

describe('SIMD batched matmul (WASM)', () => {
  for (const [m, k, n] of [
    [7, 16, 15],
    [1, 16, 9],
    [15, 7, 16],
    [3, 48, 5],
  ]) {
    it(`equals tf.matMul bit for bit, values and gradients, every transpose ([${m}x${k}] x [${k}x${n}])`, async () => {
      for (const [ta, tb] of [
        [false, false],
        [false, true],
        [true, false],
        [true, true],
      ] as const) {
        const a = random(ta ? [3, 2, k, m] : [3, 2, m, k], m + k);
        const b = random(tb ? [3, 2, n, k] : [3, 2, k, n], k + n);
        const up = random([3, 2, m, n], 5);
        expect(await floatBits(attentionMatMul(a, b, ta, tb))).toEqual(await floatBits(tf.matMul(a, b, ta, tb)));
        const loss = (f: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) => (x: tf.Tensor, y: tf.Tensor) =>
          tf.sum(tf.mul(f(x, y), up)) as tf.Scalar;
        const fast = tf.grads(loss((x, y) => attentionMatMul(x, y, ta, tb)))([a, b]);
        const stock = tf.grads(loss((x, y) => tf.matMul(x, y, ta, tb)))([a, b]);
        for (const i of [0, 1]) expect(await floatBits(fast[i])).toEqual(await floatBits(stock[i]));
      }
      const profile = await tf.profile(() => tf.tidy(() => attentionMatMul(random([2, m, k], 1), random([2, k, n], 2))));
      expect(profile.kernels.map((x) => x.name)).toContain('GrpoBatchMatMul');
    });
  }

  it('leaves a shared dimension over 48 (where tfjs-wasm adds partial sums) to the stock kernel', async () => {
    const a = random([2, 3, 49], 1);
    const b = random([2, 49, 4], 2);
    const profile = await tf.profile(() => tf.tidy(() => attentionMatMul(a, b)));
    expect(profile.kernels.map((x) => x.name)).toEqual(['BatchMatMul']);
    expect(await floatBits(attentionMatMul(a, b))).toEqual(await floatBits(tf.matMul(a, b)));
  });

  for (const shared of [false, true]) {
    it(`loads on a ${shared ? 'shared (threaded tfjs)' : 'plain'} memory: strided copy, transpose and product do what they say`, () => {
      const memory = new WebAssembly.Memory(shared ? { initial: 1, maximum: 16, shared: true } : { initial: 1 });
      const wasm = heapModuleOn(memory)!;
      expect(wasm).not.toBeNull();
      const words = new Int32Array(memory.buffer);
      const floats = new Float32Array(memory.buffer);
      for (let i = 0; i < 64; i++) words[i] = i;
      // 2 x 3 runs of 2 words: source a*8 + b*2, destination a*2 + b*4 (words), so the two a-rows interleave
      wasm.copy3(0, 1024, 2, 2, 32, 8, 3, 8, 16, 1, 0, 0);
      expect(Array.from(words.subarray(256, 256 + 12))).toEqual([0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13]);
      wasm.tr(0, 2048, 1, 2, 3); // [[0 1 2] [3 4 5]] -> [[0 3] [1 4] [2 5]]
      expect(Array.from(words.subarray(512, 518))).toEqual([0, 3, 1, 4, 2, 5]);
      floats.set([1, 2, 3, 4, 5, 6], 768); // a [2, 3]
      floats.set([1, 0, 0, 1, 1, 1], 800); // b [3, 2]
      wasm.bmm(768 * 4, 800 * 4, 832 * 4, 1, 2, 3, 2, 12, 4, 24);
      expect(Array.from(floats.subarray(832, 836))).toEqual([4, 5, 10, 11]);
    });
  }
});
