// Countdown: reach a target from given numbers with + - *. Sparse reward: most groups of a fresh policy
// are all wrong, which is where GRPO's zero-advantage problem (and hints, NGRPO, experts, ...) shows.
//
// Rules: numbers 1-9, each given number used AT MOST once (a subset is fine, as in the TV game);
// `uses_all` additionally rewards using every number exactly once. Targets come from a random expression over
// all numbers of the form "product first, then + and -" (3*7+5-9), so they are always reachable and the
// expression's value is also its left-to-right running total; every running total stays in 0..99.
// The answer is always an expression (after the answer mark when there is work). Completions are parsed by a
// small recursive-descent parser (digits, + - *, parentheses; usual precedence), never eval.
import type { Rng } from '../rng';
import type { ExpertStyle, Problem, RewardComponents, Task } from './types';
import { b01, clampDifficulty, completionBody, findExpert, HINT_LEVELS, maskedHint, splitAnswer, withWork, zeroScore } from './common';

const EXPERTS: readonly ExpertStyle[] = [
  { id: 'expr', name: 'Direct', prefix: 'e:', description: 'The expression straight away: 3,5,7,9>17: -> 3*7+5-9.' },
  {
    id: 'plan',
    name: 'Order first',
    prefix: 'o:',
    description: 'First the order to use the numbers in, then the expression: 3,5,7,9>17: -> 3,7,5,9|3*7+5-9.',
  },
  {
    id: 'steps',
    name: 'Running total',
    prefix: 's:',
    description:
      'Step by step with the running total after each step, so the last step is chosen knowing how far the total is from the target; ' +
      'then the expression: 3,5,7,9>17: -> 3*7=21+5=26-9|3*7+5-9.',
  },
];

// Default 4: the direct expert rarely finds the expression (sparse reward), the running-total expert more often.
const DIFFICULTY = { min: 2, max: 4, default: 4, label: 'numbers' };
const REWARDS = ['correct', 'format', 'uses_all'] as const;
const OPS = ['+', '-', '*'] as const;
type Op = (typeof OPS)[number];
const MAX_VALUE = 99;
/** Longer bodies are never well-formed at these sizes; the cap also bounds the parser's recursion depth. */
const MAX_BODY = 64;

type CountdownData = { numbers: number[]; target: number; order: number[]; ops: Op[]; totals: number[] };

const apply = (a: number, op: string, b: number): number => (op === '+' ? a + b : op === '-' ? a - b : a * b);

/** Operator sequences of the form "* ... * then + / - only": their value is also the left-to-right running total. */
const productFirst = (ops: readonly Op[]): boolean => ops.every((op, i) => op !== '*' || i === 0 || ops[i - 1] === '*');

/** Running totals of nums[0] ops[0] nums[1] ... evaluated left to right; null when one leaves 0..MAX_VALUE. */
function runningTotals(nums: readonly number[], ops: readonly Op[]): number[] | null {
  const totals: number[] = [];
  let acc = nums[0];
  for (let i = 0; i < ops.length; i++) {
    acc = apply(acc, ops[i], nums[i + 1]);
    if (acc < 0 || acc > MAX_VALUE) return null;
    totals.push(acc);
  }
  return totals;
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
 * The canonical solution: the first product-first expression over all numbers (permutations in lexicographic
 * order of positions, then operators in the order + - *) whose running totals stay in range and reach the target.
 * Deterministic in (numbers, target), so the problem id (which is the question) fixes the answer.
 */
function solve(numbers: readonly number[], target: number): { order: number[]; ops: Op[]; totals: number[] } | null {
  for (const perm of permutations(numbers.length)) {
    const nums = perm.map((i) => numbers[i]);
    for (const ops of opSequences(numbers.length - 1)) {
      if (!productFirst(ops)) continue;
      const totals = runningTotals(nums, ops);
      if (totals && totals[totals.length - 1] === target) return { order: nums, ops, totals };
    }
  }
  return null;
}

const exprText = (order: readonly number[], ops: readonly Op[]): string =>
  order.map((x, i) => (i === 0 ? `${x}` : `${ops[i - 1]}${x}`)).join('');

/** "3*7=21+5=26-9": each step with the running total after it, except the last (its total is the target). */
function runningTotalText(d: CountdownData): string {
  let s = `${d.order[0]}`;
  for (let i = 0; i < d.ops.length; i++) s += `${d.ops[i]}${d.order[i + 1]}${i < d.ops.length - 1 ? `=${d.totals[i]}` : ''}`;
  return s;
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

export const countdownTask: Task = {
  id: 'countdown',
  name: 'Countdown',
  description:
    'Reach the target from the given numbers with + - * (each number at most once). A fresh policy rarely hits the target, ' +
    'so many groups are all wrong and carry no GRPO signal: the task for experts, hints, NGRPO and dynamic sampling. ' +
    'Experts write the expression directly, plan the order of the numbers first, or keep a running total step by step; ' +
    'all of them end in the expression. ' +
    'Extra reward uses_all: every number used exactly once (a second component for GDPO).',
  rewardNames: REWARDS,
  experts: EXPERTS,
  difficulty: DIFFICULTY,
  hintLevels: HINT_LEVELS,

  maxCompletionLength(difficulty) {
    const d = clampDifficulty(difficulty, DIFFICULTY);
    // The answer: d one-digit numbers and d-1 operators (2d-1). expr: answer + '.'; plan: d numbers with commas,
    // '|', answer, '.' (4d); steps: the first number, d-2 steps "+5=26" of <= 5 chars, the last "-9", '|', the
    // answer and '.' (7d-6).
    return Math.max(2 * d, 4 * d, 7 * d - 6);
  },

  // "3,5,7>26:": d one-digit numbers, commas, a target of at most 2 digits; the hint masks the 2d-1 character
  // canonical expression, plus ';'.
  maxQuestionLength: (difficulty) => 2 * clampDifficulty(difficulty, DIFFICULTY) + 3,
  maxHintLength: (difficulty) => 2 * clampDifficulty(difficulty, DIFFICULTY),

  sample(rng: Rng, difficulty: number): Problem {
    const d = clampDifficulty(difficulty, DIFFICULTY);
    let numbers: number[] = [];
    let target = 0;
    for (let tries = 0; tries < 500 && target === 0; tries++) {
      numbers = Array.from({ length: d }, () => rng.int(1, 9));
      const ops = Array.from({ length: d - 1 }, () => rng.pick(OPS));
      if (!productFirst(ops)) continue;
      const totals = runningTotals(numbers, ops);
      const value = totals?.[totals.length - 1];
      // A target equal to a given number would be solved by that number alone.
      if (value !== undefined && value >= 1 && !numbers.includes(value)) target = value;
    }
    if (target === 0) target = numbers.reduce((s, x) => s + x, 0); // all '+' always qualifies (d >= 2, <= 36)
    // Show the numbers in a fresh order, so the order of the generating expression is not given away.
    numbers = rng.shuffle(numbers);
    const solution = solve(numbers, target)!; // exists: the sampled expression is one of those searched
    const data: CountdownData = { numbers, target, ...solution };
    const question = `${numbers.join(',')}>${target}:`;
    return { id: `countdown:${numbers.join(',')}>${target}`, question, answer: exprText(solution.order, solution.ops), data };
  },

  demonstrate(problem, expertId) {
    const expert = findExpert(EXPERTS, 'countdown', expertId);
    const data = problem.data as CountdownData;
    if (expert.id === 'plan') return withWork(data.order.join(','), problem.answer);
    if (expert.id === 'steps') return withWork(runningTotalText(data), problem.answer);
    return withWork('', problem.answer);
  },

  // Hint: a growing prefix of the canonical expression (numbers are one digit, so characters are tokens):
  // "3*_____;" then "3*7+___;" then "3*7+5-9;".
  hint(problem, level) {
    return maskedHint(problem.answer, level);
  },

  score(problem, completion): RewardComponents {
    const data = problem.data as CountdownData;
    const body = completionBody(completion);
    if (body === null || body.length > MAX_BODY) return zeroScore(REWARDS);
    const s = scoreExpression(data, splitAnswer(body).answer);
    return { correct: b01(s.hits), format: b01(s.wellFormed), uses_all: b01(s.usesAll) };
  },
};
