// Small helpers shared by the task files: difficulty clamping, terminator handling, expert lookup, hints.
import { TERMINATOR } from '../terminator';
import type { ExpertStyle, Task } from './types';

/** Round and clamp a difficulty into the task's range; non-finite input falls back to the default. */
export function clampDifficulty(d: number, range: Task['difficulty']): number {
  if (!Number.isFinite(d)) return range.default;
  return Math.min(range.max, Math.max(range.min, Math.round(d)));
}

/**
 * The graded part of a completion: the text before the first terminator, or null when there is none.
 * Why null: a completion cut off by the length limit is never rewarded (correct and format both 0),
 * so truncation cannot be a shortcut. Text after the first terminator is ignored.
 */
export function completionBody(completion: string): string | null {
  const i = completion.indexOf(TERMINATOR);
  return i < 0 ? null : completion.slice(0, i);
}

/**
 * Every task's one answer format: optional work, the answer mark '|', then the final answer; or the final answer
 * alone. Experts differ only in the work they write first (a scratchpad, a plan, running totals), never in how
 * the answer is written, so the verifier reads a completion the same whatever prompt produced it and a right
 * completion from one expert is right under every expert's prompt (what MEML-style mutual learning relies on).
 */
export const ANSWER_MARK = '|';

/** Split a completion body into its work (before the last answer mark, '' when there is none) and its answer. */
export function splitAnswer(body: string): { work: string; answer: string } {
  const i = body.lastIndexOf(ANSWER_MARK);
  return i < 0 ? { work: '', answer: body } : { work: body.slice(0, i), answer: body.slice(i + 1) };
}

/** A demonstration: the work (if any), the answer mark, the answer and the terminator. */
export function withWork(work: string, answer: string): string {
  return (work ? work + ANSWER_MARK : '') + answer + TERMINATOR;
}

/** Look up an expert; an unknown id is a programming/config error, so it throws (it is not policy output). */
export function findExpert(experts: readonly ExpertStyle[], taskId: string, expertId: string): ExpertStyle {
  const e = experts.find((x) => x.id === expertId);
  if (!e) throw new Error(`Unknown ${taskId} expert "${expertId}": valid ids are ${experts.map((x) => x.id).join(', ')}`);
  return e;
}

/** Every task has this many hint tiers (Scaf-style: a third, two thirds, all of the answer). */
export const HINT_LEVELS = 3;

/** How many of n answer characters hint `level` reveals: ceil(level * n / levels), 0 for level <= 0. */
export function revealCount(n: number, level: number, levels = HINT_LEVELS): number {
  const k = Math.min(levels, Math.floor(Number.isFinite(level) ? level : 0));
  if (k <= 0) return 0;
  return Math.min(n, Math.ceil((k * n) / levels));
}

/**
 * Hint text: the answer with hidden characters shown as '_', then ';'. The hint always has the answer's
 * length + 1, so the prompt length does not depend on the level. `fromEnd` reveals a suffix instead.
 * Level 0 (or less) means no hint: ''.
 */
export function maskedHint(answer: string, level: number, fromEnd = false): string {
  const r = revealCount(answer.length, level);
  if (r === 0) return '';
  const hidden = '_'.repeat(answer.length - r);
  return `${fromEnd ? hidden + answer.slice(answer.length - r) : answer.slice(0, r) + hidden};`;
}

/** Same number written with optional leading zeros ("0132" ~ "132"); false unless both are digit strings. */
export function sameNumber(digits: string, answer: string): boolean {
  if (!/^[0-9]+$/.test(digits) || !/^[0-9]+$/.test(answer)) return false;
  const strip = (s: string) => s.replace(/^0+(?=[0-9])/, '');
  return strip(digits) === strip(answer);
}

export function zeroScore<T extends string>(extra: readonly T[] = []): { correct: number; format: number } & Record<T, number> {
  const out: Record<string, number> = { correct: 0, format: 0 };
  for (const name of extra) out[name] = 0;
  return out as { correct: number; format: number } & Record<T, number>;
}

/** 0/1 from a boolean, for reward components. */
export const b01 = (x: boolean): number => (x ? 1 : 0);

/**
 * A noisy judge: +1 or -1 from a hash (FNV-1a) of the question and the graded text, unrelated to whether the answer is
 * right. It stands in for a reward model whose score mostly tracks something the task does not care about: a second
 * reward that varies a lot in every group, on a wider scale than the 0/1 rewards, and that no policy can learn to
 * please across fresh prompts. The GDPO lesson uses it.
 */
export function noisyJudge(question: string, body: string): number {
  let h = 0x811c9dc5;
  const text = `${question}\n${body}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // The top bit: FNV's low bits mix poorly for short inputs.
  return h >>> 31 ? 1 : -1;
}
