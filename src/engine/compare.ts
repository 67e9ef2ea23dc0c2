// Paired runs: 2-4 trainers built from one base config plus a patch each, all with the SAME seed, stepped in
// lockstep. Because every random draw in the trainer comes from a stream named (seed, purpose, step), the variants
// share random numbers (common random numbers, CRN), so the difference between two variants' curves is mostly the
// effect of the knob, not sampling noise. Framework-free: the worker, the CLI and tests use it alike.
//
// What CRN covers here (crnReport() says which parts hold for a given set of variants):
// - Same prompts: the prompt stream is `prompts/<step>`, so variants with the same task, difficulty, held-out set
//   (evalSize) and B draw the same problems at every step, whatever their advantage/loss knobs. A different B
//   shares only the first min(B) problems.
// - Same sampling uniforms: the Gumbel uniforms of generation batch k come from `sampling/<step>/<k>`, laid out
//   [maxNew, rollouts, vocab]. They line up only when the rollout layout matches: same B, same rollouts per group,
//   same model vocabulary. A different completion length keeps the first tokens' uniforms aligned.
// - Same step-1 completions: same uniforms, same starting weights (model size, init), same temperature and same
//   prompt texts (hint level, experts). After step 1 the policies differ, so the same uniforms give correlated,
//   not identical, completions: that correlation is what makes paired differences less noisy.
// What breaks it:
// - MC-GRPO's pivot samples G+1 per group, shifting every row of the uniform block (prompts still match).
// - MEML 'per-expert' allocation samples G per expert (K*G rows), and expert prefixes change the prompt text.
// - DAPO dynamic sampling draws extra generation batches (more prompts from the same stream, fresh uniforms) and
//   trains on a different subset; batch 1 is still shared. NGRPO's all-correct filter also changes the trained set.
// - Scaf-GRPO hint re-rollouts use their own `hints/<step>` stream and replace rollouts in some groups only.
// - Different seeds or tasks share nothing; PairedRun refuses them.
import { mergeConfig, parseConfig, type RunConfig, type RunConfigInput } from './config';
import { getTask, resolveDifficulty } from './tasks';
import { activeExperts, assignExperts } from './rl/experts';
import { maxNewTokens } from './rl/rollouts';
import { Trainer } from './rl/trainer';
import type { PhaseEvent, StepReport } from './rl/types';

/** Metrics whose paired difference is reported by default (TRL names where they exist). */
export const DEFAULT_PAIRED_METRICS = [
  'reward',
  'reward_std',
  'frac_reward_zero_std',
  'entropy',
  'kl',
  'completions/mean_length',
  'adv/abs_mean',
  'adv/sign_vs_group_mean',
  'adv/true_sign_flip_rate',
  'adv/signal_group_frac',
  'loss',
  'grad_norm',
  'eval/pass@1',
] as const;

export interface VariantSpec {
  /** Legend name; defaults to A, B, C, D. */
  name?: string;
  /** Merged over the base config (mergeConfig). Must not change the seed or the task. */
  patch: RunConfigInput;
}

export interface PairedRunInit {
  base: RunConfigInput;
  /** 2 to 4 variants; variant 0 is the reference the others are differenced against. */
  variants: VariantSpec[];
  /** Starting weights: one map for all (read-only, copied by each policy) or per resolved config. */
  initialWeights?: Map<string, Float32Array> | ((config: RunConfig) => Map<string, Float32Array> | undefined);
  /** Metrics to difference (default DEFAULT_PAIRED_METRICS); missing or non-finite ones are skipped. */
  metrics?: readonly string[];
  earlyStopEvery?: number;
  /** Groups kept per report; default 64 (the largest B), so every prompt of a step is visible as evidence. */
  snapshotGroups?: number;
  now?: () => number;
  /** Steps of prompt evidence kept (oldest dropped first); default 10,000. */
  historyLimit?: number;
}

export interface PairedDiff {
  variant: number;
  name: string;
  /** metric -> value(variant) - value(variant 0), this step. */
  deltas: Record<string, number>;
}

export interface PairedStep {
  step: number;
  /** One report per variant, in variant order. */
  reports: StepReport[];
  /** One entry per variant 1..n-1. */
  diffs: PairedDiff[];
  /** Every variant trained on the same problems, in the same order, this step. */
  samePrompts: boolean;
}

export interface PromptEvidence {
  variant: number;
  name: string;
  /** Groups as the report shows them: trained ones first, then (filtered: true) up to two dropped ones. */
  problems: Array<{ problemId: string; question: string; filtered: boolean }>;
}

export interface CrnPair {
  variant: number;
  name: string;
  /** The first generation batch of every step draws the same problems (filters may still train on subsets). */
  samePrompts: boolean;
  /** The sampling uniforms of every generation batch line up row for row. */
  sameUniforms: boolean;
  /** Step 1 produces identical completions (later steps: correlated, since the policies have diverged). */
  sameStep1Rollouts: boolean;
  /** Readable reasons for every guarantee that does not hold (empty when all hold). */
  notes: string[];
}

const NAMES = ['A', 'B', 'C', 'D'];

/** Rows of the uniform block per group: G, K*G for per-expert experts, +1 for the MC-GRPO pivot. */
export function rolloutsPerGroup(config: RunConfig): number {
  return assignExperts(activeExperts(getTask(config.task), config), config).length;
}

function resolvedDifficulty(config: RunConfig): number {
  return resolveDifficulty(getTask(config.task), config.difficulty);
}

/** The expert prefix of every rollout row of a group, as one string. */
function rowPrefixes(config: RunConfig): string {
  return assignExperts(activeExperts(getTask(config.task), config), config)
    .map((e) => e.prefix)
    .join('\u0000');
}

function completionLength(config: RunConfig): number {
  return maxNewTokens({ ...config, difficulty: resolvedDifficulty(config) }, getTask(config.task));
}

/** Which CRN guarantees hold between variant 0 and each other variant (see the header comment). */
export function crnReport(configs: readonly RunConfig[], names: readonly string[] = NAMES): CrnPair[] {
  const ref = configs[0];
  return configs.slice(1).map((c, j) => {
    const i = j + 1;
    const notes: string[] = [];
    let samePrompts = true;
    const breakPrompts = (note: string) => {
      samePrompts = false;
      notes.push(note);
    };
    if (c.seed !== ref.seed) breakPrompts(`seed ${c.seed} vs ${ref.seed}: nothing is shared`);
    if (c.task !== ref.task) breakPrompts(`task ${c.task} vs ${ref.task}: different problems`);
    else if (resolvedDifficulty(c) !== resolvedDifficulty(ref)) breakPrompts('different difficulty: different problems');
    if (c.evalSize !== ref.evalSize) breakPrompts('different evalSize: a different held-out set is skipped when drawing prompts');
    if (c.prompts !== ref.prompts)
      breakPrompts(`B ${c.prompts} vs ${ref.prompts}: only the first ${Math.min(c.prompts, ref.prompts)} prompts are shared`);
    for (const [cfg, who] of [
      [ref, names[0]],
      [c, names[i]],
    ] as const) {
      if (cfg.data.dynamicSampling) notes.push(`${who}: dynamic sampling draws extra generation batches and trains on a filtered subset`);
      if (cfg.data.dropAllCorrect) notes.push(`${who}: all-correct groups are dropped, so the trained set differs`);
      if (cfg.data.scafHints) notes.push(`${who}: Scaf-GRPO hint re-rollouts replace rollouts in all-wrong groups`);
    }
    const rowsRef = rolloutsPerGroup(ref);
    const rows = rolloutsPerGroup(c);
    let sameUniforms = c.seed === ref.seed && c.prompts === ref.prompts && c.modelSize === ref.modelSize;
    if (rows !== rowsRef) {
      sameUniforms = false;
      const why = c.data.mcPivot !== ref.data.mcPivot ? ' (MC-GRPO samples G+1)' : '';
      notes.push(`${rows} vs ${rowsRef} rollouts per group${why}: the sampling uniforms no longer line up`);
    }
    if (c.modelSize !== ref.modelSize) notes.push('different model size: different vocabulary layout and weights');
    let sameStep1Rollouts = samePrompts && sameUniforms && c.init === ref.init;
    if (c.init !== ref.init) notes.push('different init: different starting weights');
    if (c.temperature !== ref.temperature) {
      sameStep1Rollouts = false;
      notes.push('different temperature: same uniforms, different tokens');
    }
    // Row-by-row prefixes only line up when the row counts do (a different count is already reported above).
    if (c.hintLevel !== ref.hintLevel || (rows === rowsRef && rowPrefixes(c) !== rowPrefixes(ref))) {
      sameStep1Rollouts = false;
      notes.push('different prompt text (hint level or experts)');
    }
    if (completionLength(c) !== completionLength(ref)) {
      sameStep1Rollouts = false;
      notes.push('different completion length: only the first tokens share uniforms');
    }
    return { variant: i, name: names[i], samePrompts, sameUniforms, sameStep1Rollouts, notes };
  });
}

export class PairedRun {
  readonly configs: RunConfig[];
  readonly names: string[];
  private readonly trainerList: Trainer[];
  readonly metrics: readonly string[];
  /** CRN guarantees for this set of variants (computed once; configs are fixed). */
  readonly crn: CrnPair[];
  stepsDone = 0;
  private readonly evidence = new Map<number, PromptEvidence[]>();
  private readonly historyLimit: number;

  constructor(init: PairedRunInit) {
    if (init.variants.length < 2 || init.variants.length > 4)
      throw new Error(`PairedRun needs 2 to 4 variants, got ${init.variants.length}`);
    const base = parseConfig(init.base);
    this.names = init.variants.map((v, i) => v.name ?? NAMES[i]);
    this.configs = init.variants.map((v, i) => {
      const cfg = parseConfig(mergeConfig(init.base, v.patch));
      if (cfg.seed !== base.seed)
        throw new Error(`Variant "${this.names[i]}" changes the seed (${base.seed} -> ${cfg.seed}); paired runs share one seed`);
      if (cfg.task !== base.task)
        throw new Error(`Variant "${this.names[i]}" changes the task (${base.task} -> ${cfg.task}); paired runs share one task`);
      return cfg;
    });
    this.metrics = init.metrics ?? DEFAULT_PAIRED_METRICS;
    this.historyLimit = init.historyLimit ?? 10_000;
    this.crn = crnReport(this.configs, this.names);
    this.trainerList = [];
    try {
      for (const cfg of this.configs) {
        const weights = typeof init.initialWeights === 'function' ? init.initialWeights(cfg) : init.initialWeights;
        this.trainerList.push(
          new Trainer({
            config: cfg,
            initialWeights: weights,
            earlyStopEvery: init.earlyStopEvery,
            snapshotGroups: init.snapshotGroups ?? 64,
            now: init.now,
          }),
        );
      }
    } catch (e) {
      for (const t of this.trainerList) t.dispose(); // no half-built run keeps tensors alive
      throw e;
    }
  }

  get trainers(): readonly Trainer[] {
    return this.trainerList;
  }

  /**
   * Swap in a trainer that continues variant i (e.g. rebuilt from `exportState()` on another backend after a device
   * loss); the old trainer is disposed. Keeping the variants at one step is the caller's job.
   */
  replaceTrainer(i: number, trainer: Trainer): void {
    const old = this.trainerList[i];
    if (!old) throw new Error(`replaceTrainer: no variant ${i}`);
    if (trainer !== old) {
      try {
        old.dispose();
      } catch {
        // Its backend may be gone (device loss): nothing left to free.
      }
    }
    this.trainerList[i] = trainer;
  }

  /** One training step of every variant, in order (tfjs runs one kernel queue anyway). */
  async step(options: { onPhase?: (variant: number, event: PhaseEvent) => void | Promise<void> } = {}): Promise<PairedStep> {
    const reports: StepReport[] = [];
    for (const [i, t] of this.trainerList.entries()) {
      const onPhase = options.onPhase;
      reports.push(await t.trainStep(onPhase ? { onPhase: (e) => onPhase(i, e) } : {}));
    }
    const step = reports[0].step;
    this.stepsDone = step;
    const evidence = reports.map((r, i) => ({
      variant: i,
      name: this.names[i],
      problems: r.groups.map((g) => ({ problemId: g.problemId, question: g.question, filtered: g.filtered })),
    }));
    this.evidence.set(step, evidence);
    if (this.evidence.size > this.historyLimit) this.evidence.delete(this.evidence.keys().next().value as number);
    // Every trained group's problem id (not only the groups the inspector snapshot shows).
    const trained = reports.map((r) => r.problemIds.join('\n'));
    const diffs = reports
      .slice(1)
      .map((r, j) => ({ variant: j + 1, name: this.names[j + 1], deltas: pairedDeltas(reports[0].metrics, r.metrics, this.metrics) }));
    return { step, reports, diffs, samePrompts: trained.every((t) => t === trained[0]) };
  }

  /** The problems each variant's report showed at `step` (undefined when not run yet or dropped from history). */
  promptsAt(step: number): PromptEvidence[] | undefined {
    return this.evidence.get(step);
  }

  dispose(): void {
    for (const t of this.trainerList) t.dispose();
  }
}

/** value(other) - value(ref) for each metric finite in both. */
export function pairedDeltas(
  ref: Record<string, number>,
  other: Record<string, number>,
  metrics: readonly string[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of metrics) {
    const a = ref[m];
    const b = other[m];
    if (Number.isFinite(a) && Number.isFinite(b)) out[m] = b - a;
  }
  return out;
}
