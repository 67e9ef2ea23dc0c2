// The in-heap copy kernels must move exactly the floats the stock ops move (compared bit for bit, so -0 and NaN
// payloads count), their gradient too, and a whole GRPO step must come out identical with them on and off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm, floatBits } from '../helpers/tf';
import { expectSwitchesKeepTraining } from '../helpers/paired-switch';
import { concatSeq, repeatRows, splitFlat, splitHeads, swap12 } from '../../src/engine/policy/copy-kernels';
import { setFastPaths } from '../../src/engine/policy/fast-paths';
import { enableHeapModule } from '../../src/engine/policy/heap-module';
import { benchConfig } from '../bench/workload';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

function random(shape: number[], seed: number): tf.Tensor {
  const rng = new Rng(seed, 'copy');
  const values = Float32Array.from(rng.uniforms(shape.reduce((a, b) => a * b, 1)), (u) => u * 2 - 1);
  values[0] = -0; // a sign bit the copies must keep
  return tf.tensor(values, shape);
}

for (const wasmModule of [true, false])
  describe(`in-heap copy kernels (WASM, ${wasmModule ? 'strided copies in the WASM module' : 'JS copies'})`, () => {
    beforeAll(() => enableHeapModule(wasmModule));
    afterAll(() => enableHeapModule(true));

    for (const [n, t, heads] of [
      [6, 5, 4],
      [9, 1, 2],
      [1, 3, 1],
    ]) {
      it(`splitHeads equals split + reshape + transpose, values and gradient (n ${n}, t ${t}, heads ${heads})`, async () => {
        const dh = 3;
        const d = heads * dh;
        const qkv = random([n * t, 3 * d], n + t);
        const ups = [0, 1, 2].map((i) => random([n, heads, t, dh], 10 + i));
        const stock = (x: tf.Tensor) => tf.split(x, 3, 1).map((m) => tf.transpose(tf.reshape(m, [n, t, heads, dh]), [0, 2, 1, 3]));
        const fast = (x: tf.Tensor) => splitHeads(x as tf.Tensor2D, n, t, heads);
        for (const [a, b] of stock(qkv).map((s, i) => [s, fast(qkv)[i]])) expect(await floatBits(b)).toEqual(await floatBits(a));
        // only q and v used: the unused output's gradient arrives as zeros
        const loss = (f: (x: tf.Tensor) => tf.Tensor[]) => (x: tf.Tensor) => {
          const [q, , v] = f(x);
          return tf.add(tf.sum(tf.mul(q, ups[0])), tf.sum(tf.mul(tf.square(v), ups[2]))) as tf.Scalar;
        };
        const gStock = tf.grad(loss(stock))(qkv);
        const gFast = tf.grad(loss(fast))(qkv);
        expect(await floatBits(gFast)).toEqual(await floatBits(gStock));
        const profile = await tf.profile(() => tf.tidy(() => fast(qkv)));
        expect(profile.kernels.map((k) => k.name)).toEqual(['GrpoSplitHeads']);
      });
    }

    it('repeatRows equals tf.gather along the first axis', async () => {
      const x = random([3, 2, 4, 5], 3);
      const rowOf = Int32Array.from([2, 2, 0, 1, 1, 1, 0]);
      expect(await floatBits(repeatRows(x, rowOf))).toEqual(await floatBits(tf.gather(x, tf.tensor1d(rowOf, 'int32'))));
      expect(repeatRows(x, rowOf).shape).toEqual([7, 2, 4, 5]);
    });

    it('concatSeq equals tf.concat along the sequence axis, values and gradients', async () => {
      const a = random([3, 2, 4, 5], 6) as tf.Tensor4D;
      const b = random([3, 2, 1, 5], 7) as tf.Tensor4D;
      const up = random([3, 2, 5, 5], 8);
      expect(await floatBits(concatSeq(a, b))).toEqual(await floatBits(tf.concat([a, b], 2)));
      const loss = (join: (x: tf.Tensor4D, y: tf.Tensor4D) => tf.Tensor) => (x: tf.Tensor, y: tf.Tensor) =>
        tf.sum(tf.mul(tf.square(join(x as tf.Tensor4D, y as tf.Tensor4D)), up)) as tf.Scalar;
      const stock = tf.grads(loss((x, y) => tf.concat([x, y], 2)))([a, b]);
      const fast = tf.grads(loss(concatSeq))([a, b]);
      for (const i of [0, 1]) expect(await floatBits(fast[i])).toEqual(await floatBits(stock[i]));
    });

    it('swap12 equals tf.transpose with perm [0, 2, 1, 3], values and gradient', async () => {
      const x = random([2, 3, 4, 5], 12) as tf.Tensor4D;
      const up = random([2, 4, 3, 5], 13);
      expect(await floatBits(swap12(x))).toEqual(await floatBits(tf.transpose(x, [0, 2, 1, 3])));
      const loss = (f: (a: tf.Tensor4D) => tf.Tensor) => (a: tf.Tensor) => tf.sum(tf.mul(tf.square(f(a as tf.Tensor4D)), up)) as tf.Scalar;
      const stock = tf.grad(loss((a) => tf.transpose(a, [0, 2, 1, 3])))(x);
      expect(await floatBits(tf.grad(loss(swap12))(x))).toEqual(await floatBits(stock));
    });

    it('Identity shares the data (no copy) with the switch on and copies with it off, same values', async () => {
      const x = random([4, 3], 9);
      concatSeq(random([1, 1, 1, 1], 1) as tf.Tensor4D, random([1, 1, 1, 1], 2) as tf.Tensor4D); // installs the kernels
      const shared = tf.clone(x);
      const previous = setFastPaths({ heapCopies: false });
      const copied = tf.clone(x);
      setFastPaths(previous);
      expect(shared.dataId).toBe(x.dataId);
      expect(copied.dataId).not.toBe(x.dataId);
      x.dispose(); // the shared data outlives the tensor it came from
      expect(await floatBits(shared)).toEqual(await floatBits(copied));
    });

    it('splitFlat equals tf.split + reshape', async () => {
      const shapes = [[3, 4], [5], [2, 2, 2], [1]];
      const x = random([26], 4) as tf.Tensor1D;
      const stock = tf.split(x, [12, 5, 8, 1]).map((p, i) => tf.reshape(p, shapes[i]));
      const fast = splitFlat(x, shapes);
      for (let i = 0; i < shapes.length; i++) {
        expect(fast[i].shape).toEqual(shapes[i]);
        expect(await floatBits(fast[i])).toEqual(await floatBits(stock[i]));
      }
    });

    it('a GRPO step (sampling, scoring, update, Adam) gives identical metrics and weights with the kernels (and SIMD products) on and off', async () => {
      const config = { ...benchConfig('nano'), prompts: 3, groupSize: 4, maxCompletionLength: 5 };
      await expectSwitchesKeepTraining(config, { heapCopies: true, simdMatMul: true }, { heapCopies: false, simdMatMul: false }, 3);
    });
  });
