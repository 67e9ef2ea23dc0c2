// Run state <-> URL. The whole RunConfig (seed included) travels as the non-default leaves only, as JSON,
// lz-string compressed; the backend and the classroom flags travel beside it. Format (in the hash or the query):
//
//   #v=1&c=<lz(JSON {c: nonDefaultPatch, b?: backend, t?: WASM threads})>[&classroom=1][&hide=knobs,experts]
//   #v=1&lesson=<id>[&classroom=1][&hide=...][&c=...]      a guided lesson (src/share/lessons.ts)
//
// `v` is the format version. Everything that can change the run lives inside the compressed payload, so a
// truncated link fails to decode instead of silently dropping a trailing parameter. Decoding validates with
// the RunConfig zod schema and returns readable errors; it never throws.
//
// A lesson link names a lesson by id (validated against LESSONS). Without `c=` (or with a `c=` that holds exactly
// the lesson's config, e.g. to pin a backend) it starts the lesson's own config and its paired variants; with other
// settings in `c=` it shows the lesson beside those settings as a single run. A hand-typed `#lesson=<id>` (no v)
// is accepted too.
import LZString from 'lz-string';
import { BACKENDS, DEFAULT_CONFIG, parseConfig, validateConfig, type Backend, type RunConfig } from '../engine/config';
import { parseThreadsPref, type ThreadsPref } from '../engine/threads';
import { LESSONS, getLesson } from './lessons';
import { decompressUriBounded } from './lz-bounded';
import { jsonDepthExceeds, safePreview } from './json-guard';

export const URL_VERSION = 1;

/**
 * Limits on what a link may carry. The largest real config (8 experts, every knob changed) is under 3,000
 * characters of JSON and its link under 2,000; these leave ample room and stop hostile links cheaply.
 */
export const LINK_LIMITS = {
  /** Characters of the whole state string (after '#'). */
  maxLinkChars: 16_000,
  /** Characters of JSON the compressed settings may expand to. */
  maxJsonChars: 32_000,
  /** Nesting depth of that JSON (the config itself is 4 deep). */
  maxJsonDepth: 8,
} as const;

/** Controls a classroom link can hide (`hide=knobs,experts`). */
export const HIDE_KEYS = ['presets', 'setup', 'knobs', 'experts', 'hints', 'backend', 'seed', 'inspector', 'share'] as const;
export type HideKey = (typeof HIDE_KEYS)[number];
/** What `classroom=1` hides when no `hide=` list is given. */
export const CLASSROOM_DEFAULT_HIDE: readonly HideKey[] = ['knobs', 'experts', 'backend'];

export interface SharedState {
  config: RunConfig;
  backend: Backend;
  /** WASM threads asked for (absent: auto). A device setting: it never changes a number. */
  threads?: ThreadsPref;
  classroom: boolean;
  hide: HideKey[];
  /** An open guided lesson (LESSONS id). */
  lesson?: string;
}

export type DecodeResult =
  | {
      ok: true;
      state: SharedState;
      /** Non-fatal notes (settings this version does not know, unknown hide names). */
      warnings: string[];
      /** No run state in the URL at all: the defaults were used. */
      empty: boolean;
      /** A lesson link without its own settings: the config is the lesson's, and its variants should run. */
      lessonDefault?: boolean;
    }
  | { ok: false; error: string };

export const DEFAULT_STATE: SharedState = { config: DEFAULT_CONFIG, backend: 'auto', classroom: false, hide: [] };

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Not dequal: a key whose value is undefined counts as absent, as it will be once the state is JSON in a link.
function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The leaves of `config` that differ from `base`. Nested sections (advantage, objective, data, experts) are
 * diffed key by key; records and arrays (rewardWeights, experts.list) are kept whole when they differ.
 */
export function nonDefaultPatch(config: RunConfig, base: RunConfig = DEFAULT_CONFIG): Record<string, Json> {
  const out: Record<string, Json> = {};
  const cfg: Record<string, unknown> = config;
  const def: Record<string, unknown> = base;
  for (const key of Object.keys(cfg)) {
    const v = cfg[key];
    const d = def[key];
    if (deepEqual(v, d)) continue;
    const sectionIsKnobs = isPlainObject(v) && isPlainObject(d) && key !== 'rewardWeights';
    if (sectionIsKnobs) {
      const sub: Record<string, Json> = {};
      for (const k of Object.keys(v)) if (!deepEqual(v[k], d[k])) sub[k] = v[k] as Json;
      if (Object.keys(sub).length) out[key] = sub;
    } else {
      out[key] = v as Json;
    }
  }
  return out;
}

/** Settings in `input` this version does not know ("foo", "advantage.bar"): reported, then ignored. */
export function unknownSettings(input: Record<string, unknown>, base: RunConfig = DEFAULT_CONFIG): string[] {
  const def: Record<string, unknown> = base;
  const unknown: string[] = [];
  for (const [k, v] of Object.entries(input)) {
    if (!Object.hasOwn(def, k)) {
      unknown.push(k);
      continue;
    }
    const d = def[k];
    if (isPlainObject(v) && isPlainObject(d) && k !== 'rewardWeights') {
      for (const sub of Object.keys(v)) if (!Object.hasOwn(d, sub)) unknown.push(`${k}.${sub}`);
    }
  }
  return unknown;
}

function stripUnknown(input: Record<string, unknown>, base: RunConfig = DEFAULT_CONFIG): Record<string, unknown> {
  const def: Record<string, unknown> = base;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (!Object.hasOwn(def, k)) continue;
    const d = def[k];
    if (isPlainObject(v) && isPlainObject(d) && k !== 'rewardWeights') {
      out[k] = Object.fromEntries(Object.entries(v).filter(([sub]) => Object.hasOwn(d, sub)));
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** The config a lesson starts from (its base config; variants are patches over it). */
export function lessonBaseConfig(id: string): RunConfig | undefined {
  const l = getLesson(id);
  return l ? parseConfig(l.config) : undefined;
}

/**
 * The query-string part (no leading '#') for a state. Defaults everywhere give "v=1&c=<lz of {}>". With a lesson
 * whose own settings are unchanged (and no backend asked for), only "v=1&lesson=<id>".
 */
export function encodeState(state: Partial<SharedState> & { config: RunConfig }): string {
  const payload: { c: Record<string, Json>; b?: Backend; t?: number } = { c: nonDefaultPatch(state.config) };
  if (state.backend && state.backend !== 'auto') payload.b = state.backend;
  if (typeof state.threads === 'number') payload.t = state.threads;
  const parts = [`v=${URL_VERSION}`];
  const lessonConfig = state.lesson ? lessonBaseConfig(state.lesson) : undefined;
  if (state.lesson && lessonConfig) parts.push(`lesson=${encodeURIComponent(state.lesson)}`);
  if (state.classroom) parts.push('classroom=1');
  const hide = state.hide ?? [];
  const hideIsDefault = state.classroom && deepEqual([...hide].sort(), [...CLASSROOM_DEFAULT_HIDE].sort());
  if (hide.length && !hideIsDefault) parts.push(`hide=${hide.join(',')}`);
  const lessonOwn = lessonConfig && !payload.b && !payload.t && deepEqual(state.config, lessonConfig);
  if (!lessonOwn) parts.push(`c=${LZString.compressToEncodedURIComponent(JSON.stringify(payload))}`);
  return parts.join('&');
}

/** A full link: `base` (origin + path) + '#' + encodeState(state). */
export function shareLink(base: string, state: Partial<SharedState> & { config: RunConfig }): string {
  return `${base.split('#')[0]}#${encodeState(state)}`;
}

/** Raw key/value pairs. The lz alphabet ('+', '-', '$') must not go through URLSearchParams ('+' -> ' '). */
function splitParams(s: string): Map<string, string> | string {
  const out = new Map<string, string>();
  for (const part of s.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? '' : part.slice(eq + 1);
    let value = raw;
    if (key !== 'c') {
      try {
        value = decodeURIComponent(raw);
      } catch {
        return `the parameter "${key}" is not validly encoded`;
      }
    }
    out.set(key, value);
  }
  return out;
}

/** Where the run state sits: the hash wins, then the query string. */
export function stateStringFromLocation(loc: { hash: string; search: string }): string {
  const hash = loc.hash.replace(/^#/, '');
  if (hash) return hash;
  return loc.search.replace(/^\?/, '');
}

const CORRUPT = 'This link is truncated or corrupted: its settings could not be decoded. Check that the whole link was copied.';

function describeIssue(path: string, message: string, input: unknown): string {
  let value: unknown = input;
  for (const p of path.split('.')) {
    if (isPlainObject(value) && Object.hasOwn(value, p)) value = value[p];
    else if (Array.isArray(value) && /^\d+$/.test(p)) value = value[Number(p)];
    else {
      value = undefined;
      break;
    }
  }
  const got = value === undefined ? '' : ` (got ${safePreview(value, 40)})`;
  return `${path}: ${message}${got}`;
}

/** Decode a location's state string (`v=1&c=...`, no '#'). Never throws. */
export function decodeState(s: string): DecodeResult {
  try {
    return decodeUnguarded(s);
  } catch (e) {
    // A last line of defence: every known bad input has its own message above, but a link must never crash the page.
    return { ok: false, error: `${CORRUPT} (${e instanceof Error ? e.name : 'error'} while reading it)` };
  }
}

function decodeUnguarded(s: string): DecodeResult {
  if (s.length > LINK_LIMITS.maxLinkChars) {
    return {
      ok: false,
      error: `This link is ${s.length.toLocaleString('en-US')} characters long; a GRPO Playground link is at most ${LINK_LIMITS.maxLinkChars.toLocaleString('en-US')}. It was not read.`,
    };
  }
  const trimmed = s.trim();
  if (!trimmed) return { ok: true, state: { ...DEFAULT_STATE }, warnings: [], empty: true };
  const params = splitParams(trimmed);
  if (typeof params === 'string') return { ok: false, error: `${CORRUPT} (${params})` };
  const warnings: string[] = [];
  const flags = parseFlags(params, warnings);
  const lessonId = params.get('lesson');
  let lesson: { id: string; config: RunConfig } | undefined;
  if (lessonId !== undefined) {
    const config = lessonBaseConfig(lessonId);
    if (!config) {
      const shown = lessonId.length > 40 ? `${lessonId.slice(0, 40)}…` : lessonId;
      return {
        ok: false,
        error: `This link opens the lesson "${shown}", which this version of GRPO Playground does not have. Lessons: ${LESSONS.map((l) => l.id).join(', ')}.`,
      };
    }
    lesson = { id: lessonId, config };
  }
  if (lesson && !params.has('c')) {
    const v = params.get('v');
    if (v !== undefined && v !== String(URL_VERSION)) {
      return { ok: false, error: `This link uses format v=${v.slice(0, 12)}, but this app reads v=${URL_VERSION}.` };
    }
    return {
      ok: true,
      state: { config: lesson.config, backend: 'auto', ...flags, lesson: lesson.id },
      warnings,
      empty: false,
      lessonDefault: true,
    };
  }
  if (!params.has('v') && !params.has('c')) {
    // No run state: a hash that is not ours (an in-page anchor) or classroom flags over the defaults.
    return { ok: true, state: { ...DEFAULT_STATE, ...flags }, warnings, empty: !flags.classroom };
  }
  const v = params.get('v');
  if (v === undefined || v === '') {
    return {
      ok: false,
      error: `This link has no format version (expected v=${URL_VERSION}); it may be truncated or not a GRPO Playground link.`,
    };
  }
  if (!/^\d+$/.test(v))
    return { ok: false, error: `This link's format version "${v.slice(0, 12)}" is not a number; this app reads v=${URL_VERSION}.` };
  const version = Number(v);
  if (version !== URL_VERSION) {
    const why = version > URL_VERSION ? 'it was made by a newer version of GRPO Playground' : 'it is from an older, unsupported format';
    return { ok: false, error: `This link uses format v=${version}, but this app reads v=${URL_VERSION}: ${why}.` };
  }
  const c = params.get('c');
  if (c === undefined || c === '') return { ok: false, error: `${CORRUPT} (the settings part "c=" is missing)` };

  let payload: unknown;
  const unpacked = decompressUriBounded(c, LINK_LIMITS.maxJsonChars);
  if (!unpacked.ok) {
    if (unpacked.reason === 'too-large') {
      return {
        ok: false,
        error: `This link's settings expand to more than ${LINK_LIMITS.maxJsonChars.toLocaleString('en-US')} characters, far more than any run needs; it was not read.`,
      };
    }
    return { ok: false, error: CORRUPT };
  }
  if (!unpacked.text) return { ok: false, error: CORRUPT };
  try {
    payload = JSON.parse(unpacked.text);
  } catch {
    return { ok: false, error: CORRUPT };
  }
  if (jsonDepthExceeds(payload, LINK_LIMITS.maxJsonDepth)) {
    return {
      ok: false,
      error: `This link's settings are nested more than ${LINK_LIMITS.maxJsonDepth} levels deep; a run's settings are 4 deep. It was not read.`,
    };
  }
  if (!isPlainObject(payload) || !isPlainObject(payload.c ?? {})) return { ok: false, error: CORRUPT };

  const rawConfig = (payload.c ?? {}) as Record<string, unknown>;
  const unknown = unknownSettings(rawConfig);
  if (unknown.length) warnings.push(`Ignored settings this version does not know: ${unknown.join(', ')}.`);
  const { config, errors } = validateConfig(stripUnknown(rawConfig));
  if (!config) {
    const details = errors.slice(0, 4).map((e) => {
      const i = e.indexOf(': ');
      return i > 0 ? describeIssue(e.slice(0, i), e.slice(i + 2), rawConfig) : e;
    });
    const more = errors.length > 4 ? ` (+${errors.length - 4} more)` : '';
    return { ok: false, error: `This link has settings outside the allowed range: ${details.join('; ')}${more}.` };
  }

  let backend: Backend = 'auto';
  if (payload.b !== undefined) {
    if (typeof payload.b !== 'string' || !(BACKENDS as readonly string[]).includes(payload.b)) {
      return { ok: false, error: `This link asks for an unknown backend ${safePreview(payload.b, 20)}; known: ${BACKENDS.join(', ')}.` };
    }
    backend = payload.b as Backend;
  }

  let threads: ThreadsPref = 'auto';
  if (payload.t !== undefined) {
    const t = parseThreadsPref(payload.t);
    if (t === null) warnings.push(`Ignored a WASM thread count this version cannot use (${safePreview(payload.t, 20)}); using Auto.`);
    else threads = t;
  }
  const rest = threads === 'auto' ? flags : { ...flags, threads };

  if (!lesson) return { ok: true, state: { config, backend, ...rest }, warnings, empty: false };
  // The lesson's own settings (a backend may ride along): start the lesson as it is defined, variants included.
  const lessonDefault = deepEqual(config, lesson.config);
  return { ok: true, state: { config, backend, ...rest, lesson: lesson.id }, warnings, empty: false, lessonDefault };
}

function parseFlags(params: Map<string, string>, warnings: string[]): { classroom: boolean; hide: HideKey[] } {
  const c = params.get('classroom');
  const classroom = c === '1' || c === 'true' || c === '';
  let hide: HideKey[] = classroom ? [...CLASSROOM_DEFAULT_HIDE] : [];
  const hideRaw = params.get('hide');
  if (hideRaw !== undefined) {
    const names = hideRaw
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    const bad = names.filter((n) => !(HIDE_KEYS as readonly string[]).includes(n));
    if (bad.length) warnings.push(`Unknown names in hide=: ${bad.join(', ')} (known: ${HIDE_KEYS.join(', ')}).`);
    hide = names.filter((n): n is HideKey => (HIDE_KEYS as readonly string[]).includes(n));
  }
  return { classroom: classroom || hide.length > 0, hide };
}
