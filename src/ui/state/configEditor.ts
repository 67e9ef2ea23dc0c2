// The config editor as pure functions: which knobs of a patch wait for the next reset and which go to the running
// trainer, staging (with what follows from a task change), the patch a preset makes, and the checks a paired
// comparison's variants must pass. The store (store.ts) calls them and talks to the worker.
import { mergeConfig, validateConfig, type RunConfig, type RunConfigInput } from '../../engine/config';
import { applyPreset, getPreset } from '../../engine/rl/presets';
import { getTask } from '../../engine/tasks';
import { getLesson } from '../../share/lessons';
import { RESET_KEYS } from '../knobs';
import type { VariantSpec } from './types';

type Result<T> = { ok: T } | { error: string };

/** A variant's resolved config: the base with its patch on top (null when invalid). */
export function variantConfig(base: RunConfig, patch: RunConfigInput): RunConfig | null {
  return validateConfig(mergeConfig(base, patch)).config ?? null;
}

/** The config the form shows: the applied config with staged reset-only knobs on top. */
export function draftConfig(config: RunConfig, pending: RunConfigInput): RunConfig {
  if (!Object.keys(pending).length) return config;
  return validateConfig(mergeConfig(config, pending)).config ?? config;
}

function pick(patch: RunConfigInput, keys: readonly string[]): RunConfigInput {
  return Object.fromEntries(keys.map((k) => [k, (patch as Record<string, unknown>)[k]])) as RunConfigInput;
}

/** Reset-only knobs (staged until the next reset) and the knobs the running trainer takes at its next step. */
export function splitPatch(patch: RunConfigInput): { staged: RunConfigInput; live: RunConfigInput } {
  const keys = Object.keys(patch);
  const staged = keys.filter((k) => (RESET_KEYS as readonly string[]).includes(k));
  return {
    staged: pick(patch, staged),
    live: pick(
      patch,
      keys.filter((k) => !staged.includes(k)),
    ),
  };
}

/** With a task change staged, task-dependent knobs wait for the reset too. */
export function waitsForTask(pending: RunConfigInput, live: RunConfigInput): boolean {
  return pending.task !== undefined && ('difficulty' in live || 'experts' in live || 'hintLevel' in live);
}

/** The staged knobs after `patch`: validated, and without values equal to the applied config (a changed mind). */
export function stagePatch(config: RunConfig, pending: RunConfigInput, patch: RunConfigInput): Result<RunConfigInput> {
  let next: RunConfigInput = mergeConfig(pending, patch);
  if (patch.task !== undefined && patch.task !== config.task) {
    // A new task: its own difficulty (0 = the task's default) and its own expert styles.
    getTask(patch.task);
    next = mergeConfig(next, { difficulty: 0, experts: { list: null } });
  }
  const check = validateConfig(mergeConfig(config, next));
  if (!check.config) return { error: check.errors.join('; ') };
  const cfg = config as unknown as Record<string, unknown>;
  const cleaned: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) if (JSON.stringify(cfg[k]) !== JSON.stringify(v)) cleaned[k] = v;
  return { ok: cleaned as RunConfigInput };
}

/** The keys of `patch` whose value differs between two configs. */
export function changedKeys(patch: RunConfigInput, before: RunConfig, after: RunConfig): string[] {
  const a = after as unknown as Record<string, unknown>;
  const b = before as unknown as Record<string, unknown>;
  return Object.keys(patch).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** The knobs a preset changes on `config` (empty when it changes nothing). */
export function presetPatch(config: RunConfig, name: string): Result<RunConfigInput> {
  if (!getPreset(name)) return { error: `Unknown preset ${name}` };
  const next = applyPreset(config, name);
  const patch: Record<string, unknown> = {};
  const cur = config as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(next)) if (JSON.stringify(cur[k]) !== JSON.stringify(v)) patch[k] = v;
  return { ok: patch as RunConfigInput };
}

/** Why these variants cannot run as a paired comparison of `base` (null: they can). */
export function variantsError(base: RunConfig, variants: readonly VariantSpec[]): string | null {
  if (variants.length < 2 || variants.length > 4) return 'Pick 2 to 4 variants.';
  for (const v of variants) {
    const c = variantConfig(base, v.patch);
    if (!c) return `Variant "${v.name}" is invalid: ${validateConfig(mergeConfig(base, v.patch)).errors.join('; ')}`;
    if (c.seed !== base.seed || c.task !== base.task) return `Variant "${v.name}" changes the seed or the task; paired runs share both.`;
  }
  return null;
}

/** A lesson's variants as a paired comparison (null: the lesson runs one config). */
export function lessonVariants(id: string): VariantSpec[] | null {
  const l = getLesson(id);
  return l?.variants?.length ? l.variants.map((v) => ({ name: v.name, patch: v.patch })) : null;
}

/** The knobs a live edit touched, as the charts' edit markers name them (nested objects by their fields). */
export function describePatch(patch: RunConfigInput): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && k !== 'rewardWeights') for (const sub of Object.keys(v)) out.push(`${k}.${sub}`);
    else out.push(k);
  }
  return out;
}
