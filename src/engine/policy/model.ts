// A tiny decoder-only transformer written with raw tfjs ops, so that save/load, gradients and the optimizer
// are all ours to control. Prompts are left-padded inside a batch: a per-row pad length gives each row its own
// position ids and key mask, so a prompt sees exactly the same context however long its neighbours are.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import { VOCAB_SIZE } from './tokenizer';
import { CONTEXT_LENGTH } from './context';
import { dense, denseBias } from './dense';
import { attentionWebGpu, wgslAttentionActive } from './attention-webgpu';
import { embed } from './embedding';
import { layerNorm } from './layer-norm';
import { installZeroCopySaves } from './saved-tensors';
import { attention } from './attention';
import { heapCopiesActive, repeatRows } from './copy-kernels';

export const MODEL_PRESETS = {
  nano: { dModel: 32, layers: 1, heads: 2, ffn: 64 },
  tiny: { dModel: 64, layers: 2, heads: 4, ffn: 256 },
  small: { dModel: 96, layers: 3, heads: 4, ffn: 384 },
} as const;

export type ModelSize = keyof typeof MODEL_PRESETS;

installZeroCopySaves(); // gradients' saved tensors without copies on WASM (switch zeroCopySaves)

/** Longest sequence (prompt + completion) the position table covers. */
export { CONTEXT_LENGTH };

export interface ModelSpec {
  size: ModelSize;
  vocab: number;
  context: number;
  dModel: number;
  layers: number;
  heads: number;
  ffn: number;
}

export function modelSpec(size: ModelSize): ModelSpec {
  return { size, vocab: VOCAB_SIZE, context: CONTEXT_LENGTH, ...MODEL_PRESETS[size] };
}

/** Parameter names and shapes in a fixed order (the checkpoint layout). */
export function parameterShapes(spec: ModelSpec): Array<[string, number[]]> {
  const { vocab, context, dModel: d, ffn, layers } = spec;
  const out: Array<[string, number[]]> = [
    ['tok_emb', [vocab, d]],
    ['pos_emb', [context, d]],
  ];
  for (let l = 0; l < layers; l++) {
    out.push(
      [`l${l}.ln1.g`, [d]],
      [`l${l}.ln1.b`, [d]],
      [`l${l}.qkv.w`, [d, 3 * d]],
      [`l${l}.qkv.b`, [3 * d]],
      [`l${l}.proj.w`, [d, d]],
      [`l${l}.proj.b`, [d]],
      [`l${l}.ln2.g`, [d]],
      [`l${l}.ln2.b`, [d]],
      [`l${l}.ff1.w`, [d, ffn]],
      [`l${l}.ff1.b`, [ffn]],
      [`l${l}.ff2.w`, [ffn, d]],
      [`l${l}.ff2.b`, [d]],
    );
  }
  out.push(['lnf.g', [d]], ['lnf.b', [d]], ['head.w', [d, vocab]], ['head.b', [vocab]]);
  return out;
}

/** Initial values drawn from the engine's RNG (not tf.random), so init is identical on every backend. */
export function initialValues(spec: ModelSpec, rng: Rng): Map<string, Float32Array> {
  const values = new Map<string, Float32Array>();
  const residualScale = 1 / Math.sqrt(2 * spec.layers);
  for (const [name, shape] of parameterShapes(spec)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const arr = new Float32Array(n);
    if (name.endsWith('.g')) arr.fill(1);
    else if (name.endsWith('.b')) arr.fill(0);
    else {
      const std = 0.02 * (name.endsWith('proj.w') || name.endsWith('ff2.w') ? residualScale : 1);
      for (let i = 0; i < n; i++) arr[i] = rng.normal() * std;
    }
    values.set(name, arr);
  }
  return values;
}

export class TransformerPolicy {
  readonly spec: ModelSpec;
  readonly params: Map<string, tf.Variable>;

  constructor(spec: ModelSpec, values: Map<string, Float32Array>) {
    this.spec = spec;
    this.params = new Map();
    for (const [name, shape] of parameterShapes(spec)) {
      const data = values.get(name);
      if (!data) throw new Error(`Checkpoint is missing parameter ${name}`);
      const n = shape.reduce((a, b) => a * b, 1);
      if (data.length !== n) throw new Error(`Parameter ${name}: expected ${n} values, got ${data.length}`);
      const initial = tf.tensor(data, shape, 'float32');
      this.params.set(name, tf.variable(initial, true, `${name}_${uid()}`));
      initial.dispose(); // tf.variable copies its initial value
    }
  }

  static random(size: ModelSize, rng: Rng): TransformerPolicy {
    const spec = modelSpec(size);
    return new TransformerPolicy(spec, initialValues(spec, rng));
  }

  get parameterCount(): number {
    let n = 0;
    for (const v of this.params.values()) n += v.size;
    return n;
  }

  variables(): tf.Variable[] {
    return [...this.params.values()];
  }

  /** Read all weights back (one readback per parameter; used for checkpoints and reference copies). */
  async readValues(): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const [name, v] of this.params) out.set(name, (await v.data()) as Float32Array);
    return out;
  }

  /** A frozen copy (e.g. the KL reference) that shares no tensors with this policy. */
  clone(): TransformerPolicy {
    const copy = Object.create(TransformerPolicy.prototype) as TransformerPolicy;
    (copy as { spec: ModelSpec }).spec = this.spec;
    const params = new Map<string, tf.Variable>();
    for (const [name, v] of this.params) params.set(name, tf.variable(v, false, `${name}_ref_${uid()}`));
    (copy as { params: Map<string, tf.Variable> }).params = params;
    return copy;
  }

  /** Overwrite weights in place (keeps variable identities, so optimizers stay attached). */
  assign(values: Map<string, Float32Array>): void {
    for (const [name, v] of this.params) {
      const data = values.get(name);
      if (!data || data.length !== v.size) throw new Error(`assign: bad values for ${name}`);
      tf.tidy(() => v.assign(tf.tensor(data, v.shape, 'float32')));
    }
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.params.clear();
  }

  /**
   * Logits for every position. ids: [N, T] int32; padLens: left padding of each row.
   * Returns [N, T, V]. Call inside tf.tidy.
   */
  forward(ids: tf.Tensor2D, padLens: Int32Array): tf.Tensor3D {
    return perRow(this.run(ids, padLens, 0, null).logits, ids);
  }

  /** forward() plus the final hidden states [N, T, dModel] the head reads (THR's token features). Call inside tf.tidy. */
  forwardWithHidden(ids: tf.Tensor2D, padLens: Int32Array): { logits: tf.Tensor3D; hidden: tf.Tensor3D } {
    const { logits, hidden } = this.run(ids, padLens, 0, null);
    return { logits: perRow(logits, ids), hidden: perRow(hidden, ids) };
  }

  /**
   * The full forward of a prompt block that also returns each layer's keys and values ([N, heads, T, dh]), so
   * that decoding can go on one token at a time. Call inside tf.tidy (or keep/dispose the results).
   */
  prefill(ids: tf.Tensor2D, padLens: Int32Array): { logits: tf.Tensor3D; cache: KVCache } {
    const cache: KVCache = { keys: [], values: [] };
    const { logits } = this.run(ids, padLens, 0, cache);
    return { logits: perRow(logits, ids), cache };
  }

  /**
   * Logits [N, V] for one new token per row ([N], or [N, 1]) sitting at column `column` (0-based, counting left padding), given
   * the cache of every earlier column; returns the grown cache. Same numbers as the last row of forward() over
   * the whole sequence (test/unit/kv-cache.test.ts).
   */
  decode(tokens: tf.Tensor1D | tf.Tensor2D, column: number, padLens: Int32Array, past: KVCache): { logits: tf.Tensor2D; cache: KVCache } {
    if (column + 1 > this.spec.context)
      throw new Error(`Sequence of ${column + 1} tokens exceeds the model context of ${this.spec.context}`);
    const cache: KVCache = { keys: [], values: [] };
    // [n] ids or an [n, 1] column (sampling's leanDecode): either is one column per row, no reshape needed
    const { logits } = this.run(tokens, padLens, column, cache, past);
    return { logits, cache }; // one row per sequence already: [n, V]
  }

  /**
   * Logits [N, T, V] for the columns start..start+T-1 of each row, given the cache of columns [0, start)
   * (e.g. a shared prompt's, expanded to its group by expandCache). Differentiable. Call inside tf.tidy.
   */
  forwardFrom(ids: tf.Tensor2D, padLens: Int32Array, start: number, past: KVCache): tf.Tensor3D {
    return perRow(this.run(ids, padLens, start, null, past).logits, ids);
  }

  /**
   * The transformer over `ids` ([N, Tq]) whose first column is column `start` of the sequence. With `past`,
   * queries attend to the cached keys/values of columns [0, start) too; with `cacheOut`, the keys/values of all
   * columns seen are stored there. Without either this is exactly the op sequence of the plain forward.
   */
  private run(
    ids: tf.Tensor2D | tf.Tensor1D,
    padLens: Int32Array,
    start: number,
    cacheOut: KVCache | null,
    past?: KVCache,
  ): { logits: tf.Tensor2D; hidden: tf.Tensor2D } {
    const [n, t] = ids.rank === 1 ? [ids.shape[0], 1] : (ids as tf.Tensor2D).shape; // rank 1: one column per row
    const { heads, context } = this.spec;
    const total = start + t;
    if (total > context) throw new Error(`Sequence of ${total} tokens exceeds the model context of ${context}`);
    const p = (name: string) => this.params.get(name)!;

    const { positions, keyBias } = positionsAndMask(padLens, n, t, start);
    let x = embed(ids, positions, p('tok_emb') as tf.Tensor2D, p('pos_emb') as tf.Tensor2D); // [n*t, d]
    const bias = tf.tensor4d(keyBias, [n, 1, t, total]);

    for (let l = 0; l < this.spec.layers; l++) {
      const w = (name: string) => p(`l${l}.${name}`) as tf.Tensor2D;
      const h = layerNorm(x, p(`l${l}.ln1.g`), p(`l${l}.ln1.b`));
      const qkv = denseBias(h, w('qkv.w'), p(`l${l}.qkv.b`));
      let merged: tf.Tensor2D;
      if (wgslAttentionActive(past !== undefined)) merged = attentionWebGpu(qkv as tf.Tensor2D, bias, heads, l, past, cacheOut);
      else {
        const layerPast = past ? { keys: past.keys[l], values: past.values[l] } : null;
        const out = attention(qkv as tf.Tensor2D, bias, layerPast, { n, t, heads });
        merged = out.merged;
        if (cacheOut) {
          cacheOut.keys.push(out.k);
          cacheOut.values.push(out.v);
        }
      }
      x = denseBias(merged, w('proj.w'), p(`l${l}.proj.b`), 'linear', x);
      const h2 = layerNorm(x, p(`l${l}.ln2.g`), p(`l${l}.ln2.b`));
      const ff = denseBias(h2, w('ff1.w'), p(`l${l}.ff1.b`), 'relu');
      x = denseBias(ff, w('ff2.w'), p(`l${l}.ff2.b`), 'linear', x);
    }
    const out = layerNorm(x, p('lnf.g'), p('lnf.b'));
    const logits = denseBias(out, p('head.w') as tf.Tensor2D, p('head.b'));
    return { logits, hidden: out }; // [n*t, vocab] and [n*t, d]
  }
}

/** run()'s rows [N*T, k] as [N, T, k] for the ids [N, T] they came from. */
function perRow(rows: tf.Tensor2D, ids: tf.Tensor2D): tf.Tensor3D {
  return tf.reshape(rows, [ids.shape[0], ids.shape[1], rows.shape[1]]);
}

/** Keys and values per layer, [N, heads, T, dh] each, for the columns decoded so far. */
export interface KVCache {
  keys: tf.Tensor4D[];
  values: tf.Tensor4D[];
}

export function disposeCache(cache: KVCache): void {
  tf.dispose([...cache.keys, ...cache.values]);
}

/** The 0/1 matrix [n, rows] that picks row rowOf[r] for each output row r. */
export function selectionMatrix(rowOf: Int32Array, rows: number): tf.Tensor2D {
  if (rows === 1) return tf.ones([rowOf.length, 1]); // tf.oneHot refuses depth 1
  return tf.cast(tf.oneHot(tf.tensor1d(rowOf, 'int32'), rows), 'float32') as tf.Tensor2D;
}

/**
 * Rows of x picked by a selection matrix, as a product: exact copies (x*1 plus zeros), and differentiable on
 * every backend (WASM has no kernel for gather's gradient). x: [rows, ...], result: [n, ...].
 */
export function expandRows<T extends tf.Tensor>(x: T, select: tf.Tensor2D): T {
  const [rows, ...rest] = x.shape;
  const flat = tf.reshape(x, [rows, x.size / rows]) as tf.Tensor2D;
  return tf.reshape(dense(select, flat), [select.shape[0], ...rest]) as T;
}

/** A prompt cache expanded to the rows that share each prompt (see expandRows). */
export function expandCache(cache: KVCache, select: tf.Tensor2D): KVCache {
  return { keys: cache.keys.map((k) => expandRows(k, select)), values: cache.values.map((v) => expandRows(v, select)) };
}

/** Rows `index` of every cached tensor (a prompt's cache shared by its group's rollouts). */
export function gatherCache(cache: KVCache, rowOf: Int32Array): KVCache {
  const pick = (x: tf.Tensor4D) => (heapCopiesActive() ? repeatRows(x, rowOf) : tf.gather(x, tf.tensor1d(rowOf, 'int32')));
  return { keys: cache.keys.map(pick), values: cache.values.map(pick) };
}

let uidCounter = 0;
function uid(): number {
  return ++uidCounter;
}

/**
 * Position ids (0 at each row's first real token) and an additive attention bias that is causal and hides
 * left padding, for the t columns start..start+t-1 attending to columns 0..start+t-1 ([n, t, start+t] flat).
 * A large finite negative instead of -Infinity keeps fully masked pad rows free of NaN.
 */
export function positionsAndMask(padLens: Int32Array, n: number, t: number, start = 0): { positions: Int32Array; keyBias: Float32Array } {
  const total = start + t;
  const positions = new Int32Array(n * t);
  const keyBias = new Float32Array(n * t * total);
  for (let r = 0; r < n; r++) {
    const pad = padLens[r];
    for (let i = 0; i < t; i++) {
      const col = start + i;
      positions[r * t + i] = Math.max(0, col - pad);
      const rowBase = (r * t + i) * total;
      for (let j = 0; j < total; j++) keyBias[rowBase + j] = j > col || j < pad ? -1e9 : 0;
    }
  }
  return { positions, keyBias };
}
