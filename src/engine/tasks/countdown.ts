// Countdown: reach a target from given numbers with + - *. Sparse reward: most groups of a fresh policy
// are all wrong, which is where GRPO's zero-advantage problem (and hints, NGRPO, ...) shows.
//
// Rules: numbers 1-9, each given number used AT MOST once (a subset is fine, as in the TV game);
// `uses_all` additionally rewards using every number exactly once. Targets are built from a random
// expression over all numbers, so they are always reachable; the target and every intermediate of the
// canonical solution stay in 0..99 so the stepwise style stays short. Completions are parsed by a small
// recursive-descent parser (digits, + - *, parentheses; usual precedence), never eval.
import type { Rng } from '../rng';
import type { ExpertStyle, Problem, RewardComponents, Task } from './types';
import { b01, clampDifficulty, completionBody, findExpert, HINT_LEVELS, maskedHint, sameNumber, zeroScore } from './common';

const EXPERTS: readonly ExpertStyle[] = [
  { id: 'expr', name: 'Expression', prefix: 'e:', description: 'An expression that equals the target: 3,5,7>26: -> 3*7+5.' },
  {
    id: 'equation',
    name: 'Expression = target',
    prefix: 't:',
    description: 'The expression, then "=" and the target it reaches: 3,5,7>26: -> 3*7+5=26.',
  },
  {
    id: 'steps',
    name: 'Stepwise',
    prefix: 's:',
    description: 'One operation per step, each on two available numbers: 3,5,7>26: -> 3*7=21,21+5=26.',
  },
];

// Default 4: the base policy is warm-started on 2-3 numbers, so at 4 it writes well-formed expressions that are
// rarely right (sparse reward with a clean format signal), instead of noisy text from an under-trained model.
const DIFFICULTY = { min: 2, max: 4, default: 4, label: 'numbers' };
const REWARDS = ['correct', 'format', 'uses_all'] as const;
const OPS = ['+', '-', '*'] as const;
type Op = (typeof OPS)[number];
const MAX_VALUE = 99;
/** Longer bodies are never well-formed at these sizes; the cap also bounds the parser's recursion depth. */
const MAX_BODY = 64;

type Step = { a: number; op: Op; b: number; c: number };
type CountdownData = { numbers: number[]; target: number; steps: Step[] };

const apply = (a: number, op: string, b: number): number => (op === '+' ? a + b : op === '-' ? a - b : a * b);

/**
 * Steps of a flat expression nums[0] ops[0] nums[1] ... under the usual precedence: products first (left to
 * right), then + and - left to right. Null when an intermediate leaves 0..MAX_VALUE.
 */
function stepsOf(nums: readonly number[], ops: readonly Op[]): { steps: Step[]; value: number } | null {
  const steps: Step[] = [];
  const terms: number[] = [];
  const signs: Op[] = [];
  let cur = nums[0];
  for (let i = 0; i < ops.length; i++) {
    if (ops[i] === '*') {
      const c = cur * nums[i + 1];
      if (c > MAX_VALUE) return null;
      steps.push({ a: cur, op: '*', b: nums[i + 1], c });
      cur = c;
    } else {
      terms.push(cur);
      signs.push(ops[i]);
      cur = nums[i + 1];
    }
  }
  terms.push(cur);
  let acc = terms[0];
  for (let j = 0; j < signs.length; j++) {
    const c = apply(acc, signs[j], terms[j + 1]);
    if (c < 0 || c > MAX_VALUE) return null;
    steps.push({ a: acc, op: signs[j], b: terms[j + 1], c });
    acc = c;
  }
  return { steps, value: acc };
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) for (let i = 0; i <= rest.length; i++) out.push([...rest.slice(0, i), n - 1, ...rest.slice(i)]);
  return out.sort((x, y) => x.join().localeCompare(y.join()));
}

function opSequences(k: number): Op[][] {
  if (k === 0) return [[]];
  return opSequences(k - 1).flatMap((s) => OPS.map((op) => [...s, op]));
}

/**
 * The canonical solution: the first flat expression over all numbers (permutations in lexicographic order of
 * positions, then operators in the order + - *) that reaches the target. Deterministic in (numbers, target),
 * so the problem id (which is the question) fixes the answer, and demonstrations are consistent.
 */
function solve(numbers: readonly number[], target: number): { expr: string; steps: Step[] } | null {
  for (const perm of permutations(numbers.length)) {
    const nums = perm.map((i) => numbers[i]);
    for (const ops of opSequences(numbers.length - 1)) {
      const r = stepsOf(nums, ops);
      if (r && r.value === target) return { expr: nums.map((x, i) => (i === 0 ? `${x}` : `${ops[i - 1]}${x}`)).join(''), steps: r.steps };
    }
  }
  return null;
}

/** Parse and evaluate an expression of digits, + - * and parentheses. Null when it is not well-formed. */
export function parseExpression(src: string): { value: number; numbers: number[] } | null {
  if (src.length === 0 || src.length > MAX_BODY) return null;
  let pos = 0;
  const numbers: number[] = [];
  const expr = (): number | null => {
    let v = term();
    while (v !== null && (src[pos] === '+' || src[pos] === '-')) {
      const op = src[pos++];
      const r = term();
      v = r === null ? null : apply(v, op, r);
    }
    return v;
  };
  const term = (): number | null => {
    let v = factor();
    while (v !== null && src[pos] === '*') {
      pos++;
      const r = factor();
      v = r === null ? null : v * r;
    }
    return v;
  };
  const factor = (): number | null => {
    if (src[pos] === '(') {
      pos++;
      const v = expr();
      if (v === null || src[pos] !== ')') return null;
      pos++;
      return v;
    }
    const start = pos;
    while (pos < src.length && src[pos] >= '0' && src[pos] <= '9') pos++;
    if (pos === start) return null;
    const n = Number(src.slice(start, pos));
    numbers.push(n);
    return n;
  };
  const value = expr();
  return value === null || pos !== src.length ? null : { value, numbers };
}

/** Remove one occurrence of each used number from the pool; false if one is not available. */
function takeAll(pool: number[], used: readonly number[]): boolean {
  for (const n of used) {
    const i = pool.indexOf(n);
    if (i < 0) return false;
    pool.splice(i, 1);
  }
  return true;
}

function scoreExpression(data: CountdownData, exprText: string): { wellFormed: boolean; hits: boolean; usesAll: boolean } {
  const parsed = parseExpression(exprText);
  if (!parsed) return { wellFormed: false, hits: false, usesAll: false };
  const pool = [...data.numbers];
  const allowed = takeAll(pool, parsed.numbers);
  return { wellFormed: true, hits: allowed && parsed.value === data.target, usesAll: allowed && pool.length === 0 };
}

/** Stepwise: "a op b=c" steps separated by ','; operands come from the pool of unused numbers and results. */
function scoreSteps(data: CountdownData, body: string): RewardComponents {
  if (body.length > MAX_BODY) return zeroScore(REWARDS);
  const re = /^([0-9]+)([-+*])([0-9]+)=([0-9]+)$/;
  const steps = body.split(',').map((p) => re.exec(p));
  if (steps.some((m) => m === null)) return zeroScore(REWARDS);
  const pool = [...data.numbers];
  let last = NaN;
  for (const m of steps as RegExpExecArray[]) {
    const [a, b, c] = [Number(m[1]), Number(m[3]), Number(m[4])];
    if (!takeAll(pool, [a, b]) || apply(a, m[2], b) !== c) return { correct: 0, format: 1, uses_all: 0 };
    pool.push(c);
    last = c;
  }
  // Every given number and every intermediate consumed => only the final result is left.
  return { correct: b01(last === data.target), format: 1, uses_all: b01(pool.length === 1) };
}

const stepText = (s: Step): string => `${s.a}${s.op}${s.b}=${s.c}`;

export const countdownTask: Task = {
  id: 'countdown',
  name: 'Countdown',
  description:
    'Reach the target from the given numbers with + - * (each number at most once). A fresh policy rarely hits the target, ' +
    'so many groups are all wrong and carry no GRPO signal: the task for hints, NGRPO and dynamic sampling. ' +
    'Extra reward uses_all: every number used exactly once (a second component for GDPO).',
  rewardNames: REWARDS,
  experts: EXPERTS,
  difficulty: DIFFICULTY,
  hintLevels: HINT_LEVELS,

  maxCompletionLength(difficulty) {
    const d = clampDifficulty(difficulty, DIFFICULTY);
    // expr: 2d-1 chars + '.'; equation: + '=' and a target of <= 2 digits; steps: d-1 steps of <= 7 chars
    // ("a*b=cd" is 6, "ab+c=de" 7; the one step that can join two products, "ab+cd=ef", is 8 but then two
    // steps are 6), d-2 commas and '.': 8d-9.
    return Math.max(2 * d, 2 * d + 3, 8 * d - 9);
  },

  // "3,5,7>26:": d one-digit numbers, commas, a target of at most 2 digits; the hint masks the 2d-1 character
  // canonical expression, plus ';'.
  maxQuestionLength: (difficulty) => 2 * clampDifficulty(difficulty, DIFFICULTY) + 3,
  maxHintLength: (difficulty) => 2 * clampDifficulty(difficulty, DIFFICULTY),

  sample(rng: Rng, difficulty: number): Problem {
    const d = clampDifficulty(difficulty, DIFFICULTY);
    let numbers: number[] = [];
    let target = 0;
    for (let tries = 0; tries < 200 && target === 0; tries++) {
      numbers = Array.from({ length: d }, () => rng.int(1, 9));
      const ops = Array.from({ length: d - 1 }, () => rng.pick(OPS));
      const r = stepsOf(numbers, ops);
      // A target equal to a given number would be solved by that number alone.
      if (r && r.value >= 1 && !numbers.includes(r.value)) target = r.value;
    }
    if (target === 0) target = numbers.reduce((s, x) => s + x, 0); // all '+' always qualifies (d >= 2, <= 36)
    // Show the numbers in a fresh order, so the order of the generating expression is not given away.
    numbers = rng.shuffle(numbers);
    const solution = solve(numbers, target)!; // exists: the sampled expression is one of those searched
    const data: CountdownData = { numbers, target, steps: solution.steps };
    const question = `${numbers.join(',')}>${target}:`;
    return { id: `countdown:${numbers.join(',')}>${target}`, question, answer: solution.expr, data };
  },

  demonstrate(problem, expertId) {
    const expert = findExpert(EXPERTS, 'countdown', expertId);
    const data = problem.data as CountdownData;
    if (expert.id === 'equation') return `${problem.answer}=${data.target}.`;
    if (expert.id === 'steps') return data.steps.map(stepText).join(',') + '.';
    return `${problem.answer}.`;
  },

  // Hint: a growing prefix of the canonical expression (numbers are one digit, so characters are tokens):
  // "3*___;" then "3*7+_;" then "3*7+5;".
  hint(problem, level) {
    return maskedHint(problem.answer, level);
  },

  score(problem, completion, expertId): RewardComponents {
    const expert = findExpert(EXPERTS, 'countdown', expertId);
    const data = problem.data as CountdownData;
    const body = completionBody(completion);
    if (body === null) return zeroScore(REWARDS);
    if (expert.id === 'steps') return scoreSteps(data, body);
    if (expert.id === 'equation') {
      // "expr=t": correct needs the expression to hit the target and the stated result (if any) to be the target.
      const eq = body.lastIndexOf('=');
      const s = scoreExpression(data, eq < 0 ? body : body.slice(0, eq));
      const stated = eq < 0 ? null : body.slice(eq + 1);
      const statedOk = stated === null || sameNumber(stated, String(data.target));
      return {
        correct: b01(s.hits && statedOk),
        format: b01(s.wellFormed && stated !== null && /^[0-9]+$/.test(stated)),
        uses_all: b01(s.usesAll),
      };
    }
    const s = scoreExpression(data, body);
    return { correct: b01(s.hits), format: b01(s.wellFormed), uses_all: b01(s.usesAll) };
  },
};
