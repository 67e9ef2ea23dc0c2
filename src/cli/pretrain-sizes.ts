// Size-specific changes to the per-task pretrain plans (PRETRAIN_PLAN in pretrain.ts holds the tiny plans).
// nano (dModel 32, 1 layer) learns slower and tops out lower; small (dModel 96, 3 layers) learns faster per step.
import type { ModelSize } from '../engine/policy/model';
import type { PretrainPlan } from './pretrain';

export const SIZE_PLAN_OVERRIDES: Partial<Record<ModelSize, Record<string, Partial<PretrainPlan>>>> = {
  // nano tops out lower: stop at 15% (still inside the 10-60% room-for-RL range the tests ask of dense tasks).
  nano: {
    add: { stopAt: 0.15, band: [0.1, 0.5], lookCloserFrom: 0.08 },
    sort: { stopAt: 0.15, band: [0.1, 0.5], lookCloserFrom: 0.08, lr: 2e-3 },
    reverse: { stopAt: 0.15, band: [0.1, 0.5], lookCloserFrom: 0.08, lr: 2e-3 },
    // The tiny plan's 140 steps leave nano at 0% for every expert (loss 1.36): a longer budget.
    countdown: { maxSteps: 600, evalFrom: 200, evalEvery: 50, lr: 3e-3, expertWeights: { expr: 0.3 } },
  },
  // small: the tiny plans; each eval costs several SFT steps, so sort and reverse look closer only from 15%.
  small: {
    // The shipped small policy was trained with the tiny plan's old direct-expert weight (tiny now uses 0.1).
    countdown: { expertWeights: { expr: 0.3 } },
    sort: { lookCloserFrom: 0.15 },
    reverse: { lookCloserFrom: 0.15 },
  },
};

/** The plan for one task at one size: the task's plan with this size's overrides on top. */
export function planForSize(taskPlan: PretrainPlan, taskId: string, size: ModelSize): PretrainPlan {
  return { ...taskPlan, ...SIZE_PLAN_OVERRIDES[size]?.[taskId] };
}
