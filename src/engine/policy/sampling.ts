// Batched autoregressive sampling of all B x G rollouts at once. Tokens stay on the device for the whole
// rollout; the sampled ids are read back once at the end. Sampling is Gumbel-max over uniforms drawn from the
// engine's seeded stream (tf.multinomial is broken for batched rows, webgpu.md section 8), so the same seed gives
// the same tokens on every backend.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import type { TransformerPolicy } from './model';
import { buildPromptBlock } from './batch';
import { cutAtTerminator, EOS_ID, PAD_ID } from './tokenizer';
import { countReadback } from './counters';

export interface SampleOptions {
  maxNewTokens: number;
  temperature: number;
  /** Greedy decoding (argmax) when true; rng is then unused. */
  greedy: boolean;
  rng?: Rng;
  /**
   * Check every k tokens whether all rows have terminated and stop early (one scalar readback per check).
   * 0 = never: the strict one-readback-per-rollout mode, best for GPU backends where a sync stalls the queue.
   */
  earlyStopEvery?: number;
}

export interface SampleResult {
  /** Completion ids per row, cut after the terminator (which is kept). */
  completions: number[][];
  /** Rows that hit maxNewTokens without a terminator. */
  truncated: boolean[];
}

export async function sampleCompletions(
  policy: TransformerPolicy,
  prompts: readonly number[][],
  opts: SampleOptions,
): Promise<SampleResult> {
  const n = prompts.length;
  const vocab = policy.spec.vocab;
  const maxNew = Math.min(opts.maxNewTokens, policy.spec.context - Math.max(...prompts.map((p) => p.length)));
  if (maxNew < 1) throw new Error('Prompt leaves no room for a completion in the model context');
  const block = buildPromptBlock(prompts);
  let tokens: tf.Tensor2D = tf.tensor2d(block.ids, [n, block.width], 'int32');
  let done: tf.Tensor1D = tf.zeros([n], 'bool');
  let gumbel: tf.Tensor3D | null = null;
  if (!opts.greedy) {
    if (!opts.rng) throw new Error('sampleCompletions: a seeded rng is required unless greedy');
    const u = opts.rng.uniforms(maxNew * n * vocab);
    gumbel = tf.tidy(() => tf.neg(tf.log(tf.neg(tf.log(tf.tensor3d(u, [maxNew, n, vocab]))))));
  }
  const invTemp = 1 / Math.max(opts.temperature, 1e-6);
  // Padding is never a valid next token: push its logit far down so neither argmax nor Gumbel-max picks it.
  const padMask = tf.tidy(() => tf.mul(tf.oneHot(tf.tensor1d([PAD_ID], 'int32'), vocab).reshape([1, vocab]).cast('float32'), -1e9));
  try {
    for (let step = 0; step < maxNew; step++) {
      const [nextTokens, nextDone] = tf.tidy(() => {
        const logits = policy.forward(tokens, block.padLens); // [n, t, V]
        const t = logits.shape[1];
        const last = tf.add(tf.reshape(tf.slice(logits, [0, t - 1, 0], [n, 1, vocab]), [n, vocab]), padMask);
        let scores: tf.Tensor = last;
        if (gumbel) {
          const g = tf.reshape(tf.slice(gumbel, [step, 0, 0], [1, n, vocab]), [n, vocab]);
          scores = tf.add(tf.mul(last, invTemp), g);
        }
        const sampled = tf.cast(tf.argMax(scores, 1), 'int32');
        const next = tf.where(done, tf.fill([n], PAD_ID, 'int32'), sampled) as tf.Tensor1D;
        const newDone = tf.logicalOr(done, tf.equal(next, EOS_ID)) as tf.Tensor1D;
        return [tf.concat([tokens, tf.reshape(next, [n, 1])], 1) as tf.Tensor2D, newDone];
      });
      tokens.dispose();
      done.dispose();
      tokens = nextTokens;
      done = nextDone;
      const every = opts.earlyStopEvery ?? 0;
      if (every > 0 && (step + 1) % every === 0 && step + 1 < maxNew) {
        const all = tf.all(done);
        countReadback();
        const finished = (await all.data())[0] === 1;
        all.dispose();
        if (finished) break;
      }
    }
    countReadback();
    const ids = (await tokens.data()) as Int32Array;
    const width = tokens.shape[1];
    const completions: number[][] = [];
    const truncated: boolean[] = [];
    for (let r = 0; r < n; r++) {
      const row = ids.subarray(r * width + block.width, (r + 1) * width);
      const cut = cutAtTerminator(row);
      completions.push(cut);
      truncated.push(cut.length === 0 || cut[cut.length - 1] !== EOS_ID);
    }
    return { completions, truncated };
  } finally {
    tokens.dispose();
    done.dispose();
    gumbel?.dispose();
    padMask.dispose();
  }
}
