// The knob registry: per-path facts (label, help, unit, flag, short name, TRL/verl mapping, export note) from
// table.ts, and kind/range/default from the schema (schema-info.ts). One place to look up anything about a knob.
import type { RunConfig } from '../config';
import { KNOB_REGISTRY } from './table';
import type { KnobMeta, KnobPath } from './types';

export type { KnobMeta, KnobPath, KnobRegistry } from './types';
export { KNOB_REGISTRY } from './table';
export { configPaths, fieldKind, leafSchema, sectionKeys, type FieldKind, type LeafSchema, type SectionId } from './schema-info';

const REGISTRY: Readonly<Record<string, KnobMeta>> = KNOB_REGISTRY;

export function isKnobPath(path: string): path is KnobPath {
  return Object.hasOwn(REGISTRY, path);
}

/** The registry entry of a path, or undefined for a path that is not a knob ("rewardWeights.correct"). */
export function knobMeta(path: string): KnobMeta | undefined {
  return isKnobPath(path) ? REGISTRY[path] : undefined;
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The CLI flag of a knob, without dashes: its own `flag`, else the key in kebab case ("experts-" for expert knobs). */
export function knobFlag(path: KnobPath): string {
  const own = REGISTRY[path].flag;
  if (own) return own;
  const [top, sub] = path.split('.');
  if (sub === undefined) return kebab(top);
  return top === 'experts' ? `experts-${kebab(sub)}` : kebab(sub);
}

/** Legend-sized name: the registry's `short`, w_<name> for a reward weight, else the path's last segment. */
export function shortName(path: string): string {
  const own = knobMeta(path)?.short;
  if (own) return own;
  if (path.startsWith('rewardWeights.')) return `w_${path.slice('rewardWeights.'.length)}`;
  return path.split('.').pop() ?? path;
}

// Notes read loss first, then advantage, data, the run's own settings and experts (the order of the exports' sections).
const NOTE_ORDER = ['objective', 'advantage', 'data', '', 'experts'];
const noteRank = (path: string) => NOTE_ORDER.indexOf(path.includes('.') ? path.split('.')[0] : '');
const NOTE_PATHS = Object.keys(REGISTRY).sort((a, b) => noteRank(a) - noteRank(b));

/** The "not expressible" lines of every knob in effect that `framework` has no mapping for. */
export function exportNotes(config: RunConfig, framework: 'trl' | 'verl'): string[] {
  const out: string[] = [];
  for (const path of NOTE_PATHS) {
    const meta = REGISTRY[path];
    if (meta[framework] !== null || !meta.note) continue;
    const line = meta.note(config);
    if (line) out.push(line);
  }
  return out;
}
