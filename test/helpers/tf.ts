// Tests run the engine on the tfjs WASM backend (the fast one on this machine) and assert it took.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/engine/backend';

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
