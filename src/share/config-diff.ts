// What differs between two run configs, as data (for a diff-only comparison table, like W&B's Run Comparer) and
// as a one-line label for chart legends ("baseline mean -> median, G 8 -> 2"). Also a readable default run name.
import { dequal } from 'dequal';
import type { RunConfig } from '../engine/config';
import { shortName } from '../engine/knobs';

export interface ConfigChange {
  /** Dotted path into RunConfig, e.g. "advantage.baseline" or "rewardWeights.format". */
  path: string;
  from: unknown;
  to: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Leaf-level differences from `base` to `other`, in RunConfig key order. Sections (advantage, objective, ...) and
 * records (rewardWeights) are walked key by key; arrays (experts.list) compare whole. A key missing on one side
 * shows as `undefined` there.
 */
export function configDiff(base: RunConfig, other: RunConfig): ConfigChange[] {
  const out: ConfigChange[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
      for (const k of keys) walk(a[k], b[k], path ? `${path}.${k}` : k);
    } else if (!dequal(a, b)) {
      out.push({ path, from: a, to: b });
    }
  };
  walk(base, other, '');
  return out;
}

/** Short names for the knobs people talk about: the knob registry's `short` (engine/knobs). */
export { shortName };

/** Compact value text: 3e-4 not 0.0003, 0.28 not 0.28000000000000003, on/off for booleans. */
export function formatValue(v: unknown): string {
  if (v === undefined) return 'unset';
  if (v === null) return 'default';
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return String(v);
    if (Number.isInteger(v)) return String(v); // seeds, sizes: never rounded (1248983636, not 1249000000)
    const rounded = Number(v.toPrecision(4));
    return rounded !== 0 && Math.abs(rounded) < 1e-3 ? rounded.toExponential() : String(rounded);
  }
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.length}]`;
  return JSON.stringify(v);
}

function changeText(c: ConfigChange): string {
  const name = shortName(c.path);
  if (typeof c.to === 'boolean' && (typeof c.from === 'boolean' || c.from === undefined)) return `${name} ${c.to ? 'on' : 'off'}`;
  return `${name} ${formatValue(c.from)} -> ${formatValue(c.to)}`;
}

export interface DiffLabelOptions {
  /** Most changes named before "+N more" (default 4). */
  max?: number;
}

/**
 * A legend-sized description of how `other` differs from `base`: "baseline mean -> median, G 8 -> 2".
 * The seed is left out unless it is the only difference; "same config" when nothing differs.
 */
export function diffLabel(base: RunConfig, other: RunConfig, opts: DiffLabelOptions = {}): string {
  const max = opts.max ?? 4;
  const all = configDiff(base, other);
  if (all.length === 0) return 'same config';
  const shown = all.length === 1 ? all : all.filter((c) => c.path !== 'seed');
  const parts = shown.slice(0, max).map(changeText);
  if (shown.length > max) parts.push(`+${shown.length - max} more`);
  return parts.join(', ');
}

/** Default run name: "grpo · add · G8 · s1"; with `taken`, a " (2)", " (3)", ... suffix keeps it unique. */
export function runName(config: RunConfig, taken: Iterable<string> = []): string {
  const name = `${config.preset} · ${config.task} · G${config.groupSize} · s${config.seed}`;
  const used = new Set(taken);
  if (!used.has(name)) return name;
  for (let i = 2; ; i++) if (!used.has(`${name} (${i})`)) return `${name} (${i})`;
}
