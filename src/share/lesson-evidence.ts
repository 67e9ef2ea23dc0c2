// The lesson evidence file (docs/lessons-evidence.json, written by `npm run lessons`) and the one way a lesson text
// quotes it: `[measured: <quoteClaim(...)>]`. A unit test checks every quote in the lesson texts against the file,
// so a text can never carry a figure the checker did not measure.
import type { Interval, Verdict } from '../engine/stats/interval';

export const EVIDENCE_FORMAT = 'grpo-playground-lessons-evidence/1';

export interface ClaimEvidence {
  metric: string;
  /** 'final' (eval metrics, read at the end) or 'mean' (averaged over the run's steps). */
  reduce: 'final' | 'mean';
  variant: number;
  variantName: string;
  referenceName: string;
  direction: 'higher' | 'lower';
  headline: boolean;
  text: string;
  /** Per variant (all of the lesson's variants): mean across seeds, its 95% interval and the per-seed values. */
  perVariant: Array<{ name: string; mean: number; halfWidth: number; n: number; values?: number[] }>;
  /** variant - reference, paired per seed. */
  diff: { mean: number; halfWidth: number; low: number; high: number; n: number };
  verdict: Verdict;
}

export interface LessonEvidence {
  seeds: number[];
  steps: number;
  backend: string;
  /** Wall time of the lesson's runs. */
  seconds: number;
  /** CPU time of the checker process (absent in entries written before it was recorded). */
  cpuSeconds?: number;
  /** 1-minute load average when the lesson finished. */
  loadAverage?: number;
  measuredAt: string;
  claims: ClaimEvidence[];
}

export interface EvidenceFile {
  format: typeof EVIDENCE_FORMAT;
  /** Lessons not measured yet are absent. */
  lessons: Record<string, LessonEvidence>;
}

export function intervalFigures(iv: Interval): { mean: number; halfWidth: number; low: number; high: number; n: number } {
  // JSON has no NaN: a missing interval (one seed) is written as null by JSON.stringify and read back as null.
  return { mean: iv.mean, halfWidth: iv.halfWidth, low: iv.low, high: iv.high, n: iv.n };
}

function signed(x: number | null, digits: number): string {
  if (x === null || !Number.isFinite(x)) return 'n/a';
  const s = x.toFixed(digits);
  return x >= 0 ? `+${s}` : s;
}

/** How a lesson text quotes one measured claim (the unit test recomputes exactly this string). */
export function quoteClaim(c: ClaimEvidence, digits = 3): string {
  const hw = c.diff.halfWidth;
  const interval = hw === null || !Number.isFinite(hw) ? '(no interval)' : `± ${hw.toFixed(digits)}`;
  const v = c.perVariant[c.variant];
  const r = c.perVariant[0];
  const fmt = (x: { mean: number; halfWidth: number } | undefined) =>
    x && x.mean !== null && Number.isFinite(x.mean)
      ? `${x.mean.toFixed(digits)}${x.halfWidth !== null && Number.isFinite(x.halfWidth) ? ` ± ${x.halfWidth.toFixed(digits)}` : ''}`
      : 'n/a';
  return `${c.metric}: ${c.variantName} ${fmt(v)} vs ${c.referenceName} ${fmt(r)}, paired difference ${signed(c.diff.mean, digits)} ${interval} (${c.diff.n} seeds, ${c.verdict})`;
}

/** Every `[measured: ...]` quote in a text. */
export function measuredQuotes(text: string): string[] {
  return [...text.matchAll(/\[measured: ([^\]]*)\]/g)].map((m) => m[1]);
}

export function parseEvidenceFile(raw: string): EvidenceFile {
  const data = JSON.parse(raw) as EvidenceFile;
  if (data?.format !== EVIDENCE_FORMAT)
    throw new Error(`lessons evidence: expected format ${EVIDENCE_FORMAT}, got ${JSON.stringify(data?.format)}`);
  if (!data.lessons || typeof data.lessons !== 'object') throw new Error('lessons evidence: no "lessons" object');
  return data;
}

/** Every text a lesson shows (summary, steps, what to watch). */
export function lessonTexts(l: { title: string; summary: string; steps: string[]; watch: Array<{ expect: string }> }): string[] {
  return [l.title, l.summary, ...l.steps, ...l.watch.map((w) => w.expect)];
}

/**
 * Problems with the figures the lesson texts quote: a `[measured: ...]` quote that no claim in the evidence file
 * produces, or a '±' interval written outside a quote (a figure nobody can trace). Empty when every figure is backed.
 */
export function unbackedFigures(
  lessons: ReadonlyArray<{ id: string; title: string; summary: string; steps: string[]; watch: Array<{ expect: string }> }>,
  file: EvidenceFile,
): string[] {
  const problems: string[] = [];
  for (const l of lessons) {
    const allowed = new Set((file.lessons[l.id]?.claims ?? []).map((c) => quoteClaim(c)));
    for (const text of lessonTexts(l)) {
      for (const q of measuredQuotes(text)) if (!allowed.has(q)) problems.push(`${l.id}: "[measured: ${q}]" is not in the evidence file`);
      if (text.replace(/\[measured: [^\]]*\]/g, '').includes('±'))
        problems.push(`${l.id}: an interval (±) outside a [measured: ...] quote: "${text.slice(0, 80)}..."`);
    }
  }
  return problems;
}
