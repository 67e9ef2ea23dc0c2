// Shapes the trainer reports each step. Plain data: these cross the worker boundary unchanged.

/** One rollout of a group as the inspector shows it. */
export interface RolloutSnapshot {
  /** Full prompt text: expert prefix + hint + question. */
  prompt: string;
  /** The expert prefix and the hint text inside `prompt` (hint '' when none). */
  prefix: string;
  hint: string;
  expertId: string;
  /** 0 = no hint. */
  hintLevel: number;
  completion: string;
  /** Named reward components (correct, format, ...) and the weighted total used for advantages. */
  rewards: Record<string, number>;
  total: number;
  advantage: number;
  /** Excluded from the loss (MC-GRPO pivot, masked truncation, ...). */
  excluded: boolean;
  truncated: boolean;
  /** Mean token log-prob under the sampling policy (used by rank-based variants). */
  meanLogp: number;
}

export interface GroupSnapshot {
  problemId: string;
  question: string;
  answer: string;
  rollouts: RolloutSnapshot[];
  /** Every advantage in the group is ~0: it teaches nothing this step. */
  zeroAdvantage: boolean;
  /** Dropped by a data-side filter (dynamic sampling, all-correct filter). */
  filtered: boolean;
}

export type { Metrics } from '../step-data';
import type { Metrics } from '../step-data';

/** The oracle's view of one probe prompt at one measurement: p(x), V(x) and the group it judged the estimator on. */
export interface ProbeSnapshot {
  problemId: string;
  /** Success probability under the policy at `step`, from oracleSamples extra samples. */
  p: number;
  /** Expected total reward V(x). */
  value: number;
  step: number;
  group: GroupSnapshot;
}

export interface StepReport {
  step: number;
  metrics: Metrics;
  /** A few groups of this step for the inspector. */
  groups: GroupSnapshot[];
  /** The problem id of every group trained on this step, in order (all of them, not just the snapshot). */
  problemIds: string[];
}

/** Phases of one update, reported in order when a caller steps through an update. */
export type UpdatePhase = 'sample' | 'score' | 'filter' | 'advantage' | 'update';

export interface PhaseEvent {
  phase: UpdatePhase;
  step: number;
  /** The groups as they stand after this phase (advantages are 0 before the advantage phase). */
  groups: GroupSnapshot[];
  /** Phase-specific numbers (kept/dropped counts, loss, grad norm, ...); share/phase-text.ts words them. */
  values: Record<string, number>;
}
