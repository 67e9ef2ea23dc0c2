// A multi-seed comparison <-> link. The base settings and the backend travel as a run link does (url.ts: v=1&c=...);
// the comparison itself rides beside them as one more lz-compressed parameter:
//
//   #v=1&c=<base run>&cmp=<lz(JSON {v: [{n: name, p: patch}], s: [seeds], k: steps})>
//
// Decoding is bounded (lz-bounded.ts, json-guard.ts) and validated (each variant over the base must be a valid run
// that keeps the task and leaves the seed to the comparison); it never throws and says what is wrong.
import LZString from 'lz-string';
import { z } from 'zod';
import { mergeConfig, validateConfig, type RunConfig, type RunConfigInput } from '../engine/config';
import { jsonDepthExceeds } from './json-guard';
import { decompressUriBounded } from './lz-bounded';
import { shareLink, unknownSettings, type SharedState } from './url';

export const COMPARE_LIMITS = {
  /** Seeds one browser comparison may run (each seed trains every variant); `npm run sweep` has no such cap. */
  maxSeeds: 10,
  defaultSeeds: 3,
  maxVariants: 4,
  maxSteps: 300,
  defaultSteps: 20,
  maxNameChars: 40,
  /** Characters of the compressed parameter, and of the JSON it may expand to. */
  maxParamChars: 8_000,
  maxJsonChars: 16_000,
  /** {v: [{p: {section: {knob}}}]}: 5 deep; records such as rewardWeights add one. */
  maxJsonDepth: 7,
} as const;

export interface ComparisonVariant {
  name: string;
  patch: RunConfigInput;
}

export interface ComparisonSpec {
  variants: ComparisonVariant[];
  seeds: number[];
  steps: number;
}

/** `n` seeds from `first` on: first, first + 1, ... */
export function seedRange(first: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => first + i);
}

/** Why `spec` cannot run over `base` (readable, one line each); empty when it can. */
export function comparisonProblems(spec: ComparisonSpec, base: RunConfig): string[] {
  const out: string[] = [];
  const L = COMPARE_LIMITS;
  if (spec.variants.length < 2 || spec.variants.length > L.maxVariants)
    out.push(`A comparison has 2 to ${L.maxVariants} variants (got ${spec.variants.length}).`);
  if (!Number.isInteger(spec.seeds.length) || spec.seeds.length < 1 || spec.seeds.length > L.maxSeeds) {
    out.push(`Seeds: 1 to ${L.maxSeeds} in the browser (got ${spec.seeds.length}); for more, run \`npm run sweep --seeds\`.`);
  }
  if (spec.seeds.some((s) => !Number.isInteger(s) || s < 0 || s > 2 ** 31 - 1)) out.push('Seeds are whole numbers from 0 to 2147483647.');
  if (new Set(spec.seeds).size !== spec.seeds.length) out.push(`Seeds repeat: ${spec.seeds.join(', ')}.`);
  if (!Number.isInteger(spec.steps) || spec.steps < 1 || spec.steps > L.maxSteps)
    out.push(`Steps per run: 1 to ${L.maxSteps} (got ${spec.steps}).`);
  const names = new Set<string>();
  for (const [i, v] of spec.variants.entries()) {
    const label = `Variant ${i + 1}${v.name ? ` "${v.name.slice(0, L.maxNameChars)}"` : ''}`;
    if (!v.name.trim() || v.name.length > L.maxNameChars) out.push(`${label}: a name of 1 to ${L.maxNameChars} characters.`);
    if (names.has(v.name)) out.push(`${label}: the name is used twice.`);
    names.add(v.name);
    const unknown = unknownSettings(v.patch as Record<string, unknown>, base);
    if (unknown.length) {
      out.push(`${label} sets settings this version does not know: ${unknown.slice(0, 4).join(', ')}.`);
      continue;
    }
    if (v.patch.seed !== undefined) out.push(`${label} sets the seed; the comparison chooses the seeds.`);
    const r = validateConfig(mergeConfig(base, v.patch));
    if (!r.config) out.push(`${label} is invalid: ${r.errors.slice(0, 3).join('; ')}.`);
    else if (r.config.task !== base.task)
      out.push(`${label} changes the task (${base.task} -> ${r.config.task}); the variants share one task.`);
  }
  return out;
}

/** The `cmp=` value of a comparison. */
export function encodeComparison(spec: ComparisonSpec): string {
  const payload = { v: spec.variants.map((v) => ({ n: v.name, p: v.patch })), s: spec.seeds, k: spec.steps };
  return LZString.compressToEncodedURIComponent(JSON.stringify(payload));
}

/** A link that opens this comparison: the base run's link (settings and backend) plus `&cmp=`. */
export function comparisonLink(base: string, state: Partial<SharedState> & { config: RunConfig }, spec: ComparisonSpec): string {
  return `${shareLink(base, state)}&cmp=${encodeComparison(spec)}`;
}

const payloadSchema = z.object({
  v: z.array(z.object({ n: z.string(), p: z.record(z.string(), z.unknown()) })),
  s: z.array(z.number()),
  k: z.number(),
});

const BAD =
  'This comparison link is truncated or corrupted: its comparison part (cmp=) could not be read. Check that the whole link was copied.';

/** The raw `cmp=` value of a location's state string, or undefined when there is none. */
export function comparisonParam(state: string): string | undefined {
  for (const part of state.split('&')) if (part.startsWith('cmp=')) return part.slice(4);
  return undefined;
}

export type ComparisonDecode = { ok: true; spec: ComparisonSpec } | { ok: false; error: string };

/** Decode a `cmp=` value against the base settings of the same link. Never throws. */
export function decodeComparison(param: string, base: RunConfig): ComparisonDecode {
  try {
    if (param.length > COMPARE_LIMITS.maxParamChars) {
      return {
        ok: false,
        error: `This comparison link's cmp= part is ${param.length.toLocaleString('en-US')} characters long, far more than any comparison needs; it was not read.`,
      };
    }
    const unpacked = decompressUriBounded(param, COMPARE_LIMITS.maxJsonChars);
    if (!unpacked.ok) {
      return {
        ok: false,
        error:
          unpacked.reason === 'too-large'
            ? `This comparison link expands to more than ${COMPARE_LIMITS.maxJsonChars.toLocaleString('en-US')} characters; it was not read.`
            : BAD,
      };
    }
    let json: unknown;
    try {
      json = JSON.parse(unpacked.text);
    } catch {
      return { ok: false, error: BAD };
    }
    if (jsonDepthExceeds(json, COMPARE_LIMITS.maxJsonDepth))
      return { ok: false, error: `This comparison link is nested more than ${COMPARE_LIMITS.maxJsonDepth} levels deep; it was not read.` };
    const parsed = payloadSchema.safeParse(json);
    if (!parsed.success) return { ok: false, error: `${BAD} (it lacks the variants, seeds or steps)` };
    const spec: ComparisonSpec = {
      variants: parsed.data.v.map((v) => ({ name: v.n, patch: v.p as RunConfigInput })),
      seeds: parsed.data.s,
      steps: parsed.data.k,
    };
    const problems = comparisonProblems(spec, base);
    if (problems.length) return { ok: false, error: `This comparison link cannot run: ${problems.slice(0, 3).join(' ')}` };
    return { ok: true, spec };
  } catch (e) {
    return { ok: false, error: `${BAD} (${e instanceof Error ? e.name : 'error'} while reading it)` };
  }
}
