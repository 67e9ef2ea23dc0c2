// The experts lesson's experiment (issue 9, MEML-GRPO arXiv:2508.09670): the arms, their shared config and the
// claims the lesson makes, in one place. `npm run check:experts` runs it; the lesson's variants are these arms.
import type { RunConfigInput } from '../engine/config';

export interface ExpertArm {
  name: string;
  /** Merged over the suite config; `preset` picks the preset applied first. */
  patch: RunConfigInput;
}

export interface ExpertClaim {
  arm: string;
  metric: string;
  direction: 'higher' | 'lower';
}

export interface ExpertSuite {
  id: string;
  /** What the suite is for, one line. */
  about: string;
  config: RunConfigInput;
  steps: number;
  reference: string;
  arms: ExpertArm[];
  /** Paired claims against the reference arm (95% interval of the difference must exclude 0 on the claimed side). */
  claims: ExpertClaim[];
  /** Per-seed floors (e.g. the default expert's format accuracy). */
  thresholds?: Array<{ arm: string; metric: string; atLeast: number }>;
  /** Metrics printed for context, without a claim. */
  extraMetrics: string[];
}

/** MEML-style switches with every term off: experts on, per-expert baseline, no mutual learning, no SFT buffer. */
const EXPERTS_ONLY: RunConfigInput = {
  preset: 'meml',
  experts: { enabled: true, allocation: 'split', baselineScope: 'per-expert', mutualLambda: 0, sftLambda: 0 },
};
const MUTUAL_LAMBDA = 1;
const SFT_LAMBDA = 0.1;

/** Same rollouts per step in every arm: B 8 x G 8 ('split' shares the G rollouts of a group among the experts). */
const COUNTDOWN: RunConfigInput = {
  task: 'countdown',
  modelSize: 'tiny',
  init: 'checkpoint',
  prompts: 8,
  groupSize: 8,
  lr: 3e-4,
  evalSize: 100,
  rewardWeights: { correct: 1, format: 0 },
  objective: { klCoef: 0, aggregation: 'token-mean' },
};

export const EXPERT_SUITES: Record<string, ExpertSuite> = {
  countdown: {
    id: 'countdown',
    about: 'Sparse task: experts + mutual learning against GRPO at equal rollouts per step, and each MEML term alone.',
    config: COUNTDOWN,
    steps: 30,
    reference: 'GRPO',
    arms: [
      { name: 'GRPO', patch: { preset: 'grpo' } },
      { name: 'experts only', patch: EXPERTS_ONLY },
      { name: 'experts + mutual', patch: { ...EXPERTS_ONLY, experts: { ...EXPERTS_ONLY.experts, mutualLambda: MUTUAL_LAMBDA } } },
      { name: 'experts + mutual + SFT', patch: { ...EXPERTS_ONLY, experts: { ...EXPERTS_ONLY.experts, mutualLambda: MUTUAL_LAMBDA, sftLambda: SFT_LAMBDA } } },
    ],
    claims: [
      { arm: 'experts + mutual', metric: 'adv/zero_frac', direction: 'lower' },
      { arm: 'experts + mutual', metric: 'frac_groups_all_wrong', direction: 'lower' },
      { arm: 'experts + mutual', metric: 'eval/pass@1', direction: 'higher' },
    ],
    extraMetrics: ['eval/best_expert_pass@1', 'eval/format', 'frac_reward_zero_std'],
  },
  add: {
    id: 'add',
    about: 'Dense task: the meml preset must not lose accuracy against GRPO, and keeps the default expert\'s format.',
    config: { ...COUNTDOWN, task: 'add', rewardWeights: { correct: 1, format: 0.1 } },
    steps: 40,
    reference: 'GRPO',
    arms: [
      { name: 'GRPO', patch: { preset: 'grpo' } },
      { name: 'meml', patch: { preset: 'meml' } },
    ],
    claims: [{ arm: 'meml', metric: 'eval/pass@1', direction: 'higher' }],
    thresholds: [{ arm: 'meml', metric: 'eval/format', atLeast: 0.99 }],
    extraMetrics: ['eval/format', 'eval/best_expert_pass@1', 'adv/zero_frac', 'frac_groups_all_wrong'],
  },
};
