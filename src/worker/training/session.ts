// A session is one run (one Trainer) or a paired comparison (a PairedRun: 2-4 Trainers with the same seed, stepped
// in lockstep so they share prompts and sampling uniforms). Reports carry the variant index.
import type { RunConfig, RunConfigInput } from '../../engine/config';
import type { PairedRun } from '../../engine/compare';
import { Trainer, type TrainerState } from '../../engine/rl/trainer';

/** Most groups kept per step for the inspector (all of them for small batches, so batch-level variants recompute exactly). */
export const MAX_SNAPSHOT_GROUPS = 16;

export interface Session {
  /** Single run: one trainer. Paired: the PairedRun's trainers (the same array, so a fallback swaps in place). */
  trainers: Trainer[];
  paired: PairedRun | null;
  names: string[];
  /** Each variant's patch over the base config; live edits are merged under it so a variant keeps its difference. */
  patches: RunConfigInput[];
}

export function makeTrainer(config: RunConfig, initialWeights?: Map<string, Float32Array>, state?: TrainerState): Trainer {
  return new Trainer({
    config,
    initialWeights,
    state,
    // earlyStopEvery: left to the trainer, which picks it from the backend (as the CLI does).
    snapshotGroups: Math.min(config.prompts, MAX_SNAPSHOT_GROUPS),
  });
}

export function disposeSession(s: Session): void {
  if (s.paired) s.paired.dispose();
  else for (const t of s.trainers) t.dispose();
}

export async function exportStates(trainers: readonly Trainer[]): Promise<TrainerState[]> {
  const out: TrainerState[] = [];
  for (const t of trainers) out.push(await t.exportState());
  return out;
}
