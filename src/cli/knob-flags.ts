// Every RunConfig knob as a CLI flag, derived from the knob registry (engine/knobs) so the CLI can never fall
// behind the schema: the flag name is the registry's (--group-size, --eps-low, --experts-sft-lambda; modelSize is
// --size), kinds, choices and ranges are the schema's, and --help shows the registry's label and unit.
// Three knobs have their own syntax and parser (train-options.ts): init (--checkpoint), rewardWeights
// (--reward-weights) and experts.list (--experts); `preset` is --preset.
import type { RunConfigInput } from '../engine/config';
import { configPaths, isKnobPath, knobFlag, knobMeta, leafSchema, type LeafSchema } from '../engine/knobs';
import { parseDecimal } from '../share/decimal';
import { fail } from './args';

/** Config paths with a flag of their own syntax (listed in the help by train-options.ts), not a plain knob flag. */
export const SPECIAL_PATHS = ['preset', 'init', 'rewardWeights', 'experts.list'] as const;

export { configPaths };
const leaf = leafSchema;

/** flag name -> [section or null, key], for every knob that is a plain flag. */
export const KNOB_FLAGS: Map<string, [string | null, string]> = (() => {
  const map = new Map<string, [string | null, string]>();
  for (const path of configPaths()) {
    if ((SPECIAL_PATHS as readonly string[]).includes(path)) continue;
    if (!isKnobPath(path)) throw new Error(`config path ${path} has no knob registry entry`);
    const [top, sub] = path.split('.');
    const flag = knobFlag(path);
    if (map.has(flag)) throw new Error(`knob flag collision: --${flag}`);
    map.set(flag, sub === undefined ? [null, top] : [top, sub]);
  }
  return map;
})();

export function knobFlagOptions(): Record<string, { type: 'string' }> {
  const out: Record<string, { type: 'string' }> = {};
  for (const flag of KNOB_FLAGS.keys()) out[flag] = { type: 'string' };
  return out;
}

const pathOf = (section: string | null, key: string) => (section ? `${section}.${key}` : key);

/** "<int 1..64>", "<mean|median|...>", "<true|false>", "<number >0..1>". */
function valueHint(s: LeafSchema): string {
  if (s.enum) return `<${s.enum.join('|')}>`;
  if (s.type === 'boolean') return '<true|false>';
  if (s.type === 'integer' || s.type === 'number') {
    const lo = s.exclusiveMinimum !== undefined ? `>${s.exclusiveMinimum}` : (s.minimum ?? '');
    return `<${s.type === 'integer' ? 'int' : 'x'} ${lo}..${s.maximum ?? ''}>`;
  }
  return '<value>';
}

/** One help line per knob flag: flag, accepted values, config path and default. */
export function knobHelpLines(): string[] {
  const rows = [...KNOB_FLAGS].map(([flag, [section, key]]) => {
    const s = leaf(pathOf(section, key));
    const meta = knobMeta(pathOf(section, key));
    const about = meta ? `  ${meta.label}${meta.unit ? ` [${meta.unit}]` : ''}` : '';
    return [`--${flag} ${valueHint(s)}`, `${pathOf(section, key)} (default ${JSON.stringify(s.default)})${about}`];
  });
  const width = Math.min(40, Math.max(...rows.map((r) => r[0].length))) + 2;
  return rows.map(([a, b]) => `  ${a.padEnd(width)}${a.length >= width ? '  ' : ''}${b}`);
}

/** Parse one flag value by the schema's kind and range; bad input fails with one line naming the flag. */
function parseValue(flag: string, path: string, raw: string): unknown {
  const s = leaf(path);
  const where = path.includes('.') ? ` (${path})` : '';
  if (s.enum) {
    if (!s.enum.includes(raw)) fail(`--${flag} must be one of ${s.enum.join(', ')}${where}, got "${raw}"`);
    return raw;
  }
  if (s.type === 'boolean') {
    if (raw === 'true' || raw === '1' || raw === 'on') return true;
    if (raw === 'false' || raw === '0' || raw === 'off') return false;
    fail(`--${flag} must be true or false${where}, got "${raw}"`);
  }
  if (s.type === 'integer' || s.type === 'number') {
    const v = parseDecimal(raw);
    if (v === null) fail(`--${flag} must be ${s.type === 'integer' ? 'an integer' : 'a number'}${where}, got "${raw}"`);
    if (s.type === 'integer' && !Number.isInteger(v)) fail(`--${flag} must be an integer${where}, got "${raw}"`);
    const lo = s.exclusiveMinimum ?? s.minimum;
    const tooLow = s.exclusiveMinimum !== undefined ? v <= s.exclusiveMinimum : s.minimum !== undefined && v < s.minimum;
    if (tooLow || (s.maximum !== undefined && v > s.maximum)) {
      fail(
        `--${flag} must be ${s.exclusiveMinimum !== undefined ? 'above' : 'between'} ${lo}${s.maximum !== undefined ? ` and ${s.maximum}` : ''}${where}, got ${v}`,
      );
    }
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
    const value = parseValue(flag, pathOf(section, key), raw);
    if (section === null) out[key] = value;
    else out[section] = { ...((out[section] as Record<string, unknown> | undefined) ?? {}), [key]: value };
  }
  return out as RunConfigInput;
}
