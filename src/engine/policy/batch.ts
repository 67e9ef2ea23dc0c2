// Layout of a batch of (prompt, completion) pairs as one left-padded id matrix: [pad.. prompt | completion ..pad].
// Every prompt ends at column P, so completion token j always sits at column P + j in every row.
import { PAD_ID } from './tokenizer';

export interface SequenceBatch {
  n: number;
  /** Width of the prompt block (longest prompt). */
  promptWidth: number;
  /** Width of the completion block (longest completion). */
  completionWidth: number;
  /** [n, promptWidth + completionWidth] row-major token ids. */
  ids: Int32Array;
  /** Left padding of each row. */
  padLens: Int32Array;
  /** [n, completionWidth] 1 where a real completion token sits. */
  completionMask: Float32Array;
  /** Active completion tokens per row. */
  lengths: Int32Array;
}

export function buildBatch(prompts: readonly number[][], completions: readonly number[][]): SequenceBatch {
  const n = prompts.length;
  if (completions.length !== n) throw new Error('buildBatch: prompts and completions differ in count');
  const promptWidth = Math.max(1, ...prompts.map((p) => p.length));
  const completionWidth = Math.max(1, ...completions.map((c) => c.length));
  const width = promptWidth + completionWidth;
  const ids = new Int32Array(n * width).fill(PAD_ID);
  const padLens = new Int32Array(n);
  const completionMask = new Float32Array(n * completionWidth);
  const lengths = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const p = prompts[r];
    const c = completions[r];
    padLens[r] = promptWidth - p.length;
    for (let i = 0; i < p.length; i++) ids[r * width + padLens[r] + i] = p[i];
    for (let j = 0; j < c.length; j++) {
      ids[r * width + promptWidth + j] = c[j];
      completionMask[r * completionWidth + j] = 1;
    }
    lengths[r] = c.length;
  }
  return { n, promptWidth, completionWidth, ids, padLens, completionMask, lengths };
}

/** Left-pad prompts only (the starting point of sampling). */
export function buildPromptBlock(prompts: readonly number[][]): { ids: Int32Array; padLens: Int32Array; width: number } {
  const width = Math.max(1, ...prompts.map((p) => p.length));
  const ids = new Int32Array(prompts.length * width).fill(PAD_ID);
  const padLens = new Int32Array(prompts.length);
  prompts.forEach((p, r) => {
    padLens[r] = width - p.length;
    for (let i = 0; i < p.length; i++) ids[r * width + padLens[r] + i] = p[i];
  });
  return { ids, padLens, width };
}

/**
 * Rows with identical token ids (and so identical padding) in columns [0, width): the first row of each distinct
 * prompt and, for every row, the index of its prompt among them. A GRPO group's G rollouts share one prompt.
 */
export function distinctPrompts(ids: Int32Array, rowWidth: number, n: number, width: number): { first: number[]; rowOf: Int32Array } {
  const seen = new Map<string, number>();
  const first: number[] = [];
  const rowOf = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const key = ids.subarray(r * rowWidth, r * rowWidth + width).join(',');
    let u = seen.get(key);
    if (u === undefined) {
      u = first.length;
      seen.set(key, u);
      first.push(r);
    }
    rowOf[r] = u;
  }
  return { first, rowOf };
}

/** Columns [0, width) of the given rows, as a new row-major block. */
export function pickRows(ids: Int32Array, rowWidth: number, rows: readonly number[], width: number): Int32Array {
  const out = new Int32Array(rows.length * width);
  rows.forEach((r, i) => {
    out.set(ids.subarray(r * rowWidth, r * rowWidth + width), i * width);
  });
  return out;
}
