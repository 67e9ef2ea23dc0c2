// The paper presets as data: each GRPO-family variant of algorithms.md section 4 as a set of RunConfig knob values.
// A preset holds only the knobs that define its method (advantage, objective, data side, experts, inner epochs);
// run settings (task, prompts, group size, learning rate, steps, seed) stay as the user set them.
// Anything the spec marks UNVERIFIED is listed in `unverified` so the UI can label it "experimental".
// presets.ts applies them.
import type { RunConfigInput } from '../config';
import { ISSUE15_PRESETS } from './presets-issue15';

export interface Preset {
  /** Stable id used by the CLI, URL state and RunConfig.preset. */
  name: string;
  title: string;
  /** Primary reference, `arXiv:XXXX.XXXXX`. */
  source: string;
  /** One line. */
  summary: string;
  /** What algorithms.md marks UNVERIFIED for this variant (empty when every knob value was checked). */
  unverified: string[];
  /** Method knob values only (sections in PRESET_SECTIONS plus METHOD_TOP_LEVEL keys); the rest are schema defaults. */
  config: PresetKnobs;
}

/** Sections a preset owns: applying one resets them to the schema defaults, then sets the preset's values. */
export const PRESET_SECTIONS = ['advantage', 'objective', 'data', 'experts'] as const;
/** Top-level knobs that are part of a method (GSPO's clip only bites off-policy, so it needs 2 inner epochs). */
export const METHOD_TOP_LEVEL = ['innerEpochs'] as const;

/** What a preset may set: the compiler refuses lr, groupSize, task, seed... in a preset. */
export type PresetKnobs = Pick<RunConfigInput, (typeof PRESET_SECTIONS)[number] | (typeof METHOD_TOP_LEVEL)[number]>;

const preset = (p: Preset): Preset => p;

export const PRESETS: readonly Preset[] = [
  preset({
    name: 'grpo-trl',
    title: 'GRPO with TRL defaults (token-mean loss, no KL)',
    source: 'arXiv:2402.03300',
    summary:
      'What TRL GRPOTrainer does out of the box: group mean / group std (+1e-4), clip 0.2, token-mean loss (loss_type "dapo"), beta 0 (no KL).',
    unverified: [],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std', stdType: 'sample', epsilon: 1e-4 },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
    },
  }),
  preset({
    name: 'grpo',
    title: 'GRPO (DeepSeekMath)',
    source: 'arXiv:2402.03300',
    summary: 'Group mean baseline / group std, clipped token ratio, seq-mean-token-mean, KL 0.04 (k3) in the loss.',
    unverified: ['Clip epsilon is not stated in the paper; 0.2 (TRL/verl default) is used.'],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std', stdType: 'sample', epsilon: 1e-4 },
      objective: {
        clipMode: 'clip',
        epsLow: 0.2,
        epsHigh: 0.2,
        aggregation: 'seq-mean-token-mean',
        klCoef: 0.04,
        klEstimator: 'k3',
        klPlacement: 'loss',
      },
    },
  }),
  preset({
    name: 'dr-grpo',
    title: 'Dr. GRPO (GRPO Done Right)',
    source: 'arXiv:2503.20783',
    summary: 'Drops the std scale and the 1/|o| length term: r - mean, constant normaliser sum/(B*L_max), no KL.',
    unverified: [
      'Clip epsilon of the reference (oat) default was not read; 0.2 is used.',
      'How oat reduces over the batch was not read; TRL dr_grpo form is used.',
    ],
    config: {
      advantage: { baseline: 'mean', scale: 'none' },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'constant', klCoef: 0 },
    },
  }),
  preset({
    name: 'dapo',
    title: 'DAPO',
    source: 'arXiv:2503.14476',
    summary: 'Clip-higher (0.2/0.28), token-mean loss, dynamic sampling of zero-variance groups, soft overlong punishment, no KL.',
    unverified: ['Paper warm-up schedule not read.', 'The +1/-1 rule reward is from a secondary summary; the task reward is used as is.'],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std', epsilon: 1e-6 },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.28, aggregation: 'token-mean', klCoef: 0 },
      data: { dynamicSampling: true, overlongShaping: true, maskTruncated: false },
    },
  }),
  preset({
    name: 'rloo',
    title: 'RLOO (REINFORCE Leave-One-Out)',
    source: 'arXiv:2402.14740',
    summary: 'Leave-one-out baseline, no std scale, sequence-level ratio, KL (k1) in the reward.',
    unverified: [
      'TRL RLOO uses the sequence ratio exp(sum of token log-ratios); ratioLevel "sequence" here is the GSPO geometric mean (equal on-policy).',
    ],
    config: {
      advantage: { baseline: 'leave-one-out', scale: 'none' },
      objective: {
        ratioLevel: 'sequence',
        clipMode: 'clip',
        epsLow: 0.2,
        epsHigh: 0.2,
        aggregation: 'seq-mean-token-mean',
        klCoef: 0.05,
        klEstimator: 'k1',
        klPlacement: 'reward',
      },
    },
  }),
  preset({
    name: 'reinforce-pp',
    title: 'REINFORCE++ (no baseline)',
    source: 'arXiv:2501.03262',
    summary: 'Raw reward with k1 KL in the reward, whitened over the whole batch; token-level clipped surrogate.',
    unverified: ['Paper defaults were not read; KL coefficient 0.001 follows a secondary source (rlinf docs).'],
    config: {
      advantage: { baseline: 'none', scale: 'none', globalWhiten: true },
      objective: {
        clipMode: 'clip',
        epsLow: 0.2,
        epsHigh: 0.2,
        aggregation: 'token-mean',
        klCoef: 0.001,
        klEstimator: 'k1',
        klPlacement: 'reward',
      },
    },
  }),
  preset({
    name: 'reinforce-pp-baseline',
    title: 'REINFORCE++-baseline',
    source: 'arXiv:2501.03262',
    summary: 'Group mean-centring, then global whitening over the batch (sample var + 1e-8); token-mean clipped loss.',
    unverified: [
      'KL estimator and placement: sources disagree (k1 vs k2, reward vs loss); k1 in the reward at 0.001 is a guess.',
      'Paper defaults were not read.',
    ],
    config: {
      advantage: { baseline: 'mean', scale: 'none', globalWhiten: true },
      objective: {
        clipMode: 'clip',
        epsLow: 0.2,
        epsHigh: 0.2,
        aggregation: 'token-mean',
        klCoef: 0.001,
        klEstimator: 'k1',
        klPlacement: 'reward',
      },
    },
  }),
  preset({
    name: 'lite-ppo',
    title: 'Lite PPO (TRL scale_rewards="batch")',
    source: 'arXiv:2508.08221',
    summary: 'Group mean baseline divided by the std of the raw rewards of the whole batch; token-mean, no KL.',
    unverified: [],
    config: {
      advantage: { baseline: 'mean', scale: 'batch-std', epsilon: 1e-4 },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
    },
  }),
  preset({
    name: 'mc-grpo',
    title: 'MC-GRPO (median-centred)',
    source: 'arXiv:2601.22582',
    summary: 'Sample G+1, median baseline / MAD (+1e-3); the median pivot gets 0 and leaves the loss. Fewer sign flips at small G.',
    unverified: [
      'Pivot tie-break (first index with the median) is a playground choice.',
      'The gsm trainer multiplier (G+1)/#nonzero is not applied (math trainer form).',
    ],
    config: {
      advantage: { baseline: 'median', scale: 'mad', madEpsilon: 1e-3 },
      objective: {
        clipMode: 'clip',
        epsLow: 0.2,
        epsHigh: 0.2,
        aggregation: 'token-mean',
        klCoef: 0.04,
        klEstimator: 'k3',
        klPlacement: 'loss',
      },
      data: { mcPivot: true },
      innerEpochs: 2,
    },
  }),
  preset({
    name: 'ngrpo',
    title: 'NGRPO (negative-enhanced)',
    source: 'arXiv:2509.18851',
    summary:
      'Virtual max-reward sample in the group stats gives all-wrong groups negative advantages; clip 0.16/0.24; drop all-correct groups.',
    unverified: [],
    config: {
      // r_max is the best achievable weighted reward: 1.1 with the default weights {correct: 1, format: 0.1}.
      advantage: { baseline: 'ngrpo-virtual-max', virtualMaxReward: 1.1, virtualCount: 1, scale: 'group-std', epsilon: 1e-6 },
      objective: { clipMode: 'clip', epsLow: 0.16, epsHigh: 0.24, aggregation: 'token-mean', klCoef: 0, entropyCoef: 0.001 },
      data: { dropAllCorrect: true },
    },
  }),
  preset({
    name: 'rs-grpo',
    title: 'RS-GRPO (risk-sensitive)',
    source: 'arXiv:2509.24261',
    summary: 'Exponential-utility advantage (e^{beta r}/mean e^{beta r} - 1)/beta, beta 2: leans toward the max reward for pass@k.',
    unverified: [],
    config: {
      advantage: { baseline: 'rs-exp-utility', rsBeta: 2, scale: 'none' },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
    },
  }),
  preset({
    name: 'gdpo',
    title: 'GDPO (reward-decoupled normalisation)',
    source: 'arXiv:2601.05242',
    summary: 'Normalise each reward component within the group, weighted sum, then batch-normalise: no multi-reward collapse.',
    unverified: [],
    config: {
      advantage: { gdpo: true, baseline: 'mean', scale: 'group-std', epsilon: 1e-4 },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
    },
  }),
  preset({
    name: 'meml',
    title: 'MEML-style multi-expert (unverified)',
    source: 'arXiv:2508.09670',
    summary: 'K expert prompt prefixes, per-expert mean baseline, mutual-learning term and hard-example SFT buffer.',
    unverified: [
      'Whole entry: no code; method details come from secondary summaries that disagree.',
      'Rollout split (G per expert vs G/K per expert).',
      'Positive-only advantages, sign and stop-gradient of the mutual-learning KL term.',
      "Mutual learning trains only the final answer of the strong expert's completion under the weak prompt (playground choice).",
      'lambda values (not reported; lambda1 0.5 and lambda2 0.1 are playground choices, see docs/experts-evidence.md).',
    ],
    config: {
      advantage: { baseline: 'mean', scale: 'none' },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
      experts: { enabled: true, baselineScope: 'per-expert', mutualLambda: 0.5, sftLambda: 0.1 },
    },
  }),
  preset({
    name: 'scaf-grpo',
    title: 'Scaf-GRPO (scaffolded hints)',
    source: 'arXiv:2510.19807',
    summary: 'After warm-up, all-wrong groups get tiered hint re-rollouts; the minimal successful hint replaces one rollout.',
    unverified: ['Samples drawn per hinted prompt.', 'Paper describes three hint tiers; the code uses two.'],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std', epsilon: 1e-6 },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0, entropyCoef: 0 },
      data: { scafHints: true, scafWarmup: 5 },
    },
  }),
  preset({
    name: 'rec',
    title: 'REC-OneSide-NoIS',
    source: 'arXiv:2509.24203',
    summary: 'Group-relative REINFORCE (r - mean) with a one-sided clip mask and no importance weight.',
    unverified: ['The wider (0.6, 2.0) clip band is from a secondary summary; 0.2/0.2 is used.'],
    config: {
      advantage: { baseline: 'mean', scale: 'none' },
      objective: { clipMode: 'rec-one-side', recImportanceWeights: false, epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
    },
  }),
  preset({
    name: 'opmd',
    title: 'OPMD (online policy mirror descent, Trinity)',
    source: 'arXiv:2509.24203',
    summary: 'logavgexp baseline (tau 1), REINFORCE loss without ratio or clip, scaled by 1/(1+tau).',
    unverified: ['Trinity OPMD uses a k2 KL loss whose coefficient is set per config; 0 is used.'],
    config: {
      advantage: { baseline: 'logavgexp', tau: 1, scale: 'none' },
      objective: { clipMode: 'none', opmdScale: true, aggregation: 'token-mean', klCoef: 0, klEstimator: 'k2' },
    },
  }),
  preset({
    name: 'asymre',
    title: 'AsymRE (asymmetric REINFORCE)',
    source: 'arXiv:2509.24203',
    summary: 'Baseline lowered by 0.1 (every sample +0.1), OPMD-style loss without ratio or clip.',
    unverified: ['The KL-regulariser interpretation is from secondary summaries.'],
    config: {
      advantage: { baseline: 'mean', scale: 'none', baselineShift: -0.1 },
      objective: { clipMode: 'none', opmdScale: true, aggregation: 'token-mean', klCoef: 0 },
    },
  }),
  preset({
    name: 'gspo',
    title: 'GSPO (group sequence policy optimisation)',
    source: 'arXiv:2507.18071',
    summary: 'Sequence-level geometric-mean ratio with a tiny clip (3e-4/4e-4); only bites off-policy, so 2 inner epochs.',
    unverified: [],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std' },
      objective: { ratioLevel: 'sequence', clipMode: 'clip', epsLow: 3e-4, epsHigh: 4e-4, aggregation: 'seq-mean-token-mean', klCoef: 0 },
      innerEpochs: 2,
    },
  }),
  preset({
    name: 'unlikeliness',
    title: 'Rewarding the Unlikely',
    source: 'arXiv:2506.02355',
    summary: 'Rank penalty r(1 - 0.25 rank) favours unlikely correct samples before GRPO normalisation; 2 PPO epochs, KL 0.1.',
    unverified: ['Whether the paper ranks among correct samples only (the code ranks all samples).'],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std', epsilon: 1e-6, unlikelinessBeta: 0.25 },
      objective: {
        clipMode: 'clip',
        epsLow: 0.2,
        epsHigh: 0.2,
        aggregation: 'token-mean',
        klCoef: 0.1,
        klEstimator: 'k3',
        klPlacement: 'loss',
      },
      innerEpochs: 2,
    },
  }),
  preset({
    name: 'a-grae',
    title: 'A-GRAE (asymmetric advantage)',
    source: 'arXiv:2602.05548',
    summary: 'Difficulty mix by batch accuracy and suppression of positive advantages by min(1, p-bar/alpha).',
    unverified: [],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std', epsilon: 1e-6, agrae: true, agraeAlpha: 1 },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
    },
  }),
  preset({
    name: 'seed-grpo',
    title: 'SEED-style GRPO (unverified f)',
    source: 'arXiv:2505.12346',
    summary: 'Advantages shrunk on uncertain prompts: A/(1 + alpha/log G * semantic entropy of the answer clusters).',
    unverified: [
      'Modulation function f, alpha and the entropy estimator: third-party re-implementation only (A/(1+alpha_eff SE), alpha 0.0417).',
    ],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std', seedAlpha: 0.0417 },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
    },
  }),
  preset({
    name: 'pass-at-k',
    title: 'Pass@k Training (analytic advantage)',
    source: 'arXiv:2508.10751',
    summary: 'Closed-form pass@k advantage over the group (k = 4): rewards exploration that raises the chance one of k is right.',
    unverified: [
      'The closed-form advantage comes from a third-party re-implementation, not the paper text.',
      'k = 4 is a playground choice.',
    ],
    config: {
      advantage: { passK: 'analytic', passKk: 4 },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
    },
  }),
  preset({
    name: 'grpo-passk',
    title: 'verl grpo_passk (best sample only)',
    source: 'arXiv:2503.19595',
    summary: 'Only the best sample of each group gets (r_max - r_second)/(std + eps); everything else 0.',
    unverified: [],
    config: {
      advantage: { passK: 'best-only', scale: 'group-std', epsilon: 1e-6 },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
    },
  }),
  // Issue 15: the rest of the seed papers' methods. Provenance per method: docs/algorithms/<name>.md.
  preset({
    name: 'g2rpo',
    title: 'G²RPO (Gaussian GRPO, OpenVLThinkerV2)',
    source: 'arXiv:2604.08539',
    summary: 'Each group’s rewards mapped onto N(0,1) by rank (1D optimal transport) instead of (r - mean)/std.',
    unverified: [
      'No public code found: the quantile points (k - 0.5)/G and the tie rule (ties share the mean quantile) are playground choices.',
      'The paper’s response-length and entropy shaping are not included.',
      'Clip, aggregation and KL are the GRPO defaults here; the paper’s values were not read.',
    ],
    config: {
      advantage: { g2rpo: true },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
    },
  }),
  preset({
    name: 'arena-rl',
    title: 'ArenaRL (tournament ranking)',
    source: 'arXiv:2601.06487',
    summary: 'Advantages from a seeded single-elimination tournament inside each group: rank reward 1 - rank/(G-1), standardised.',
    unverified: [
      'The judge is the task’s verifier reward compared pairwise; the paper’s judge is an LLM with process-aware rubrics.',
      'Policy-loss settings (clip, aggregation, KL) of the paper were not read; GRPO defaults are used.',
    ],
    config: {
      advantage: { arena: true },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
    },
  }),
  preset({
    name: 'luspo',
    title: 'LUSPO (length-unbiased sequence policy optimisation)',
    source: 'arXiv:2602.05261',
    summary: 'GSPO’s sequence ratio, each sequence’s loss scaled by its length: (1/B) sum |o_i| l_i (TRL loss_type "luspo").',
    unverified: ['Read from TRL’s implementation only (not the paper); GSPO’s clip 3e-4/4e-4 is carried over.'],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std' },
      // With one ratio per sequence, (1/B) sum_i |o_i| l_i is exactly the token sum over B: seq-mean-token-sum.
      objective: { ratioLevel: 'sequence', clipMode: 'clip', epsLow: 3e-4, epsHigh: 4e-4, aggregation: 'seq-mean-token-sum', klCoef: 0 },
      innerEpochs: 2,
    },
  }),
  preset({
    name: 'llds',
    title: 'GRPO + LLDS (lazy likelihood displacement fix)',
    source: 'arXiv:2512.04220',
    summary: 'Likelihood-preserving term: responses with A >= 0 whose likelihood fell get their falling tokens pulled back (lambda 0.2).',
    unverified: [
      'A toy completion is one chunk, so the code’s per-turn (action-level) gate equals its response-level gate here.',
      'Two inner epochs are a playground choice: with one optimizer step per batch the term is always 0.',
    ],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std', epsilon: 1e-6 },
      objective: {
        clipMode: 'clip',
        epsLow: 0.2,
        epsHigh: 0.2,
        aggregation: 'token-mean',
        klCoef: 0.001,
        klEstimator: 'k3',
        klPlacement: 'loss',
        lldsCoef: 0.2,
      },
      innerEpochs: 2,
    },
  }),
  preset({
    name: 'skywork-or1',
    title: 'Skywork-OR1 adaptive entropy control',
    source: 'arXiv:2505.22312',
    summary: 'GRPO whose entropy bonus is switched on below a target entropy (0.2) and stepped by 1e-4 within [0, 0.005].',
    unverified: [
      'Only the entropy controller and the no-KL GRPO estimator were read from the code; other loss settings are GRPO defaults.',
    ],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std', epsilon: 1e-6 },
      objective: {
        clipMode: 'clip',
        epsLow: 0.2,
        epsHigh: 0.2,
        aggregation: 'token-mean',
        klCoef: 0,
        entropyCoef: 0,
        entropyAdaptive: true,
        entropyTarget: 0.2,
        entropyCoefDelta: 1e-4,
        entropyCoefMin: 0,
        entropyCoefMax: 0.005,
      },
    },
  }),
  preset({
    name: 'rec-ring',
    title: 'REC-Ring-NoIS',
    source: 'arXiv:2509.24203',
    summary: 'REC with the ring mask: the 0.2 band plus outer bands (0.6 / 2) that keep tokens the update would pull back.',
    unverified: ['Ring bands are Trinity’s defaults; which bands the paper’s runs used was not read.'],
    config: {
      advantage: { baseline: 'mean', scale: 'none' },
      objective: {
        clipMode: 'rec-ring',
        recImportanceWeights: false,
        epsLow: 0.2,
        epsHigh: 0.2,
        recRingEpsLow: 0.6,
        recRingEpsHigh: 2,
        aggregation: 'token-mean',
        klCoef: 0,
      },
      innerEpochs: 2,
    },
  }),
  preset({
    name: 'intellect-2',
    title: 'Two-sided clipping (INTELLECT-2, TRL delta)',
    source: 'arXiv:2505.07291',
    summary: 'GRPO whose unclipped branch caps the ratio at delta = 4, so huge ratios on negative advantages cannot blow up.',
    unverified: ['delta 4 and clip 0.2 follow TRL’s documentation example; the report’s own values were not read.'],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std' },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, clipDelta: 4, aggregation: 'token-mean', klCoef: 0 },
      innerEpochs: 2,
    },
  }),
  preset({
    name: 'dr-grpo-verl',
    title: 'Dr. GRPO as verl writes it',
    source: 'arXiv:2503.20783',
    summary:
      'r - mean, no std, verl’s seq-mean-token-sum-norm (token sum / L_max, no division by B): the lr scale differs from TRL’s by B.',
    unverified: ['Clip epsilon of the reference (oat) default was not read; 0.2 is used.'],
    config: {
      advantage: { baseline: 'mean', scale: 'none' },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'seq-mean-token-sum-norm', klCoef: 0 },
    },
  }),
  preset({
    name: 'mmr1-vas',
    title: 'MMR1 variance-aware sampling',
    source: 'arXiv:2509.21268',
    summary: 'GRPO on a fixed prompt pool; half of each batch is drawn by outcome variance p(1 - p), half by a shuffled pass.',
    unverified: [
      'Pass rates come from each prompt’s own training rollouts; the code re-rolls 8 samples for the whole pool every 4 steps.',
      'Unseen prompts count as p = 0.5; the Trajectory Diversity Score (self-BLEU) is not implemented.',
      'Pool size 64 is a playground choice.',
    ],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std', epsilon: 1e-6 },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
      data: { vas: true, vasPoolSize: 64, vasMixture: 0.5 },
    },
  }),
  ...ISSUE15_PRESETS,
];

/** Alternative spellings accepted by getPreset (e.g. `--preset pass@k`). */
export const ALIASES: Record<string, string> = {
  'pass@k': 'pass-at-k',
  agrae: 'a-grae',
  seed: 'seed-grpo',
  'meml-grpo': 'meml',
  'reinforce++': 'reinforce-pp',
  'reinforce++-baseline': 'reinforce-pp-baseline',
  'gaussian-grpo': 'g2rpo',
  arenarl: 'arena-rl',
  skywork: 'skywork-or1',
};
