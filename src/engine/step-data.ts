// Plain data of one training step that both rl/ (which makes it) and metrics.ts (which summarises it) read. On the
// ground floor of engine/, beside the tasks' types, so metrics.ts does not import rl/.
import type { Problem } from './tasks/types';

/** One step's (or one evaluation's) named numbers. */
export type Metrics = Record<string, number>;

export interface Rollout {
  /** Index of the group (prompt) in the batch. */
  group: number;
  problem: Problem;
  expertId: string;
  expertIndex: number;
  hintLevel: number;
  /** Expert prefix and hint text that open the prompt. */
  prefix: string;
  hint: string;
  promptText: string;
  promptIds: number[];
  completionIds: number[];
  completionText: string;
  truncated: boolean;
  components: Record<string, number>;
  /** Weighted sum of the components (plus shaping), the reward used for advantages. */
  total: number;
  /** Excluded from the loss (MC pivot, masked truncation). */
  excluded: boolean;
  /** Mean token log-prob under the sampling policy, filled in by the scoring phase. */
  meanLogp?: number;
}

export interface Group {
  problem: Problem;
  rollouts: Rollout[];
}

export interface ActiveExpert {
  id: string;
  prefix: string;
  /** Position among the active experts (subgroup index for per-expert baselines). */
  index: number;
  /** Task expert style used by the verifier. */
  taskExpertId: string;
}

export interface HintReport {
  /** All-wrong groups that were offered hints. */
  attempted: number;
  /** Groups where a hinted sample replaced a failed rollout. */
  used: number;
  /** The hint level used, per rescued group. */
  levels: number[];
}

export interface UpdateStats {
  loss: number;
  policyLoss: number;
  klInLoss: number;
  entropy: number;
  clipLow: number;
  clipHigh: number;
  clipRegion: number;
  gradNorm: number;
  auxLoss: number;
  /** Token-mean NLL of each auxiliary term (by name) in the one minibatch it entered, before that step. */
  auxNll?: Record<string, number>;
  /** LLDS regulariser, mean over minibatch steps. */
  llds: number;
  minibatchSteps: number;
}
