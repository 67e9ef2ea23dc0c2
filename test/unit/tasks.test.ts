import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../src/engine/rng';
import { ALPHABET, TERMINATOR, unknownChars } from '../../src/engine/policy/tokenizer';
import { TASKS, TASK_LIST, buildPrompt, getTask } from '../../src/engine/tasks/index';
import { parseExpression } from '../../src/engine/tasks/countdown';
import { digitShare } from '../../src/engine/tasks/add';
import { ANSWER_MARK, completionBody, noisyJudge } from '../../src/engine/tasks/common';
import type { Problem, RewardComponents, Task } from '../../src/engine/tasks/types';

const CONTEXT = 48; // the policy's context: prompt + completion
const PER_DIFFICULTY = 150;

function difficulties(task: Task): number[] {
  const out: number[] = [];
  for (let d = task.difficulty.min; d <= task.difficulty.max; d++) out.push(d);
  return out;
}

function problems(task: Task, difficulty: number, n = PER_DIFFICULTY, seed = 7): Problem[] {
  const rng = new Rng(seed, `${task.id}/${difficulty}`);
  return Array.from({ length: n }, () => task.sample(rng, difficulty));
}

/** Every named component is present, finite and in [-1, 1]; nothing else is returned. */
function expectWellFormedScore(task: Task, r: RewardComponents) {
  expect(Object.keys(r).sort()).toEqual([...task.rewardNames].sort());
  for (const v of Object.values(r)) {
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThanOrEqual(-1);
    expect(v).toBeLessThanOrEqual(1);
  }
}

/** 200 characters from a seeded rng: the alphabet plus characters the tokenizer does not know. */
function garbage(rng: Rng, n = 200): string {
  const pool = [...ALPHABET, ...'ABZ\n\t~!é€', '😀', '\u0000', '中'];
  let s = '';
  for (let i = 0; i < n; i++) s += rng.pick(pool);
  return s;
}

describe.each(TASK_LIST.map((t) => [t.id, t] as const))('task %s', (_id, task) => {
  it('declares a consistent contract', () => {
    expect(task.rewardNames.slice(0, 2)).toEqual(['correct', 'format']);
    expect(task.experts.length).toBeGreaterThanOrEqual(3);
    expect(new Set(task.experts.map((e) => e.id)).size).toBe(task.experts.length);
    expect(new Set(task.experts.map((e) => e.prefix)).size).toBe(task.experts.length);
    for (const e of task.experts) {
      expect(unknownChars(e.prefix)).toEqual([]);
      expect(e.prefix.length).toBeLessThanOrEqual(3);
      expect(e.prefix).not.toContain(TERMINATOR);
    }
    const { min, max, default: def } = task.difficulty;
    expect(min).toBeLessThanOrEqual(def);
    expect(def).toBeLessThanOrEqual(max);
    expect(task.hintLevels).toBeGreaterThanOrEqual(1);
  });

  it.each(task.experts.map((e) => [e.id]))('demonstrations of %s score correct=1, format=1 at every difficulty', (expertId) => {
    for (const d of difficulties(task)) {
      for (const p of problems(task, d)) {
        const demo = task.demonstrate(p, expertId);
        const r = task.score(p, demo);
        expect({ demo, ...r }).toMatchObject({ demo, correct: 1, format: 1 });
        // The canonical solutions use every number, so the extra component is earned too; a style reward (add's noisy
        // judge) does not grade the solution, so a demonstration need not earn it (checked in the add tests).
        for (const name of task.rewardNames) if (!task.styleRewards?.includes(name)) expect(r[name]).toBe(1);
        expect(demo.endsWith(TERMINATOR)).toBe(true);
        expect(demo.indexOf(TERMINATOR)).toBe(demo.length - 1);
        expect(demo.length).toBeLessThanOrEqual(task.maxCompletionLength(d));
      }
    }
  });

  it('one answer format: every expert style ends in the canonical answer after the answer mark', () => {
    for (const d of difficulties(task)) {
      for (const p of problems(task, d, 40)) {
        for (const e of task.experts) {
          const body = task.demonstrate(p, e.id).slice(0, -1);
          expect(body.slice(body.lastIndexOf(ANSWER_MARK) + 1)).toBe(p.answer);
        }
      }
    }
  });

  it('a right answer in any expert style is right whatever the prompt, a wrong one in any style is right under none', () => {
    // The verifier has no expert argument, so "under every prompt" is this: the score of a completion is fixed by
    // the problem alone. Every style's right demonstration earns correct 1, and every style's demonstration for
    // another problem (a wrong answer here) earns 0, with the same format score as the right one.
    for (const p of problems(task, task.difficulty.default, 60)) {
      const other = problems(task, task.difficulty.default, 60, 99).find(
        (q) => q.answer !== p.answer && (p.data.target === undefined || q.data.target !== p.data.target),
      );
      for (const e of task.experts) {
        const right = task.score(p, task.demonstrate(p, e.id));
        expect(right.correct).toBe(1);
        expect(right.format).toBe(1);
        if (other) {
          const wrong = task.score(p, task.demonstrate(other, e.id));
          expect(wrong.correct).toBe(0);
        }
      }
    }
  });

  it('maxCompletionLength is attained by some demonstration (honest, not just an upper bound)', () => {
    for (const d of difficulties(task)) {
      let longest = 0;
      for (const p of problems(task, d, 2000, 3))
        for (const e of task.experts) longest = Math.max(longest, task.demonstrate(p, e.id).length);
      expect(longest).toBe(task.maxCompletionLength(d));
    }
  });

  it('prompts, hints and demonstrations use only the alphabet and fit the context', () => {
    for (const d of difficulties(task)) {
      for (const p of problems(task, d)) {
        for (const e of task.experts) {
          for (let level = 0; level <= task.hintLevels; level++) {
            const prompt = buildPrompt(task, p, e.id, level);
            expect(unknownChars(prompt)).toEqual([]);
            expect(prompt).not.toContain(TERMINATOR); // the terminator only ever ends a completion
            expect(prompt.length + task.maxCompletionLength(d)).toBeLessThanOrEqual(CONTEXT);
            if (d === task.difficulty.default) expect(prompt.length).toBeLessThanOrEqual(26);
          }
          expect(unknownChars(task.demonstrate(p, e.id))).toEqual([]);
        }
      }
    }
    // Short enough for cheap rollouts at the default difficulty (countdown's 4-number running-total style is the longest: 22).
    expect(task.maxCompletionLength(task.difficulty.default)).toBeLessThanOrEqual(24);
  });

  it('a wrong answer scores correct 0', () => {
    for (const d of difficulties(task)) {
      const ps = problems(task, d, 60);
      for (let i = 0; i < ps.length; i++) {
        const p = ps[i];
        // Another problem's demonstration, from a problem with a different answer (and target, for countdown).
        const other = ps.find((q) => q.answer !== p.answer && (p.data.target === undefined || q.data.target !== p.data.target));
        if (!other) continue;
        for (const e of task.experts) expect(task.score(p, task.demonstrate(other, e.id)).correct).toBe(0);
      }
    }
  });

  it('never throws and gives correct 0 on empty, garbage, overlong and unterminated strings', () => {
    const rng = new Rng(11, `garbage/${task.id}`);
    for (const p of problems(task, task.difficulty.default, 20)) {
      for (const e of task.experts) {
        const demo = task.demonstrate(p, e.id);
        const bad = [
          '',
          TERMINATOR,
          'zzz',
          'zzz.',
          '....',
          garbage(rng),
          garbage(rng) + TERMINATOR,
          '1'.repeat(5000) + TERMINATOR,
          `${'('.repeat(5000)}1${')'.repeat(5000)}${TERMINATOR}`,
          `${'9*'.repeat(400)}9${TERMINATOR}`,
          `é😀中${TERMINATOR}`,
          demo.slice(0, -1), // the right answer without the terminator: never rewarded
          demo.slice(0, -1) + demo.slice(0, -1), // overlong, unterminated
        ];
        for (const s of bad) {
          const r = task.score(p, s);
          expectWellFormedScore(task, r);
          expect(r.correct).toBe(0);
        }
        expect(task.score(p, demo.slice(0, -1)).format).toBe(0);
        expect(task.score(p, '').format).toBe(0);
      }
    }
  });

  it('ignores everything after the first terminator', () => {
    for (const p of problems(task, task.difficulty.default, 20)) {
      for (const e of task.experts) {
        const demo = task.demonstrate(p, e.id);
        expect(task.score(p, `${demo}zz9+.é`)).toEqual(task.score(p, demo));
        expect(task.score(p, TERMINATOR + demo).correct).toBe(0);
      }
    }
  });

  it('hints reveal strictly more at each level until the whole answer, using the alphabet', () => {
    for (const d of difficulties(task)) {
      for (const p of problems(task, d, 40)) {
        expect(task.hint(p, 0)).toBe('');
        let prev = 0;
        for (let level = 1; level <= task.hintLevels; level++) {
          const h = task.hint(p, level);
          expect(unknownChars(h)).toEqual([]);
          expect(h).not.toContain(TERMINATOR);
          const revealed = h.replace(/[_;]/g, '').length;
          if (prev < p.answer.length) expect(revealed).toBeGreaterThan(prev);
          else expect(revealed).toBe(prev);
          prev = revealed;
        }
        expect(prev).toBe(p.answer.length); // the top level gives the full answer
        expect(task.hint(p, task.hintLevels + 5)).toBe(task.hint(p, task.hintLevels));
      }
    }
  });

  it('sample() is deterministic per seed, differs across seeds, and ids follow the content', () => {
    const a = problems(task, task.difficulty.default, 30, 1);
    const b = problems(task, task.difficulty.default, 30, 1);
    const c = problems(task, task.difficulty.default, 30, 2);
    expect(b).toEqual(a);
    expect(c.map((p) => p.id)).not.toEqual(a.map((p) => p.id));
    const byId = new Map<string, Problem>();
    for (const d of difficulties(task)) {
      for (const p of problems(task, d, 300, 4)) {
        const seen = byId.get(p.id);
        if (seen) expect(seen).toEqual(p); // same id => same problem, answer and data
        byId.set(p.id, p);
      }
    }
  });

  it('clamps the difficulty into its range', () => {
    const { min, max, default: def } = task.difficulty;
    const at = (d: number) => task.sample(new Rng(5, 'clamp'), d);
    expect(at(max + 10)).toEqual(at(max));
    expect(at(min - 10)).toEqual(at(min));
    expect(at(Number.NaN)).toEqual(at(def));
    expect(task.maxCompletionLength(max + 10)).toBe(task.maxCompletionLength(max));
    expect(task.maxCompletionLength(min - 10)).toBe(task.maxCompletionLength(min));
  });

  it('unknown expert ids fail loudly', () => {
    const p = task.sample(new Rng(1), task.difficulty.default);
    expect(() => task.demonstrate(p, 'nope')).toThrow(/Unknown .* expert "nope": valid ids are/);
  });

  it('property: score never throws and returns finite components in [-1, 1]', () => {
    const ps = problems(task, task.difficulty.max, 5);
    const alphabetString = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 60 });
    const anyString = fc.string({ unit: 'binary', maxLength: 80 });
    fc.assert(
      fc.property(fc.oneof(alphabetString, anyString), fc.integer({ min: 0, max: ps.length - 1 }), (s, i) => {
        expectWellFormedScore(task, task.score(ps[i], s));
      }),
      { numRuns: 400, seed: 42 },
    );
  });
});

describe('registry', () => {
  it('lists every task under its id', () => {
    expect(Object.keys(TASKS).sort()).toEqual(['add', 'countdown', 'reverse', 'sort']);
    expect(TASK_LIST.map((t) => t.id).sort()).toEqual(Object.keys(TASKS).sort());
    for (const t of TASK_LIST) expect(getTask(t.id)).toBe(t);
  });

  it('getTask names the valid ids for an unknown one', () => {
    expect(() => getTask('nope')).toThrow('Unknown task "nope": valid ids are add, reverse, sort, countdown');
    expect(() => getTask('toString')).toThrow(/Unknown task/);
  });

  it('buildPrompt puts prefix, hint and question in that order', () => {
    const p = TASKS.add.sample(new Rng(1), 2);
    expect(buildPrompt(TASKS.add, p, 'plain')).toBe(`p:${p.question}`);
    expect(buildPrompt(TASKS.add, p, 'plain', 1)).toBe(`p:${TASKS.add.hint(p, 1)}${p.question}`);
    expect(() => buildPrompt(TASKS.add, p, 'nope')).toThrow(/valid ids are plain, reversed, scratch/);
  });
});

const score = (task: Task, p: Problem, s: string) => task.score(p, s);
/** Add's score without the noisy judge (tested on its own below). */
const graded = (p: Problem, s: string) => {
  const { judge, ...rest } = TASKS.add.score(p, s);
  expect(Math.abs(judge)).toBe(completionBody(s) === null ? 0 : 1);
  return rest;
};

describe('add', () => {
  const task = TASKS.add;
  const p: Problem = { id: 'add:47+85', question: '47+85=', answer: '132', data: { a: 47, b: 85, digits: 2 } };

  it('shows each expert strategy on 47+85, all ending in the sum', () => {
    expect(task.demonstrate(p, 'plain')).toBe('132.');
    expect(task.demonstrate(p, 'reversed')).toBe('231|132.');
    expect(task.demonstrate(p, 'scratch')).toBe('12,13|132.');
    expect(task.hint(p, 1)).toBe('__2;');
    expect(task.hint(p, 2)).toBe('_32;');
    expect(task.hint(p, 3)).toBe('132;');
  });

  it('grades the answer after the work, its format and its right digits', () => {
    expect(graded(p, '133.')).toEqual({ correct: 0, format: 1, digits: 2 / 3 });
    expect(graded(p, '0132.')).toEqual({ correct: 1, format: 1, digits: 1 }); // same number
    expect(graded(p, '132')).toEqual({ correct: 0, format: 0, digits: 0 }); // no terminator: nothing
    expect(graded(p, '231.')).toEqual({ correct: 0, format: 1, digits: 1 / 3 }); // the old reversed encoding is wrong everywhere
    expect(graded(p, '13 2.')).toEqual({ correct: 0, format: 0, digits: 0 });
    expect(graded(p, '12,1|132.')).toEqual({ correct: 1, format: 1, digits: 1 }); // sloppy work, right answer
    expect(graded(p, '12,13|133.')).toEqual({ correct: 0, format: 1, digits: 2 / 3 }); // right work, wrong answer
    expect(graded(p, '12,13|.')).toEqual({ correct: 0, format: 0, digits: 0 });
    expect(graded(p, '132|12,13.')).toEqual({ correct: 0, format: 0, digits: 0 }); // the answer comes last
  });

  it('judges noisily: +1 or -1 from the question and completion alone, as often for right as for wrong answers', () => {
    expect(score(task, p, '132.').judge).toBe(noisyJudge(p.question, '132'));
    expect(score(task, p, '132.').judge).toBe(score(task, p, '132.').judge); // deterministic
    expect(score(task, p, '132').judge).toBe(0); // cut off: nothing
    expect(task.styleRewards).toEqual(['judge']);
    const rng = new Rng(5);
    const byCorrect = [0, 0, 0, 0]; // [right & +1, right & -1, wrong & +1, wrong & -1]
    for (let i = 0; i < 4000; i++) {
      const q = task.sample(rng, 2);
      const right = i % 2 === 0;
      const r = score(task, q, `${right ? q.answer : String(Number(q.answer) + rng.int(1, 9))}.`);
      byCorrect[(r.correct ? 0 : 2) + (r.judge > 0 ? 0 : 1)]++;
    }
    // 2000 of each: the +1 share is 1/2 within 4 standard errors (0.045), for right and for wrong answers alike.
    expect(Math.abs(byCorrect[0] / 2000 - 0.5)).toBeLessThan(0.045);
    expect(Math.abs(byCorrect[2] / 2000 - 0.5)).toBeLessThan(0.045);
  });

  it('gives partial credit by place value: a missing or extra digit costs a place, leading zeros do not', () => {
    expect(digitShare('32', '132')).toBeCloseTo(2 / 3, 12); // ones and tens right, hundreds missing
    expect(digitShare('1321', '132')).toBe(0); // shifted: no place agrees
    expect(digitShare('0032', '132')).toBeCloseTo(2 / 3, 12);
    expect(digitShare('000', '0')).toBe(1);
    expect(digitShare('9', '132')).toBe(0);
    expect(digitShare('192', '132')).toBeCloseTo(2 / 3, 12);
    // Right exactly when the share is 1, on random sums and perturbations of them.
    const rng = new Rng(11);
    for (let i = 0; i < 200; i++) {
      const q = task.sample(rng, 1 + (i % 4));
      const guess = String(rng.int(0, 2 * 10 ** (1 + (i % 4))));
      const r = score(task, q, `${guess}.`);
      expect(r.digits === 1).toBe(r.correct === 1);
      expect(r.digits).toBeGreaterThanOrEqual(0);
      expect(r.digits).toBeLessThanOrEqual(1);
    }
  });

  it('column sums carry correctly', () => {
    const q = task.sample(new Rng(3), 4);
    const demo = task.demonstrate(q, 'scratch');
    expect(demo).toMatch(/^[0-9]{2}(,[0-9]{2}){3}\|[0-9]+\.$/);
    const { a, b } = q.data as { a: number; b: number };
    expect(Number(demo.split('|')[1].slice(0, -1))).toBe(a + b);
  });
});

describe('reverse', () => {
  const task = TASKS.reverse;
  const p: Problem = { id: 'reverse:abcd', question: 'abcd=', answer: 'dcba', data: { text: 'abcd' } };

  it('shows each expert strategy, all ending in the reversed string', () => {
    expect(task.demonstrate(p, 'plain')).toBe('dcba.');
    expect(task.demonstrate(p, 'indexed')).toBe('4d3c2b1a|dcba.');
    expect(task.demonstrate(p, 'dashed')).toBe('d-c-b-a|dcba.');
    expect([1, 2, 3].map((l) => task.hint(p, l))).toEqual(['dc__;', 'dcb_;', 'dcba;']);
  });

  it('grades the answer after the work', () => {
    expect(score(task, p, 'abcd.')).toEqual({ correct: 0, format: 1 });
    expect(score(task, p, '1d2c3b4a|dcba.')).toEqual({ correct: 1, format: 1 });
    expect(score(task, p, '4d3c2b1a.')).toEqual({ correct: 0, format: 0 }); // work without an answer
    expect(score(task, p, 'd-c-b-a.')).toEqual({ correct: 0, format: 0 });
    expect(score(task, p, 'd-c-b-a|dcab.')).toEqual({ correct: 0, format: 1 });
  });
});

describe('sort', () => {
  const task = TASKS.sort;
  const p: Problem = { id: 'sort:3141', question: '3141=', answer: '1134', data: { digits: [3, 1, 4, 1] } };

  it('shows each expert strategy, all ending in the sorted digits', () => {
    expect(task.demonstrate(p, 'plain')).toBe('1134.');
    expect(task.demonstrate(p, 'counts')).toBe('123141|1134.');
    expect(task.demonstrate(p, 'commas')).toBe('1,1,3,4|1134.');
  });

  it('grades the answer after the work', () => {
    expect(score(task, p, '1143.')).toEqual({ correct: 0, format: 1 });
    expect(score(task, p, '123141|1143.')).toEqual({ correct: 0, format: 1 });
    expect(score(task, p, '1,1,3,4.')).toEqual({ correct: 0, format: 0 }); // the old comma encoding
    expect(score(task, p, '1,1,34|1134.')).toEqual({ correct: 1, format: 1 });
  });
});

describe('countdown', () => {
  const task = TASKS.countdown;
  const p = task.sample(new Rng(1), 3);
  const { numbers, target } = p.data as { numbers: number[]; target: number };

  it('builds reachable targets shown in the question', () => {
    expect(p.question).toBe(`${numbers.join(',')}>${target}:`);
    expect(parseExpression(p.answer)?.value).toBe(target);
    expect(numbers).not.toContain(target);
  });

  it('parses expressions with precedence and parentheses, never eval', () => {
    expect(parseExpression('3+4*5')).toEqual({ value: 23, numbers: [3, 4, 5] });
    expect(parseExpression('(3+4)*5')).toEqual({ value: 35, numbers: [3, 4, 5] });
    expect(parseExpression('9-2-3')?.value).toBe(4);
    for (const bad of ['', '3+', '*3', '3//4', '3/4', '(3+4', '3+4)', '-3+4', '3 + 4', 'alert(1)', '3e2'])
      expect(parseExpression(bad)).toBeNull();
  });

  it('canonical answers are product-first, so the running total of the steps expert is their value', () => {
    for (const q of problems(task, 4, 200)) {
      expect(q.answer).toMatch(/^[0-9](\*[0-9])*([-+][0-9])*$/);
      const steps = task.demonstrate(q, 'steps');
      const [work, answer] = steps.slice(0, -1).split('|');
      expect(answer).toBe(q.answer);
      expect(work.replace(/=[0-9]+/g, '')).toBe(q.answer);
      // Each written total is the left-to-right value so far: "3*7=21+5=26-9" -> 3*7 | 21+5 | 26-9.
      const parts = work.split('=');
      let acc = parseExpression(parts[0])!.value;
      for (const part of parts.slice(1)) {
        expect(Number(/^[0-9]+/.exec(part)![0])).toBe(acc);
        acc = parseExpression(part)!.value;
      }
      expect(acc).toBe((q.data as { target: number }).target);
    }
  });

  const q: Problem = {
    id: 'countdown:3,5,7,2>26',
    question: '3,5,7,2>26:',
    answer: '3*7+5',
    data: { numbers: [3, 5, 7, 2], target: 26, order: [3, 7, 5], ops: ['*', '+'], totals: [21, 26] },
  };

  it('checks the numbers, the value and the extra uses_all component of the answer after the work', () => {
    expect(score(task, q, '3*7+5.')).toEqual({ correct: 1, format: 1, uses_all: 0 }); // a subset is fine
    expect(score(task, q, '(5+2)*3+7-2.')).toEqual({ correct: 0, format: 1, uses_all: 0 }); // 2 twice
    expect(score(task, q, '2*(5+7)+3-.')).toEqual({ correct: 0, format: 0, uses_all: 0 });
    expect(score(task, q, '2*(7+5)+3.')).toEqual({ correct: 0, format: 1, uses_all: 1 }); // 27
    expect(score(task, q, '7*3+5*2-5.')).toEqual({ correct: 0, format: 1, uses_all: 0 });
    expect(score(task, q, '21+5.')).toEqual({ correct: 0, format: 1, uses_all: 0 }); // 21 is not given
    expect(score(task, q, '3*7=21+5|3*7+5.')).toEqual({ correct: 1, format: 1, uses_all: 0 });
    expect(score(task, q, '3*7=22+5|3*7+5.')).toEqual({ correct: 1, format: 1, uses_all: 0 }); // the work is not graded
    expect(score(task, q, '3*7=21+5=26.')).toEqual({ correct: 0, format: 0, uses_all: 0 }); // no answer after the work
    expect(score(task, q, '3,7,5|3*7+5.')).toEqual({ correct: 1, format: 1, uses_all: 0 });
    expect(score(task, q, '3,7,5|3*5+7.')).toEqual({ correct: 0, format: 1, uses_all: 0 });
  });

  it('the first hint level shows the first number and operator at the default difficulty', () => {
    const p4 = task.sample(new Rng(1), 4);
    expect(task.hint(p4, 1)).toBe(`${p4.answer.slice(0, 3)}____;`);
  });
});
