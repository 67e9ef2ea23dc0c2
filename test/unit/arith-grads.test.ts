// Multiply / RealDiv / Sum / Mean gradients as one WASM launch each (switch fusedArithGrads) against tfjs-core's: the same
// bit patterns with same-shape and broadcast operands (a broadcast input keeps tfjs-core's gradient), sums over
// all, the last and a middle axis; fewer launches; no leaks; a policy's gradients unchanged end to end.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm, floatBits } from '../helpers/tf';
import { installArithGrads } from '../../src/engine/policy/arith-grads';
import { setFastPaths } from '../../src/engine/policy/fast-paths';
import { TransformerPolicy } from '../../src/engine/policy/model';
import { buildBatch } from '../../src/engine/policy/batch';
import { tokenStats } from '../../src/engine/policy/logprobs';
import { encode } from '../../src/engine/policy/tokenizer';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
  installArithGrads();
});

function withFused<R>(on: boolean, f: () => R): R {
  const previous = setFastPaths({ fusedArithGrads: on });
  try {
    return f();
  } finally {
    setFastPaths(previous);
  }
}

function tensor(rng: Rng, shape: number[], zeros = false): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Array.from({ length: n }, (_, i) => (zeros && i % 5 === 0 ? 0 : rng.next() * 4 - 2)),
    shape,
  );
}

describe('Multiply / RealDiv / Sum gradients on WASM', () => {
  const cases: Array<[string, number[], number[], (a: tf.Tensor, b: tf.Tensor) => tf.Tensor]> = [
    ['a * b, same shapes', [6, 5], [6, 5], (a, b) => tf.mul(a, b)],
    ['a * b, b broadcast per row', [6, 5], [6, 1], (a, b) => tf.mul(a, b)],
    ['a / b, same shapes', [6, 5], [6, 5], (a, b) => tf.div(a, tf.add(tf.abs(b), 0.5))],
    ['a / b, b broadcast per column', [6, 5], [5], (a, b) => tf.div(a, tf.add(tf.abs(b), 0.5))],
    [
      'sums over all, the last and a middle axis',
      [3, 4, 5],
      [3, 4, 5],
      (a, b) =>
        tf.add(
          tf.sum(tf.mul(a, b), 2),
          tf
            .sum(a, 1, true)
            .sum()
            .add(tf.sum(b, [0, 2]))
            .sum(),
        ),
    ],
    [
      'means over the last axis and all (reduced size 5, not a power of 2)',
      [3, 4, 5],
      [3, 4, 5],
      (a, b) => tf.add(tf.mean(tf.mul(a, b), -1), tf.mean(b)),
    ],
  ];
  for (const [label, sa, sb, f] of cases) {
    it(`gives tfjs-core's bits (${label})`, async () => {
      const rng = new Rng(label.length, 'arith-grads');
      const [a, b, w] = [tensor(rng, sa, true), tensor(rng, sb), tensor(rng, f(tf.zeros(sa), tf.zeros(sb)).shape, true)];
      const loss = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(f(x, y), w));
      const grads = async (on: boolean) => {
        const before = tf.memory().numTensors;
        const [da, db] = withFused(on, () => tf.grads(loss)([a, b]));
        const out = [await floatBits(da), await floatBits(db)];
        tf.dispose([da, db]);
        expect(tf.memory().numTensors).toBe(before);
        const profile = await withFused(on, () => tf.profile(() => tf.tidy(() => tf.grads(loss)([a, b])[0])));
        return { out, launches: profile.kernels.length };
      };
      const fused = await grads(true);
      const stock = await grads(false);
      expect(fused.out).toEqual(stock.out);
      expect(new Set(fused.out[0]).size).toBeGreaterThan(5);
      expect(fused.launches).toBeLessThan(stock.launches);
      tf.dispose([a, b, w]);
    });
  }

  it("leave a policy's gradients unchanged", async () => {
    const batch = buildBatch([encode('p:12+34='), encode('p:5+6=')], [encode('46.'), encode('11.')]);
    const policy = TransformerPolicy.random('nano', new Rng(4, 'init'));
    const grads = (on: boolean) =>
      withFused(on, () =>
        tf.variableGrads(() => {
          const s = tokenStats(policy, batch, true);
          return tf.div(tf.sub(tf.sum(s.logp), tf.mul(tf.mean(s.entropy), 0.1)), 3) as tf.Scalar;
        }, policy.variables()),
      );
    const fused = grads(true);
    const stock = grads(false);
    for (const name of Object.keys(stock.grads)) expect(await floatBits(fused.grads[name])).toEqual(await floatBits(stock.grads[name]));
    tf.dispose([fused.value, stock.value, ...Object.values(fused.grads), ...Object.values(stock.grads)]);
    policy.dispose();
  });
});
