// "Run it at scale" as a runnable Python project: RunConfig -> files (path -> text). TRL: train_trl.py (a
// GRPOTrainer subclass with the playground's advantages), rewards.py, advantages.py, problems.jsonl,
// requirements.txt, DeepSpeed/accelerate configs, README.md. verl: verl/reward.py (custom reward function plus the
// playground's advantage registered as an estimator where verl can express it), verl/make_parquet.py, an override
// YAML and the launch script. Every free string reaches the files through code-literals.ts only.
import { parseConfig, type RunConfig, type RunConfigInput } from '../../engine/config';
import { activeExpertsLenient, type ExportExpert } from './experts';
import { drawProblems, heldOutProblems } from '../../engine/rl/problems';
import { Rng } from '../../engine/rng';
import { getTask, resolveDifficulty } from '../../engine/tasks';
import type { Problem, Task } from '../../engine/tasks/types';
import { commentText, pyStr, pyValue } from '../code-literals';
import { resolveRun } from '../framework-common';
import { trlConfig } from '../trl-config';
import { ADVANTAGES_PY } from './advantages-py';
import { REWARDS_PY } from './rewards-py';
import { TRAIN_TRL_BODY_PY } from './train-trl-py';
import { verlProject } from './verl-project';

/** Versions the mapping was written and tested for (the smoke run installs exactly these). */
export const PINNED_REQUIREMENTS = [
  'trl==1.13.0',
  'transformers==5.18.0',
  'accelerate==1.15.0',
  'datasets==5.0.1',
  'torch==2.13.0',
  'pyarrow==25.0.1',
  'numpy==2.4.6',
];

/** The default real model: small, instruct-tuned, Apache-2.0; replace it with --model. */
export const DEFAULT_MODEL = 'Qwen/Qwen2.5-0.5B-Instruct';
export const DEFAULT_STEPS = 100;

export interface ScaleProjectOptions {
  /** Playground steps to reproduce (one problem batch each); default: DEFAULT_STEPS. */
  steps?: number;
  model?: string;
}

export interface ScaleProject {
  files: Record<string, string>;
  /** What the TRL project cannot do that the run did (also at the top of train_trl.py). */
  trlNotExpressible: string[];
  verlNotExpressible: string[];
}

export interface ProblemRow {
  /** Hint (if the run has a fixed hint level) and question: the user message. */
  prompt: string;
  question: string;
  answer: string;
  data: Record<string, unknown>;
  step: number;
}

/** The problems the playground run draws: B per step from the prompts/<step> stream (the first generation batch). */
export function runProblems(config: RunConfig, task: Task, steps: number): { train: ProblemRow[]; eval: ProblemRow[] } {
  const cfg = { ...config, difficulty: resolveDifficulty(task, config.difficulty) };
  const heldOut = heldOutProblems(task, cfg.difficulty, cfg.evalSize);
  const heldOutIds = new Set(heldOut.map((p) => p.id));
  const row = (p: Problem, step: number): ProblemRow => ({
    prompt: (cfg.hintLevel > 0 ? task.hint(p, cfg.hintLevel) : '') + p.question,
    question: p.question,
    answer: p.answer,
    data: p.data,
    step,
  });
  const train: ProblemRow[] = [];
  for (let step = 1; step <= steps; step++) {
    for (const p of drawProblems(task, cfg, new Rng(cfg.seed, `prompts/${step}`), cfg.prompts, heldOutIds)) train.push(row(p, step));
  }
  return { train, eval: heldOut.map((p) => row(p, 0)) };
}

/** How the run's expert allocation becomes TRL rows x num_generations, and what that cannot express. */
export function rowLayout(config: RunConfig, experts: ExportExpert[]): { rowExperts: number[]; numGenerations: number; notes: string[] } {
  const notes: string[] = [];
  const G = config.groupSize;
  const E = experts.length;
  const pivot = config.data.mcPivot ? 1 : 0;
  if (!config.experts.enabled || E === 1) return { rowExperts: [0], numGenerations: G + pivot, notes };
  const all = experts.map((e) => e.index);
  if (config.experts.allocation === 'per-expert') {
    if (pivot)
      notes.push(
        `MC-GRPO pivot with ${E} experts: the playground adds one rollout (the last expert's) to the group; here every expert row gets G = ${G} and the pivot is taken from the merged group`,
      );
    return { rowExperts: all, numGenerations: G, notes };
  }
  if ((G + pivot) % E === 0) return { rowExperts: all, numGenerations: (G + pivot) / E, notes };
  const n = Math.ceil((G + pivot) / E);
  notes.push(
    `split allocation of ${G + pivot} rollouts over ${E} experts is uneven (round-robin); TRL needs one num_generations, so every expert row gets ${n} (${n * E} per group)`,
  );
  return { rowExperts: all, numGenerations: n, notes };
}

/** Knobs the TRL project cannot reproduce exactly (the subclass covers baseline, scale, transforms, GDPO, pivot, experts). */
function trlNotes(config: RunConfig, layoutNotes: string[]): string[] {
  const notes = [...layoutNotes];
  const { objective: obj, data } = config;
  if ((config.prompts * config.groupSize) % config.minibatches !== 0)
    notes.push(
      `minibatches ${config.minibatches}: does not divide the step's completions evenly; one optimizer step per generation batch instead`,
    );
  if (obj.klCoef > 0 && obj.klPlacement === 'reward')
    notes.push(`KL in the reward (coef ${obj.klCoef}): GRPOTrainer puts KL only in the loss; not applied`);
  if (obj.klCoef > 0 && obj.klPlacement === 'loss' && obj.klEstimator !== 'k3')
    notes.push(`KL estimator ${obj.klEstimator}: TRL's beta term uses k3`);
  if (obj.clipMode === 'none' || obj.clipMode === 'rec-one-side' || obj.clipMode === 'rec-two-side')
    notes.push(`clipMode "${obj.clipMode}": TRL clips the ratio (epsilon/epsilon_high)`);
  if (obj.opmdScale) notes.push('OPMD loss scale 1/(1+tau): not applied');
  if (obj.aggregation === 'seq-mean-token-sum')
    notes.push('aggregation "seq-mean-token-sum": TRL dr_grpo divides by max_completion_length instead');
  if (obj.entropyCoef !== 0) notes.push(`entropy coefficient ${obj.entropyCoef}: GRPOConfig has no entropy bonus`);
  if (data.dynamicSampling)
    notes.push(
      `DAPO dynamic sampling (refill up to ${data.maxGenBatches} generation batches): TRL does not resample; zero-variance groups stay with advantage 0`,
    );
  if (data.dropAllCorrect) notes.push('drop all-correct groups (NGRPO data side): not applied (they get advantage 0 here)');
  if (data.scafHints) notes.push(`Scaf-GRPO hint re-rollouts after step ${data.scafWarmup}: not applied`);
  if (config.experts.enabled && config.experts.mutualLambda > 0)
    notes.push(`MEML mutual-learning term (lambda ${config.experts.mutualLambda}): not applied`);
  if (config.experts.enabled && config.experts.sftLambda > 0)
    notes.push(`MEML hard-example SFT buffer (lambda ${config.experts.sftLambda}): not applied`);
  if (obj.anchorLambda > 0)
    notes.push(`DaGRPO anchors (NLL on the demonstrations of all-wrong prompts, lambda ${obj.anchorLambda}): not applied`);
  if (config.experts.enabled || config.experts.list)
    notes.push(
      "expert prompt prefixes become system prompts that describe each expert's style (a real model does not know the toy prefixes)",
    );
  notes.push('lengths are characters in the playground and tokens here (max_completion_length, the overlong penalty)');
  return notes;
}

/** Validate a config input, then build its project (the CLI and tests; the app's configs are already valid). */
export function scaleProject(input: RunConfigInput | RunConfig, opts: ScaleProjectOptions = {}): ScaleProject {
  return scaleProjectFor(parseConfig(input), opts);
}

/**
 * The project for a config as it is, without validating it again: safe for any string in any free field (the
 * injection test calls it with hostile values that config validation might refuse).
 */
export function scaleProjectFor(config: RunConfig, opts: ScaleProjectOptions = {}): ScaleProject {
  const task = getTask(config.task);
  const run = resolveRun(config);
  const steps = Math.max(1, Math.floor(opts.steps ?? DEFAULT_STEPS));
  const model = opts.model ?? DEFAULT_MODEL;
  // The model id also lands in verl's YAML, where OmegaConf would resolve a "${...}" in any string.
  if (!/^[A-Za-z0-9._\-/]+$/.test(model))
    throw new Error(`model must be a Hugging Face id or a path of letters, digits, . _ - /, got ${JSON.stringify(model)}`);
  const experts = activeExpertsLenient(task, config);
  const layout = rowLayout(config, experts);
  const problems = runProblems(config, task, steps);
  const trl = trlConfig(config, { maxSteps: steps });
  const notExpressible = trlNotes(config, layout.notes);

  const rewardFuncs = [...task.rewardNames, ...(config.data.overlongShaping ? ['overlong'] : [])];
  const kwargLines = trl.kwargs
    .filter(
      (k) =>
        !['per_device_train_batch_size', 'gradient_accumulation_steps', 'reward_weights', 'num_generations', 'max_steps'].includes(k.key),
    )
    .map((k) => `    ${pyStr(k.key)}: ${k.value},${k.comment ? `  # ${commentText(k.comment)}` : ''}`);
  kwargLines.push(`    "num_generations": ${layout.numGenerations},`);
  kwargLines.push(`    "gradient_accumulation_steps": 1,`);
  kwargLines.push(`    "reward_weights": ${pyValue(rewardFuncs.map((n) => (n === 'overlong' ? 1 : (config.rewardWeights[n] ?? 0))))},`);

  const RUN = {
    preset: config.preset,
    task: config.task,
    difficulty: run.difficulty,
    seed: config.seed,
    steps,
    prompts: config.prompts,
    group_size: config.groupSize,
    default_model: model,
    advantage: config.advantage,
    reward_funcs: rewardFuncs,
    reward_weights: config.rewardWeights,
    max_completion_length: run.maxCompletionLength,
    overlong_cache: config.data.overlongCache,
    experts: experts.map((e) => ({ id: e.id, style: e.style, system_prompt: e.systemPrompt })),
    row_experts: layout.rowExperts,
    experts_enabled: config.experts.enabled,
    allocation: config.experts.allocation,
    baseline_scope: config.experts.baselineScope,
    mc_pivot: config.data.mcPivot,
  };

  const trainTrl = [
    '# train_trl.py: generated by GRPO Playground ("Run it at scale"). Trains the run\'s variant with TRL.',
    '# -*- coding: utf-8 -*-',
    '#',
    "# What this script cannot reproduce exactly (everything else is the playground's, advantages included):",
    ...(notExpressible.length ? notExpressible.map((n) => commentText(`#  - ${n}`)) : ['#  - nothing']),
    '#',
    commentText(
      `# Playground run: preset ${pyStr(config.preset)}, task ${config.task}, difficulty ${run.difficulty}, seed ${config.seed}.`,
    ),
    '',
    `RUN = ${pyValue(RUN)}`,
    '',
    '# GRPOConfig keywords mapped from the run (see the README for what each one means).',
    'TRL_KWARGS = {',
    ...kwargLines,
    '}',
    TRAIN_TRL_BODY_PY,
  ].join('\n');

  const jsonl = (rows: ProblemRow[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
  const files: Record<string, string> = {
    'train_trl.py': trainTrl,
    'advantages.py': ADVANTAGES_PY,
    'rewards.py': REWARDS_PY,
    'problems.jsonl': jsonl(problems.train),
    'problems_eval.jsonl': jsonl(problems.eval),
    'playground_run.json': `${JSON.stringify(config, null, 2)}\n`,
    'requirements.txt': ['# The versions this export was written and smoke-tested against.', ...PINNED_REQUIREMENTS, ''].join('\n'),
    'ds_zero2.json': `${JSON.stringify(DEEPSPEED_ZERO2, null, 2)}\n`,
    'accelerate_zero2.yaml': ACCELERATE_ZERO2,
  };
  const verl = verlProject(config, { experts, steps, model, rewardFuncs });
  for (const [k, v] of Object.entries(verl.files)) files[`verl/${k}`] = v;
  files['README.md'] = readme(config, {
    steps,
    model,
    notExpressible,
    verlNotes: verl.notExpressible,
    numGenerations: layout.numGenerations,
    rows: layout.rowExperts.length,
  });
  return { files, trlNotExpressible: notExpressible, verlNotExpressible: verl.notExpressible };
}

const DEEPSPEED_ZERO2 = {
  zero_optimization: { stage: 2, overlap_comm: true, contiguous_gradients: true, reduce_bucket_size: 'auto' },
  bf16: { enabled: 'auto' },
  gradient_accumulation_steps: 'auto',
  gradient_clipping: 'auto',
  train_batch_size: 'auto',
  train_micro_batch_size_per_gpu: 'auto',
};

const ACCELERATE_ZERO2 = [
  '# accelerate launch --config_file accelerate_zero2.yaml train_trl.py  (set num_processes to your GPU count)',
  'compute_environment: LOCAL_MACHINE',
  'distributed_type: DEEPSPEED',
  'deepspeed_config:',
  '  deepspeed_config_file: ds_zero2.json',
  '  zero3_init_flag: false',
  'mixed_precision: bf16',
  'num_machines: 1',
  'num_processes: 8',
  'machine_rank: 0',
  'main_training_function: main',
  '',
].join('\n');

function readme(
  config: RunConfig,
  o: { steps: number; model: string; notExpressible: string[]; verlNotes: string[]; numGenerations: number; rows: number },
): string {
  // Markdown is not code, but free strings still go in as escaped literals inside code spans.
  const bullet = (xs: string[]) => (xs.length ? xs.map((x) => `- ${commentText(x)}`).join('\n') : '- nothing');
  return `# GRPO Playground run at scale

Preset \`${commentText(pyStr(config.preset))}\`, task \`${config.task}\`, seed ${config.seed}: the playground's variant on a real model,
with TRL (accelerate, DeepSpeed) or verl (Ray). ${o.steps} steps of ${config.prompts} problems are in \`problems.jsonl\`
(drawn exactly as the playground draws them from the run's seed and difficulty); \`problems_eval.jsonl\` is its held-out set.

## TRL

\`\`\`bash
pip install -r requirements.txt
# one GPU (default model ${commentText(o.model)}; change it with --model)
python train_trl.py
python train_trl.py --model Qwen/Qwen2.5-1.5B-Instruct
# several GPUs with DeepSpeed ZeRO-2 (edit num_processes in accelerate_zero2.yaml; needs pip install deepspeed,
# which is not pinned: the export was smoke-tested on CPU without it)
accelerate launch --config_file accelerate_zero2.yaml train_trl.py
# CPU smoke test: a tiny random model built from a config, nothing downloaded
python train_trl.py --tiny-random-model --max-steps 2 --advantage-log advantages.jsonl
\`\`\`

\`train_trl.py\` subclasses \`GRPOTrainer\` and replaces its advantages by the playground's (\`advantages.py\`, a line-for-line
port of \`computeAdvantages\`, checked against it to 1e-6 on every preset). One generation batch is one playground step:
${config.prompts} groups x ${o.rows} expert row(s) x ${o.numGenerations} completions. Rewards are \`rewards.py\` (the task
verifiers, checked against the TypeScript on 2,000+ completions per task), one TRL reward function per named reward.

Not reproduced exactly (also at the top of \`train_trl.py\`):

${bullet(o.notExpressible)}

## verl

\`\`\`bash
pip install verl                     # with vLLM or SGLang for rollouts; see verl's install guide
python verl/make_parquet.py          # problems.jsonl -> verl/train.parquet, verl/val.parquet
bash verl/run_verl.sh                # python -m verl.trainer.main_ppo with verl/playground.yaml
\`\`\`

Not expressible in verl (also at the top of \`verl/playground.yaml\`):

${bullet(o.verlNotes)}

verl could not be installed where this export was written: its YAML keys were checked against verl's published
config (\`_generated_ppo_trainer.yaml\`), \`reward.py\` against the verifiers and the parquet columns against
verl's RLHFDataset, but no verl job was run.
`;
}
