// Batched autoregressive sampling of all B x G rollouts at once. Tokens stay on the device for the whole
// rollout; the sampled ids are read back once at the end. Sampling is Gumbel-max over uniforms drawn from the
// engine's seeded stream (tf.multinomial is broken for batched rows, webgpu.md section 8), so the same seed gives
// the same tokens on every backend.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import { disposeCache, gatherCache, type KVCache, type TransformerPolicy } from './model';
import { fastPaths } from './fast-paths';
import { heapCopiesActive, repeatRows, splitFlat } from './copy-kernels';
import { buildPromptBlock, distinctPrompts, pickRows } from './batch';
import { cutAtTerminator, EOS_ID, PAD_ID } from './tokenizer';
import { pickToken } from './pick-token';
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
  /** Decode with a KV cache and one prompt forward per distinct prompt (default: the fastPaths switch). */
  kvCache?: boolean;
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
  // WASM: the noise of each step cut out once (one copy kernel) instead of a Slice per step, which on tfjs-wasm
  // copies the whole noise tensor every time (copy-kernels.ts)
  let gumbelSteps: tf.Tensor[] | null = null;
  if (!opts.greedy) {
    if (!opts.rng) throw new Error('sampleCompletions: a seeded rng is required unless greedy');
    const u = opts.rng.uniforms(maxNew * n * vocab);
    gumbel = tf.tidy(() => tf.neg(tf.log(tf.neg(tf.log(tf.tensor3d(u, [maxNew, n, vocab]))))));
    if (heapCopiesActive()) {
      const g = gumbel;
      gumbelSteps = tf.tidy(() =>
        splitFlat(
          tf.reshape(g, [g.size]) as tf.Tensor1D,
          Array.from({ length: maxNew }, () => [n, vocab]),
        ),
      );
    }
  }
  const invTemp = 1 / Math.max(opts.temperature, 1e-6);
  // Padding is never a valid next token: push its logit far down so neither argmax nor Gumbel-max picks it.
  const padMask = tf.tidy(() =>
    tf.mul(
      tf
        .oneHot(tf.tensor1d([PAD_ID], 'int32'), vocab)
        .reshape([1, vocab])
        .cast('float32'),
      -1e9,
    ),
  );
  // One sampling decision from the last position's logits [n, V]; identical in both decoding paths.
  const pick = (last: tf.Tensor2D, step: number) => {
    // this step's noise [n, V]: cut once up front by the copy kernel, or sliced here
    const noise = gumbel
      ? () => (gumbelSteps ? gumbelSteps[step] : tf.reshape(tf.slice(gumbel as tf.Tensor3D, [step, 0, 0], [1, n, vocab]), [n, vocab]))
      : null;
    return pickToken(last, padMask, noise, invTemp, done, picked !== null);
  };
  const useCache = opts.kvCache ?? fastPaths().kvCache;
  // With the cache: the first token's logits come from the shared prompt forward, later ones from decode().
  let cache: KVCache | null = null;
  let firstLogits: tf.Tensor2D | null = null;
  // leanDecode (with the cache): each step's tokens, an [n, 1] column from the pick kernel, are kept, fed straight
  // to the next decode and joined to the prompt block once at the end, instead of Reshape, Concat, Slice, Reshape
  // and decode's Reshape per token
  const picked: tf.Tensor[] | null = useCache && fastPaths().leanDecode ? [] : null;
  try {
    if (useCache) ({ cache, firstLogits } = prefillShared(policy, block));
    for (let step = 0; step < maxNew; step++) {
      const [nextTokens, nextDone, ...grown] = tf.tidy(() => {
        let last: tf.Tensor2D;
        let newCache: tf.Tensor[] = [];
        if (cache && step === 0) last = firstLogits!;
        else if (cache) {
          const column = block.width + step - 1;
          const prev = picked ? (picked[step - 1] as tf.Tensor2D) : (tf.reshape(tf.slice(tokens, [0, column], [n, 1]), [n]) as tf.Tensor1D);
          const out = policy.decode(prev, column, block.padLens, cache);
          last = out.logits;
          newCache = cacheTensors(out.cache);
        } else {
          const logits = policy.forward(tokens, block.padLens); // [n, t, V]
          const t = logits.shape[1];
          last = tf.reshape(tf.slice(logits, [0, t - 1, 0], [n, 1, vocab]), [n, vocab]);
        }
        const [next, newDone] = pick(last, step);
        return [picked ? next : tf.concat([tokens, tf.reshape(next, [n, 1])], 1), newDone, ...newCache];
      });
      done.dispose();
      done = nextDone as tf.Tensor1D;
      if (picked) picked.push(nextTokens);
      else {
        tokens.dispose();
        tokens = nextTokens as tf.Tensor2D;
      }
      if (cache && grown.length > 0) {
        disposeCache(cache);
        cache = cacheFrom(grown);
      }
      const every = opts.earlyStopEvery ?? 0;
      if (every > 0 && (step + 1) % every === 0 && step + 1 < maxNew) {
        const all = tf.all(done);
        countReadback();
        const finished = (await all.data())[0] === 1;
        all.dispose();
        if (finished) break;
      }
    }
    if (picked && picked.length > 0) {
      const prompt = tokens;
      tokens = tf.tidy(() => tf.concat([prompt, ...picked] as tf.Tensor2D[], 1)); // each step's [n, 1] column
      prompt.dispose();
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
    if (picked) tf.dispose(picked);
    done.dispose();
    gumbel?.dispose();
    if (gumbelSteps) tf.dispose(gumbelSteps);
    padMask.dispose();
    if (cache) disposeCache(cache);
    firstLogits?.dispose();
  }
}

/**
 * The prompt block's forward, run once per distinct prompt (a group's G rollouts share one) and its cache rows
 * copied to every rollout. Returns the cache and the first token's logits [n, V], both kept outside any tidy.
 */
function prefillShared(
  policy: TransformerPolicy,
  block: { ids: Int32Array; padLens: Int32Array; width: number },
): { cache: KVCache; firstLogits: tf.Tensor2D } {
  const n = block.padLens.length;
  const width = block.width;
  const { first: unique, rowOf } = distinctPrompts(block.ids, width, n, width);
  const kept = tf.tidy(() => {
    const ids = pickRows(block.ids, width, unique, width);
    const padLens = Int32Array.from(unique, (r) => block.padLens[r]);
    const { logits, cache } = policy.prefill(tf.tensor2d(ids, [unique.length, width], 'int32'), padLens);
    const vocab = policy.spec.vocab;
    let first = tf.reshape(tf.slice(logits, [0, width - 1, 0], [unique.length, 1, vocab]), [unique.length, vocab]) as tf.Tensor2D;
    let shared = cache;
    if (unique.length < n) {
      shared = gatherCache(cache, rowOf);
      first = heapCopiesActive() ? repeatRows(first, rowOf) : tf.gather(first, tf.tensor1d(rowOf, 'int32'));
    }
    return [first, ...cacheTensors(shared)];
  });
  return { firstLogits: kept[0] as tf.Tensor2D, cache: cacheFrom(kept.slice(1)) };
}

/** A cache as one flat list (keys of every layer, then values), the shape tf.tidy can return. */
function cacheTensors(cache: KVCache): tf.Tensor[] {
  return [...cache.keys, ...cache.values];
}

function cacheFrom(tensors: tf.Tensor[]): KVCache {
  const layers = tensors.length / 2;
  return { keys: tensors.slice(0, layers) as tf.Tensor4D[], values: tensors.slice(layers) as tf.Tensor4D[] };
}
