// Kind, choices, range and default of each knob, read from the RunConfig schema through zod's public JSON Schema
// export (not its private internals), so the form and the CLI check exactly what validateConfig checks.
import { z } from 'zod';
import { runConfigSchema } from '../config';

/** The JSON Schema of one leaf knob: type, enum, minimum/maximum (or exclusive ones), default. */
export interface LeafSchema {
  type?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxLength?: number;
  default?: unknown;
}

type Node = LeafSchema & { properties?: Record<string, Node> };

const SECTIONS = ['advantage', 'objective', 'data', 'experts'] as const;
export type SectionId = (typeof SECTIONS)[number];

const JSON_SCHEMA = z.toJSONSchema(runConfigSchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Node> };

/** Every config path ("groupSize", "advantage.baseline") in schema order. */
export function configPaths(): string[] {
  const out: string[] = [];
  for (const [key, node] of Object.entries(JSON_SCHEMA.properties)) {
    if ((SECTIONS as readonly string[]).includes(key)) for (const sub of Object.keys(node.properties ?? {})) out.push(`${key}.${sub}`);
    else out.push(key);
  }
  return out;
}

/** The keys of a config section ('' = top level, sections included), in schema order. */
export function sectionKeys(section: '' | SectionId): string[] {
  if (!section) return Object.keys(JSON_SCHEMA.properties);
  return Object.keys(JSON_SCHEMA.properties[section]?.properties ?? {});
}

/** The schema of one leaf; {} for an unknown path. */
export function leafSchema(path: string): LeafSchema {
  const [top, sub] = path.split('.');
  const node = JSON_SCHEMA.properties[top];
  return (sub ? node?.properties?.[sub] : node) ?? {};
}

export type FieldKind =
  | { kind: 'enum'; options: readonly string[] }
  | { kind: 'number'; min?: number; max?: number; int: boolean; exclusiveMin?: boolean }
  | { kind: 'boolean' }
  | { kind: 'string'; maxLength?: number }
  | { kind: 'other' };

/** What control a knob needs and what range it accepts. */
export function fieldKind(path: string): FieldKind {
  const s = leafSchema(path);
  if (s.enum) return { kind: 'enum', options: s.enum };
  if (s.type === 'boolean') return { kind: 'boolean' };
  if (s.type === 'string') return { kind: 'string', maxLength: s.maxLength };
  if (s.type === 'integer' || s.type === 'number') {
    const exclusiveMin = s.exclusiveMinimum !== undefined;
    return { kind: 'number', min: exclusiveMin ? s.exclusiveMinimum : s.minimum, max: s.maximum, int: s.type === 'integer', exclusiveMin };
  }
  return { kind: 'other' };
}
