// Lesson texts quote their figures from the committed evidence file (docs/lessons-evidence.json, written by
// `npm run lessons`): a quote the file does not produce, or an interval written by hand, fails here.
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/share/lessons';
import {
  EVIDENCE_FORMAT,
  parseEvidenceFile,
  quoteClaim,
  unbackedFigures,
  type ClaimEvidence,
  type EvidenceFile,
} from '../../src/share/lesson-evidence';

const FILE = resolve(__dirname, '../../docs/lessons-evidence.json');

const claim: ClaimEvidence = {
  metric: 'eval/pass@1',
  reduce: 'final',
  variant: 1,
  variantName: 'B',
  referenceName: 'A',
  direction: 'higher',
  headline: true,
  text: 'B beats A',
  perVariant: [
    { name: 'A', mean: 0.3, halfWidth: 0.05, n: 5 },
    { name: 'B', mean: 0.4, halfWidth: 0.04, n: 5 },
  ],
  diff: { mean: 0.1, halfWidth: 0.03, low: 0.07, high: 0.13, n: 5 },
  verdict: 'shows',
};
const lesson = (text: string) => ({ id: 'x', title: 't', summary: text, steps: [], watch: [] });
const file = (claims: ClaimEvidence[]): EvidenceFile => ({
  format: EVIDENCE_FORMAT,
  lessons: { x: { seeds: [1, 2, 3, 4, 5], steps: 10, backend: 'wasm', seconds: 1, measuredAt: '', claims } },
});

describe('lesson evidence quotes', () => {
  it('quotes a claim in one fixed form', () => {
    expect(quoteClaim(claim)).toBe('eval/pass@1: B 0.400 ± 0.040 vs A 0.300 ± 0.050, paired difference +0.100 ± 0.030 (5 seeds, shows)');
  });

  it('accepts a quote the file produces and rejects a changed figure, a missing lesson and a hand-written interval', () => {
    const good = `It shows [measured: ${quoteClaim(claim)}].`;
    expect(unbackedFigures([lesson(good)], file([claim]))).toEqual([]);
    expect(unbackedFigures([lesson(good.replace('+0.100', '+0.200'))], file([claim]))).toHaveLength(1);
    expect(unbackedFigures([lesson(good)], { format: EVIDENCE_FORMAT, lessons: {} })).toHaveLength(1);
    expect(unbackedFigures([lesson('pass@1 rose 0.1 ± 0.03')], file([claim]))).toHaveLength(1);
  });

  it('every figure the lesson texts quote is in the committed evidence file', () => {
    const evidence: EvidenceFile = existsSync(FILE)
      ? parseEvidenceFile(readFileSync(FILE, 'utf8'))
      : { format: EVIDENCE_FORMAT, lessons: {} };
    expect(unbackedFigures(LESSONS, evidence)).toEqual([]);
  });

  it('the evidence file measures the claims the lessons make now (no stale entries)', () => {
    if (!existsSync(FILE)) return;
    const evidence = parseEvidenceFile(readFileSync(FILE, 'utf8'));
    for (const [id, e] of Object.entries(evidence.lessons)) {
      const l = LESSONS.find((x) => x.id === id);
      expect(l, `evidence for unknown lesson ${id}`).toBeDefined();
      const now = (l!.claims ?? []).map((c) => `${c.metric}/${c.variant}/${c.direction}`);
      for (const c of e.claims)
        expect(now, `${id}: measured claim no longer in the lesson`).toContain(`${c.metric}/${c.variant}/${c.direction}`);
      expect(e.seeds.length, `${id}: at least 5 seeds`).toBeGreaterThanOrEqual(5);
    }
  });
});
