// Tests run the engine on the tfjs WASM backend (the fast one on this machine) and assert it took.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/engine/backend';
import { type FastPaths, setFastPaths } from '../../src/engine/policy/fast-paths';

export async function useWasm(): Promise<typeof tf> {
  const info = await initBackend('wasm');
  if (info.backend !== 'wasm' || tf.getBackend() !== 'wasm') throw new Error(`wasm backend did not initialise: ${info.reason}`);
  return tf;
}

/** Drop wall-clock fields so two runs can be compared exactly. */
export function withoutWallClock(m: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) if (!(k === 'step_time' || k === 'tokens_per_s' || k.startsWith('timing/'))) out[k] = v;
  return out;
}

/** A float32 tensor's bit patterns, so that -0 and 0 (and NaN payloads) count as different. */
export async function floatBits(t: tf.Tensor): Promise<number[]> {
  const data = (await t.data()) as Float32Array;
  return Array.from(new Uint32Array(data.buffer, data.byteOffset, data.length));
}

/** f() with some fast-path switches set, restored afterwards. */
export function withPaths<T>(patch: Partial<FastPaths>, f: () => T): T {
  const previous = setFastPaths(patch);
  try {
    return f();
  } finally {
    setFastPaths(previous);
  }
}
