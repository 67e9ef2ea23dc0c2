// RunConfig: the single source of truth for a run. The UI form, URL state, CLI flags and exports all derive
// from this schema. Knobs are orthogonal (algorithms.md section 4): a paper is a preset = a set of knob values.
import { z } from 'zod';
import { configRuleErrors } from './config-rules';

export const TASK_IDS = ['add', 'reverse', 'sort', 'countdown'] as const;
export const MODEL_SIZES = ['nano', 'tiny', 'small'] as const;
export const BACKENDS = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'] as const;

export const BASELINES = ['mean', 'median', 'leave-one-out', 'logavgexp', 'none', 'ngrpo-virtual-max', 'rs-exp-utility'] as const;
export const SCALES = ['group-std', 'batch-std', 'mad', 'none'] as const;
export const AGGREGATIONS = ['token-mean', 'seq-mean-token-mean', 'seq-mean-token-sum', 'constant', 'seq-mean-token-sum-norm'] as const;
export const CLIP_MODES = ['clip', 'dual-clip', 'none', 'rec-one-side', 'rec-two-side', 'rec-ring'] as const;
export const KL_ESTIMATORS = ['k1', 'k2', 'k3', 'abs'] as const;

/** G, rollouts per prompt, when nothing else says: the schema default, and what lessons and evidence runs use. */
export const DEFAULT_GROUP_SIZE = 8;

export type Baseline = (typeof BASELINES)[number];
export type Scale = (typeof SCALES)[number];
export type Aggregation = (typeof AGGREGATIONS)[number];

const advantageSchema = z.object({
  baseline: z.enum(BASELINES).default('mean'),
  /** Temperature of the logavgexp baseline (OPMD). */
  tau: z.number().positive().max(100).default(1),
  /** RS-GRPO risk parameter beta (0 falls back to mean). */
  rsBeta: z.number().min(0).max(50).default(2),
  /** NGRPO: reward of the virtual samples and how many are added. */
  virtualMaxReward: z.number().min(-10).max(10).default(1),
  virtualCount: z.number().int().min(1).max(16).default(1),
  scale: z.enum(SCALES).default('group-std'),
  stdType: z.enum(['sample', 'population']).default('sample'),
  /** DaGRPO pair mask: with the mean baseline, sample pairs whose rewards differ by less than this are left out (0 = off). */
  dagrpoDelta: z.number().min(0).max(100).default(0),
  /** Added to the std (not inside the sqrt); TRL 1e-4, verl 1e-6. */
  epsilon: z.number().min(0).max(1).default(1e-4),
  /** Floor added to the MAD (MC-GRPO code: 1e-3). */
  madEpsilon: z.number().min(0).max(1).default(1e-3),
  /** Post-transforms, applied in this order when on. */
  gdpo: z.boolean().default(false),
  unlikelinessBeta: z.number().min(0).max(1).default(0),
  agrae: z.boolean().default(false),
  agraeAlpha: z.number().positive().max(10).default(1),
  seedAlpha: z.number().min(0).max(10).default(0),
  passK: z.enum(['off', 'best-only', 'analytic']).default('off'),
  passKk: z.number().int().min(1).max(64).default(2),
  /** AsymRE baseline shift delta (added to the baseline). */
  baselineShift: z.number().min(-5).max(5).default(0),
  /** REINFORCE++-style global whitening of the advantages over the batch. */
  globalWhiten: z.boolean().default(false),
  /** G^2RPO: rewards mapped onto N(0,1) by rank (replaces baseline and scale). */
  g2rpo: z.boolean().default(false),
  /** ArenaRL: advantages from a seeded single-elimination tournament inside each group (replaces baseline and scale). */
  arena: z.boolean().default(false),
});

const objectiveSchema = z.object({
  ratioLevel: z.enum(['token', 'sequence', 'hybrid']).default('token'),
  /** DHPO (ratioLevel 'hybrid'): how token and sequence ratios mix, and the sequence branch's own trust region. */
  dhpoMix: z.enum(['average', 'entropy']).default('average'),
  dhpoSeqEpsLow: z.number().min(0).max(10).default(3e-4),
  dhpoSeqEpsHigh: z.number().min(0).max(10).default(4e-4),
  clipMode: z.enum(CLIP_MODES).default('clip'),
  epsLow: z.number().min(0).max(10).default(0.2),
  epsHigh: z.number().min(0).max(10).default(0.2),
  dualClipC: z.number().min(1).max(100).default(3),
  /** REC: multiply by the detached ratio (IS) or not. */
  recImportanceWeights: z.boolean().default(false),
  /** OPMD loss scale 1/(1+tau) when on. */
  opmdScale: z.boolean().default(false),
  aggregation: z.enum(AGGREGATIONS).default('token-mean'),
  klCoef: z.number().min(0).max(10).default(0),
  klEstimator: z.enum(KL_ESTIMATORS).default('k3'),
  klPlacement: z.enum(['loss', 'reward']).default('loss'),
  entropyCoef: z.number().min(-1).max(1).default(0),
  /** TRL two-sided clip delta: the unclipped branch uses min(ratio, delta); 0 = off. */
  clipDelta: z.number().min(0).max(100).default(0),
  /** REC ring mode: outer bands epsilon' (Trinity defaults 0.6 / 2). */
  recRingEpsLow: z.number().min(0).max(1).default(0.6),
  recRingEpsHigh: z.number().min(0).max(100).default(2),
  /** LLDS likelihood-preserving regulariser coefficient lambda (0 = off; the paper's script uses 0.2). */
  lldsCoef: z.number().min(0).max(10).default(0),
  /** Skywork-OR1 adaptive entropy control: entropyCoef is the starting value, then stepped toward the target. */
  entropyAdaptive: z.boolean().default(false),
  entropyTarget: z.number().min(0).max(20).default(0.2),
  entropyCoefDelta: z.number().min(0).max(1).default(1e-4),
  entropyCoefMin: z.number().min(0).max(1).default(0),
  entropyCoefMax: z.number().min(0).max(1).default(0.005),
  /** SRPO: failed samples are trained by self-distillation from the hinted policy (token advantages), right ones by GRPO. */
  srpo: z.boolean().default(false),
  srpoCoef: z.number().min(0).max(10).default(1),
  /** SRPO entropy-aware weighting of the distillation tokens (exp(-teacher entropy), mean 1). */
  srpoEntropyWeighting: z.boolean().default(true),
  /** Token hidden rewards (rl/thr.ts): NTHR softens wrong tokens that pull down the right responses; THR reweights every token by its sign. */
  thr: z.enum(['off', 'nthr', 'thr']).default('off'),
  /** THR's sign weight p: 1 + p for positive-THR tokens, 1 - p for negative (p > 0 exploitation, p < 0 exploration). */
  thrP: z.number().min(-1).max(1).default(0.5),
  /** Threshold multiplier beta (NTHR's tau = beta * min over right responses of their mean score). */
  thrBeta: z.number().min(0).max(100).default(1),
  /** THR: tokens at or under the threshold get no signal (dominant tokens only). */
  thrDominantOnly: z.boolean().default(false),
  /** DaGRPO anchors (rl/anchors.ts): weight of an NLL term on the demonstrations of this step's all-wrong prompts; 0 = off. */
  anchorLambda: z.number().min(0).max(10).default(0),
});

const dataSchema = z.object({
  /** DAPO dynamic sampling: drop zero-variance groups and refill up to maxGenBatches generation batches. */
  dynamicSampling: z.boolean().default(false),
  maxGenBatches: z.number().int().min(1).max(20).default(3),
  /** DAPO soft overlong punishment; cache = number of characters of the soft zone. */
  overlongShaping: z.boolean().default(false),
  overlongCache: z.number().int().min(1).max(64).default(4),
  /** Drop truncated completions from the loss. */
  maskTruncated: z.boolean().default(false),
  /** MC-GRPO: sample G+1 and exclude the median pivot from the loss. */
  mcPivot: z.boolean().default(false),
  /** NGRPO data side: drop all-correct groups. */
  dropAllCorrect: z.boolean().default(false),
  /** Scaf-GRPO: hint re-rollouts for all-wrong groups after warm-up steps. */
  scafHints: z.boolean().default(false),
  scafWarmup: z.number().int().min(0).max(10000).default(5),
  /** MMR1 variance-aware sampling: prompts from a fixed pool, half of each batch weighted by p(1 - p). */
  vas: z.boolean().default(false),
  vasPoolSize: z.number().int().min(2).max(4096).default(64),
  vasMixture: z.number().min(0).max(1).default(0.5),
  /** SAGE: all-wrong groups are sampled again with a hint the policy wrote itself from the reference. */
  sage: z.boolean().default(false),
  /** HiLL: SAGE's self-written hints, the level chosen by HiLL's transfer-weighted reward (hint reliance, temperature T). */
  hill: z.boolean().default(false),
  hillTemperature: z.number().positive().max(10).default(0.3),
  /** iGRPO: N drafts per prompt first; the G trained rollouts are refinements conditioned on the best draft. */
  igrpo: z.boolean().default(false),
  igrpoDrafts: z.number().int().min(1).max(32).default(4),
  /** Prompt-GDRO: prompts from a fixed pool, drawn by pass@k difficulty bin with weights exp(eta * bin score). */
  gdro: z.boolean().default(false),
  gdroPoolSize: z.number().int().min(2).max(4096).default(64),
  gdroBins: z.number().int().min(2).max(8).default(4),
  gdroEta: z.number().min(0).max(50).default(2),
  gdroEmaBeta: z.number().min(0).max(0.999).default(0.9),
  gdroWindow: z.number().int().min(1).max(64).default(4),
  gdroFloor: z.number().min(0).max(1).default(0.1),
  /** Rollout-GDRO: the same B x G rollouts per step, a G per prompt (square-root rule over its bin's error rate), within [gdroMinG, gdroMaxG]. */
  gdroRollouts: z.boolean().default(false),
  gdroMinG: z.number().int().min(2).max(64).default(2),
  gdroMaxG: z.number().int().min(2).max(64).default(16),
});

const expertSchema = z.object({
  id: z.string().min(1).max(24),
  prefix: z.string().max(16),
  enabled: z.boolean(),
  /** The task expert whose answer format grades this one; defaults to `id` when that is a task expert. */
  style: z.string().max(24).optional(),
});

const expertsSchema = z.object({
  /** Off: every rollout uses the first enabled expert's prefix (or the task default). */
  enabled: z.boolean().default(false),
  /** null = the task's own expert list. */
  list: z.array(expertSchema).max(8).nullable().default(null),
  /** 'per-expert': G rollouts for each expert; 'split': G in total, split evenly. */
  allocation: z.enum(['per-expert', 'split']).default('split'),
  /** Baseline over each expert's sub-group or the whole group. */
  baselineScope: z.enum(['per-expert', 'group']).default('group'),
  /** MEML lambda1 (mutual learning) and lambda2 (hard-example SFT buffer). */
  mutualLambda: z.number().min(0).max(10).default(0),
  /**
   * Which prompt mutual learning trains the strong expert's answer under: 'weakest' = the expert with the lowest mean
   * reward (the paper, as summarised); 'default' = the first (deployed) expert only, so the other experts keep their
   * strategies (docs/experts.md: with 'weakest' the strategy experts drift into the direct style).
   */
  mutualTarget: z.enum(['weakest', 'default']).default('weakest'),
  sftLambda: z.number().min(0).max(10).default(0),
  sftBufferSize: z.number().int().min(1).max(256).default(16),
  sftWrongThreshold: z.number().min(0).max(1).default(0.75),
});

export const runConfigSchema = z.object({
  task: z.enum(TASK_IDS).default('add'),
  /** 0 = the task's own default difficulty (add 2 digits, reverse 5 letters, sort 4 digits, countdown 4 numbers). */
  difficulty: z.number().int().min(0).max(8).default(0),
  modelSize: z.enum(MODEL_SIZES).default('tiny'),
  init: z.enum(['checkpoint', 'random']).default('checkpoint'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  /** The preset the method knobs came from; the default is the one whose values are the schema defaults. */
  preset: z.string().max(40).default('grpo-trl'),
  /** B prompts per step and G rollouts per prompt. */
  prompts: z.number().int().min(1).max(64).default(8),
  groupSize: z.number().int().min(1).max(64).default(DEFAULT_GROUP_SIZE),
  temperature: z.number().positive().max(5).default(1),
  /** 0 = the task's own maximum for this difficulty. */
  maxCompletionLength: z.number().int().min(0).max(64).default(0),
  lr: z.number().positive().max(1).default(3e-4),
  adamEpsilon: z.number().positive().max(1).default(1e-8),
  gradClip: z.number().min(0).max(100).default(1),
  /** mu inner epochs and minibatches per rollout batch. */
  innerEpochs: z.number().int().min(1).max(8).default(1),
  minibatches: z.number().int().min(1).max(16).default(1),
  rewardWeights: z.record(z.string(), z.number().min(-10).max(10)).default({ correct: 1, format: 0.1 }),
  hintLevel: z.number().int().min(0).max(8).default(0),
  evalEvery: z.number().int().min(0).max(1000).default(10),
  evalSize: z.number().int().min(1).max(512).default(64),
  /** Oracle metrics at each eval: K extra samples per probe prompt estimate its true p(x) (0 = off). */
  oracleSamples: z.number().int().min(0).max(256).default(32),
  /** Fixed probe prompts (the first held-out problems) the oracle judges the advantages on. */
  oracleProbes: z.number().int().min(1).max(64).default(16),
  advantage: advantageSchema.prefault({}),
  objective: objectiveSchema.prefault({}),
  data: dataSchema.prefault({}),
  experts: expertsSchema.prefault({}),
});

export type RunConfig = z.infer<typeof runConfigSchema>;
export type RunConfigInput = z.input<typeof runConfigSchema>;
export type AdvantageConfig = RunConfig['advantage'];
export type ObjectiveConfig = RunConfig['objective'];
export type DataConfig = RunConfig['data'];
export type ExpertsConfig = RunConfig['experts'];
export type Backend = (typeof BACKENDS)[number];

export const DEFAULT_CONFIG: RunConfig = runConfigSchema.parse({});

/** Knobs that need a new model, task or seed: they take effect only through a reset. Everything else is live. */
export const RESET_KNOBS = ['task', 'modelSize', 'init', 'seed'] as const;

/** A readable list of problems ("groupSize: must be >= 1"), or an empty list when the input is valid. */
export function validateConfig(input: unknown): { config?: RunConfig; errors: string[] } {
  const parsed = runConfigSchema.safeParse(input);
  if (!parsed.success) {
    return {
      errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`),
    };
  }
  const cfg = parsed.data;
  const errors: string[] = [];
  if (cfg.data.mcPivot && cfg.groupSize < 2) errors.push('groupSize: MC-GRPO needs G >= 2');
  if (cfg.experts.list && cfg.experts.enabled && !cfg.experts.list.some((e) => e.enabled)) {
    errors.push('experts.list: at least one expert must be enabled');
  }
  if (cfg.minibatches > cfg.prompts * cfg.groupSize) errors.push('minibatches: more minibatches than rollouts');
  const d = cfg.objective.clipDelta;
  if (d > 0 && d <= 1 + cfg.objective.epsHigh)
    errors.push(`objective.clipDelta: must be above 1 + epsHigh (${1 + cfg.objective.epsHigh}) or 0 (off)`);
  const cores: string[] = (['gdpo', 'g2rpo', 'arena'] as const).filter((k) => cfg.advantage[k]);
  if (cfg.advantage.passK !== 'off') cores.push('passK');
  if (cores.length > 1) errors.push(`advantage: ${cores.join(' and ')} each replace the whole advantage; turn on only one`);
  if ((cfg.data.sage || cfg.data.hill) && cfg.data.scafHints)
    errors.push('data: sage/hill and scafHints both rescue all-wrong groups; turn on only one');
  if (cfg.data.vas && cfg.data.gdro) errors.push('data: vas and gdro each choose the prompts; turn on only one');
  if (cfg.advantage.dagrpoDelta > 0 && cfg.advantage.baseline !== 'mean')
    errors.push(
      `advantage.dagrpoDelta: the DaGRPO pair mask rewrites the mean baseline as a sum over pairs; baseline is ${cfg.advantage.baseline}`,
    );
  if (cfg.data.gdroRollouts && !cfg.data.gdro)
    errors.push('data.gdroRollouts: Rollout-GDRO uses the GDRO pool and bins; turn on data.gdro');
  if (cfg.data.gdroRollouts && !(cfg.data.gdroMinG <= cfg.groupSize && cfg.groupSize <= cfg.data.gdroMaxG))
    errors.push(`data.gdroMinG/gdroMaxG: the mean G (groupSize ${cfg.groupSize}) must lie in [${cfg.data.gdroMinG}, ${cfg.data.gdroMaxG}]`);
  if (cfg.objective.entropyAdaptive && cfg.objective.entropyCoefMin > cfg.objective.entropyCoefMax) {
    errors.push('objective.entropyCoefMin: must not exceed entropyCoefMax');
  }
  if (!errors.length) errors.push(...configRuleErrors(cfg));
  return errors.length ? { errors } : { config: cfg, errors };
}

/** Parse or throw one error that lists every problem. */
export function parseConfig(input: unknown): RunConfig {
  const { config, errors } = validateConfig(input);
  if (!config) throw new Error(`Invalid run config: ${errors.join('; ')}`);
  return config;
}

export { mergeConfig } from './merge-config';
