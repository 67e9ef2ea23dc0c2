// Variants for a paired comparison: a preset's variant knobs over the current config, plus knob changes typed as
// `path=value` pairs ("groupSize=2, advantage.baseline=median"). Both become a RunConfigInput patch.
import { DEFAULT_CONFIG, mergeConfig, validateConfig, type RunConfig, type RunConfigInput } from '../../engine/config';
import { applyPreset, getPreset } from '../../engine/rl/presets';
import { nonDefaultPatch } from '../../share/url';
import { parseDecimal } from '../../share/decimal';

/** The patch that turns `base` into `base` with preset `name` applied (the engine's one applyPreset). */
export function presetPatch(base: RunConfig, name: string): RunConfigInput {
  if (!getPreset(name)) return {};
  return nonDefaultPatch(applyPreset(base, name), base) as RunConfigInput;
}

function parseValue(raw: string): unknown {
  const v = raw.trim();
  if (v === 'true' || v === 'on') return true;
  if (v === 'false' || v === 'off') return false;
  if (v === 'null' || v === 'default') return null;
  const n = parseDecimal(v);
  if (n !== null) return n;
  return v.replace(/^["']|["']$/g, '');
}

/**
 * Parse "groupSize=2, advantage.baseline=median, rewardWeights.format=0" into a patch. Every path must exist in
 * RunConfig (rewardWeights takes any reward name); the seed and the task are refused (paired runs share them).
 */
export function parseKnobPatch(text: string): { patch: RunConfigInput; errors: string[] } {
  const patch: Record<string, unknown> = {};
  const errors: string[] = [];
  const def = DEFAULT_CONFIG as unknown as Record<string, unknown>;
  for (const part of text.split(/[,;\n]/)) {
    const item = part.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    if (eq < 1) {
      errors.push(`"${item}": write path=value`);
      continue;
    }
    const path = item.slice(0, eq).trim();
    const value = parseValue(item.slice(eq + 1));
    const [top, sub, ...rest] = path.split('.');
    if (rest.length || !Object.hasOwn(def, top)) {
      errors.push(`"${path}" is not a setting`);
      continue;
    }
    if (top === 'seed' || top === 'task') {
      errors.push(`${top}: paired runs share one ${top}; change it for all variants in the sidebar`);
      continue;
    }
    const section = def[top];
    if (sub === undefined) {
      patch[top] = value;
    } else if (
      section &&
      typeof section === 'object' &&
      !Array.isArray(section) &&
      (top === 'rewardWeights' || Object.hasOwn(section, sub))
    ) {
      patch[top] = { ...((patch[top] as object) ?? {}), [sub]: value };
    } else {
      errors.push(`"${path}" is not a setting`);
    }
  }
  return { patch: patch as RunConfigInput, errors };
}

/** A variant's config and any problem with it. */
export function resolveVariant(base: RunConfig, patch: RunConfigInput): { config?: RunConfig; errors: string[] } {
  const v = validateConfig(mergeConfig(base, patch));
  return v.config ? { config: v.config, errors: [] } : { errors: v.errors };
}
