// Every RunConfig knob as a CLI flag, derived from the schema so the CLI can never fall behind it:
// advantage/objective/data knobs by their own name in kebab case (--eps-low, --baseline, --dynamic-sampling),
// expert knobs with an "experts-" prefix, plus a few top-level ones. Values are validated by the schema.
import { DEFAULT_CONFIG, type RunConfigInput } from '../engine/config';
import { fail } from './args';

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const TOP_LEVEL = ['maxCompletionLength', 'adamEpsilon', 'gradClip', 'innerEpochs', 'minibatches', 'hintLevel'] as const;
const SECTIONS = ['advantage', 'objective', 'data', 'experts'] as const;

/** flag name -> [section or null, key] */
export const KNOB_FLAGS: Map<string, [string | null, string]> = (() => {
  const map = new Map<string, [string | null, string]>();
  for (const key of TOP_LEVEL) map.set(kebab(key), [null, key]);
  for (const section of SECTIONS) {
    for (const key of Object.keys(DEFAULT_CONFIG[section])) {
      if (section === 'experts' && key === 'list') continue; // edited in the UI or a config file, not a flag
      const flag = section === 'experts' ? `experts-${kebab(key)}` : kebab(key);
      if (map.has(flag)) throw new Error(`knob flag collision: --${flag}`);
      map.set(flag, [section, key]);
    }
  }
  return map;
})();

export function knobFlagOptions(): Record<string, { type: 'string' }> {
  const out: Record<string, { type: 'string' }> = {};
  for (const flag of KNOB_FLAGS.keys()) out[flag] = { type: 'string' };
  return out;
}

function parseValue(flag: string, raw: string, example: unknown): unknown {
  if (typeof example === 'boolean') {
    if (raw === 'true' || raw === '1' || raw === 'on') return true;
    if (raw === 'false' || raw === '0' || raw === 'off') return false;
    fail(`--${flag} must be true or false, got "${raw}"`);
  }
  if (typeof example === 'number') {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v)) fail(`--${flag} must be a number, got "${raw}"`);
    return v;
  }
  return raw;
}

/** Merge knob flags found in parsed CLI values into a config patch (undefined values are left out). */
export function knobOverrides(values: Record<string, unknown>, base: RunConfigInput): RunConfigInput {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) out[k] = v;
  for (const [flag, [section, key]] of KNOB_FLAGS) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    if (section === null) {
      out[key] = parseValue(flag, raw, (DEFAULT_CONFIG as Record<string, unknown>)[key]);
    } else {
      const example = (DEFAULT_CONFIG as unknown as Record<string, Record<string, unknown>>)[section][key];
      const sec = (out[section] as Record<string, unknown> | undefined) ?? {};
      sec[key] = parseValue(flag, raw, example);
      out[section] = sec;
    }
  }
  return out as RunConfigInput;
}
