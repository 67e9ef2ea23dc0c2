// Phase 3 of a step: the trained groups -> advantage groups -> advantages (pure functions shared with the
// inspector), flattened per rollout for the update, with each rollout's exclusion from the loss.
import type { RunConfig } from '../../config';
import { computeAdvantages, type AdvantageGroup, type AdvantageOutput } from '../advantages';
import { advantageGroupOf } from '../oracle';
import type { Group } from '../rollouts';

export interface StepAdvantages {
  groups: AdvantageGroup[];
  result: AdvantageOutput;
  /** One advantage per rollout in batch order (non-finite values become 0). */
  flat: Float32Array;
  /** Per rollout: left out of the loss (pivot, masked truncation, ...). */
  excluded: boolean[];
}

export function advantageStep(trainGroups: Group[], meanLogp: number[], cfg: RunConfig): StepAdvantages {
  let offset = 0;
  const groups: AdvantageGroup[] = trainGroups.map((g) => {
    const group = advantageGroupOf(g, cfg, meanLogp.slice(offset, offset + g.rollouts.length));
    offset += g.rollouts.length;
    return group;
  });
  const result = computeAdvantages(groups, cfg.advantage);
  const flat = new Float32Array(meanLogp.length);
  const excluded: boolean[] = [];
  let k = 0;
  trainGroups.forEach((g, gi) =>
    g.rollouts.forEach((r, ri) => {
      const a = result.advantages[gi][ri];
      flat[k] = Number.isFinite(a) ? a : 0;
      r.excluded = r.excluded || result.excluded[gi][ri];
      excluded.push(r.excluded);
      k++;
    }),
  );
  return { groups, result, flat, excluded };
}
