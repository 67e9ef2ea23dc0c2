// MEML-style experts (arXiv:2508.09670, details UNVERIFIED): K prompt prefixes that select solution styles
// learned in warm-start. This file decides which experts are active and how a group's rollouts are split.
import type { RunConfig } from '../config';
import type { Task } from '../tasks/types';
import { unknownChars } from '../policy/tokenizer';

export type { ActiveExpert } from '../step-data';
import type { ActiveExpert } from '../step-data';

/** Experts in play: the config's list (or the task's own), enabled ones only; with experts off, just the first. */
export function activeExperts(task: Task, config: RunConfig): ActiveExpert[] {
  const list = config.experts.list ?? task.experts.map((e) => ({ id: e.id, prefix: e.prefix, enabled: true, style: e.id }));
  const taskIds = new Set(task.experts.map((e) => e.id));
  const enabled = list.filter((e) => e.enabled);
  if (enabled.length === 0) throw new Error('No expert prompt is enabled: enable at least one');
  const chosen = config.experts.enabled ? enabled : enabled.slice(0, 1);
  return chosen.map((e, index) => {
    const bad = unknownChars(e.prefix);
    if (bad.length) throw new Error(`Expert "${e.id}" prefix uses characters the tokenizer lacks: ${bad.join(' ')}`);
    const style = e.style ?? (taskIds.has(e.id) ? e.id : task.experts[0].id);
    if (!taskIds.has(style)) throw new Error(`Expert "${e.id}" style "${style}" is not a ${task.id} expert (${[...taskIds].join(', ')})`);
    return { id: e.id, prefix: e.prefix, index, taskExpertId: style };
  });
}

/**
 * Rollout slots of one group. 'per-expert': G per expert; 'split': G in total, round-robin. MC-GRPO adds one.
 * G is config.groupSize unless the group has its own (Rollout-GDRO).
 */
export function assignExperts(experts: ActiveExpert[], config: RunConfig, groupSize = config.groupSize): ActiveExpert[] {
  const G = groupSize;
  const perExpert = config.experts.enabled && config.experts.allocation === 'per-expert';
  const total = (perExpert ? G * experts.length : G) + (config.data.mcPivot ? 1 : 0);
  const out: ActiveExpert[] = [];
  for (let i = 0; i < total; i++) {
    out.push(perExpert ? experts[Math.min(Math.floor(i / G), experts.length - 1)] : experts[i % experts.length]);
  }
  return out;
}
