import { loadShippedCheckpoint } from '../../src/cli/checkpoint-files';

/** Weights of a shipped base policy (public/checkpoints). */
export function shippedWeights(task: string, size = 'tiny'): Map<string, Float32Array> {
  return loadShippedCheckpoint(task, size).values;
}
