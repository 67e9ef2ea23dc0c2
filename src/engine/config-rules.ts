// Checks a RunConfig must pass beyond its schema's ranges, so that every config that validates also runs:
// names checked against their registries, numbers that survive float32, the model's context, and a bound on the
// rollouts one step samples. validateConfig (config.ts) runs them; each message states the limit.
import type { RunConfig } from './config';
import { getPreset, PRESETS } from './rl/presets';
import { TASK_LIST, getTask, resolveDifficulty } from './tasks';
import type { Task } from './tasks/types';
import { unknownChars } from './policy/tokenizer';
import { CONTEXT_LENGTH } from './policy/context';

/** Smallest normal float32: below it a value is denormal (flushed to 0 on GPUs) or 0 outright. */
export const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

/**
 * Rollouts one sampling call (and so one update batch) may hold: B x rollouts per prompt, experts and the MC pivot
 * included; and rollouts one step may sample in all (dynamic-sampling batches and Scaf hint re-rollouts included).
 * Measured (test/bench/rollout-memory.ts, one step of countdown on the small model, wasm): peak RSS 498 MiB at 64
 * rollouts, 1,270 MiB at 256, about 4 MiB per rollout, so 1,024 would pass the 4 GiB wasm32 heap (the issue saw
 * "memory access out of bounds" at 3.9 GB). 512 stays near 2.3 GB on the largest model; see docs/reliability.md.
 */
export const ROLLOUT_LIMITS = { perBatch: 512, perStep: 2048 } as const;

/** Safe spelling for an expert id: it shows in metrics names, exports and the UI. */
const EXPERT_ID = /^[A-Za-z0-9_-]{1,24}$/;

/**
 * Reward weight names: a weight for a reward the task lacks is ignored (a config may carry weights for several
 * tasks), so names are held to a safe identifier spelling rather than one task's list; they reach exports as keys.
 */
const REWARD_NAME = /^[a-z][a-z0-9_]{0,31}$/;

export function configRuleErrors(cfg: RunConfig): string[] {
  const errors = [...registryErrors(cfg), ...float32Errors(cfg)];
  if (errors.length) return errors; // the budgets below need valid names
  return [...contextErrors(cfg), ...rolloutErrors(cfg), ...methodClashErrors(cfg)];
}

/** Two methods that each write the token advantages cannot both be on: one would silently win. */
function methodClashErrors(cfg: RunConfig): string[] {
  if (cfg.objective.thr !== 'off' && cfg.objective.srpo)
    return [
      `objective.thr: ${cfg.objective.thr.toUpperCase()} reweights the GRPO token advantages, and SRPO (objective.srpo) replaces the failed samples' advantages with distillation ones; turn one of them off`,
    ];
  return [];
}

function registryErrors(cfg: RunConfig): string[] {
  const errors: string[] = [];
  if (!getPreset(cfg.preset)) {
    errors.push(`preset: unknown preset ${JSON.stringify(cfg.preset.slice(0, 40))} (known: ${PRESETS.map((p) => p.name).join(', ')})`);
  }
  for (const name of Object.keys(cfg.rewardWeights)) {
    if (!REWARD_NAME.test(name)) {
      errors.push(
        `rewardWeights: reward names are lower-case letters, digits and '_' (got ${JSON.stringify(name.slice(0, 40))}; the tasks use ${[...new Set(TASK_LIST.flatMap((t) => t.rewardNames))].join(', ')})`,
      );
    }
  }
  const task = getTask(cfg.task);
  const styles = task.experts.map((e) => e.id);
  cfg.experts.list?.forEach((e, i) => {
    if (!EXPERT_ID.test(e.id))
      errors.push(`experts.list.${i}.id: use letters, digits, '-' or '_' (got ${JSON.stringify(e.id.slice(0, 24))})`);
    const bad = unknownChars(e.prefix);
    if (bad.length) {
      errors.push(
        `experts.list.${i}.prefix: expert "${e.id.slice(0, 24)}" uses characters the tokenizer lacks: ${bad.map((c) => JSON.stringify(c)).join(' ')} (allowed: a-z 0-9 and + - * / = < > : ; , | # ? _ . ( ) [ ] space)`,
      );
    }
    const style = e.style ?? (styles.includes(e.id) ? e.id : styles[0]);
    if (!styles.includes(style))
      errors.push(`experts.list.${i}.style: "${style.slice(0, 24)}" is not a ${task.id} expert style (known: ${styles.join(', ')})`);
  });
  return errors;
}

/** Every number must be representable: non-zero values must not become 0 (or denormal) or infinite in float32. */
function float32Errors(cfg: RunConfig): string[] {
  const errors: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'number') {
      const f = Math.fround(v);
      if (!Number.isFinite(f)) errors.push(`${path}: ${v} is infinite in float32 (largest is about 3.4e38)`);
      else if (v !== 0 && Math.abs(f) < FLOAT32_MIN_NORMAL)
        errors.push(`${path}: ${v} is 0 in float32 (smallest allowed magnitude is 1.2e-38)`);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    }
  };
  walk(cfg, '');
  return errors;
}

/** The experts whose prompts a step can build: all enabled ones with experts on, else the first enabled one. */
function expertsInPlay(cfg: RunConfig, task: Task): { prefix: string }[] {
  const list = (cfg.experts.list ?? task.experts.map((e) => ({ prefix: e.prefix, enabled: true }))).filter((e) => e.enabled);
  return cfg.experts.enabled ? list : list.slice(0, 1);
}

function contextErrors(cfg: RunConfig): string[] {
  const task = getTask(cfg.task);
  const d = resolveDifficulty(task, cfg.difficulty);
  const experts = expertsInPlay(cfg, task);
  if (experts.length === 0) return [];
  const prefix = Math.max(...experts.map((e) => e.prefix.length));
  const question = task.maxQuestionLength(d);
  const hint = cfg.hintLevel > 0 || cfg.data.scafHints ? task.maxHintLength(d) : 0;
  const completion = cfg.maxCompletionLength > 0 ? cfg.maxCompletionLength : task.maxCompletionLength(d);
  const errors: string[] = [];
  const rollout = prefix + hint + question + completion;
  if (rollout > CONTEXT_LENGTH) {
    errors.push(
      `context: the longest rollout is ${rollout} tokens (expert prefix ${prefix} + ${hint ? `hint ${hint} + ` : ''}question ${question} + completion ${completion}), ` +
        `more than the model context of ${CONTEXT_LENGTH}; shorten the prefix, lower the difficulty or the completion length`,
    );
  }
  // The MEML SFT buffer trains on prefix + question + the style's demonstration, which can outgrow a capped completion.
  const sftOn = cfg.experts.enabled && cfg.experts.sftLambda > 0 && experts.length >= 2;
  const demo = task.maxCompletionLength(d);
  if (sftOn && prefix + question + demo > CONTEXT_LENGTH) {
    errors.push(
      `context: an SFT demonstration needs ${prefix + question + demo} tokens (expert prefix ${prefix} + question ${question} + demonstration ${demo}), ` +
        `more than the model context of ${CONTEXT_LENGTH}; shorten the prefix or turn the SFT buffer off`,
    );
  }
  return errors;
}

/** Rollouts one sampling call holds and one step samples in all, for the limits above. */
export function rolloutsPerStep(cfg: RunConfig): { perBatch: number; perStep: number } {
  const task = getTask(cfg.task);
  const experts = Math.max(1, expertsInPlay(cfg, task).length);
  const perGroup =
    (cfg.experts.enabled && cfg.experts.allocation === 'per-expert' ? cfg.groupSize * experts : cfg.groupSize) + (cfg.data.mcPivot ? 1 : 0);
  const perBatch = cfg.prompts * perGroup;
  const hintLevels = cfg.data.scafHints ? Math.max(0, task.hintLevels - cfg.hintLevel) : 0;
  const batches = cfg.data.dynamicSampling ? cfg.data.maxGenBatches : 1;
  return { perBatch: Math.max(perBatch, cfg.prompts * hintLevels), perStep: batches * (perBatch + cfg.prompts * hintLevels) };
}

function rolloutErrors(cfg: RunConfig): string[] {
  const { perBatch, perStep } = rolloutsPerStep(cfg);
  const errors: string[] = [];
  if (perBatch > ROLLOUT_LIMITS.perBatch) {
    errors.push(
      `groupSize: ${cfg.prompts} prompts x ${perBatch / cfg.prompts} rollouts each = ${perBatch} rollouts in one batch; the limit is ${ROLLOUT_LIMITS.perBatch} (memory)`,
    );
  } else if (perStep > ROLLOUT_LIMITS.perStep) {
    errors.push(
      `data.maxGenBatches: up to ${perStep} rollouts per step with dynamic sampling and hints; the limit is ${ROLLOUT_LIMITS.perStep} (memory)`,
    );
  }
  return errors;
}
