// check:experts writes the experts lesson's entry of docs/lessons-evidence.json from its per-run results: the entry
// must be what the lesson checker would compute from the same runs (paired per seed, only complete seeds counted).
import { describe, expect, it } from 'vitest';
import { lessonEvidence, type RunResult } from '../../src/cli/check-experts';
import { EXPERT_SUITES } from '../../src/share/experts-evidence';
import { LESSONS } from '../../src/share/lessons';
import { quoteClaim } from '../../src/share/lesson-evidence';

const suite = EXPERT_SUITES.countdown;
const lesson = LESSONS.find((l) => l.id === suite.lesson)!;

/** One finished run whose metrics are given per arm as functions of the seed. */
function run(arm: string, seed: number, pass1: number, zero: number): RunResult {
  return {
    suite: suite.id,
    arm,
    seed,
    steps: suite.steps,
    seconds: 10,
    metrics: { 'eval/pass@1': pass1, 'adv/zero_frac': zero, frac_groups_all_wrong: zero },
  };
}

describe('check:experts lesson evidence', () => {
  it('the lesson variants are arms of the suite, with the same patches', () => {
    for (const v of lesson.variants!) expect(suite.arms.find((a) => a.name === v.name)?.patch).toEqual(v.patch);
  });

  it('pairs the arms per seed, counts only seeds where every variant finished, and needs 5 of them', () => {
    const [ref, only, mutual] = lesson.variants!.map((v) => v.name);
    const results: RunResult[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      results.push(run(ref, seed, 0.02 + seed / 1000, 0.95));
      results.push(run(mutual, seed, 0.1 + seed / 100, 0.85 - seed / 1000));
      if (seed !== 6) results.push(run(only, seed, 0.05, 0.9));
    }
    // A run of another step budget does not count.
    results.push({ ...run(only, 6, 0.5, 0.5), steps: suite.steps + 1 });
    const e = lessonEvidence(lesson, suite, results, suite.steps)!;
    expect(e.seeds).toEqual([1, 2, 3, 4, 5]);
    const pass = e.claims.find((c) => c.metric === 'eval/pass@1' && c.variant === 2)!;
    expect(pass.reduce).toBe('final');
    pass.perVariant[2].values!.forEach((v, i) => expect(v).toBeCloseTo(0.11 + i / 100, 12));
    // Paired: the per-seed differences are 0.08 + 0.009 x seed, so their mean is 0.107.
    expect(pass.diff.mean).toBeCloseTo(0.107, 10);
    expect(pass.verdict).toBe('shows');
    const zero = e.claims.find((c) => c.metric === 'adv/zero_frac')!;
    expect(zero.reduce).toBe('mean');
    expect(zero.verdict).toBe('shows');
    expect(quoteClaim(pass)).toContain('(5 seeds, shows)');
    // With one seed fewer the entry is not written.
    expect(
      lessonEvidence(
        lesson,
        suite,
        results.filter((r) => r.seed !== 5),
        suite.steps,
      ),
    ).toBeNull();
  });

  it('a lesson variant that is not an arm of the suite is an error, not a silent gap', () => {
    const other = { ...lesson, variants: [...lesson.variants!, { name: 'no such arm', patch: {} }] };
    expect(() => lessonEvidence(other, suite, [], suite.steps)).toThrow(/no such arm.*not an arm/);
  });
});
