// Which problems a run sees: the B problems of each step (seeded per step) and the fixed held-out set. Free of tfjs,
// so the scale export (src/share/scale) draws exactly the playground's problems without loading the model code.
import type { RunConfig } from '../config';
import { Rng } from '../rng';
import type { Problem, Task } from '../tasks/types';

/** The same problems for every run and seed of a (task, difficulty): comparisons across runs are fair. */
export function heldOutProblems(task: Task, difficulty: number, n: number): Problem[] {
  const rng = new Rng('heldout', `${task.id}/${difficulty}`);
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (let guard = 0; out.length < n && guard < n * 20; guard++) {
    const p = task.sample(rng, difficulty);
    if (!seen.has(p.id)) {
      seen.add(p.id);
      out.push(p);
    }
  }
  return out;
}

/** Draw B problems for a step, skipping held-out eval problems. */
export function drawProblems(task: Task, config: RunConfig, rng: Rng, count: number, heldOut: ReadonlySet<string>): Problem[] {
  const out: Problem[] = [];
  let guard = 0;
  while (out.length < count) {
    const p = task.sample(rng, config.difficulty);
    if (!heldOut.has(p.id) || guard++ > 50 * count) out.push(p);
  }
  return out;
}
