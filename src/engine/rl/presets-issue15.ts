// Presets of the issue-15 methods added after the first batch (docs/algorithms/ has one note per method). Kept in
// their own file so presets.ts stays under the size limit; PRESETS lists them after the others.
import type { Preset } from './preset-table';

export const ISSUE15_PRESETS: readonly Preset[] = [
  {
    name: 'dhpo',
    title: 'DHPO (dynamic hybrid policy optimisation)',
    source: 'arXiv:2601.05607',
    summary:
      'Token (GRPO) and sequence (GSPO) ratios, each clipped in its own range, mixed 50/50 inside one clipped surrogate; 2 inner epochs so the clip can bite.',
    unverified: [
      'Code not released; only the abstract was read: the mix formula, the PPO min taken after mixing and the entropy normalisation are this playground’s reading.',
      'Branch ranges: token 0.2/0.2 (GRPO) and sequence 3e-4/4e-4 (GSPO’s values); the paper’s own were not read.',
      'Averaged mixing (weight 1/2) is used; the entropy-guided variant is the knob objective.dhpoMix = "entropy".',
      'Aggregation seq-mean-token-mean and 2 inner epochs follow the gspo preset.',
    ],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std' },
      objective: {
        ratioLevel: 'hybrid',
        dhpoMix: 'average',
        dhpoSeqEpsLow: 3e-4,
        dhpoSeqEpsHigh: 4e-4,
        clipMode: 'clip',
        epsLow: 0.2,
        epsHigh: 0.2,
        aggregation: 'seq-mean-token-mean',
        klCoef: 0,
      },
      innerEpochs: 2,
    },
  },
  {
    name: 'srpo',
    title: 'SRPO (sample routing: GRPO for right, self-distillation for failed)',
    source: 'arXiv:2604.02288',
    summary:
      'Right samples keep their GRPO advantage; failed ones get SDPO token advantages log t - log s from the policy shown the fullest hint, weighted by the teacher’s confidence.',
    unverified: [
      'No public SRPO code; the abstract and a summary were read. The entropy weight exp(-H) normalised to mean 1 and lambda 1 are this playground’s reading.',
      'The distillation term is TRL’s SDPO sampled-token loss (fixture-tested); TRL’s teacher is an EMA of the policy, here it is the policy that sampled.',
      'The teacher’s feedback is the task’s fullest hint, not a right sibling or judge text; failed samples get no GRPO term.',
    ],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std' },
      objective: {
        clipMode: 'clip',
        epsLow: 0.2,
        epsHigh: 0.2,
        aggregation: 'token-mean',
        klCoef: 0,
        srpo: true,
        srpoCoef: 1,
        srpoEntropyWeighting: true,
      },
    },
  },
  {
    name: 'igrpo',
    title: 'iGRPO (draft, then GRPO on refinements of the best draft)',
    source: 'arXiv:2602.09000',
    summary:
      '4 drafts per prompt (no gradient), the highest-reward one goes into the prompt; GRPO trains the G refinements conditioned on it; evaluation uses no draft.',
    unverified: [
      'No public code; the abstract and two summaries were read. The draft is shown as the task’s fullest hint of its answer (the format the toy learned hints in), without its work.',
      'The paper matches rollout budgets between drafts and refinements; here drafts are extra (4 per prompt), a playground choice.',
      'Ties go to the first draft; a draft with no parsable answer leaves the prompt without a draft.',
    ],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std' },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
      data: { igrpo: true, igrpoDrafts: 4 },
    },
  },
  {
    name: 'sage',
    title: 'SAGE (self-hinting for all-wrong groups)',
    source: 'arXiv:2602.03143',
    summary:
      'A group whose rollouts are all wrong is sampled again with a hint the policy wrote from the reference answer, at the lowest level that yields a right rollout; trained on the hinted prompt; evaluation has no hint.',
    unverified: [
      'The released code (BaohaoLiao/SAGE recipe/hint) has the policy write 3 free-text hint levels from the solution; the toy policy cannot, so its hint is its own answer (shown the reference) masked by the task’s hint rule.',
      'Every level is tried at once and the lowest rescuing one is kept; the code’s level schedule was not reproduced.',
    ],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std' },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
      data: { sage: true },
    },
  },
  {
    name: 'hill',
    title: 'HiLL (hints chosen for transfer to the no-hint policy)',
    source: 'arXiv:2604.00698',
    summary:
      'SAGE-style self-written hints for all-wrong groups; among the hint levels, HiLL’s reward p(1 - p) exp(min(reliance, 0)/0.3) picks the one whose right answers depend least on the hint.',
    unverified: [
      'HiLL trains a separate hinter policy conditioned on the failed rollout; the toy has none, so the candidates are the self-written hint at each level (SAGE’s toy hint).',
      'The reward (transfer-weighted variance, T 0.3) and the reliance definition are from the code (fixture-tested); which reward type the paper’s main runs use was not read.',
    ],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std' },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
      data: { hill: true, hillTemperature: 0.3 },
    },
  },
  {
    name: 'gdro',
    title: 'Prompt-GDRO (difficulty-bin prompt reweighting)',
    source: 'arXiv:2601.19280',
    summary:
      'GRPO on a fixed prompt pool; prompts are drawn by pass@k bin with weights exp(eta x debiased bin error rate), so persistently hard bins are sampled more.',
    unverified: [
      'No public code; the abstract and two secondary summaries were read. The bin score (error rate), its debiasing (1 - beta^n), the softmax best response and the uniform floor are this playground’s reading.',
      'Equal-width bins, no hysteresis; unseen prompts count as pass@k 0.5.',
      'eta 2, beta 0.9, window 4, floor 0.1 and pool 64 are playground choices.',
      'Rollout-GDRO (a variable G per bin under the same mean budget) is not implemented.',
    ],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std' },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
      data: { gdro: true, gdroPoolSize: 64, gdroBins: 4, gdroEta: 2, gdroEmaBeta: 0.9, gdroWindow: 4, gdroFloor: 0.1 },
    },
  },
  {
    name: 'thr',
    title: 'THR (token hidden reward reweighting, exploitation)',
    source: 'arXiv:2510.03669',
    summary:
      'Each token’s influence on the right responses’ likelihood (prediction-error x hidden-state inner products with their tokens, times its advantage); tokens above the threshold are weighted 1 + p (positive THR) or 1 - p (negative), p = 0.5.',
    unverified: [
      'THR’s own equation and code were not found (abstract and reviews read); the score is NTHR’s (arXiv:2505.18830, fixture-tested against a public VERL example), extended here to every token and signed by its advantage.',
      'The threshold beta x the smallest |A x mean score| of a right response extends NTHR’s tau; the weights 1 +/- p and p = 0.5 are this playground’s reading of “amplify positive, weaken negative”.',
      'Right/wrong is the task’s correct component; hidden states are the final layer norm’s output under the sampling policy, V* is the group’s sampled tokens.',
    ],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std' },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0, thr: 'thr', thrP: 0.5, thrBeta: 1 },
    },
  },
  {
    name: 'rollout-gdro',
    title: 'Rollout-GDRO (rollouts reallocated across difficulty bins)',
    source: 'arXiv:2601.19280',
    summary:
      'The same B x G rollouts per step, split unevenly: each prompt gets G_i proportional to its pass@k bin’s sqrt(e(1 - e)) (e = debiased error rate), within [2, 16]; prompt bins are drawn uniformly (eta 0).',
    unverified: [
      'No public code; the abstract and summaries were read (shadow-price controller, discrete arms n_min..n_max, square-root allocation, fixed mean budget). The variance proxy sqrt(e(1 - e)) of the bin’s error rate is this playground’s reading.',
      'The price mu is solved exactly each step by bisection and the counts rounded by largest remainder; the paper’s controller is a running (no-regret) update.',
      'Bins and their error rates come from the Prompt-GDRO classifier (pass@k with k = the group’s own G); eta 0 spreads prompts uniformly over non-empty bins, not over prompts.',
      'n_min 2, n_max 16 are playground choices.',
    ],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std' },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0 },
      data: {
        gdro: true,
        gdroPoolSize: 64,
        gdroBins: 4,
        gdroEta: 0,
        gdroEmaBeta: 0.9,
        gdroWindow: 4,
        gdroFloor: 0.1,
        gdroRollouts: true,
        gdroMinG: 2,
        gdroMaxG: 16,
      },
    },
  },
  {
    name: 'dagrpo',
    title: 'DaGRPO (pair mask: sample pairs of low distinctiveness left out; anchors for all-wrong prompts)',
    source: 'arXiv:2512.06337',
    summary:
      'The mean baseline as a sum over sample pairs, without the pairs whose rewards differ by less than 0.5: pairs that differ only by the format bonus no longer push each other; right-vs-wrong pairs still do. Off-policy anchors: each prompt whose group is all wrong has its demonstration trained by an NLL term (lambda 0.1) beside the GRPO loss.',
    unverified: [
      'No public code; the abstract and summaries were read (“fine-grained scoring to dynamically mask sample pairs with low distinctiveness”). The pair form of the mean baseline, the mask rule |r_i - r_j| < delta and delta 0.5 are this playground’s reading.',
      'The fine-grained score is the task’s weighted reward (correct 1 + format 0.1 by default); the paper’s comes from an LLM scorer.',
      'Anchors: how an anchor enters the loss was not read. Here it is an NLL (SFT) term on the task’s demonstration beside the GRPO loss, not an off-policy sample inside the group with importance weights; the hardness rule (the whole group wrong this step) and lambda 0.1 are this playground’s choices.',
    ],
    config: {
      advantage: { baseline: 'mean', scale: 'group-std', dagrpoDelta: 0.5 },
      objective: { clipMode: 'clip', epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean', klCoef: 0, anchorLambda: 0.1 },
    },
  },
];
