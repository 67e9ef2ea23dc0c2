// RunConfig -> a TRL GRPOConfig snippet, so a playground run can be tried at scale. Field names and accepted values
// are those of trl/trainer/grpo_config.py (huggingface/trl main, 2026) and transformers' TrainingArguments; the
// list is pinned in test/unit/trl-config.test.ts. Every knob TRL cannot express goes in a comment block, one line
// each, instead of being silently dropped.
import type { RunConfig } from '../engine/config';
import { floatLiteral, resolveRun } from './framework-common';
import { exportNotes } from '../engine/knobs';
import { commentStr, commentText, pyIdent, pyStr } from './code-literals';

export interface TrlExportOptions {
  /** Adds max_steps (the playground has no fixed length). */
  maxSteps?: number;
  outputDir?: string;
}

export interface TrlExport {
  /** The Python snippet. */
  code: string;
  /** keyword -> Python literal, in the order written. */
  kwargs: Array<{ key: string; value: string; comment?: string }>;
  /** One line per knob with no GRPOConfig equivalent. */
  notExpressible: string[];
  /** Reward functions GRPOTrainer needs, in reward_weights order. */
  rewardFunctions: string[];
}

const pyBool = (b: boolean) => (b ? 'True' : 'False');

const LOSS_TYPE: Record<RunConfig['objective']['aggregation'], string> = {
  // TRL 'dapo' = token-mean over the global accumulated batch (its default); 'bnpo' is the local-batch version.
  'token-mean': 'dapo',
  // TRL 'grpo' = per-sequence length normalisation, then mean over sequences.
  'seq-mean-token-mean': 'grpo',
  // TRL 'dr_grpo' divides the token sum by a constant (max_completion_length), as the playground's 'constant'.
  constant: 'dr_grpo',
  'seq-mean-token-sum': 'dr_grpo',
  // verl's sum / L has no TRL equivalent; dr_grpo (sum / (B L_max)) is the nearest (noted).
  'seq-mean-token-sum-norm': 'dr_grpo',
};

const SCALE: Record<RunConfig['advantage']['scale'], string> = { 'group-std': 'group', 'batch-std': 'batch', none: 'none', mad: 'group' };

const BASELINE_NOTE: Partial<Record<RunConfig['advantage']['baseline'], string>> = {
  median: 'baseline "median" (MC-GRPO): TRL always subtracts the group mean',
  'leave-one-out': 'baseline "leave-one-out" (RLOO): not in GRPOTrainer; TRL has a separate RLOOTrainer/RLOOConfig',
  logavgexp: 'baseline "logavgexp" (OPMD, tau {tau}): TRL always subtracts the group mean',
  none: 'baseline "none" (REINFORCE++): TRL always subtracts the group mean',
  'ngrpo-virtual-max': 'baseline "ngrpo-virtual-max" (NGRPO virtual max-reward sample, r_max {rmax})',
  'rs-exp-utility': 'baseline "rs-exp-utility" (RS-GRPO exponential utility, beta {rsBeta})',
};

export function trlConfig(config: RunConfig, opts: TrlExportOptions = {}): TrlExport {
  const run = resolveRun(config);
  const { advantage: adv, objective: obj, data } = config;
  const kwargs: TrlExport['kwargs'] = [];
  const notes: string[] = [];
  const add = (key: string, value: string, comment?: string) => kwargs.push({ key, value, comment });

  add('output_dir', pyStr(opts.outputDir ?? `grpo-playground-${config.preset}`.replace(/[^A-Za-z0-9._-]/g, '_')));
  // Batch sizes in TRL's GRPO count completions, not prompts: one generation batch = B prompts x G completions,
  // split into `minibatches` optimizer steps (steps_per_generation), single device assumed.
  const completions = config.prompts * config.groupSize;
  if (completions % config.minibatches === 0) {
    add(
      'per_device_train_batch_size',
      String(completions / config.minibatches),
      `${config.prompts} prompts x ${config.groupSize} completions / ${config.minibatches} minibatch(es), one device`,
    );
    add('gradient_accumulation_steps', '1');
    if (config.minibatches > 1) add('steps_per_generation', String(config.minibatches));
  } else {
    add('per_device_train_batch_size', String(completions), `${config.prompts} prompts x ${config.groupSize} completions, one device`);
    add('gradient_accumulation_steps', '1');
    notes.push(`minibatches ${config.minibatches}: does not divide the ${completions} completions of a step evenly`);
  }
  add('num_generations', String(config.groupSize));
  add('max_completion_length', String(run.maxCompletionLength), 'characters here; tokens in TRL');
  add('temperature', floatLiteral(config.temperature));
  add('learning_rate', floatLiteral(config.lr));
  add('lr_scheduler_type', pyStr('constant'), 'the playground keeps lr constant');
  add('adam_epsilon', floatLiteral(config.adamEpsilon));
  add('max_grad_norm', floatLiteral(config.gradClip));
  add('num_iterations', String(config.innerEpochs));

  // KL: GRPOConfig's beta is a k3 estimate in the loss.
  const klInLoss = obj.klCoef > 0 && obj.klPlacement === 'loss';
  add('beta', floatLiteral(klInLoss ? obj.klCoef : 0));
  if (klInLoss && obj.klEstimator !== 'k3') notes.push(`KL estimator ${obj.klEstimator}: TRL's beta term uses k3`);
  if (obj.klCoef > 0 && obj.klPlacement === 'reward') {
    notes.push(
      `KL in the reward (coef ${obj.klCoef}, ${obj.klEstimator}): GRPOConfig's beta is a loss term (TRL's RLOOTrainer puts KL in the reward)`,
    );
  }

  // Clipping.
  add('epsilon', floatLiteral(obj.epsLow));
  add('epsilon_high', floatLiteral(obj.epsHigh));
  if (obj.clipDelta > 0) add('delta', floatLiteral(obj.clipDelta), 'two-sided clip: the unclipped branch uses min(ratio, delta)');
  // Dual-clip bounds the LOSS of A < 0 tokens at -c*A; TRL's delta caps the RATIO in the unclipped branch for every
  // sign of A. Different operations: dual-clip has no TRL equivalent, so it is a note, not a delta.
  if (obj.clipMode === 'dual-clip')
    notes.push(
      `clipMode "dual-clip" (c = ${obj.dualClipC}): TRL has no dual-clip; its delta is a different operation (caps the ratio for both signs of A)`,
    );
  add(
    'importance_sampling_level',
    pyStr(obj.ratioLevel === 'hybrid' ? 'token' : obj.ratioLevel),
    obj.ratioLevel === 'hybrid' ? 'nearest; see below' : undefined,
  );
  add('loss_type', pyStr(LOSS_TYPE[obj.aggregation]), obj.aggregation === 'seq-mean-token-sum' ? 'nearest; see below' : undefined);
  if (obj.aggregation === 'seq-mean-token-sum')
    notes.push('aggregation "seq-mean-token-sum": no TRL loss_type (dr_grpo divides by max_completion_length instead)');
  if (obj.aggregation === 'seq-mean-token-sum-norm')
    notes.push('aggregation "seq-mean-token-sum-norm" (verl sum / L, no division by B): dr_grpo also divides by B');

  // Advantages.
  add('scale_rewards', pyStr(SCALE[adv.scale]), adv.scale === 'mad' ? 'nearest; see below' : undefined);
  if (adv.scale === 'mad') notes.push(`scale "mad" (MC-GRPO median absolute deviation + ${adv.madEpsilon})`);
  if (adv.gdpo) add('multi_objective_aggregation', pyStr('normalize_then_sum'), 'GDPO');
  const baselineNote = BASELINE_NOTE[adv.baseline];
  if (baselineNote) {
    notes.push(
      baselineNote
        .replace('{tau}', String(adv.tau))
        .replace('{rmax}', String(adv.virtualMaxReward))
        .replace('{rsBeta}', String(adv.rsBeta)),
    );
  }
  if (adv.stdType === 'population' && adv.scale !== 'none') notes.push('stdType "population": TRL uses the sample std');
  if (adv.epsilon !== 1e-4 && adv.scale !== 'none') notes.push(`advantage epsilon ${adv.epsilon}: TRL fixes it at 1e-4`);

  // Data side.
  add('mask_truncated_completions', pyBool(data.maskTruncated));
  // Every knob TRL has no field for writes its own line (the knob registry's notes).
  notes.push(...exportNotes(config, 'trl'));

  const rewardFunctions = run.rewards.map((r) =>
    r.name === 'overlong'
      ? `get_soft_overlong_punishment(max_completion_len=${run.maxCompletionLength}, soft_punish_cache=${data.overlongCache})  # from trl.rewards`
      : `${pyIdent(r.name)}_reward  # your ${config.task} ${commentStr(r.name)} verifier`,
  );
  add('reward_weights', `[${run.rewards.map((r) => floatLiteral(r.weight)).join(', ')}]`, run.rewards.map((r) => r.name).join(', '));
  add('seed', String(config.seed));
  add('logging_steps', '1', 'one log line per step, like the playground');
  if (opts.maxSteps !== undefined) add('max_steps', String(opts.maxSteps));

  const lines = ['from trl import GRPOConfig', '', 'config = GRPOConfig('];
  for (const k of kwargs) lines.push(`    ${k.key}=${k.value},${k.comment ? `  # ${commentText(k.comment)}` : ''}`);
  lines.push(')', '');
  lines.push(
    commentText(
      `# Playground run: preset ${commentStr(config.preset)}, task ${config.task} (difficulty ${run.difficulty}), model ${config.modelSize}, ${config.prompts} prompts x ${config.groupSize} per step.`,
    ),
  );
  lines.push('# GRPOTrainer(reward_funcs=[...]) in this order:');
  for (const f of rewardFunctions) lines.push(commentText(`#   ${f}`));
  if (notes.length) {
    lines.push('', '# Not expressible in TRL GRPOConfig:');
    for (const n of notes) lines.push(commentText(`# - ${n}`));
  }
  return { code: `${lines.join('\n')}\n`, kwargs, notExpressible: notes, rewardFunctions };
}

/** Just the snippet. */
export function trlConfigSnippet(config: RunConfig, opts?: TrlExportOptions): string {
  return trlConfig(config, opts).code;
}
