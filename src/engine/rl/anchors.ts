// DaGRPO's off-policy anchors (arXiv:2512.06337), as this playground reads them; UNVERIFIED, see
// docs/algorithms/dagrpo.md. The abstract: for hard queries "the scarcity of valid positive samples results in
// ineffective optimization", and high-quality anchors (external expert solutions) recover the signal in a joint
// SFT-RL optimisation. Here a hard prompt is one whose whole group is wrong this step (no positive sample: a group
// MEML's hard-example buffer always takes), and its anchor is the task's demonstration, the toy's
// expert solution, trained by an NLL term of weight objective.anchorLambda beside the GRPO loss (step/anchor-terms.ts).
import type { Task } from '../tasks/types';
import { encode } from '../policy/tokenizer';
import type { ActiveExpert, Group } from '../step-data';
import type { SftItem } from './meml';

/** No rollout of the group is right (hinted rollouts count: a hint that rescued the group leaves it with a positive). */
export function isHardGroup(g: Group): boolean {
  return g.rollouts.length > 0 && g.rollouts.every((r) => r.components.correct < 1);
}

/**
 * One anchor per hard group: the demonstration of its problem in the style of the expert its first rollout was
 * sampled with, under that expert's prompt without a hint (the prompt the policy is evaluated on).
 */
export function anchorItems(groups: readonly Group[], experts: readonly ActiveExpert[], task: Task): SftItem[] {
  const items: SftItem[] = [];
  for (const g of groups) {
    if (!isHardGroup(g)) continue;
    const e = experts[g.rollouts[0].expertIndex] ?? experts[0];
    items.push({
      promptIds: encode(e.prefix + g.problem.question),
      completionIds: encode(task.demonstrate(g.problem, e.taskExpertId)),
    });
  }
  return items;
}
