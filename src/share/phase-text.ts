// One line on what a phase of the update did, from the numbers the engine reports with it (the engine carries no
// UI text). Used by the step-through panel.
import type { UpdatePhase } from '../engine/rl/types';

export function phaseText(phase: UpdatePhase, v: Readonly<Record<string, number>>): string {
  switch (phase) {
    case 'sample':
      return `Sampled ${v.rollouts} completions in one batch`;
    case 'score':
      return `The verifier scored them: ${Math.round(100 * v.correct_frac)}% correct`;
    case 'filter':
      return v.dropped || v.hints_used
        ? `Data-side hooks: ${v.dropped} group(s) dropped, ${v.hints_used} rescued by a hint, ${v.gen_batches} generation batch(es)`
        : 'Data-side hooks: nothing filtered or replaced (no filter is on, or every group passed)';
    case 'advantage':
      return `Advantages computed: ${v.zero_std_groups} group(s) have zero spread and teach nothing`;
    case 'update':
      return v.optimizer_steps > 0
        ? `Policy updated: ${v.optimizer_steps} optimizer step(s), loss ${v.loss.toFixed(4)}, grad norm ${v.grad_norm.toFixed(3)}`
        : 'No update: no rollout carried a loss';
  }
}
