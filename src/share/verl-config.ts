// RunConfig -> a verl (volcengine/verl) YAML config fragment for `python3 -m verl.trainer.main_ppo`. Keys follow
// verl/trainer/config/ppo_trainer.yaml (its generated flat form _generated_ppo_trainer.yaml), the DAPO recipe
// (docs/algo/dapo.md: algorithm.filter_groups, data.gen_batch_size) and the GSPO example
// (examples/gspo_trainer: policy_loss.loss_mode gspo, reward_kwargs.overlong_buffer_cfg). Knobs verl cannot
// express become `#` comment lines. The emitter writes plain block YAML that PyYAML/OmegaConf and YAML 1.2 agree on.
import type { RunConfig } from '../engine/config';
import { floatLiteral, resolveRun } from './framework-common';
import { exportNotes } from '../engine/knobs';
import { commentStr, commentText, yamlStr } from './code-literals';

/** A YAML tree: nested maps of scalars, with an optional trailing comment per key. */
export type YamlScalar = string | number | boolean;
export interface YamlNode {
  [key: string]: YamlScalar | YamlScalar[] | YamlNode | { value: YamlScalar; comment: string };
}

export interface VerlExport {
  yaml: string;
  tree: YamlNode;
  notExpressible: string[];
}

// verl's KL estimator names (core_algos.kl_penalty): kl = k1, mse = k2 (0.5 * logr^2), low_var_kl = k3.
const KL_TYPE = { k1: 'kl', k2: 'mse', k3: 'low_var_kl', abs: 'abs' } as const;

const AGG: Record<RunConfig['objective']['aggregation'], string> = {
  'token-mean': 'token-mean',
  'seq-mean-token-mean': 'seq-mean-token-mean',
  'seq-mean-token-sum': 'seq-mean-token-sum',
  // Dr. GRPO's constant normaliser (verl divides the token sum by the response length).
  constant: 'seq-mean-token-sum-norm',
  'seq-mean-token-sum-norm': 'seq-mean-token-sum-norm',
};

function advEstimator(config: RunConfig, notes: string[]): string {
  const adv = config.advantage;
  if (adv.passK === 'best-only') return 'grpo_passk';
  if (adv.passK === 'analytic') notes.push(`pass@k analytic advantage (k ${adv.passKk}): verl's grpo_passk is the best-sample-only form`);
  if (adv.baseline === 'leave-one-out') {
    if (adv.scale !== 'none') notes.push(`scale "${adv.scale}" with leave-one-out: verl rloo does not divide by a std`);
    return 'rloo';
  }
  if (adv.globalWhiten && adv.baseline === 'none') return 'reinforce_plus_plus';
  if (adv.globalWhiten && adv.baseline === 'mean') return 'reinforce_plus_plus_baseline';
  if (adv.globalWhiten) notes.push('global whitening over the batch with a non-mean baseline');
  if (adv.baseline !== 'mean') notes.push(`baseline "${adv.baseline}": verl grpo subtracts the group mean`);
  return 'grpo';
}

export function verlConfig(config: RunConfig): VerlExport {
  const run = resolveRun(config);
  const { advantage: adv, objective: obj, data } = config;
  const notes: string[] = [];

  const estimator = advEstimator(config, notes);
  const grpoLike = estimator === 'grpo' || estimator === 'grpo_passk';
  if (grpoLike && adv.scale !== 'group-std' && adv.scale !== 'none')
    notes.push(`scale "${adv.scale}": verl grpo divides by the group std or not at all`);
  if (grpoLike && adv.scale === 'group-std' && adv.stdType === 'population')
    notes.push('stdType "population": verl uses torch.std (sample)');
  if (grpoLike && adv.scale === 'group-std' && adv.epsilon !== 1e-6) notes.push(`advantage epsilon ${adv.epsilon}: verl grpo uses 1e-6`);

  const klLoss = obj.klCoef > 0 && obj.klPlacement === 'loss';
  const klReward = obj.klCoef > 0 && obj.klPlacement === 'reward';

  const minibatchOk = config.prompts % config.minibatches === 0;
  if (!minibatchOk) notes.push(`minibatches ${config.minibatches}: does not divide ${config.prompts} prompts evenly`);

  const actor: YamlNode = {
    // verl counts ppo_mini_batch_size in prompts; each brings rollout.n responses.
    ppo_mini_batch_size: {
      value: minibatchOk ? config.prompts / config.minibatches : config.prompts,
      comment: `prompts per optimizer step (${config.minibatches} minibatch(es))`,
    },
    ppo_epochs: config.innerEpochs,
    clip_ratio_low: floatLiteral(obj.epsLow),
    clip_ratio_high: floatLiteral(obj.epsHigh),
    clip_ratio_c:
      obj.clipMode === 'dual-clip'
        ? floatLiteral(obj.dualClipC)
        : { value: floatLiteral(3), comment: 'verl default; its vanilla loss always dual-clips negative advantages' },
    loss_agg_mode: AGG[obj.aggregation],
    entropy_coeff: floatLiteral(obj.entropyCoef),
    use_kl_loss: klLoss,
    kl_loss_coef: floatLiteral(klLoss ? obj.klCoef : 0),
    kl_loss_type: KL_TYPE[obj.klEstimator],
    grad_clip: floatLiteral(config.gradClip),
    policy_loss: { loss_mode: obj.ratioLevel === 'sequence' ? { value: 'gspo', comment: 'sequence-level ratio' } : 'vanilla' },
    optim: {
      lr: floatLiteral(config.lr),
      weight_decay: { value: floatLiteral(0), comment: 'the playground uses Adam without weight decay' },
    },
  };
  if (obj.clipMode === 'clip') notes.push('no dual-clip in the playground run; verl vanilla applies clip_ratio_c to negative advantages');

  const algorithm: YamlNode = {
    adv_estimator: estimator,
    norm_adv_by_std_in_grpo: adv.scale === 'group-std',
    use_kl_in_reward: klReward,
    kl_penalty: KL_TYPE[obj.klEstimator],
    kl_ctrl: { type: 'fixed', kl_coef: floatLiteral(klReward ? obj.klCoef : 0) },
  };
  const tree: YamlNode = {
    data: {
      train_batch_size: { value: config.prompts, comment: 'prompts per step (B)' },
      max_response_length: { value: run.maxCompletionLength, comment: 'characters here; tokens in verl' },
    },
    actor_rollout_ref: {
      actor,
      rollout: { n: { value: config.groupSize, comment: 'G' }, temperature: floatLiteral(config.temperature) },
    },
    algorithm,
  };
  if (data.dynamicSampling) {
    // DAPO recipe (recipe/dapo, docs/algo/dapo.md): refill with generation batches until B groups have variance.
    (tree.data as YamlNode).gen_batch_size = { value: config.prompts, comment: 'DAPO recipe key' };
    algorithm.filter_groups = { enable: true, metric: 'seq_reward', max_num_gen_batches: data.maxGenBatches };
  }
  if (data.overlongShaping) {
    tree.reward_model = {
      reward_manager: 'dapo',
      reward_kwargs: {
        overlong_buffer_cfg: { enable: true, len: data.overlongCache, penalty_factor: floatLiteral(1), log: false },
        max_resp_len: run.maxCompletionLength,
      },
    };
  }

  // Every knob verl has no key for writes its own line (the knob registry's notes).
  notes.push(...exportNotes(config, 'verl'));

  const header = [
    `# verl fragment for verl.trainer.main_ppo: preset ${commentStr(config.preset)}, task ${config.task} (difficulty ${run.difficulty}), seed ${config.seed}.`,
    `# Reward: one custom_reward_function returning ${run.rewards.map((r) => `${r.weight} * ${r.name}`).join(' + ') || '0'}.`,
    '# Keys missing from ppo_trainer.yaml (filter_groups, reward_kwargs) need a "+" prefix as Hydra overrides.',
  ];
  const body = emitYaml(tree);
  const footer = notes.length ? ['', '# Not expressible in verl:', ...notes.map((n) => `# - ${n}`)] : [];
  return { yaml: `${[...header.map(commentText), body.trimEnd(), ...footer.map(commentText)].join('\n')}\n`, tree, notExpressible: notes };
}

export function verlConfigYaml(config: RunConfig): string {
  return verlConfig(config).yaml;
}

// ---- YAML emitter: block maps of plain scalars only (keys are identifiers; strings are quoted when a YAML 1.1
// reader could take them for something else, e.g. 'n', 'yes', 'off', numbers).
const YAML11_SPECIAL = /^(y|yes|n|no|true|false|on|off|null|~|[-+.0-9].*)$/i;

function yamlKey(k: string): string {
  return YAML11_SPECIAL.test(k) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? yamlStr(k) : k;
}

function yamlScalar(v: YamlScalar): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  // Strings made by floatLiteral are already valid floats; other strings get quoted when they need it.
  if (/^[-+]?[0-9]+\.[0-9]*(e[-+][0-9]+)?$/.test(v)) return v;
  // Plain only when it is a safe identifier-like word; anything else is an escaped double-quoted scalar.
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(v) && !YAML11_SPECIAL.test(v) ? v : yamlStr(v);
}

function isComment(v: unknown): v is { value: YamlScalar; comment: string } {
  return typeof v === 'object' && v !== null && 'comment' in v && 'value' in v;
}

export function emitYaml(node: YamlNode, indent = 0): string {
  const pad = ' '.repeat(indent);
  let out = '';
  for (const [k, v] of Object.entries(node)) {
    if (isComment(v)) out += `${pad}${yamlKey(k)}: ${yamlScalar(v.value)}  # ${commentText(v.comment)}\n`;
    else if (Array.isArray(v)) out += `${pad}${yamlKey(k)}: [${v.map(yamlScalar).join(', ')}]\n`;
    else if (typeof v === 'object') out += `${pad}${yamlKey(k)}:\n${emitYaml(v, indent + 2)}`;
    else out += `${pad}${yamlKey(k)}: ${yamlScalar(v)}\n`;
  }
  return out;
}
