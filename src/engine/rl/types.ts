// Shapes the trainer reports each step. Plain data: these cross the worker boundary unchanged.

/** One rollout of a group as the inspector shows it. */
export interface RolloutSnapshot {
  /** Full prompt text: expert prefix + hint + question. */
  prompt: string;
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

export type Metrics = Record<string, number>;

export interface StepReport {
  step: number;
  metrics: Metrics;
  /** A few groups of this step for the inspector. */
  groups: GroupSnapshot[];
}
