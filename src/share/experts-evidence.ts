// The experts lesson's experiment (issue 9, MEML-GRPO arXiv:2508.09670): the arms, their shared config and the
// claims the lesson makes, in one place. `npm run check:experts` runs it; the lesson's variants are these arms.
import { DEFAULT_GROUP_SIZE, mergeConfig, type RunConfigInput } from '../engine/config';
import { getPreset } from '../engine/rl/presets';

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
  /** The lesson whose evidence entry (docs/lessons-evidence.json) these runs are; its variants are arms of this suite. */
  lesson?: string;
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

// Patches are complete (a `preset` field is only a label; lessons merge patches over the base config as they are).
const MEML = getPreset('meml')!;
const MEML_PATCH: RunConfigInput = mergeConfig({ preset: 'meml' }, MEML.config);
const MUTUAL_LAMBDA = MEML.config.experts?.mutualLambda ?? 0;
/**
 * MEML-style switches with every term off: experts on, no mutual learning, no SFT buffer. The baseline is the whole
 * group's mean (not each expert's): with G 8 split 3/3/2, a per-expert baseline gives every rollout of an expert
 * whose few rollouts all failed advantage 0 even when another expert solved the question, which raises
 * adv/zero_frac (measured on 3 steps: 0.95 against 0.75 all-wrong groups); a group baseline gives them a negative one.
 */
const EXPERTS_ONLY: RunConfigInput = mergeConfig(MEML_PATCH, {
  experts: { allocation: 'split', baselineScope: 'group', mutualLambda: 0, sftLambda: 0 },
});
const EXPERTS_MUTUAL: RunConfigInput = mergeConfig(EXPERTS_ONLY, { experts: { mutualLambda: MUTUAL_LAMBDA } });
/**
 * Mutual learning into the default (deployed) prompt only. Chosen after seeing the paper's target (the weakest
 * expert) collapse the strategies on countdown: when the direct expert is the one that is right, the weakest is a
 * strategy expert, and its prompt is trained on the bare answer; after 30 steps all three prompts wrote no work
 * (seed 1, 200 problems) and their greedy pass@1 became identical (docs/experts-evidence.md).
 */
const EXPERTS_MUTUAL_DEFAULT: RunConfigInput = mergeConfig(EXPERTS_MUTUAL, { experts: { mutualTarget: 'default' } });
const EXPERTS_MUTUAL_SFT: RunConfigInput = mergeConfig(MEML_PATCH, { experts: { allocation: 'split', baselineScope: 'group' } });

/**
 * Same rollouts per step in every arm: B 4 x G 8 ('split' shares the G rollouts of a group among the experts).
 * B 4 rather than 8 so that 5 seeds x the arms fit the shared 2-core machine (a step took 15-20 s at B 8 under load).
 */
const COUNTDOWN: RunConfigInput = {
  task: 'countdown',
  preset: 'grpo-trl',
  modelSize: 'tiny',
  init: 'checkpoint',
  prompts: 4,
  groupSize: DEFAULT_GROUP_SIZE,
  // Sampling at temperature 1 hides the experts' difference: the tiny policy's sampled accuracy is about 2% under
  // every expert prompt (policy v1, greedy: expr 3.5%, plan 10.5%), so splitting the group over experts adds no right answers
  // (measured: suite countdown-t1 below). At 0.7 the samples stay closer to each expert's greedy skill.
  temperature: 0.7,
  lr: 3e-4,
  evalSize: 64,
  // No oracle probes: no claim here needs them, and in the browser they would cost more than the training steps.
  oracleSamples: 0,
  rewardWeights: { correct: 1, format: 0 },
  objective: { klCoef: 0, aggregation: 'token-mean' },
};

const COUNTDOWN_ARMS: ExpertArm[] = [
  { name: 'GRPO', patch: {} },
  { name: 'experts only', patch: EXPERTS_ONLY },
  { name: 'experts + mutual', patch: EXPERTS_MUTUAL },
  { name: 'experts + mutual + SFT (meml)', patch: EXPERTS_MUTUAL_SFT },
];
const COUNTDOWN_CLAIMS: ExpertClaim[] = [
  { arm: 'experts + mutual', metric: 'adv/zero_frac', direction: 'lower' },
  { arm: 'experts + mutual', metric: 'frac_groups_all_wrong', direction: 'lower' },
  { arm: 'experts + mutual', metric: 'eval/pass@1', direction: 'higher' },
];
/**
 * Session 4's longer suite: 80 steps, 200 held-out problems (one problem is 0.5 points instead of 1.6), mutual
 * learning into the default prompt as the claim arm and the paper's target beside it.
 */
const COUNTDOWN_80: RunConfigInput = { ...COUNTDOWN, evalSize: 200, evalEvery: 20 };
const ARMS_80: ExpertArm[] = [
  COUNTDOWN_ARMS[0],
  COUNTDOWN_ARMS[1],
  { name: 'experts + mutual to default', patch: EXPERTS_MUTUAL_DEFAULT },
  COUNTDOWN_ARMS[2],
  COUNTDOWN_ARMS[3],
];
const CLAIMS_80: ExpertClaim[] = COUNTDOWN_CLAIMS.map((c) => ({ ...c, arm: 'experts + mutual to default' }));
const COUNTDOWN_EXTRA = [
  'eval/best_expert_pass@1',
  'eval/format',
  'frac_reward_zero_std',
  'expert/expr/accuracy',
  'expert/plan/accuracy',
  'expert/steps/accuracy',
];

export const EXPERT_SUITES: Record<string, ExpertSuite> = {
  countdown: {
    id: 'countdown',
    lesson: 'zero-advantage',
    about: 'Sparse task: experts + mutual learning against GRPO at equal rollouts per step, and each MEML term alone.',
    config: COUNTDOWN,
    steps: 30,
    reference: 'GRPO',
    arms: COUNTDOWN_ARMS,
    claims: COUNTDOWN_CLAIMS,
    extraMetrics: COUNTDOWN_EXTRA,
  },
  'countdown-80': {
    id: 'countdown-80',
    about: 'Session 4: the countdown suite at 80 steps with a 200-problem eval, mutual learning into the default prompt.',
    config: COUNTDOWN_80,
    steps: 80,
    reference: 'GRPO',
    arms: ARMS_80,
    claims: CLAIMS_80,
    extraMetrics: [...COUNTDOWN_EXTRA, 'eval/expert/plan/pass@1', 'eval/expert/steps/pass@1'],
  },
  'countdown-t1': {
    id: 'countdown-t1',
    about: 'The countdown suite sampled at temperature 1 (the default): what it shows without the lower temperature.',
    config: { ...COUNTDOWN, temperature: 1 },
    steps: 30,
    reference: 'GRPO',
    arms: COUNTDOWN_ARMS,
    claims: COUNTDOWN_CLAIMS,
    extraMetrics: COUNTDOWN_EXTRA,
  },
  // Pilots of session 4 (more steps, a 200-problem eval, other mutual-learning weights); every run is reported in
  // docs/experts-evidence.md whatever it showed.
  'countdown-long': {
    id: 'countdown-long',
    about: 'The countdown suite with a 200-problem eval and mutual-learning weights 0.5 and 2 (pilots for a longer budget).',
    config: COUNTDOWN_80,
    steps: 80,
    reference: 'GRPO',
    arms: [
      ...COUNTDOWN_ARMS,
      { name: 'experts + mutual (lambda1 2)', patch: mergeConfig(EXPERTS_ONLY, { experts: { mutualLambda: 2 } }) },
      { name: 'experts + mutual to default', patch: mergeConfig(EXPERTS_MUTUAL, { experts: { mutualTarget: 'default' } }) },
    ],
    claims: COUNTDOWN_CLAIMS,
    extraMetrics: [...COUNTDOWN_EXTRA, 'aux_loss'],
  },
  'countdown-t05': {
    id: 'countdown-t05',
    about: 'Pilot: the 200-problem countdown suite sampled at temperature 0.5.',
    config: { ...COUNTDOWN_80, temperature: 0.5 },
    steps: 80,
    reference: 'GRPO',
    arms: COUNTDOWN_ARMS,
    claims: COUNTDOWN_CLAIMS,
    extraMetrics: [...COUNTDOWN_EXTRA, 'aux_loss'],
  },
  'countdown-t03': {
    id: 'countdown-t03',
    about: 'Pilot: the 200-problem countdown suite sampled at temperature 0.3.',
    config: { ...COUNTDOWN_80, temperature: 0.3 },
    steps: 80,
    reference: 'GRPO',
    arms: COUNTDOWN_ARMS,
    claims: COUNTDOWN_CLAIMS,
    extraMetrics: [...COUNTDOWN_EXTRA, 'aux_loss'],
  },
  add: {
    id: 'add',
    about: "Dense task: the meml preset must not lose accuracy against GRPO, and keeps the default expert's format.",
    config: { ...COUNTDOWN, task: 'add', temperature: 1, rewardWeights: { correct: 1, format: 0.1 } },
    steps: 30,
    reference: 'GRPO',
    arms: [
      { name: 'GRPO', patch: {} },
      { name: 'meml', patch: MEML_PATCH },
    ],
    claims: [{ arm: 'meml', metric: 'eval/pass@1', direction: 'higher' }],
    thresholds: [{ arm: 'meml', metric: 'eval/format', atLeast: 0.99 }],
    extraMetrics: ['eval/format', 'eval/best_expert_pass@1', 'adv/zero_frac', 'frac_groups_all_wrong'],
  },
};

/** The lesson's third variant: the arm the acceptance claims are about. */
export const LESSON_MEML_ARM = 2;

/**
 * What the lesson says each chart shows. Every interval is quoted from docs/lessons-evidence.json (written by
 * `npm run check:experts -- --suite countdown`, seeds 1-10; the full table with each MEML term is docs/experts-evidence.md);
 * a unit test checks each quote against that file.
 */
export const EXPERTS_LESSON_NUMBERS = {
  zeroFrac:
    'Lower with experts + mutual learning: a strategy that succeeds where the direct prompt fails gives its whole group a gradient ' +
    '[measured: adv/zero_frac: experts + mutual 0.828 ± 0.028 vs GRPO 0.946 ± 0.023, paired difference -0.118 ± 0.034 (10 seeds, shows)]. ' +
    'The base policy was picked for this (docs/experts.md): its order-first expert is right 3.7x as often as the direct one when SAMPLED at 0.7 (5.1% against 1.4%), not only greedily. ' +
    'The first policy, 3x greedily but 1.9x sampled, showed nothing on 10 seeds (docs/experts-evidence.md).',
  allWrong:
    'With a correctness-only reward every zero-std group is an all-wrong group, so this is the same measurement seen as groups ' +
    '[measured: frac_groups_all_wrong: experts + mutual 0.828 ± 0.028 vs GRPO 0.946 ± 0.023, paired difference -0.118 ± 0.034 (10 seeds, shows)]. ' +
    'Experts alone (no mutual learning) show it too [measured: frac_groups_all_wrong: experts only 0.856 ± 0.020 vs GRPO 0.946 ± 0.023, paired difference -0.090 ± 0.025 (10 seeds, shows)].',
  evalDefault:
    'The greedy eval of the DEFAULT (direct) prompt, the one you would deploy, ends higher than under GRPO ' +
    '[measured: eval/pass@1: experts + mutual 0.081 ± 0.032 vs GRPO 0.008 ± 0.008, paired difference +0.073 ± 0.033 (10 seeds, shows)], ' +
    'and with experts alone [measured: eval/pass@1: experts only 0.041 ± 0.018 vs GRPO 0.008 ± 0.008, paired difference +0.033 ± 0.019 (10 seeds, shows)]. ' +
    'Part of the gap is GRPO going nowhere: the base policy starts at 1.5% (200 problems), and GRPO, whose groups are almost all wrong, ends at 0.8% and sometimes loses the answer format. ' +
    'This rests on one base policy chosen after seeing results; the first one (stronger direct prompt) showed no pass@1 difference, at 30 or 80 steps (docs/experts-evidence.md).',
};
