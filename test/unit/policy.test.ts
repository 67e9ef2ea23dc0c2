import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm } from '../helpers/tf';
import { TransformerPolicy, modelSpec, parameterShapes } from '../../src/engine/policy/model';
import { sampleCompletions } from '../../src/engine/policy/sampling';
import { buildBatch } from '../../src/engine/policy/batch';
import { tokenStats } from '../../src/engine/policy/logprobs';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/engine/policy/checkpoint';
import { encode, EOS_ID, PAD_ID } from '../../src/engine/policy/tokenizer';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

describe('TransformerPolicy', () => {
  it('has the preset sizes, all under the 2 MB checkpoint budget', () => {
    for (const size of ['nano', 'tiny', 'small'] as const) {
      const n = parameterShapes(modelSpec(size)).reduce((s, [, shape]) => s + shape.reduce((a, b) => a * b, 1), 0);
      expect(n * 4).toBeLessThan(2 * 1024 * 1024);
    }
  });

  it('gives a prompt the same logits however much left padding its batch adds', async () => {
    const policy = TransformerPolicy.random('nano', new Rng(3, 'init'));
    const short = encode('p:1+2=');
    const long = encode('p:123+456=');
    const alone = tf.tidy(() =>
      tf.slice(policy.forward(tf.tensor2d([short], [1, short.length], 'int32'), new Int32Array([0])), [0, short.length - 1, 0], [1, 1, -1]),
    );
    const padded = [...Array(long.length - short.length).fill(PAD_ID), ...short];
    const batched = tf.tidy(() => {
      const ids = tf.tensor2d([padded, long], [2, long.length], 'int32');
      return tf.slice(policy.forward(ids, new Int32Array([long.length - short.length, 0])), [0, long.length - 1, 0], [1, 1, -1]);
    });
    const a = await alone.data();
    const b = await batched.data();
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-4);
    tf.dispose([alone, batched]);
    policy.dispose();
  });

  it('samples identically from the same seed, differently from another, and never emits padding', async () => {
    const policy = TransformerPolicy.random('nano', new Rng(1, 'init'));
    const prompts = Array.from({ length: 16 }, (_, i) => encode(`p:${i}+${i}=`));
    const opts = { maxNewTokens: 8, temperature: 1, greedy: false } as const;
    const a = await sampleCompletions(policy, prompts, { ...opts, rng: new Rng(5, 'sampling') });
    const b = await sampleCompletions(policy, prompts, { ...opts, rng: new Rng(5, 'sampling') });
    const c = await sampleCompletions(policy, prompts, { ...opts, rng: new Rng(6, 'sampling') });
    expect(a.completions).toEqual(b.completions);
    expect(a.completions).not.toEqual(c.completions);
    for (const comp of a.completions) {
      expect(comp).not.toContain(PAD_ID);
      const eos = comp.indexOf(EOS_ID);
      if (eos >= 0) expect(eos).toBe(comp.length - 1); // cut right after the terminator
    }
    // Rows in a batch are not correlated the way tf.multinomial's cpu kernel makes them (webgpu.md 8.7).
    expect(new Set(a.completions.map((x) => x.join(','))).size).toBeGreaterThan(8);
    policy.dispose();
  });

  it('greedy decoding picks the argmax of the next-token distribution', async () => {
    const policy = TransformerPolicy.random('nano', new Rng(2, 'init'));
    const prompt = encode('p:4+4=');
    const res = await sampleCompletions(policy, [prompt], { maxNewTokens: 1, temperature: 1, greedy: true });
    const logits = tf.tidy(() =>
      tf.slice(
        policy.forward(tf.tensor2d([prompt], [1, prompt.length], 'int32'), new Int32Array([0])),
        [0, prompt.length - 1, 1],
        [1, 1, -1],
      ),
    );
    const best = (await tf.argMax(tf.reshape(logits, [-1])).data())[0] + 1; // +1: padding column was sliced off
    expect(res.completions[0][0]).toBe(best);
    logits.dispose();
    policy.dispose();
  });

  it('log-probs of a completion equal the sum of per-step log-softmax values', async () => {
    const policy = TransformerPolicy.random('nano', new Rng(4, 'init'));
    const prompt = encode('p:12+3=');
    const completion = encode('15.');
    const batch = buildBatch([prompt], [completion]);
    const lp = tf.tidy(() => tokenStats(policy, batch).logp);
    const values = await lp.data();
    let seq = prompt.slice();
    for (let j = 0; j < completion.length; j++) {
      const ls = tf.tidy(() =>
        tf.logSoftmax(
          tf
            .slice(policy.forward(tf.tensor2d([seq], [1, seq.length], 'int32'), new Int32Array([0])), [0, seq.length - 1, 0], [1, 1, -1])
            .reshape([-1]),
        ),
      );
      const expected = (await ls.data())[completion[j]];
      expect(values[j]).toBeCloseTo(expected, 4);
      ls.dispose();
      seq = [...seq, completion[j]];
    }
    lp.dispose();
    policy.dispose();
  });

  it('round-trips through a checkpoint bit for bit and rejects a mismatched one', async () => {
    const policy = TransformerPolicy.random('nano', new Rng(9, 'init'));
    const values = await policy.readValues();
    const ck = JSON.parse(JSON.stringify(encodeCheckpoint(policy.spec, values, { task: 'add' })));
    const back = decodeCheckpoint(ck);
    for (const [name, v] of values) expect(Array.from(back.values.get(name)!)).toEqual(Array.from(v));
    expect(() => decodeCheckpoint({ ...ck, spec: { ...ck.spec, dModel: 7 } })).toThrow(/dModel/);
    expect(() => decodeCheckpoint({ nope: 1 })).toThrow(/Not a GRPO Playground checkpoint/);
    policy.dispose();
  });
});
