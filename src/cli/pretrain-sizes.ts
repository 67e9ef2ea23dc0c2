// Size-specific changes to the per-task pretrain plans (PRETRAIN_PLAN in pretrain.ts holds the tiny plans).
// nano (dModel 32, 1 layer) learns slower and tops out lower; small (dModel 96, 3 layers) learns faster per step.
import type { ModelSize } from '../engine/policy/model';
import type { PretrainPlan } from './pretrain';

export const SIZE_PLAN_OVERRIDES: Partial<Record<ModelSize, Record<string, Partial<PretrainPlan>>>> = {
  nano: {},
  small: {},
};

/** The plan for one task at one size: the task's plan with this size's overrides on top. */
export function planForSize(taskPlan: PretrainPlan, taskId: string, size: ModelSize): PretrainPlan {
  return { ...taskPlan, ...SIZE_PLAN_OVERRIDES[size]?.[taskId] };
}
