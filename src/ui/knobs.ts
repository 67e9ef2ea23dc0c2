// Knob metadata for the config form. Kinds, options and ranges come from the RunConfig zod schema itself;
// this file adds the one-line explanations, the grouping and when a knob matters. A schema field with no entry
// here still gets a control (labelled with its key), so the form can never fall behind the schema.
import { DEFAULT_CONFIG, RESET_KNOBS, runConfigSchema, type RunConfig, type RunConfigInput } from '../engine/config';

/** Knobs that need a new model, task or seed: staged and applied on reset (the engine's list; config.ts has no tfjs). */
export const RESET_KEYS = RESET_KNOBS;

export type FieldKind =
  | { kind: 'enum'; options: readonly string[] }
  | { kind: 'number'; min?: number; max?: number; int: boolean; exclusiveMin?: boolean }
  | { kind: 'boolean' }
  | { kind: 'string'; maxLength?: number }
  | { kind: 'other' };

interface ZodLike {
  def: { type: string; innerType?: ZodLike; shape?: Record<string, ZodLike>; checks?: Array<{ _zod?: { def?: Record<string, unknown> } }> };
  options?: readonly string[];
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  shape?: Record<string, ZodLike>;
}

function unwrap(s: ZodLike): ZodLike {
  let cur = s;
  while (['default', 'prefault', 'optional', 'nullable', 'catch', 'readonly'].includes(cur.def.type) && cur.def.innerType) cur = cur.def.innerType;
  return cur;
}

/** The schema node for a dotted path ("advantage.baseline"). */
function schemaAt(path: string): ZodLike | null {
  let node: ZodLike = runConfigSchema as unknown as ZodLike;
  for (const part of path.split('.')) {
    const obj = unwrap(node);
    const shape = obj.shape ?? obj.def.shape;
    if (!shape || !shape[part]) return null;
    node = shape[part];
  }
  return unwrap(node);
}

export function fieldKind(path: string): FieldKind {
  const s = schemaAt(path);
  if (!s) return { kind: 'other' };
  switch (s.def.type) {
    case 'enum':
      return { kind: 'enum', options: s.options ?? [] };
    case 'number': {
      let exclusiveMin = false;
      for (const c of s.def.checks ?? []) {
        const d = c._zod?.def;
        if (d && d.check === 'greater_than' && d.inclusive === false) exclusiveMin = true;
      }
      return { kind: 'number', min: s.minValue ?? undefined, max: s.maxValue ?? undefined, int: Boolean(s.isInt), exclusiveMin };
    }
    case 'boolean':
      return { kind: 'boolean' };
    case 'string':
      return { kind: 'string' };
    default:
      return { kind: 'other' };
  }
}

/** The keys of a config section ('' = top level), in schema order. */
export function sectionKeys(section: '' | 'advantage' | 'objective' | 'data' | 'experts'): string[] {
  const root = unwrap(runConfigSchema as unknown as ZodLike);
  if (!section) return Object.keys(root.shape ?? root.def.shape ?? {});
  const node = schemaAt(section);
  return Object.keys(node?.shape ?? node?.def.shape ?? {});
}

export function getPath(cfg: RunConfig, path: string): unknown {
  let v: unknown = cfg;
  for (const p of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[p];
  return v;
}

/** A patch that sets one dotted path ({advantage: {baseline: 'median'}}). */
export function patchFor(path: string, value: unknown): RunConfigInput {
  const parts = path.split('.');
  if (parts.length === 1) return { [path]: value } as RunConfigInput;
  return { [parts[0]]: { [parts[1]]: value } } as RunConfigInput;
}

export interface KnobInfo {
  label: string;
  help: string;
  /** When the knob has no effect, a short reason ("baseline is not log-avg-exp"); undefined when it matters. */
  inactive?: (c: RunConfig) => string | undefined;
  /** Show a select with friendlier labels for enum values. */
  optionLabels?: Record<string, string>;
  /** Step for number inputs. */
  step?: number;
}

const stdScale = (c: RunConfig) => (c.advantage.scale === 'group-std' || c.advantage.scale === 'batch-std' ? undefined : 'scale is not a std');

export const KNOBS: Record<string, KnobInfo> = {
  // Setup
  task: { label: 'Task', help: 'The verifiable task the policy is trained on.' },
  difficulty: { label: 'Difficulty', help: 'Problem size (digits, list length, ...): harder means sparser reward.' },
  modelSize: { label: 'Model size', help: 'nano (1 layer, d 32), tiny (2 layers, d 64), small (3 layers, d 96).' },
  init: { label: 'Start from', help: 'A shipped base policy (warm-started on demonstrations) or random weights.', optionLabels: { checkpoint: 'Shipped base policy', random: 'Random init' } },
  seed: { label: 'Seed', help: 'Seeds every random stream: weights, prompts, sampling, minibatch order.' },
  // Training
  prompts: { label: 'Prompts per step (B)', help: 'Distinct problems sampled each step.' },
  groupSize: { label: 'Group size (G)', help: 'Rollouts per prompt: the group each advantage is computed within.' },
  temperature: { label: 'Temperature', help: 'Sampling temperature of the rollouts.', step: 0.1 },
  maxCompletionLength: { label: 'Max completion', help: 'Longest completion in characters (0 = the task’s own limit).' },
  lr: { label: 'Learning rate', help: 'Adam step size; applies at the next step.', step: 0.0001 },
  adamEpsilon: { label: 'Adam ε', help: 'Adam’s denominator floor.' },
  gradClip: { label: 'Gradient clip', help: 'Clip the global gradient norm to this value (0 = off).', step: 0.1 },
  innerEpochs: { label: 'Inner epochs (μ)', help: 'Passes over each rollout batch; ratios move off 1 after the first.' },
  minibatches: { label: 'Minibatches', help: 'Minibatches per pass over the rollouts.' },
  rewardWeights: { label: 'Reward weights', help: 'Weight of each reward component in the total reward.' },
  hintLevel: { label: 'Hint level', help: 'A hint in every prompt: 0 = none; each level reveals more of the answer.' },
  evalEvery: { label: 'Eval every', help: 'Greedy pass@1 on held-out problems every N steps (0 = never).' },
  evalSize: { label: 'Eval problems', help: 'Held-out problems per evaluation.' },
  oracleSamples: { label: 'Oracle samples (K)', help: 'At each eval, K extra samples per probe prompt estimate its true success rate p(x), to judge the advantages (0 = off). Off the gradient path.' },
  oracleProbes: { label: 'Oracle probes', help: 'Fixed probe prompts the oracle metrics are measured on.' },
  // Advantage
  'advantage.baseline': {
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
  'advantage.tau': { label: 'τ (log-avg-exp)', help: 'Temperature of the log-avg-exp baseline.', inactive: (c) => (c.advantage.baseline === 'logavgexp' ? undefined : 'baseline is not log-avg-exp') },
  'advantage.rsBeta': { label: 'β (risk)', help: 'Risk-seeking β of the exponential-utility advantage.', inactive: (c) => (c.advantage.baseline === 'rs-exp-utility' ? undefined : 'baseline is not exponential utility') },
  'advantage.virtualMaxReward': { label: 'Virtual reward', help: 'Reward of the virtual samples NGRPO adds to the group statistics.', inactive: (c) => (c.advantage.baseline === 'ngrpo-virtual-max' ? undefined : 'baseline is not NGRPO') },
  'advantage.virtualCount': { label: 'Virtual samples', help: 'How many virtual max-reward samples are added.', inactive: (c) => (c.advantage.baseline === 'ngrpo-virtual-max' ? undefined : 'baseline is not NGRPO') },
  'advantage.scale': {
    label: 'Scale',
    help: 'What the centred reward is divided by.',
    optionLabels: { 'group-std': 'group std (GRPO)', 'batch-std': 'batch std (Lite PPO)', mad: 'MAD (MC-GRPO)', none: 'none (Dr. GRPO, RLOO)' },
  },
  'advantage.stdType': { label: 'Std type', help: 'Sample (n−1, TRL) or population (n) standard deviation.', inactive: stdScale },
  'advantage.epsilon': { label: 'Std ε', help: 'Added to the std before dividing (TRL 1e-4, verl 1e-6).', inactive: stdScale },
  'advantage.madEpsilon': { label: 'MAD ε', help: 'Floor added to the MAD (MC-GRPO: 1e-3).', inactive: (c) => (c.advantage.scale === 'mad' ? undefined : 'scale is not MAD') },
  'advantage.gdpo': { label: 'GDPO', help: 'Normalise each reward component in the group, sum, then batch-normalise.' },
  'advantage.unlikelinessBeta': { label: 'Unlikeliness β', help: 'Rank penalty r(1 − β·rank) that favours unlikely correct samples (0 = off).', step: 0.05 },
  'advantage.agrae': { label: 'A-GRAE', help: 'Mix difficulty by batch accuracy and damp positive advantages.' },
  'advantage.agraeAlpha': { label: 'A-GRAE α', help: 'Positive advantages scale by min(1, p̄/α).', inactive: (c) => (c.advantage.agrae ? undefined : 'A-GRAE is off') },
  'advantage.seedAlpha': { label: 'SEED α', help: 'Shrink advantages on prompts whose answers disagree (semantic entropy); 0 = off.' },
  'advantage.passK': { label: 'Pass@k', help: 'Replace the advantage: best sample only (verl) or the analytic pass@k estimate.', optionLabels: { off: 'off', 'best-only': 'best sample only', analytic: 'analytic pass@k' } },
  'advantage.passKk': { label: 'k', help: 'k of the analytic pass@k advantage.', inactive: (c) => (c.advantage.passK === 'analytic' ? undefined : 'pass@k is not analytic') },
  'advantage.baselineShift': { label: 'Baseline shift', help: 'Constant added to the baseline (AsymRE −0.1 lifts every sample).', step: 0.05 },
  'advantage.globalWhiten': { label: 'Global whitening', help: 'Whiten all advantages over the batch (REINFORCE++).' },
  // Objective
  'objective.ratioLevel': { label: 'Ratio level', help: 'Importance ratio per token (PPO, GRPO), per sequence (GSPO), or DHPO’s mix of both, each clipped in its own range.' },
  'objective.clipMode': {
    label: 'Clipping',
    help: 'How the policy ratio is limited.',
    optionLabels: { clip: 'PPO clip', 'dual-clip': 'dual clip', none: 'none (REINFORCE)', 'rec-one-side': 'REC one-sided', 'rec-two-side': 'REC two-sided', 'rec-ring': 'REC ring' },
  },
  'objective.epsLow': { label: 'ε low', help: 'Lower clip range: ratio ≥ 1 − ε_low.', step: 0.01, inactive: (c) => (c.objective.clipMode === 'none' ? 'clipping is off' : undefined) },
  'objective.epsHigh': { label: 'ε high', help: 'Upper clip range (DAPO clip-higher: 0.28).', step: 0.01, inactive: (c) => (c.objective.clipMode === 'none' ? 'clipping is off' : undefined) },
  'objective.dualClipC': { label: 'Dual-clip c', help: 'Bound on the ratio for negative advantages.', inactive: (c) => (c.objective.clipMode === 'dual-clip' ? undefined : 'not dual clip') },
  'objective.recImportanceWeights': { label: 'REC importance weights', help: 'Multiply by the detached ratio.', inactive: (c) => (c.objective.clipMode.startsWith('rec') ? undefined : 'not REC') },
  'objective.opmdScale': { label: 'OPMD scale', help: 'Scale the loss by 1/(1+τ).' },
  'objective.aggregation': {
    label: 'Loss aggregation',
    help: 'How token losses are averaged.',
    optionLabels: { 'token-mean': 'token mean (DAPO)', 'seq-mean-token-mean': 'per sequence, then batch (GRPO)', 'seq-mean-token-sum': 'token sum per sequence', constant: 'constant normaliser (Dr. GRPO)', 'seq-mean-token-sum-norm': 'token sum / L, no /B (verl Dr. GRPO)' },
  },
  'objective.klCoef': { label: 'KL β', help: 'Penalty toward the frozen starting policy (0 = off).', step: 0.01 },
  'objective.klEstimator': { label: 'KL estimator', help: 'k1 log-ratio, k2 squared, k3 unbiased (GRPO), abs |log-ratio| (verl).', inactive: (c) => (c.objective.klCoef > 0 ? undefined : 'KL β is 0') },
  'objective.klPlacement': { label: 'KL placement', help: 'In the loss (GRPO) or subtracted from the reward (RLOO, REINFORCE++).', inactive: (c) => (c.objective.klCoef > 0 ? undefined : 'KL β is 0') },
  'objective.entropyCoef': { label: 'Entropy bonus', help: 'Coefficient of an entropy bonus (negative = penalty).', step: 0.001 },
  // Issue-15 method knobs (docs/algorithms/).
  'objective.clipDelta': { label: 'Two-sided clip δ', help: 'TRL/INTELLECT-2: cap the unclipped ratio at δ (> 1 + ε high); 0 = off.', step: 0.5, inactive: (c) => (c.objective.clipMode === 'clip' || c.objective.clipMode === 'dual-clip' ? undefined : 'not PPO clip') },
  'objective.recRingEpsLow': { label: 'Ring ε′ low', help: 'REC ring: A ≥ 0 tokens with ratio ≤ 1 − ε′ low are kept.', step: 0.05, inactive: (c) => (c.objective.clipMode === 'rec-ring' ? undefined : 'not REC ring') },
  'objective.recRingEpsHigh': { label: 'Ring ε′ high', help: 'REC ring: A ≤ 0 tokens with ratio ≥ 1 + ε′ high are kept.', step: 0.1, inactive: (c) => (c.objective.clipMode === 'rec-ring' ? undefined : 'not REC ring') },
  'objective.lldsCoef': { label: 'LLDS λ', help: 'Pull back tokens of A ≥ 0 responses whose likelihood fell during the update (needs > 1 minibatch or epoch); 0 = off.', step: 0.05 },
  'objective.entropyAdaptive': { label: 'Adaptive entropy', help: 'Skywork-OR1: step the entropy coefficient toward a target entropy; the bonus is off above the target.' },
  'objective.entropyTarget': { label: 'Entropy target', help: 'Target mean token entropy (nats).', step: 0.05, inactive: (c) => (c.objective.entropyAdaptive ? undefined : 'adaptive entropy is off') },
  'objective.entropyCoefDelta': { label: 'Entropy coef step', help: 'Change of the coefficient per step.', inactive: (c) => (c.objective.entropyAdaptive ? undefined : 'adaptive entropy is off') },
  'objective.entropyCoefMin': { label: 'Entropy coef min', help: 'Lower bound of the adaptive coefficient.', inactive: (c) => (c.objective.entropyAdaptive ? undefined : 'adaptive entropy is off') },
  'objective.entropyCoefMax': { label: 'Entropy coef max', help: 'Upper bound of the adaptive coefficient.', inactive: (c) => (c.objective.entropyAdaptive ? undefined : 'adaptive entropy is off') },
  'objective.dhpoMix': { label: 'DHPO mix', help: 'Token-ratio weight: ½ (averaged) or the token’s entropy over the batch maximum (entropy-guided).', optionLabels: { average: 'averaged', entropy: 'entropy-guided' }, inactive: (c) => (c.objective.ratioLevel === 'hybrid' ? undefined : 'ratio level is not hybrid') },
  'objective.dhpoSeqEpsLow': { label: 'DHPO seq ε low', help: 'Clip range of the sequence ratio inside the mix.', step: 0.0001, inactive: (c) => (c.objective.ratioLevel === 'hybrid' ? undefined : 'ratio level is not hybrid') },
  'objective.dhpoSeqEpsHigh': { label: 'DHPO seq ε high', help: 'Clip range of the sequence ratio inside the mix.', step: 0.0001, inactive: (c) => (c.objective.ratioLevel === 'hybrid' ? undefined : 'ratio level is not hybrid') },
  'objective.srpo': { label: 'SRPO routing', help: 'Failed samples learn by self-distillation from the policy shown the fullest hint (token advantages log t − log s); right ones keep GRPO.' },
  'objective.srpoCoef': { label: 'SRPO λ', help: 'Scale of the distillation signal.', step: 0.1, inactive: (c) => (c.objective.srpo ? undefined : 'SRPO is off') },
  'objective.srpoEntropyWeighting': { label: 'SRPO entropy weights', help: 'Weight each distillation token by exp(−teacher entropy), normalised to mean 1.', inactive: (c) => (c.objective.srpo ? undefined : 'SRPO is off') },
  'advantage.g2rpo': { label: 'G²RPO', help: 'Replace the advantage: each group’s rewards mapped onto N(0,1) by rank.' },
  'advantage.arena': { label: 'ArenaRL', help: 'Replace the advantage: a seeded single-elimination tournament ranks each group.' },
  'data.vas': { label: 'Variance-aware sampling', help: 'MMR1: prompts from a fixed pool, half of each batch weighted by p(1 − p).' },
  'data.vasPoolSize': { label: 'VAS pool size', help: 'Prompts in the fixed training pool.', inactive: (c) => (c.data.vas ? undefined : 'VAS is off') },
  'data.vasMixture': { label: 'VAS weighted share', help: 'Share of each batch drawn by weight (the rest: a shuffled pass).', step: 0.1, inactive: (c) => (c.data.vas ? undefined : 'VAS is off') },
  'data.sage': { label: 'SAGE self-hints', help: 'All-wrong groups are sampled again with a hint the policy wrote from the reference answer (the lowest hint level that rescues the group). Evaluation uses no hint.' },
  'data.hill': { label: 'HiLL hint choice', help: 'SAGE’s self-written hints, the level picked by HiLL’s transfer-weighted reward p(1 − p)·exp(min(reliance, 0)/T): hints the right answers lean on less win.' },
  'data.hillTemperature': { label: 'HiLL T', help: 'Temperature of the transfer weight.', step: 0.05, inactive: (c) => (c.data.hill ? undefined : 'HiLL is off') },
  'data.igrpo': { label: 'iGRPO drafts', help: 'Sample drafts first; the trained rollouts refine the best draft, shown in the hint slot. Evaluation uses no draft.' },
  'data.igrpoDrafts': { label: 'iGRPO draft count', help: 'Drafts per prompt (extra rollouts, no gradient).', inactive: (c) => (c.data.igrpo ? undefined : 'iGRPO is off') },
  'data.gdro': { label: 'Prompt-GDRO', help: 'Prompts from a fixed pool, drawn by pass@k difficulty bin; bins with a higher error rate get more weight.' },
  'data.gdroPoolSize': { label: 'GDRO pool size', help: 'Prompts in the fixed training pool.', inactive: (c) => (c.data.gdro ? undefined : 'GDRO is off') },
  'data.gdroBins': { label: 'GDRO bins', help: 'Equal-width pass@k bins over [0, 1].', inactive: (c) => (c.data.gdro ? undefined : 'GDRO is off') },
  'data.gdroEta': { label: 'GDRO η', help: 'Bin weights ∝ exp(η × debiased error rate); 0 = uniform over bins.', step: 0.5, inactive: (c) => (c.data.gdro ? undefined : 'GDRO is off') },
  'data.gdroEmaBeta': { label: 'GDRO EMA β', help: 'Decay of each bin’s error-rate average (debiased by 1 − βⁿ).', step: 0.05, inactive: (c) => (c.data.gdro ? undefined : 'GDRO is off') },
  'data.gdroWindow': { label: 'GDRO window', help: 'Past any-of-k outcomes a prompt’s pass@k averages.', inactive: (c) => (c.data.gdro ? undefined : 'GDRO is off') },
  'data.gdroFloor': { label: 'GDRO floor', help: 'Share of the bin distribution spread uniformly over non-empty bins.', step: 0.05, inactive: (c) => (c.data.gdro ? undefined : 'GDRO is off') },
  // Data side
  'data.dynamicSampling': { label: 'Dynamic sampling', help: 'DAPO: drop zero-variance groups and sample more until B informative ones.' },
  'data.maxGenBatches': { label: 'Max generation batches', help: 'Most generation batches per step with dynamic sampling.', inactive: (c) => (c.data.dynamicSampling ? undefined : 'dynamic sampling is off') },
  'data.overlongShaping': { label: 'Overlong shaping', help: 'DAPO soft penalty for completions near the length limit.' },
  'data.overlongCache': { label: 'Overlong zone', help: 'Width in characters of the soft penalty zone.', inactive: (c) => (c.data.overlongShaping ? undefined : 'overlong shaping is off') },
  'data.maskTruncated': { label: 'Mask truncated', help: 'Leave truncated completions out of the loss.' },
  'data.mcPivot': { label: 'MC-GRPO pivot', help: 'Sample G+1 and exclude the median pivot from the loss.' },
  'data.dropAllCorrect': { label: 'Drop all-correct groups', help: 'NGRPO: skip groups where every rollout is correct.' },
  'data.scafHints': { label: 'Scaf-GRPO hints', help: 'Re-roll all-wrong groups with tiered hints after a warm-up.' },
  'data.scafWarmup': { label: 'Hint warm-up', help: 'Steps before hint re-rollouts begin.', inactive: (c) => (c.data.scafHints ? undefined : 'Scaf hints are off') },
  // Experts
  'experts.enabled': { label: 'Multiple experts', help: 'Sample each group from several expert prompt prefixes (MEML-style).' },
  'experts.allocation': { label: 'Allocation', help: 'G rollouts per expert, or G in total split evenly.', inactive: (c) => (c.experts.enabled ? undefined : 'experts are off'), optionLabels: { 'per-expert': 'G per expert', split: 'G split across experts' } },
  'experts.baselineScope': { label: 'Baseline scope', help: 'Baseline within each expert’s sub-group or over the whole group.', inactive: (c) => (c.experts.enabled ? undefined : 'experts are off') },
  'experts.mutualLambda': { label: 'Mutual learning λ₁', help: 'Pull weaker experts toward the best expert’s answers.', step: 0.05, inactive: (c) => (c.experts.enabled ? undefined : 'experts are off') },
  'experts.sftLambda': { label: 'Hard-example SFT λ₂', help: 'Supervised loss on a buffer of hard examples.', step: 0.05, inactive: (c) => (c.experts.enabled ? undefined : 'experts are off') },
  'experts.sftBufferSize': { label: 'SFT buffer', help: 'Hard examples collected before an SFT update.', inactive: (c) => (c.experts.enabled && c.experts.sftLambda > 0 ? undefined : 'SFT λ₂ is 0') },
  'experts.sftWrongThreshold': { label: 'Hard threshold', help: 'A prompt is hard when at least this fraction of rollouts is wrong.', step: 0.05, inactive: (c) => (c.experts.enabled && c.experts.sftLambda > 0 ? undefined : 'SFT λ₂ is 0') },
};

export interface SectionSpec {
  id: string;
  title: string;
  blurb: string;
  paths: string[];
  /** Classroom key that hides it. */
  hideKey: 'knobs' | 'experts' | 'hints' | 'setup';
}

const withPrefix = (section: 'advantage' | 'objective' | 'data' | 'experts', skip: string[] = []) =>
  sectionKeys(section)
    .filter((k) => !skip.includes(k))
    .map((k) => `${section}.${k}`);

/** Top-level training knobs: everything at the top level that no other section owns. */
const OWNED_TOP = new Set(['task', 'difficulty', 'modelSize', 'init', 'seed', 'preset', 'hintLevel', 'advantage', 'objective', 'data', 'experts']);

export const SECTIONS: SectionSpec[] = [
  { id: 'training', title: 'Training', blurb: 'Batch shape, optimiser and evaluation.', paths: sectionKeys('').filter((k) => !OWNED_TOP.has(k)), hideKey: 'knobs' },
  { id: 'advantage', title: 'Advantage', blurb: 'How rewards in a group become advantages: baseline, scale, transforms.', paths: withPrefix('advantage'), hideKey: 'knobs' },
  { id: 'objective', title: 'Objective', blurb: 'The surrogate loss: ratio, clipping, aggregation, KL.', paths: withPrefix('objective'), hideKey: 'knobs' },
  { id: 'data', title: 'Data-side', blurb: 'Which rollouts and groups reach the loss.', paths: withPrefix('data'), hideKey: 'knobs' },
  { id: 'experts', title: 'Experts', blurb: 'Several prompt prefixes per group, one model (MEML-style).', paths: withPrefix('experts', ['list']), hideKey: 'experts' },
];

/** Knobs that differ from the schema default. */
export function isDefault(cfg: RunConfig, path: string): boolean {
  return JSON.stringify(getPath(cfg, path)) === JSON.stringify(getPath(DEFAULT_CONFIG, path));
}

/** A fresh seed from the browser's CSPRNG (UI only; the engine's randomness is all seeded). */
export function randomSeed(): number {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return a[0] % 2 ** 31;
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a < 1e-12) return '0'; // float noise (e.g. the std of equal rewards)
  if (a >= 1000 || a < 1e-3) return v.toExponential(2).replace('e+', 'e');
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}
