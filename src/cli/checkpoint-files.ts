// Node-side access to the shipped checkpoints in public/checkpoints (the browser fetches the same files).
import { readFileSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeCheckpoint, type Checkpoint } from '../engine/policy/checkpoint';
import type { CheckpointManifest } from '../engine/policy/manifest';

export const CHECKPOINT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../public/checkpoints');

export function checkpointPath(task: string, size: string, dir = CHECKPOINT_DIR): string {
  return join(dir, `${task}-${size}.json`);
}

/** Read and check a checkpoint file; every error names the file (a truncated file is otherwise just "bad JSON"). */
export function loadCheckpointFile(path: string) {
  if (!existsSync(path)) throw new Error(`Checkpoint not found: ${path}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`Checkpoint ${path} is not valid JSON (truncated or not a checkpoint): ${(e as Error).message}`);
  }
  try {
    return decodeCheckpoint(json);
  } catch (e) {
    throw new Error(`Checkpoint ${path}: ${(e as Error).message}`);
  }
}

export function loadShippedCheckpoint(task: string, size: string) {
  const path = checkpointPath(task, size);
  if (!existsSync(path)) {
    throw new Error(`No shipped ${task}/${size} checkpoint (${path}); run 'npm run base-policies' or use --checkpoint random`);
  }
  return loadCheckpointFile(path);
}

export function writeCheckpointFile(path: string, ck: Checkpoint): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(ck));
}

export function readManifest(dir = CHECKPOINT_DIR): CheckpointManifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) return { format: 'grpo-playground-manifest/1', checkpoints: [] };
  return JSON.parse(readFileSync(path, 'utf8')) as CheckpointManifest;
}

export function writeManifest(manifest: CheckpointManifest, dir = CHECKPOINT_DIR): void {
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Starting weights for many runs (seeds x variants): each shipped (task, size) policy is read once and shared;
 * a config with random init gets none.
 */
export function shippedWeightsCache(): (c: { init: string; task: string; modelSize: string }) => Map<string, Float32Array> | undefined {
  const weights = new Map<string, Map<string, Float32Array>>();
  return (c) => {
    if (c.init === 'random') return undefined;
    const key = `${c.task}/${c.modelSize}`;
    if (!weights.has(key)) weights.set(key, loadShippedCheckpoint(c.task, c.modelSize).values);
    return weights.get(key);
  };
}
