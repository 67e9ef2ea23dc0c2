// Addition of two d-digit numbers: "47+85=" -> "132.". Difficulty = digits per operand (1-4).
import type { Rng } from '../rng';
import type { ExpertStyle, Problem, RewardComponents, Task } from './types';
import {
  b01,
  clampDifficulty,
  completionBody,
  findExpert,
  HINT_LEVELS,
  maskedHint,
  noisyJudge,
  sameNumber,
  splitAnswer,
  withWork,
  zeroScore,
} from './common';

const EXPERTS: readonly ExpertStyle[] = [
  { id: 'plain', name: 'Plain answer', prefix: 'p:', description: 'The sum straight away: 47+85= -> 132.' },
  {
    id: 'reversed',
    name: 'Ones first',
    prefix: 'r:',
    description:
      'First the sum least significant digit first (the order a left-to-right model can compute it in), then the sum: 47+85= -> 231|132.',
  },
  {
    id: 'scratch',
    name: 'Column scratchpad',
    prefix: 's:',
    description: 'Each column sum with its carry-in as two digits, ones column first, then the sum: 47+85= -> 12,13|132.',
  },
];

const DIFFICULTY = { min: 1, max: 4, default: 2, label: 'digits' };

type AddData = {
  a: number;
  b: number;
  digits: number;
};

/** Two-digit column sums (digit + carry-in), ones column first: 47+85 -> ["12", "13"]. */
function columnSums(a: number, b: number, digits: number): string[] {
  const da = String(a).padStart(digits, '0');
  const db = String(b).padStart(digits, '0');
  const out: string[] = [];
  let carry = 0;
  for (let i = digits - 1; i >= 0; i--) {
    const s = Number(da[i]) + Number(db[i]) + carry;
    out.push(String(s).padStart(2, '0'));
    carry = s >= 10 ? 1 : 0;
  }
  return out;
}

/**
 * Partial credit: the share of place values (ones, tens, ...) where the written number and the sum agree, over the
 * longer of the two without leading zeros, so a missing or extra digit costs a place ("0132" ~ "132"; "32" for 132
 * gets 2/3, "1321" gets 0/4). 1 exactly when the number is right. Both must be digit strings.
 */
export function digitShare(written: string, sum: string): number {
  const strip = (s: string) => s.replace(/^0+(?=[0-9])/, '');
  const w = strip(written);
  const t = strip(sum);
  const n = Math.max(w.length, t.length);
  let same = 0;
  for (let i = 1; i <= Math.min(w.length, t.length); i++) if (w[w.length - i] === t[t.length - i]) same++;
  return same / n;
}

const reverse = (s: string): string => [...s].reverse().join('');

export const addTask: Task = {
  id: 'add',
  name: 'Addition',
  description:
    'Add two numbers with the given number of digits. Dense reward and short answers: the easiest task to watch GRPO work. ' +
    'Experts write the sum straight away, after working it out ones digit first, or after a per-column scratchpad; the sum is always written the same way. ' +
    "Extra reward digits: the share of the sum's digits that are right (partial credit, so a group can hold more than two reward levels); " +
    'judge: a noisy judge, +1 or -1 from a hash of the question and the completion, unrelated to the answer (the second reward of the GDPO lesson).',
  rewardNames: ['correct', 'format', 'digits', 'judge'],
  styleRewards: ['judge'],
  experts: EXPERTS,
  difficulty: DIFFICULTY,
  hintLevels: HINT_LEVELS,

  maxCompletionLength(difficulty) {
    const d = clampDifficulty(difficulty, DIFFICULTY);
    // plain: d+1 digits + '.'; reversed: d+1 digits, '|', d+1 digits, '.'; scratch: d two-digit columns,
    // d-1 commas, '|', d+1 digits, '.'.
    return Math.max(d + 2, 2 * d + 4, 4 * d + 2);
  },

  // "ab+cd=": two d-digit operands; the hint is the sum (at most d+1 digits) masked, plus ';'.
  maxQuestionLength: (difficulty) => 2 * clampDifficulty(difficulty, DIFFICULTY) + 2,
  maxHintLength: (difficulty) => clampDifficulty(difficulty, DIFFICULTY) + 2,

  sample(rng: Rng, difficulty: number): Problem {
    const d = clampDifficulty(difficulty, DIFFICULTY);
    // Exactly d digits per operand (1 digit allows 0), so the difficulty means what it says.
    const lo = d === 1 ? 0 : 10 ** (d - 1);
    const hi = 10 ** d - 1;
    const a = rng.int(lo, hi);
    const b = rng.int(lo, hi);
    const question = `${a}+${b}=`;
    const data: AddData = { a, b, digits: d };
    return { id: `add:${a}+${b}`, question, answer: String(a + b), data };
  },

  demonstrate(problem, expertId) {
    const expert = findExpert(EXPERTS, 'add', expertId);
    const { a, b, digits } = problem.data as unknown as AddData;
    if (expert.id === 'reversed') return withWork(reverse(problem.answer), problem.answer);
    if (expert.id === 'scratch') return withWork(columnSums(a, b, digits).join(','), problem.answer);
    return withWork('', problem.answer);
  },

  // Hint: the answer's last digits (the ones computed first), hidden digits as '_': "__2;", "_32;", "132;".
  hint(problem, level) {
    return maskedHint(problem.answer, level, true);
  },

  // The answer (after the work, if any) is the sum's digits; leading zeros are allowed.
  score(problem, completion): RewardComponents {
    const body = completionBody(completion);
    if (body === null) return zeroScore(['digits', 'judge']);
    const { answer } = splitAnswer(body);
    const digitsOnly = /^[0-9]+$/.test(answer);
    return {
      correct: b01(digitsOnly && sameNumber(answer, problem.answer)),
      format: b01(digitsOnly),
      digits: digitsOnly ? digitShare(answer, problem.answer) : 0,
      judge: noisyJudge(problem.question, body),
    };
  },
};
