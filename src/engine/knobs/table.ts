// The knob registry's data: one entry per RunConfig path (see types.ts for what each field means). Kinds, ranges
// and defaults are not repeated here; they stay in the zod schema (config.ts). Adding a config field without an
// entry here fails to compile, naming the missing path.
import type { RunConfig } from '../config';
import type { KnobRegistry } from './types';

const stdScale = (c: RunConfig) =>
  c.advantage.scale === 'group-std' || c.advantage.scale === 'batch-std' ? undefined : 'scale is not a std';

function clipModeNote(c: RunConfig): string | undefined {
  const { clipMode, recImportanceWeights, recRingEpsLow, recRingEpsHigh } = c.objective;
  if (clipMode === 'none') return 'clipMode "none" (OPMD/AsymRE REINFORCE loss without ratio or clip)';
  if (clipMode === 'rec-one-side' || clipMode === 'rec-two-side')
    return `clipMode "${clipMode}" (REC clip mask ${recImportanceWeights ? 'with' : 'without'} importance weights, see Trinity-RFT)`;
  if (clipMode === 'rec-ring')
    return `clipMode "rec-ring" (REC ring mask, outer bands ${recRingEpsLow} / ${recRingEpsHigh}, see Trinity-RFT)`;
  return undefined;
}

function entropyAdaptiveNote(c: RunConfig): string | undefined {
  const o = c.objective;
  return o.entropyAdaptive
    ? `Skywork-OR1 adaptive entropy control (target ${o.entropyTarget}, step ${o.entropyCoefDelta}, range [${o.entropyCoefMin}, ${o.entropyCoefMax}])`
    : undefined;
}

export const KNOB_REGISTRY = {
  preset: { label: 'Preset', help: 'The paper preset the method knobs came from (see --list-presets).' },
  // Setup
  task: {
    trl: 'your dataset and reward functions',
    verl: 'your dataset and reward function',
    label: 'Task',
    help: 'The verifiable task the policy is trained on.',
  },
  difficulty: { label: 'Difficulty', help: 'Problem size (digits, list length, ...): harder means sparser reward.' },
  modelSize: {
    flag: 'size',
    short: 'model',
    label: 'Model size',
    help: 'nano (1 layer, d 32), tiny (2 layers, d 64), small (3 layers, d 96).',
  },
  init: {
    label: 'Start from',
    help: 'A shipped base policy (warm-started on demonstrations) or random weights.',
    optionLabels: { checkpoint: 'Shipped base policy', random: 'Random init' },
  },
  seed: { trl: 'seed', label: 'Seed', help: 'Seeds every random stream: weights, prompts, sampling, minibatch order.' },
  // Training
  prompts: {
    unit: 'prompts',
    trl: 'per_device_train_batch_size (B x G completions)',
    verl: 'data.train_batch_size',
    short: 'B',
    label: 'Prompts per step (B)',
    help: 'Distinct problems sampled each step.',
  },
  groupSize: {
    unit: 'rollouts',
    trl: 'num_generations',
    verl: 'actor_rollout_ref.rollout.n',
    short: 'G',
    label: 'Group size (G)',
    help: 'Rollouts per prompt: the group each advantage is computed within.',
  },
  temperature: {
    trl: 'temperature',
    verl: 'actor_rollout_ref.rollout.temperature',
    short: 'temp',
    label: 'Temperature',
    help: 'Sampling temperature of the rollouts.',
    step: 0.1,
  },
  maxCompletionLength: {
    unit: 'characters',
    trl: 'max_completion_length',
    verl: 'data.max_response_length',
    short: 'max_len',
    label: 'Max completion',
    help: 'Longest completion in characters (0 = the task’s own limit).',
  },
  lr: {
    trl: 'learning_rate',
    verl: 'actor.optim.lr',
    label: 'Learning rate',
    help: 'Adam step size; applies at the next step.',
    step: 0.0001,
  },
  adamEpsilon: {
    trl: 'adam_epsilon',
    verl: null,
    note: (c) => (c.adamEpsilon !== 1e-8 ? `Adam epsilon ${c.adamEpsilon}` : undefined),
    short: 'adam_eps',
    label: 'Adam ε',
    help: 'Adam’s denominator floor.',
  },
  gradClip: {
    trl: 'max_grad_norm',
    verl: 'actor.grad_clip',
    short: 'grad_clip',
    label: 'Gradient clip',
    help: 'Clip the global gradient norm to this value (0 = off).',
    step: 0.1,
  },
  innerEpochs: {
    unit: 'passes',
    trl: 'num_iterations',
    verl: 'actor.ppo_epochs',
    short: 'mu',
    label: 'Inner epochs (μ)',
    help: 'Passes over each rollout batch; ratios move off 1 after the first.',
  },
  minibatches: {
    trl: 'steps_per_generation',
    verl: 'actor.ppo_mini_batch_size (B / minibatches)',
    label: 'Minibatches',
    help: 'Minibatches per pass over the rollouts.',
  },
  rewardWeights: {
    trl: 'reward_weights',
    verl: 'your reward function',
    label: 'Reward weights',
    help: 'Weight of each reward component in the total reward.',
  },
  hintLevel: {
    trl: null,
    verl: null,
    note: (c) => (c.hintLevel > 0 ? `fixed hint level ${c.hintLevel}: put the hint in the dataset prompts instead` : undefined),
    short: 'hint',
    label: 'Hint level',
    help: 'A hint in every prompt: 0 = none; each level reveals more of the answer.',
  },
  evalEvery: { unit: 'steps', label: 'Eval every', help: 'Greedy pass@1 on held-out problems every N steps (0 = never).' },
  evalSize: { unit: 'problems', label: 'Eval problems', help: 'Held-out problems per evaluation.' },
  oracleSamples: {
    unit: 'samples',
    label: 'Oracle samples (K)',
    help: 'At each eval, K extra samples per probe prompt estimate its true success rate p(x), to judge the advantages (0 = off). Off the gradient path.',
  },
  oracleProbes: { unit: 'prompts', label: 'Oracle probes', help: 'Fixed probe prompts the oracle metrics are measured on.' },
  // Advantage
  'advantage.baseline': {
    trl: 'always the group mean (noted otherwise)',
    verl: 'algorithm.adv_estimator',
    label: 'Baseline',
    help: 'What each reward is compared with inside its group.',
    optionLabels: {
      mean: 'group mean (GRPO)',
      median: 'group median (MC-GRPO)',
      'leave-one-out': 'leave-one-out mean (RLOO)',
      logavgexp: 'log-avg-exp (OPMD)',
      none: 'none (raw reward)',
      'ngrpo-virtual-max': 'mean with virtual max sample (NGRPO)',
      'rs-exp-utility': 'exponential utility (RS-GRPO)',
    },
  },
  'advantage.tau': {
    label: 'τ (log-avg-exp)',
    help: 'Temperature of the log-avg-exp baseline.',
    inactive: (c) => (c.advantage.baseline === 'logavgexp' ? undefined : 'baseline is not log-avg-exp'),
  },
  'advantage.rsBeta': {
    short: 'rs_beta',
    label: 'β (risk)',
    help: 'Risk-seeking β of the exponential-utility advantage.',
    inactive: (c) => (c.advantage.baseline === 'rs-exp-utility' ? undefined : 'baseline is not exponential utility'),
  },
  'advantage.virtualMaxReward': {
    short: 'r_max',
    label: 'Virtual reward',
    help: 'Reward of the virtual samples NGRPO adds to the group statistics.',
    inactive: (c) => (c.advantage.baseline === 'ngrpo-virtual-max' ? undefined : 'baseline is not NGRPO'),
  },
  'advantage.virtualCount': {
    short: 'virtual_n',
    label: 'Virtual samples',
    help: 'How many virtual max-reward samples are added.',
    inactive: (c) => (c.advantage.baseline === 'ngrpo-virtual-max' ? undefined : 'baseline is not NGRPO'),
  },
  'advantage.scale': {
    trl: 'scale_rewards',
    verl: 'algorithm.norm_adv_by_std_in_grpo',
    label: 'Scale',
    help: 'What the centred reward is divided by.',
    optionLabels: {
      'group-std': 'group std (GRPO)',
      'batch-std': 'batch std (Lite PPO)',
      mad: 'MAD (MC-GRPO)',
      none: 'none (Dr. GRPO, RLOO)',
    },
  },
  'advantage.stdType': {
    short: 'std',
    label: 'Std type',
    help: 'Sample (n−1, TRL) or population (n) standard deviation.',
    inactive: stdScale,
  },
  'advantage.epsilon': {
    short: 'adv_eps',
    label: 'Std ε',
    help: 'Added to the std before dividing (TRL 1e-4, verl 1e-6).',
    inactive: stdScale,
  },
  'advantage.madEpsilon': {
    label: 'MAD ε',
    help: 'Floor added to the MAD (MC-GRPO: 1e-3).',
    inactive: (c) => (c.advantage.scale === 'mad' ? undefined : 'scale is not MAD'),
  },
  'advantage.gdpo': {
    trl: 'multi_objective_aggregation',
    verl: null,
    note: (c) => (c.advantage.gdpo ? 'GDPO per-reward normalisation: verl sums the rewards into one score first' : undefined),
    short: 'GDPO',
    label: 'GDPO',
    help: 'Normalise each reward component in the group, sum, then batch-normalise.',
  },
  'advantage.unlikelinessBeta': {
    trl: null,
    verl: null,
    note: (c) => (c.advantage.unlikelinessBeta > 0 ? `unlikeliness rank penalty (beta ${c.advantage.unlikelinessBeta})` : undefined),
    short: 'unlikely_beta',
    label: 'Unlikeliness β',
    help: 'Rank penalty r(1 − β·rank) that favours unlikely correct samples (0 = off).',
    step: 0.05,
  },
  'advantage.agrae': {
    trl: null,
    verl: null,
    note: (c) => (c.advantage.agrae ? `A-GRAE asymmetric advantage (alpha ${c.advantage.agraeAlpha})` : undefined),
    short: 'A-GRAE',
    label: 'A-GRAE',
    help: 'Mix difficulty by batch accuracy and damp positive advantages.',
  },
  'advantage.agraeAlpha': {
    label: 'A-GRAE α',
    help: 'Positive advantages scale by min(1, p̄/α).',
    inactive: (c) => (c.advantage.agrae ? undefined : 'A-GRAE is off'),
  },
  'advantage.seedAlpha': {
    trl: null,
    verl: null,
    note: (c) => (c.advantage.seedAlpha > 0 ? `SEED semantic-entropy scaling (alpha ${c.advantage.seedAlpha})` : undefined),
    short: 'seed_alpha',
    label: 'SEED α',
    help: 'Shrink advantages on prompts whose answers disagree (semantic entropy); 0 = off.',
  },
  'advantage.passK': {
    trl: null,
    verl: 'algorithm.adv_estimator grpo_passk',
    note: (c) => (c.advantage.passK !== 'off' ? `pass@k advantage "${c.advantage.passK}" (k ${c.advantage.passKk})` : undefined),
    short: 'pass@k',
    label: 'Pass@k',
    help: 'Replace the advantage: best sample only (verl) or the analytic pass@k estimate.',
    optionLabels: { off: 'off', 'best-only': 'best sample only', analytic: 'analytic pass@k' },
  },
  'advantage.passKk': {
    short: 'k',
    label: 'k',
    help: 'k of the analytic pass@k advantage.',
    inactive: (c) => (c.advantage.passK === 'analytic' ? undefined : 'pass@k is not analytic'),
  },
  'advantage.baselineShift': {
    trl: null,
    verl: null,
    note: (c) => (c.advantage.baselineShift !== 0 ? `baseline shift ${c.advantage.baselineShift} (AsymRE)` : undefined),
    short: 'baseline_shift',
    label: 'Baseline shift',
    help: 'Constant added to the baseline (AsymRE −0.1 lifts every sample).',
    step: 0.05,
  },
  'advantage.globalWhiten': {
    trl: null,
    verl: 'algorithm.adv_estimator reinforce_plus_plus(_baseline)',
    note: (c) => (c.advantage.globalWhiten ? 'global whitening of advantages over the batch (REINFORCE++)' : undefined),
    short: 'whiten',
    label: 'Global whitening',
    help: 'Whiten all advantages over the batch (REINFORCE++).',
  },
  // Objective
  'objective.ratioLevel': {
    trl: 'importance_sampling_level',
    verl: 'actor.policy_loss.loss_mode (gspo)',
    short: 'ratio',
    label: 'Ratio level',
    help: 'Importance ratio per token (PPO, GRPO), per sequence (GSPO), or DHPO’s mix of both, each clipped in its own range.',
  },
  'objective.clipMode': {
    trl: null,
    verl: null,
    note: clipModeNote,
    short: 'clip',
    label: 'Clipping',
    help: 'How the policy ratio is limited.',
    optionLabels: {
      clip: 'PPO clip',
      'dual-clip': 'dual clip',
      none: 'none (REINFORCE)',
      'rec-one-side': 'REC one-sided',
      'rec-two-side': 'REC two-sided',
      'rec-ring': 'REC ring',
    },
  },
  'objective.epsLow': {
    trl: 'epsilon',
    verl: 'actor.clip_ratio_low',
    short: 'eps_low',
    label: 'ε low',
    help: 'Lower clip range: ratio ≥ 1 − ε_low.',
    step: 0.01,
    inactive: (c) => (c.objective.clipMode === 'none' ? 'clipping is off' : undefined),
  },
  'objective.epsHigh': {
    trl: 'epsilon_high',
    verl: 'actor.clip_ratio_high',
    short: 'eps_high',
    label: 'ε high',
    help: 'Upper clip range (DAPO clip-higher: 0.28).',
    step: 0.01,
    inactive: (c) => (c.objective.clipMode === 'none' ? 'clipping is off' : undefined),
  },
  'objective.dualClipC': {
    trl: 'delta (nearest)',
    verl: 'actor.clip_ratio_c',
    short: 'dual_c',
    label: 'Dual-clip c',
    help: 'Bound on the ratio for negative advantages.',
    inactive: (c) => (c.objective.clipMode === 'dual-clip' ? undefined : 'not dual clip'),
  },
  'objective.recImportanceWeights': {
    label: 'REC importance weights',
    help: 'Multiply by the detached ratio.',
    inactive: (c) => (c.objective.clipMode.startsWith('rec') ? undefined : 'not REC'),
  },
  'objective.opmdScale': {
    trl: null,
    verl: null,
    note: (c) => (c.objective.opmdScale ? `OPMD loss scale 1/(1+tau) (tau ${c.advantage.tau})` : undefined),
    label: 'OPMD scale',
    help: 'Scale the loss by 1/(1+τ).',
  },
  'objective.aggregation': {
    trl: 'loss_type',
    verl: 'actor.loss_agg_mode',
    short: 'agg',
    label: 'Loss aggregation',
    help: 'How token losses are averaged.',
    optionLabels: {
      'token-mean': 'token mean (DAPO)',
      'seq-mean-token-mean': 'per sequence, then batch (GRPO)',
      'seq-mean-token-sum': 'token sum per sequence',
      constant: 'constant normaliser (Dr. GRPO)',
      'seq-mean-token-sum-norm': 'token sum / L, no /B (verl Dr. GRPO)',
    },
  },
  'objective.klCoef': {
    trl: 'beta (in the loss)',
    verl: 'actor.kl_loss_coef or algorithm.kl_ctrl.kl_coef',
    short: 'kl',
    label: 'KL β',
    help: 'Penalty toward the frozen starting policy (0 = off).',
    step: 0.01,
  },
  'objective.klEstimator': {
    trl: 'k3 only',
    verl: 'actor.kl_loss_type / algorithm.kl_penalty',
    short: 'kl_est',
    label: 'KL estimator',
    help: 'k1 log-ratio, k2 squared, k3 unbiased (GRPO), abs |log-ratio| (verl).',
    inactive: (c) => (c.objective.klCoef > 0 ? undefined : 'KL β is 0'),
  },
  'objective.klPlacement': {
    trl: 'loss only',
    verl: 'actor.use_kl_loss / algorithm.use_kl_in_reward',
    short: 'kl_in',
    label: 'KL placement',
    help: 'In the loss (GRPO) or subtracted from the reward (RLOO, REINFORCE++).',
    inactive: (c) => (c.objective.klCoef > 0 ? undefined : 'KL β is 0'),
  },
  'objective.entropyCoef': {
    trl: null,
    verl: 'actor.entropy_coeff',
    note: (c) =>
      c.objective.entropyCoef !== 0 ? `entropy coefficient ${c.objective.entropyCoef}: GRPOConfig has no entropy bonus` : undefined,
    short: 'ent_coef',
    label: 'Entropy bonus',
    help: 'Coefficient of an entropy bonus (negative = penalty).',
    step: 0.001,
  },
  // Issue-15 method knobs (docs/algorithms/).
  'objective.clipDelta': {
    trl: 'delta',
    verl: null,
    note: (c) =>
      c.objective.clipDelta > 0 ? `two-sided clip delta ${c.objective.clipDelta} (TRL delta): verl has no such option` : undefined,
    short: 'clip_delta',
    label: 'Two-sided clip δ',
    help: 'TRL/INTELLECT-2: cap the unclipped ratio at δ (> 1 + ε high); 0 = off.',
    step: 0.5,
    inactive: (c) => (c.objective.clipMode === 'clip' || c.objective.clipMode === 'dual-clip' ? undefined : 'not PPO clip'),
  },
  'objective.recRingEpsLow': {
    label: 'Ring ε′ low',
    help: 'REC ring: A ≥ 0 tokens with ratio ≤ 1 − ε′ low are kept.',
    step: 0.05,
    inactive: (c) => (c.objective.clipMode === 'rec-ring' ? undefined : 'not REC ring'),
  },
  'objective.recRingEpsHigh': {
    label: 'Ring ε′ high',
    help: 'REC ring: A ≤ 0 tokens with ratio ≥ 1 + ε′ high are kept.',
    step: 0.1,
    inactive: (c) => (c.objective.clipMode === 'rec-ring' ? undefined : 'not REC ring'),
  },
  'objective.lldsCoef': {
    trl: null,
    verl: null,
    note: (c) => (c.objective.lldsCoef > 0 ? `LLDS likelihood-preserving regulariser (lambda ${c.objective.lldsCoef})` : undefined),
    short: 'llds',
    label: 'LLDS λ',
    help: 'Pull back tokens of A ≥ 0 responses whose likelihood fell during the update (needs > 1 minibatch or epoch); 0 = off.',
    step: 0.05,
  },
  'objective.entropyAdaptive': {
    trl: null,
    verl: null,
    note: entropyAdaptiveNote,
    short: 'adaptive_ent',
    label: 'Adaptive entropy',
    help: 'Skywork-OR1: step the entropy coefficient toward a target entropy; the bonus is off above the target.',
  },
  'objective.entropyTarget': {
    label: 'Entropy target',
    help: 'Target mean token entropy (nats).',
    step: 0.05,
    inactive: (c) => (c.objective.entropyAdaptive ? undefined : 'adaptive entropy is off'),
  },
  'objective.entropyCoefDelta': {
    label: 'Entropy coef step',
    help: 'Change of the coefficient per step.',
    inactive: (c) => (c.objective.entropyAdaptive ? undefined : 'adaptive entropy is off'),
  },
  'objective.entropyCoefMin': {
    label: 'Entropy coef min',
    help: 'Lower bound of the adaptive coefficient.',
    inactive: (c) => (c.objective.entropyAdaptive ? undefined : 'adaptive entropy is off'),
  },
  'objective.entropyCoefMax': {
    label: 'Entropy coef max',
    help: 'Upper bound of the adaptive coefficient.',
    inactive: (c) => (c.objective.entropyAdaptive ? undefined : 'adaptive entropy is off'),
  },
  'objective.dhpoMix': {
    trl: null,
    verl: null,
    note: (c) =>
      c.objective.ratioLevel === 'hybrid'
        ? `DHPO hybrid ratio (${c.objective.dhpoMix} mix of token and sequence ratios, sequence trust region ${c.objective.dhpoSeqEpsLow} / ${c.objective.dhpoSeqEpsHigh})`
        : undefined,
    short: 'dhpo_mix',
    label: 'DHPO mix',
    help: 'Token-ratio weight: ½ (averaged) or the token’s entropy over the batch maximum (entropy-guided).',
    optionLabels: { average: 'averaged', entropy: 'entropy-guided' },
    inactive: (c) => (c.objective.ratioLevel === 'hybrid' ? undefined : 'ratio level is not hybrid'),
  },
  'objective.dhpoSeqEpsLow': {
    label: 'DHPO seq ε low',
    help: 'Clip range of the sequence ratio inside the mix.',
    step: 0.0001,
    inactive: (c) => (c.objective.ratioLevel === 'hybrid' ? undefined : 'ratio level is not hybrid'),
  },
  'objective.dhpoSeqEpsHigh': {
    label: 'DHPO seq ε high',
    help: 'Clip range of the sequence ratio inside the mix.',
    step: 0.0001,
    inactive: (c) => (c.objective.ratioLevel === 'hybrid' ? undefined : 'ratio level is not hybrid'),
  },
  'objective.srpo': {
    trl: null,
    verl: null,
    note: (c) =>
      c.objective.srpo
        ? `SRPO sample routing (failed samples self-distil from the hinted policy, lambda ${c.objective.srpoCoef}${c.objective.srpoEntropyWeighting ? ', entropy-weighted' : ''})`
        : undefined,
    short: 'SRPO',
    label: 'SRPO routing',
    help: 'Failed samples learn by self-distillation from the policy shown the fullest hint (token advantages log t − log s); right ones keep GRPO.',
  },
  'objective.srpoCoef': {
    label: 'SRPO λ',
    help: 'Scale of the distillation signal.',
    step: 0.1,
    inactive: (c) => (c.objective.srpo ? undefined : 'SRPO is off'),
  },
  'objective.srpoEntropyWeighting': {
    label: 'SRPO entropy weights',
    help: 'Weight each distillation token by exp(−teacher entropy), normalised to mean 1.',
    inactive: (c) => (c.objective.srpo ? undefined : 'SRPO is off'),
  },
  'objective.thr': {
    trl: null,
    verl: null,
    note: (c) =>
      c.objective.thr === 'nthr'
        ? `NTHR selective token penalisation (beta ${c.objective.thrBeta})`
        : c.objective.thr === 'thr'
          ? `THR token reweighting (p ${c.objective.thrP}, beta ${c.objective.thrBeta}${c.objective.thrDominantOnly ? ', dominant tokens only' : ''})`
          : undefined,
    short: 'THR',
    label: 'Token hidden reward',
    help: 'Per-token influence on the right responses’ likelihood (hidden states × prediction errors). NTHR softens wrong tokens that pull them down; THR weights every token 1 ± p by its sign.',
    optionLabels: { off: 'off', nthr: 'NTHR (soften harmful wrong tokens)', thr: 'THR (reweight by sign)' },
  },
  'objective.thrP': {
    label: 'THR p',
    help: 'Sign weight: tokens with THR above the threshold get 1 + p, below minus the threshold 1 − p (p > 0 exploitation, p < 0 exploration).',
    step: 0.1,
    inactive: (c) => (c.objective.thr === 'thr' ? undefined : 'THR is off'),
  },
  'objective.thrBeta': {
    label: 'THR β',
    help: 'Threshold multiplier: tau = β × the smallest mean score of a right response.',
    step: 0.1,
    inactive: (c) => (c.objective.thr === 'off' ? 'THR is off' : undefined),
  },
  'objective.thrDominantOnly': {
    label: 'THR dominant tokens only',
    help: 'Tokens whose |THR| is at or under the threshold get no signal.',
    inactive: (c) => (c.objective.thr === 'thr' ? undefined : 'THR is off'),
  },
  'advantage.dagrpoDelta': {
    trl: null,
    verl: null,
    note: (c) =>
      c.advantage.dagrpoDelta > 0
        ? `DaGRPO pair mask (sample pairs whose rewards differ by less than ${c.advantage.dagrpoDelta} are left out)`
        : undefined,
    short: 'DaGRPO δ',
    label: 'DaGRPO pair mask δ',
    help: 'The mean baseline as a sum over sample pairs, without the pairs whose rewards differ by less than δ (low distinctiveness). 0 = off.',
    step: 0.05,
    inactive: (c) => (c.advantage.baseline === 'mean' ? undefined : 'baseline is not mean'),
  },
  'objective.anchorLambda': {
    trl: null,
    verl: null,
    note: (c) =>
      c.objective.anchorLambda > 0
        ? `DaGRPO anchors (NLL term of weight ${c.objective.anchorLambda} on the demonstrations of all-wrong prompts)`
        : undefined,
    short: 'anchor λ',
    label: 'DaGRPO anchor λ',
    help: 'Off-policy anchors: for each prompt whose whole group is wrong this step, the task’s demonstration (an expert solution) is trained with an NLL term of this weight beside the GRPO loss. 0 = off.',
    step: 0.05,
  },
  'advantage.g2rpo': {
    trl: null,
    verl: null,
    note: (c) => (c.advantage.g2rpo ? 'G^2RPO advantage (group rewards mapped onto N(0,1) by rank)' : undefined),
    short: 'G2RPO',
    label: 'G²RPO',
    help: 'Replace the advantage: each group’s rewards mapped onto N(0,1) by rank.',
  },
  'advantage.arena': {
    trl: null,
    verl: null,
    note: (c) => (c.advantage.arena ? 'ArenaRL advantage (seeded single-elimination tournament ranking inside each group)' : undefined),
    short: 'ArenaRL',
    label: 'ArenaRL',
    help: 'Replace the advantage: a seeded single-elimination tournament ranks each group.',
  },
  'data.vas': {
    trl: null,
    verl: null,
    note: (c) => (c.data.vas ? `MMR1 variance-aware sampling (pool ${c.data.vasPoolSize}, mixture ${c.data.vasMixture})` : undefined),
    short: 'VAS',
    label: 'Variance-aware sampling',
    help: 'MMR1: prompts from a fixed pool, half of each batch weighted by p(1 − p).',
  },
  'data.vasPoolSize': {
    unit: 'prompts',
    label: 'VAS pool size',
    help: 'Prompts in the fixed training pool.',
    inactive: (c) => (c.data.vas ? undefined : 'VAS is off'),
  },
  'data.vasMixture': {
    label: 'VAS weighted share',
    help: 'Share of each batch drawn by weight (the rest: a shuffled pass).',
    step: 0.1,
    inactive: (c) => (c.data.vas ? undefined : 'VAS is off'),
  },
  'data.gdro': {
    trl: null,
    verl: null,
    note: (c) =>
      c.data.gdro
        ? `Prompt-GDRO sampling (pool ${c.data.gdroPoolSize}, ${c.data.gdroBins} pass@k bins, eta ${c.data.gdroEta}, EMA ${c.data.gdroEmaBeta}, window ${c.data.gdroWindow}, floor ${c.data.gdroFloor})`
        : undefined,
    short: 'GDRO',
    label: 'Prompt-GDRO',
    help: 'Prompts from a fixed pool, drawn by pass@k difficulty bin; bins with a higher error rate get more weight.',
  },
  'data.gdroPoolSize': {
    unit: 'prompts',
    label: 'GDRO pool size',
    help: 'Prompts in the fixed training pool.',
    inactive: (c) => (c.data.gdro ? undefined : 'GDRO is off'),
  },
  'data.gdroBins': {
    label: 'GDRO bins',
    help: 'Equal-width pass@k bins over [0, 1].',
    inactive: (c) => (c.data.gdro ? undefined : 'GDRO is off'),
  },
  'data.gdroEta': {
    label: 'GDRO η',
    help: 'Bin weights ∝ exp(η × debiased error rate); 0 = uniform over bins.',
    step: 0.5,
    inactive: (c) => (c.data.gdro ? undefined : 'GDRO is off'),
  },
  'data.gdroEmaBeta': {
    label: 'GDRO EMA β',
    help: 'Decay of each bin’s error-rate average (debiased by 1 − βⁿ).',
    step: 0.05,
    inactive: (c) => (c.data.gdro ? undefined : 'GDRO is off'),
  },
  'data.gdroWindow': {
    label: 'GDRO window',
    help: 'Past any-of-k outcomes a prompt’s pass@k averages.',
    inactive: (c) => (c.data.gdro ? undefined : 'GDRO is off'),
  },
  'data.gdroFloor': {
    label: 'GDRO floor',
    help: 'Share of the bin distribution spread uniformly over non-empty bins.',
    step: 0.05,
    inactive: (c) => (c.data.gdro ? undefined : 'GDRO is off'),
  },
  'data.gdroRollouts': {
    trl: null,
    verl: null,
    note: (c) =>
      c.data.gdroRollouts
        ? `Rollout-GDRO (a G per prompt in [${c.data.gdroMinG}, ${c.data.gdroMaxG}] by its bin, ${c.prompts} x ${c.groupSize} rollouts per step in all)`
        : undefined,
    short: 'Rollout-GDRO',
    label: 'Rollout-GDRO',
    help: 'Same rollouts per step, a G per prompt: more for bins whose error rate is near ½ (square-root rule), fewer for solved or hopeless bins.',
    inactive: (c) => (c.data.gdro ? undefined : 'GDRO is off'),
  },
  'data.gdroMinG': {
    label: 'Rollout-GDRO min G',
    help: 'Fewest rollouts a prompt gets (at least 2, so every group has a spread).',
    inactive: (c) => (c.data.gdro && c.data.gdroRollouts ? undefined : 'Rollout-GDRO is off'),
  },
  'data.gdroMaxG': {
    label: 'Rollout-GDRO max G',
    help: 'Most rollouts a prompt gets.',
    inactive: (c) => (c.data.gdro && c.data.gdroRollouts ? undefined : 'Rollout-GDRO is off'),
  },
  'data.igrpo': {
    trl: null,
    verl: null,
    note: (c) =>
      c.data.igrpo
        ? `iGRPO draft stage (${c.data.igrpoDrafts} drafts per prompt, the best one conditions the trained refinements)`
        : undefined,
    short: 'iGRPO',
    label: 'iGRPO drafts',
    help: 'Sample drafts first; the trained rollouts refine the best draft, shown in the hint slot. Evaluation uses no draft.',
  },
  'data.igrpoDrafts': {
    label: 'iGRPO draft count',
    help: 'Drafts per prompt (extra rollouts, no gradient).',
    inactive: (c) => (c.data.igrpo ? undefined : 'iGRPO is off'),
  },
  'data.sage': {
    trl: null,
    verl: null,
    note: (c) =>
      c.data.sage ? 'SAGE self-hinting (all-wrong groups resampled with a hint the policy wrote from the reference answer)' : undefined,
    short: 'SAGE',
    label: 'SAGE self-hints',
    help: 'All-wrong groups are sampled again with a hint the policy wrote from the reference answer (the lowest hint level that rescues the group). Evaluation uses no hint.',
  },
  'data.hill': {
    trl: null,
    verl: null,
    note: (c) => (c.data.hill ? `HiLL hint selection (transfer-weighted reward, T ${c.data.hillTemperature})` : undefined),
    short: 'HiLL',
    label: 'HiLL hint choice',
    help: 'SAGE’s self-written hints, the level picked by HiLL’s transfer-weighted reward p(1 − p)·exp(min(reliance, 0)/T): hints the right answers lean on less win.',
  },
  'data.hillTemperature': {
    label: 'HiLL T',
    help: 'Temperature of the transfer weight.',
    step: 0.05,
    inactive: (c) => (c.data.hill ? undefined : 'HiLL is off'),
  },
  // Data side
  'data.dynamicSampling': {
    trl: null,
    verl: 'algorithm.filter_groups',
    note: (c) =>
      c.data.dynamicSampling
        ? `DAPO dynamic sampling (drop zero-variance groups, up to ${c.data.maxGenBatches} generation batches)`
        : undefined,
    short: 'dyn_sampling',
    label: 'Dynamic sampling',
    help: 'DAPO: drop zero-variance groups and sample more until B informative ones.',
  },
  'data.maxGenBatches': {
    short: 'max_gen_batches',
    label: 'Max generation batches',
    help: 'Most generation batches per step with dynamic sampling.',
    inactive: (c) => (c.data.dynamicSampling ? undefined : 'dynamic sampling is off'),
  },
  'data.overlongShaping': {
    trl: 'get_soft_overlong_punishment reward',
    verl: 'reward_model.reward_kwargs.overlong_buffer_cfg',
    short: 'overlong',
    label: 'Overlong shaping',
    help: 'DAPO soft penalty for completions near the length limit.',
  },
  'data.overlongCache': {
    unit: 'characters',
    label: 'Overlong zone',
    help: 'Width in characters of the soft penalty zone.',
    inactive: (c) => (c.data.overlongShaping ? undefined : 'overlong shaping is off'),
  },
  'data.maskTruncated': {
    trl: 'mask_truncated_completions',
    verl: null,
    note: (c) => (c.data.maskTruncated ? 'mask truncated completions (verl has no main-trainer switch for it)' : undefined),
    short: 'mask_truncated',
    label: 'Mask truncated',
    help: 'Leave truncated completions out of the loss.',
  },
  'data.mcPivot': {
    trl: null,
    verl: null,
    note: (c) => (c.data.mcPivot ? 'MC-GRPO pivot: G+1 samples, the median one leaves the loss' : undefined),
    short: 'mc_pivot',
    label: 'MC-GRPO pivot',
    help: 'Sample G+1 and exclude the median pivot from the loss.',
  },
  'data.dropAllCorrect': {
    trl: null,
    verl: null,
    note: (c) => (c.data.dropAllCorrect ? 'drop all-correct groups (NGRPO data side)' : undefined),
    short: 'drop_all_correct',
    label: 'Drop all-correct groups',
    help: 'NGRPO: skip groups where every rollout is correct.',
  },
  'data.scafHints': {
    trl: null,
    verl: null,
    note: (c) => (c.data.scafHints ? `Scaf-GRPO hint re-rollouts for all-wrong groups after step ${c.data.scafWarmup}` : undefined),
    short: 'scaf_hints',
    label: 'Scaf-GRPO hints',
    help: 'Re-roll all-wrong groups with tiered hints after a warm-up.',
  },
  'data.scafWarmup': {
    unit: 'steps',
    short: 'scaf_warmup',
    label: 'Hint warm-up',
    help: 'Steps before hint re-rollouts begin.',
    inactive: (c) => (c.data.scafHints ? undefined : 'Scaf hints are off'),
  },
  // Experts
  'experts.enabled': {
    trl: null,
    verl: null,
    note: (c) =>
      c.experts.enabled ? `MEML-style experts (${c.experts.allocation} allocation, ${c.experts.baselineScope} baseline)` : undefined,
    short: 'experts',
    label: 'Multiple experts',
    help: 'Sample each group from several expert prompt prefixes (MEML-style).',
  },
  'experts.allocation': {
    short: 'expert_alloc',
    label: 'Allocation',
    help: 'G rollouts per expert, or G in total split evenly.',
    inactive: (c) => (c.experts.enabled ? undefined : 'experts are off'),
    optionLabels: { 'per-expert': 'G per expert', split: 'G split across experts' },
  },
  'experts.baselineScope': {
    short: 'expert_baseline',
    label: 'Baseline scope',
    help: 'Baseline within each expert’s sub-group or over the whole group.',
    inactive: (c) => (c.experts.enabled ? undefined : 'experts are off'),
  },
  'experts.mutualLambda': {
    trl: null,
    verl: null,
    note: (c) =>
      c.experts.enabled && c.experts.mutualLambda > 0 ? `MEML mutual-learning term (lambda ${c.experts.mutualLambda})` : undefined,
    short: 'mutual_lambda',
    label: 'Mutual learning λ₁',
    help: 'Pull weaker experts toward the best expert’s answers.',
    step: 0.05,
    inactive: (c) => (c.experts.enabled ? undefined : 'experts are off'),
  },
  'experts.mutualTarget': {
    // No framework has MEML; the mutual-learning knob's note already names the term.
    trl: null,
    verl: null,
    short: 'mutual_target',
    label: 'Mutual learning target',
    help: 'Train the best expert’s answer under the weakest expert’s prompt (paper) or under the default prompt only.',
    optionLabels: { weakest: 'weakest expert', default: 'default expert' },
    inactive: (c) => (c.experts.enabled && c.experts.mutualLambda > 0 ? undefined : 'mutual learning λ₁ is 0'),
  },
  'experts.sftLambda': {
    trl: null,
    verl: null,
    note: (c) =>
      c.experts.enabled && c.experts.sftLambda > 0 ? `MEML hard-example SFT buffer (lambda ${c.experts.sftLambda})` : undefined,
    short: 'sft_lambda',
    label: 'Hard-example SFT λ₂',
    help: 'Supervised loss on a buffer of hard examples.',
    step: 0.05,
    inactive: (c) => (c.experts.enabled ? undefined : 'experts are off'),
  },
  'experts.sftBufferSize': {
    unit: 'examples',
    label: 'SFT buffer',
    help: 'Hard examples collected before an SFT update.',
    inactive: (c) => (c.experts.enabled && c.experts.sftLambda > 0 ? undefined : 'SFT λ₂ is 0'),
  },
  'experts.sftWrongThreshold': {
    label: 'Hard threshold',
    help: 'A prompt is hard when at least this fraction of rollouts is wrong.',
    step: 0.05,
    inactive: (c) => (c.experts.enabled && c.experts.sftLambda > 0 ? undefined : 'SFT λ₂ is 0'),
  },
  'experts.list': {
    short: 'expert_list',
    label: 'Expert list',
    help: 'The experts (id, prompt prefix, on/off); null = the task’s own list.',
  },
} satisfies KnobRegistry;
