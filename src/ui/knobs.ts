// Knob metadata for the config form, derived from the engine's knob registry (engine/knobs): kinds, options and
// ranges come from the RunConfig schema, labels, help, steps and "inactive" reasons from the registry table. This
// file only adds the form's grouping into sections.
import { dequal } from 'dequal';
import { DEFAULT_CONFIG, RESET_KNOBS, type RunConfig, type RunConfigInput } from '../engine/config';
import { KNOB_REGISTRY, sectionKeys, type KnobMeta } from '../engine/knobs';

export { fieldKind, sectionKeys, type FieldKind } from '../engine/knobs';

/** Knobs that need a new model, task or seed: staged and applied on reset (the engine's list; config.ts has no tfjs). */
export const RESET_KEYS = RESET_KNOBS;

export function getPath(cfg: RunConfig, path: string): unknown {
  let v: unknown = cfg;
  for (const p of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[p];
  return v;
}

/** A patch that sets one dotted path ({advantage: {baseline: 'median'}}). */
export function patchFor(path: string, value: unknown): RunConfigInput {
  const parts = path.split('.');
  if (parts.length === 1) return { [path]: value } as RunConfigInput;
  return { [parts[0]]: { [parts[1]]: value } } as RunConfigInput;
}

export type KnobInfo = KnobMeta;

/** Form metadata by config path (the registry itself; a path missing here cannot compile). */
export const KNOBS: Readonly<Record<string, KnobInfo>> = KNOB_REGISTRY;

export interface SectionSpec {
  id: string;
  title: string;
  blurb: string;
  paths: string[];
  /** Classroom key that hides it. */
  hideKey: 'knobs' | 'experts' | 'hints' | 'setup';
}

const withPrefix = (section: 'advantage' | 'objective' | 'data' | 'experts', skip: string[] = []) =>
  sectionKeys(section)
    .filter((k) => !skip.includes(k))
    .map((k) => `${section}.${k}`);

/** Top-level training knobs: everything at the top level that no other section owns. */
const OWNED_TOP = new Set([
  'task',
  'difficulty',
  'modelSize',
  'init',
  'seed',
  'preset',
  'hintLevel',
  'advantage',
  'objective',
  'data',
  'experts',
]);

export const SECTIONS: SectionSpec[] = [
  {
    id: 'training',
    title: 'Training',
    blurb: 'Batch shape, optimiser and evaluation.',
    paths: sectionKeys('').filter((k) => !OWNED_TOP.has(k)),
    hideKey: 'knobs',
  },
  {
    id: 'advantage',
    title: 'Advantage',
    blurb: 'How rewards in a group become advantages: baseline, scale, transforms.',
    paths: withPrefix('advantage'),
    hideKey: 'knobs',
  },
  {
    id: 'objective',
    title: 'Objective',
    blurb: 'The surrogate loss: ratio, clipping, aggregation, KL.',
    paths: withPrefix('objective'),
    hideKey: 'knobs',
  },
  { id: 'data', title: 'Data-side', blurb: 'Which rollouts and groups reach the loss.', paths: withPrefix('data'), hideKey: 'knobs' },
  {
    id: 'experts',
    title: 'Experts',
    blurb: 'Several prompt prefixes per group, one model (MEML-style).',
    paths: withPrefix('experts', ['list']),
    hideKey: 'experts',
  },
];

/** Knobs that differ from the schema default. */
export function isDefault(cfg: RunConfig, path: string): boolean {
  return dequal(getPath(cfg, path), getPath(DEFAULT_CONFIG, path));
}

/** A fresh seed from the browser's CSPRNG (UI only; the engine's randomness is all seeded). */
export function randomSeed(): number {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return a[0] % 2 ** 31;
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a < 1e-12) return '0'; // float noise (e.g. the std of equal rewards)
  if (a >= 1000 || a < 1e-3) return v.toExponential(2).replace('e+', 'e');
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}
