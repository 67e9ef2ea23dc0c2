// Guided lessons: one per phenomenon from the papers. Each says what to run, which chart to watch, what should
// happen and why (with the arXiv id), and gives the configs: a base RunConfig patch and, for a comparison, 2-3
// variant patches for a PairedRun (same seed, so the variants see the same prompts: engine/compare.ts).
// Sizes are picked for a laptop: B 4-8, G 2-8, tiny model, 20-60 steps (`npm run lessons` checks all within 60 min).
import { DEFAULT_GROUP_SIZE, mergeConfig, parseConfig, type RunConfig, type RunConfigInput } from '../engine/config';
import { EXPERT_SUITES, EXPERTS_LESSON_NUMBERS, LESSON_MEML_ARM } from './experts-evidence';
import type { Lesson } from './lesson-types';

export type { Lesson, LessonClaim, LessonVariant, LessonWatch } from './lesson-types';

/** Small, KL-free settings shared by the lessons, so differences come from the knob being taught. */
const SMALL: RunConfigInput = {
  modelSize: 'tiny',
  init: 'checkpoint',
  seed: 1,
  prompts: 8,
  groupSize: DEFAULT_GROUP_SIZE,
  lr: 3e-4,
  evalEvery: 10,
  evalSize: 32,
  // The oracle (K extra samples per probe at every eval) costs more than the training steps; only the lessons that
  // claim an oracle metric turn it on.
  oracleSamples: 0,
  objective: { klCoef: 0, aggregation: 'token-mean' },
};

const lesson = (l: Lesson): Lesson => ({ ...l, config: mergeConfig(SMALL, l.config) });

export const LESSONS: readonly Lesson[] = [
  lesson({
    id: 'zero-advantage',
    title: 'Zero-advantage groups on a sparse task, and experts that break them (MEML-GRPO)',
    sources: ['arXiv:2508.09670', 'arXiv:2402.03300'],
    summary:
      'When every rollout of a group is wrong, GRPO gives all of them advantage 0 and the group teaches nothing; several expert prompts (strategies) make a right answer in the group likelier, and mutual learning passes it on to the default prompt.',
    steps: [
      'Run the paired comparison on countdown (4 numbers, the default, correctness-only reward, sampling temperature 0.7, B 4 x G 8 in every run): plain GRPO with the direct prompt, the same rollout budget split over three expert strategies, and experts plus the MEML terms.',
      'The experts are strategies, not answer formats: direct ("3*7+5-9."), order first ("3,7,5,9|3*7+5-9.") and running total ("3*7=21+5=26-9|3*7+5-9."). Every one ends in the expression after "|", so a right completion from one expert is right under any prompt.',
      'Open the inspector on a GRPO step and find an all-wrong group: every advantage is 0. Then find a group of the experts run where only the running-total expert is right.',
      'Compare adv/zero_frac (rollouts with no gradient) and frac_groups_all_wrong between the runs, then the eval chart: eval/pass@1 is the DEFAULT (direct) prompt, the one you would deploy.',
      "Mutual learning trains the best expert's final answer under the weakest expert's prompt (the paper). When the direct prompt was the one that was right, the weakest is a strategy prompt, which then learns the bare answer. Train longer (80 steps) and watch the eval chart: the best-expert line falls onto the default-expert line (4 of 5 seeds, docs/experts-evidence.md), because every prompt now answers the same way. The Mutual learning target knob (default expert) sends every transfer to the deployed prompt instead, and the strategies stay apart.",
    ],
    watch: [
      {
        chart: 'adv/zero_frac',
        expect: EXPERTS_LESSON_NUMBERS.zeroFrac,
      },
      {
        chart: 'frac_groups_all_wrong',
        expect: EXPERTS_LESSON_NUMBERS.allWrong,
      },
      {
        chart: 'eval/pass@1',
        expect: EXPERTS_LESSON_NUMBERS.evalDefault,
      },
      {
        chart: 'expert/steps/accuracy',
        expect:
          'Each persona has its own accuracy. The shipped countdown policy is heterogeneous on purpose (public/checkpoints/manifest.json: per-expert pass@1 and the overlap of the problems each solves): the strategies fail on different problems, which is what MEML-GRPO uses to break all-wrong groups.',
      },
    ],
    config: EXPERT_SUITES.countdown.config,
    // Arms of `npm run check:experts -- --suite countdown` (same names): that command writes this lesson's evidence.
    variants: [EXPERT_SUITES.countdown.arms[0], EXPERT_SUITES.countdown.arms[1], EXPERT_SUITES.countdown.arms[LESSON_MEML_ARM]],
    claims: [
      {
        metric: 'adv/zero_frac',
        variant: 2,
        direction: 'lower',
        text: 'experts + mutual learning leave fewer rollouts with advantage 0 than GRPO',
      },
      {
        metric: 'frac_groups_all_wrong',
        variant: 2,
        direction: 'lower',
        text: 'experts + mutual learning have fewer all-wrong groups than GRPO',
      },
      {
        metric: 'eval/pass@1',
        variant: 2,
        direction: 'higher',
        headline: true,
        text: "experts + mutual learning raise the DEFAULT prompt's greedy pass@1 above GRPO",
      },
      {
        metric: 'eval/pass@1',
        variant: 1,
        direction: 'higher',
        text: "experts alone (no mutual learning) raise the default prompt's greedy pass@1",
      },
      { metric: 'frac_groups_all_wrong', variant: 1, direction: 'lower', text: 'experts alone have fewer all-wrong groups than GRPO' },
    ],
    charts: [
      'adv/zero_frac',
      'frac_groups_all_wrong',
      'eval/pass@1',
      'frac_reward_zero_std',
      'expert/expr/accuracy',
      'expert/plan/accuracy',
      'expert/steps/accuracy',
      'aux_loss',
    ],
    suggestedSteps: EXPERT_SUITES.countdown.steps,
    // Seeds 6-10 were added after seeds 1-5 showed the zero-advantage claims; they took them away. All 10 are kept.
    evidenceSeeds: 10,
  }),
  lesson({
    id: 'mc-grpo-small-groups',
    title: 'Tiny groups: MC-GRPO and the sign of the advantage at G = 2',
    sources: ['arXiv:2601.22582'],
    summary:
      'With 2 samples per prompt the group mean is a poor baseline; MC-GRPO samples G+1, centres on the median and drops the median sample.',
    steps: [
      "Run the three variants on 2-digit addition with three rewards (correct 1, format 0.1, digits 0.5: the share of the sum's digits that are right) at G = 2: GRPO, GRPO with G = 3 (the same sampling budget as MC-GRPO), and MC-GRPO.",
      'Turn smoothing up (0.8): single steps are noisy at this group size.',
      'In the inspector, look at an MC-GRPO group: three samples, the median one marked excluded with advantage 0.',
    ],
    watch: [
      {
        chart: 'eval/pass@1',
        expect:
          "The paper reports MC-GRPO at G = 2 beating GRPO at G = 2. Here, 20 steps on 2-digit addition, it is ahead in the mean and not below GRPO, but a 32-problem eval after 20 steps cannot tell them apart [measured: eval/pass@1: MC-GRPO G=2 0.338 ± 0.144 vs GRPO G=2 0.256 ± 0.199, paired difference +0.081 ± 0.304 (5 seeds, inconclusive)]. Compare with G = 3 to separate the effect of the extra sample from the median. (Before the zero-MAD fix the paper code's advantages of 1000 in size left MC-GRPO far below GRPO.)",
      },
      {
        chart: 'adv/true_sign_flip_rate',
        expect:
          "The oracle metric: every 10 steps, 32 extra samples per probe prompt (16 probes) estimate its true value, and this is the share of advantages whose sign disagrees with r minus that value. Besides one fresh group per probe, the 32 samples are cut into groups of the training size, each judged against the value of the other samples, so each eval judges 176 (groups of 3) to 272 (groups of 2) groups instead of 16. The paper's claim is that the median of G + 1 makes this lower than the mean of two samples, and it shows, lower on every seed [measured: adv/true_sign_flip_rate: MC-GRPO G=2 0.064 ± 0.035 vs GRPO G=2 0.148 ± 0.034, paired difference -0.084 ± 0.047 (5 seeds, shows)]. Simply sampling one more (GRPO at G = 3, a mean of three) does not do it [measured: adv/true_sign_flip_rate: GRPO G=3 0.154 ± 0.019 vs GRPO G=2 0.148 ± 0.034, paired difference +0.006 ± 0.024 (5 seeds, inconclusive)]. Flips need a reward with more than two levels: with a binary reward neither a mean nor a median of a mixed group can give the wrong sign against a true value strictly between the two levels, which is why this lesson adds partial credit for the right digits (with correctness and format alone, flips on add were almost absent for every variant: docs/evidence.md). A typical flip: the shipped policy answers 22+44 right about 7 times in 8, so a group of two wrong answers, 76 (one digit right) and 75 (none), holds two rollouts worse than the prompt's true value, yet GRPO at G = 2 gives 76 a positive advantage.",
      },
      {
        chart: 'adv/sign_vs_group_mean',
        expect:
          'How often the advantage disagrees in sign with the in-group mean: 0 for GRPO by construction, so it cannot show the claim; the oracle metric above can.',
      },
      { chart: 'adv/zero_frac', expect: 'Higher for MC-GRPO: the pivot always has advantage 0, and ties with the median give 0 too.' },
    ],
    // Addition with partial credit (digits): the reward gets more than two levels, which sign flips need (with correct
    // and format alone the add reward is practically binary and nothing flips: docs/evidence.md). Issue 10 asks for add.
    config: {
      task: 'add',
      difficulty: 2,
      prompts: 8,
      groupSize: 2,
      preset: 'grpo-trl',
      rewardWeights: { correct: 1, format: 0.1, digits: 0.5 },
      oracleSamples: 32,
    },
    variants: [
      { name: 'GRPO G=2', patch: {} },
      { name: 'GRPO G=3', patch: { groupSize: 3 } },
      { name: 'MC-GRPO G=2', patch: { preset: 'mc-grpo', advantage: { baseline: 'median', scale: 'mad' }, data: { mcPivot: true } } },
    ],
    charts: ['eval/pass@1', 'reward', 'adv/true_sign_flip_rate', 'adv/sign_vs_group_mean', 'adv/zero_frac', 'pivots_excluded'],
    suggestedSteps: 20,
    claims: [
      {
        metric: 'adv/true_sign_flip_rate',
        variant: 2,
        direction: 'lower',
        headline: true,
        text: 'MC-GRPO flips fewer advantage signs than GRPO at G = 2',
      },
      { metric: 'eval/pass@1', variant: 2, direction: 'higher', text: 'MC-GRPO ends with higher pass@1 than GRPO at G = 2' },
      {
        metric: 'adv/true_sign_flip_rate',
        variant: 1,
        direction: 'lower',
        text: 'GRPO with one more sample (G = 3) flips fewer signs than G = 2',
      },
    ],
  }),
  lesson({
    id: 'ngrpo-all-wrong',
    title: 'NGRPO: learning from all-wrong groups',
    sources: ['arXiv:2509.18851'],
    summary:
      'A virtual sample with the maximum reward in the group statistics turns all-wrong groups from zero advantage into negative advantages.',
    steps: [
      'Run GRPO against NGRPO on countdown (4 numbers, the default), where most groups are all wrong.',
      'Pick a group with all rewards 0 in the inspector: zero advantages under GRPO, negative ones under NGRPO.',
    ],
    watch: [
      {
        chart: 'adv/zero_frac',
        expect:
          'Much lower for NGRPO: all-wrong groups now carry a push away from their answers. Measured over 20 steps: [measured: adv/zero_frac: NGRPO 0.000 ± 0.000 vs GRPO 0.661 ± 0.041, paired difference -0.661 ± 0.041 (5 seeds, shows)].',
      },
      {
        chart: 'adv/pos_frac',
        expect: 'Lower for NGRPO: the virtual r_max sample raises every group mean, so fewer real samples are above it.',
      },
      {
        chart: 'entropy',
        expect:
          'Pushing down the sampled wrong answers spreads probability over others, so entropy should stay higher under NGRPO (the paper reports exploration kept alive). Here it goes the other way: lower under NGRPO over 20 steps [measured: entropy: NGRPO 0.894 ± 0.061 vs GRPO 0.988 ± 0.060, paired difference -0.095 ± 0.064 (5 seeds, does not show)] (on the previous countdown base policy the difference was within the noise), and accuracy does not move [measured: eval/pass@1: NGRPO 0.025 ± 0.032 vs GRPO 0.025 ± 0.032, paired difference +0.000 ± 0.048 (5 seeds, inconclusive)]: the signal on all-wrong groups is certain, what it buys this tiny policy in a short run is not.',
      },
      {
        chart: 'frac_groups_all_wrong',
        expect:
          'The same at step 1 in both runs (same prompts and samples): most groups. The base policy almost always writes a well-formed expression, so an all-wrong group has equal rewards and zero advantage under GRPO; NGRPO gives the same group negative advantages (compare adv/zero_frac).',
      },
    ],
    config: { task: 'countdown', preset: 'grpo-trl', advantage: { epsilon: 1e-6 } },
    variants: [
      { name: 'GRPO', patch: {} },
      {
        name: 'NGRPO',
        patch: {
          preset: 'ngrpo',
          advantage: { baseline: 'ngrpo-virtual-max', virtualMaxReward: 1.1, virtualCount: 1 },
          data: { dropAllCorrect: true },
        },
      },
    ],
    charts: ['adv/zero_frac', 'adv/pos_frac', 'frac_groups_all_wrong', 'entropy', 'reward'],
    suggestedSteps: 20,
    claims: [
      {
        metric: 'adv/zero_frac',
        variant: 1,
        direction: 'lower',
        headline: true,
        text: 'NGRPO gives all-wrong groups a signal: fewer zero advantages',
      },
      { metric: 'entropy', variant: 1, direction: 'higher', text: 'NGRPO keeps entropy higher than GRPO' },
      { metric: 'eval/pass@1', variant: 1, direction: 'higher', text: 'NGRPO ends with higher pass@1 than GRPO' },
    ],
  }),
  lesson({
    id: 'dr-grpo-bias',
    title: "Dr. GRPO: GRPO's length and difficulty biases",
    sources: ['arXiv:2503.20783'],
    summary:
      'Dividing each sequence by its length favours long wrong answers; dividing by the group std over-weights near-solved and near-hopeless prompts.',
    steps: [
      'Run GRPO (per-sequence length normalisation, group std) against Dr. GRPO (constant normaliser, no std) on addition with the carry-scratchpad expert, whose answers are long, and room for longer ones.',
      'Compare completion lengths, then open the inspector on a group with one correct answer to see how the std changes the advantage sizes.',
    ],
    watch: [
      {
        chart: 'completions/mean_length',
        expect:
          'Under GRPO a long wrong answer gets a smaller per-token penalty (1/|o| per token), so wrong answers can drift longer; Dr. GRPO divides every sequence by the same constant. The drift is slow (the paper sees it over thousands of steps), and the toy cannot show it: measured over 40 steps the lengths are equal to a hundredth of a token [measured: completions/mean_length: Dr. GRPO 9.633 ± 0.027 vs GRPO 9.636 ± 0.031, paired difference -0.004 ± 0.005 (5 seeds, inconclusive)]. The shipped policy writes the column scratchpad in its exact format, whose length is fixed by the number of digits, so there is no free length for the bias to act on in a short run. The length bias is real in the formula and invisible here.',
      },
      {
        chart: 'adv/abs_mean',
        expect:
          'The difficulty bias shows at once: GRPO scales each group to unit std, so a group with one right answer out of eight gets as large advantages as a 50/50 group and this stays high; Dr. GRPO keeps r - mean, so its advantages are about half the size and follow how mixed the group is [measured: adv/abs_mean: Dr. GRPO 0.340 ± 0.016 vs GRPO 0.719 ± 0.025, paired difference -0.379 ± 0.009 (5 seeds, shows)].',
      },
      { chart: 'completions/clipped_ratio', expect: 'Answers that run to the length limit: watch it stay low under Dr. GRPO.' },
    ],
    config: {
      task: 'add',
      difficulty: 2,
      maxCompletionLength: 16,
      preset: 'grpo-trl',
      objective: { aggregation: 'seq-mean-token-mean' },
      experts: { list: [{ id: 'scratch', prefix: 's:', enabled: true }] },
    },
    variants: [
      { name: 'GRPO', patch: {} },
      { name: 'Dr. GRPO', patch: { preset: 'dr-grpo', advantage: { scale: 'none' }, objective: { aggregation: 'constant' } } },
    ],
    charts: ['completions/mean_length', 'completions/clipped_ratio', 'adv/abs_mean', 'reward', 'eval/pass@1'],
    suggestedSteps: 40,
    claims: [
      {
        metric: 'completions/mean_length',
        variant: 1,
        direction: 'lower',
        headline: true,
        text: "Dr. GRPO completions stay shorter than GRPO's (no length bias)",
      },
      { metric: 'adv/abs_mean', variant: 1, direction: 'lower', text: 'Without the std, advantages are smaller (difficulty bias removed)' },
    ],
  }),
  lesson({
    id: 'dapo-clip-higher',
    title: 'DAPO clip-higher and entropy collapse',
    sources: ['arXiv:2503.14476'],
    summary: 'A symmetric clip caps how fast unlikely tokens can gain probability; raising only the upper bound keeps exploration alive.',
    steps: [
      'Run three upper clip bounds (0.2, 0.28, 0.4) on sort with four inner epochs over four minibatches and lr 1e-3, so the ratio moves far from 1 and clipping bites. Dynamic sampling is off, so all three runs train on the same rollouts at step 1 and differ only in the bound.',
      'Watch entropy and the high-clip fraction side by side.',
    ],
    watch: [
      {
        chart: 'entropy',
        expect:
          'DAPO reports entropy collapsing under the symmetric 0.2 clip and staying up with 0.28. The upper bound only binds for tokens with probability below 1/(1 + eps_high), the unlikely ones, so raising it lets them grow more per step. The toy does not show it: over 20 steps the entropy averaged over the run is no higher with 0.28 [measured: entropy: eps_high 0.28 0.584 ± 0.190 vs eps_high 0.2 0.620 ± 0.260, paired difference -0.036 ± 0.279 (5 seeds, inconclusive)], nor clearly with 0.4 [measured: entropy: eps_high 0.4 0.696 ± 0.279 vs eps_high 0.2 0.620 ± 0.260, paired difference +0.076 ± 0.125 (5 seeds, inconclusive)]. With 16 updates per step the runs diverge from the first steps: on some seeds entropy collapses under every bound, on others under none, and that seed-to-seed spread is far larger than any effect of the bound. On this tiny policy the boosted tokens also quickly become the new favourites, so a higher eps_high can speed up sharpening instead of protecting exploration.',
      },
      {
        chart: 'clip_ratio/high_mean',
        expect: 'The fraction of tokens cut by the upper bound: highest at 0.2 early on, small once the policy has sharpened.',
      },
      { chart: 'reward', expect: 'Close across the three: the bound changes how fast the policy commits more than what it can learn.' },
    ],
    config: { task: 'sort', preset: 'dapo', prompts: 4, innerEpochs: 4, minibatches: 4, lr: 1e-3, data: { dynamicSampling: false } },
    variants: [
      { name: 'eps_high 0.2', patch: { objective: { epsHigh: 0.2 } } },
      { name: 'eps_high 0.28', patch: { objective: { epsHigh: 0.28 } } },
      { name: 'eps_high 0.4', patch: { objective: { epsHigh: 0.4 } } },
    ],
    charts: ['entropy', 'clip_ratio/high_mean', 'clip_ratio/low_mean', 'reward'],
    suggestedSteps: 20,
    claims: [
      {
        metric: 'entropy',
        variant: 1,
        direction: 'higher',
        headline: true,
        text: 'Clip-higher (0.28) keeps entropy above the symmetric 0.2 clip',
      },
      { metric: 'entropy', variant: 2, direction: 'higher', text: 'eps_high 0.4 keeps entropy above the symmetric 0.2 clip' },
    ],
  }),
  lesson({
    id: 'gdpo-multi-reward',
    title: 'GDPO: a noisy second reward drowns correctness in the sum',
    sources: ['arXiv:2601.05242'],
    summary:
      'GRPO normalises the weighted sum of the rewards, so the reward that varies most in a group sets the advantages and a rarer one loses its voice; GDPO normalises each reward in its group first, so every reward counts the same whatever its scale.',
    steps: [
      'Train 2-digit addition with two rewards of equal weight: correct (0 or 1, with format 0.1) and judge, a noisy judge that says +1 or -1 from a hash of the question and the completion. The judge stands in for a reward model that mostly scores something the task does not care about: it varies in every group, on twice the range of correctness, and no policy can learn to please it on fresh prompts.',
      'Run GRPO (sum, then normalise) against GDPO (normalise each, then sum), and GRPO with the judge weighted 0 as the reference of what the judge costs.',
      'In the inspector, find a group with one or two right answers: under GRPO a right answer the judge disliked (total 1.1 - 1 = 0.1) gets a lower advantage than a wrong one it liked (0.1 + 1 = 1.1); under GDPO the right answer ranks above it, because correctness is normalised by its own, smaller spread.',
    ],
    watch: [
      {
        chart: 'rewards/correct/mean',
        expect:
          "GRPO's advantage is mostly the judge's coin (its spread, 1, is about twice correctness's), so the push toward right answers is drowned in noise; GDPO gives correctness the same voice as the judge. Averaged over the run, GDPO keeps the correctness reward higher, on 4 of 5 seeds (on the fifth it is 0.003 lower) [measured: rewards/correct/mean: GDPO (normalise, then sum) 0.160 ± 0.041 vs GRPO (sum, then normalise) 0.114 ± 0.028, paired difference +0.046 ± 0.036 (5 seeds, shows)]. GRPO without the judge is higher still [measured: rewards/correct/mean: GRPO without the judge 0.265 ± 0.051 vs GRPO (sum, then normalise) 0.114 ± 0.028, paired difference +0.151 ± 0.070 (5 seeds, shows)], and above GDPO on every seed too: a noisy reward costs something under either method, GDPO only gives less of the signal away.",
      },
      {
        chart: 'eval/pass@1',
        expect:
          'Greedy accuracy on 32 held-out problems after 40 steps: GDPO ahead in the mean, but the interval covers 0 [measured: eval/pass@1: GDPO (normalise, then sum) 0.150 ± 0.133 vs GRPO (sum, then normalise) 0.094 ± 0.078, paired difference +0.056 ± 0.130 (5 seeds, inconclusive)].',
      },
      {
        chart: 'rewards/judge/mean',
        expect:
          'Near 0 for every run: the judge is a coin flip per completion, so there is nothing to learn from it, only noise to be drowned in.',
      },
      {
        chart: 'frac_reward_zero_std',
        expect:
          "Reads about 0 under GDPO by convention: like TRL's normalize_then_sum it tests the batch-level std. Use frac_groups_all_wrong to compare how many groups fail completely.",
      },
    ],
    // Chosen after three designs on countdown and two on add failed (docs/evidence.md): rewards nested in correctness
    // (uses_all, digits) order a group as GRPO does, and a learnable style reward (no '*') saturated within a few steps,
    // after which it no longer varies and the methods agree. The judge keeps varying all run. lr 5e-4, 40 steps.
    config: { task: 'add', difficulty: 2, preset: 'grpo-trl', lr: 5e-4, rewardWeights: { correct: 1, format: 0.1, judge: 1 } },
    variants: [
      { name: 'GRPO (sum, then normalise)', patch: {} },
      { name: 'GDPO (normalise, then sum)', patch: { preset: 'gdpo', advantage: { gdpo: true } } },
      { name: 'GRPO without the judge', patch: { rewardWeights: { correct: 1, format: 0.1, judge: 0 } } },
    ],
    charts: ['rewards/correct/mean', 'eval/pass@1', 'rewards/judge/mean', 'reward', 'frac_reward_zero_std', 'frac_groups_all_wrong'],
    suggestedSteps: 40,
    claims: [
      {
        metric: 'rewards/correct/mean',
        variant: 1,
        direction: 'higher',
        headline: true,
        text: 'Beside a noisy judge on a wider scale, GDPO keeps the correctness reward higher than GRPO',
      },
      { metric: 'eval/pass@1', variant: 1, direction: 'higher', text: 'GDPO ends with higher pass@1 than GRPO beside the noisy judge' },
      {
        metric: 'rewards/correct/mean',
        variant: 2,
        direction: 'higher',
        text: 'The noisy judge costs GRPO correctness: without it the correctness reward is higher',
      },
    ],
  }),
  lesson({
    id: 'scaf-hints',
    title: 'Scaf-GRPO: hints for hopeless prompts',
    sources: ['arXiv:2510.19807'],
    summary:
      'After a warm-up, prompts where every rollout failed are re-tried with growing hints; the smallest hint that works replaces one rollout.',
    steps: [
      'Run GRPO against Scaf-GRPO on countdown with 3 numbers (at 4 even the full-solution hint rarely helps this tiny policy); hints start after step 5.',
      'In the inspector, find a hinted group: one rollout has a hint in its prompt and a non-zero advantage.',
      'Evaluation runs without hints, so eval/pass@1 shows whether the help transferred.',
    ],
    watch: [
      {
        chart: 'hint_used_frac',
        expect:
          'The share of groups rescued by a hint: each one is a group that would otherwise have taught nothing. A hint only rescues a group when the hinted rollout succeeds, which this tiny policy manages for a minority of the all-wrong groups.',
      },
      {
        chart: 'frac_reward_zero_std',
        expect:
          'Lower under Scaf-GRPO after the warm-up: a successful hinted rollout gives an all-wrong group variance (the reward is correctness only, so all-wrong means zero std). The effect is small (hints from step 6, 20 steps) [measured: frac_reward_zero_std: Scaf-GRPO 0.859 ± 0.039 vs GRPO 0.881 ± 0.032, paired difference -0.022 ± 0.019 (5 seeds, shows)], and it depends on the base policy: on the countdown policy shipped before this one (whose experts were retrained for the experts lesson, not for this one) it did not show, at 20 or 40 steps (docs/evidence.md). A hint only rescues a group when the hinted rollout succeeds, which this tiny policy manages for a minority of the all-wrong groups.',
      },
      {
        chart: 'eval/pass@1',
        expect:
          'The real test, without hints: the paper reports that the help transfers. Here the interval covers 0 [measured: eval/pass@1: Scaf-GRPO 0.119 ± 0.108 vs GRPO 0.138 ± 0.130, paired difference -0.019 ± 0.052 (5 seeds, inconclusive)]: 20 steps with a few rescued groups are too little to move a 32-problem eval beyond its noise.',
      },
    ],
    config: {
      task: 'countdown',
      difficulty: 3,
      preset: 'grpo-trl',
      groupSize: 4,
      advantage: { epsilon: 1e-6 },
      rewardWeights: { correct: 1, format: 0 },
    },
    variants: [
      { name: 'GRPO', patch: {} },
      { name: 'Scaf-GRPO', patch: { preset: 'scaf-grpo', data: { scafHints: true, scafWarmup: 5 } } },
    ],
    charts: ['hint_used_frac', 'frac_reward_zero_std', 'frac_groups_all_wrong', 'eval/pass@1', 'reward'],
    suggestedSteps: 20,
    claims: [
      {
        metric: 'frac_reward_zero_std',
        variant: 1,
        direction: 'lower',
        headline: true,
        text: 'Hints give all-wrong groups a signal: fewer zero-std groups',
      },
      { metric: 'eval/pass@1', variant: 1, direction: 'higher', text: 'Scaf-GRPO ends with higher pass@1 (evaluated without hints)' },
    ],
  }),
  lesson({
    id: 'rs-grpo-pass-at-k',
    title: 'RS-GRPO: pass@k against pass@1',
    sources: ['arXiv:2509.24261', 'arXiv:2508.10751'],
    summary:
      'GRPO sharpens the policy onto answers it already finds (pass@1 up, pass@k flat or down); a risk-seeking advantage keeps rare successes worth more.',
    steps: [
      'Run GRPO against RS-GRPO (beta 2) on 2-digit addition, where the base policy solves about a third of prompts first try but most within 8 tries.',
      'Compare eval/pass@1 with 1 - frac_groups_all_wrong, which is pass@G (G = 8) on the training prompts.',
    ],
    watch: [
      {
        chart: 'eval/pass@1',
        expect:
          'GRPO optimises the mean reward, which is pass@1. Early on every variant usually improves it: the trade-off the papers report (pass@1 up, pass@k flat or down under GRPO) builds up over longer training as GRPO sharpens.',
      },
      {
        chart: 'frac_groups_all_wrong',
        expect:
          "One minus pass@8 on the training prompts. RS-GRPO weights a group's rare success by exp(beta r) and the pass@k advantage rewards raising the chance that one of k is right, so these should keep it as low as GRPO or lower. Over 40 steps the toy cannot tell them apart [measured: frac_groups_all_wrong: RS-GRPO beta 2 0.191 ± 0.053 vs GRPO 0.198 ± 0.042, paired difference -0.007 ± 0.047 (5 seeds, inconclusive)]: the papers' trade-off appears once GRPO has sharpened for hundreds of steps, and in 40 steps of a policy that already solves most prompts within 8 tries neither run loses pass@8.",
      },
      {
        chart: 'entropy',
        expect:
          'Less sharpening under the risk-seeking and pass@k advantages should show as entropy falling more slowly. At 40 steps there is no gap [measured: entropy: RS-GRPO beta 2 0.437 ± 0.011 vs GRPO 0.438 ± 0.009, paired difference -0.001 ± 0.006 (5 seeds, inconclusive)]: sharpening has barely begun.',
      },
    ],
    config: { task: 'add', difficulty: 2, preset: 'grpo-trl' },
    variants: [
      { name: 'GRPO', patch: {} },
      { name: 'RS-GRPO beta 2', patch: { preset: 'rs-grpo', advantage: { baseline: 'rs-exp-utility', rsBeta: 2, scale: 'none' } } },
      { name: 'pass@k analytic (k 4)', patch: { preset: 'pass-at-k', advantage: { passK: 'analytic', passKk: 4 } } },
    ],
    charts: ['eval/pass@1', 'frac_groups_all_wrong', 'entropy', 'reward'],
    suggestedSteps: 40,
    claims: [
      {
        metric: 'frac_groups_all_wrong',
        variant: 1,
        direction: 'lower',
        headline: true,
        text: 'RS-GRPO keeps pass@G higher: fewer all-wrong groups than GRPO',
      },
      { metric: 'entropy', variant: 1, direction: 'higher', text: 'RS-GRPO sharpens less: entropy stays higher' },
    ],
  }),
];

export function getLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** The resolved configs a lesson runs: the base alone, or base + each variant patch. Throws on an invalid one. */
export function lessonConfigs(l: Lesson): RunConfig[] {
  const patches = l.variants?.length ? l.variants.map((v) => v.patch) : [{}];
  return patches.map((p) => parseConfig(mergeConfig(l.config, p)));
}
