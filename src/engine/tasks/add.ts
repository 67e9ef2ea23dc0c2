// Addition of two d-digit numbers: "47+85=" -> "132.". Difficulty = digits per operand (1-4).
import type { Rng } from '../rng';
import type { ExpertStyle, Problem, RewardComponents, Task } from './types';
import { b01, clampDifficulty, completionBody, findExpert, HINT_LEVELS, maskedHint, sameNumber, zeroScore } from './common';

const EXPERTS: readonly ExpertStyle[] = [
  { id: 'plain', name: 'Plain answer', prefix: 'p:', description: 'The sum, most significant digit first: 47+85= -> 132.' },
  {
    id: 'reversed',
    name: 'Reversed digits',
    prefix: 'r:',
    description: 'The sum least significant digit first (47+85= -> 231.): the order a left-to-right model can compute it in.',
  },
  {
    id: 'scratch',
    name: 'Column scratchpad',
    prefix: 's:',
    description: 'Each column sum with its carry-in as two digits, ones column first, then the answer: 47+85= -> 12,13=132.',
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

const reverse = (s: string): string => [...s].reverse().join('');

export const addTask: Task = {
  id: 'add',
  name: 'Addition',
  description:
    'Add two numbers with the given number of digits. Dense reward and short answers: the easiest task to watch GRPO work. ' +
    'Experts write the sum plainly, reversed (ones digit first), or after a per-column scratchpad.',
  rewardNames: ['correct', 'format'],
  experts: EXPERTS,
  difficulty: DIFFICULTY,
  hintLevels: HINT_LEVELS,

  maxCompletionLength(difficulty) {
    const d = clampDifficulty(difficulty, DIFFICULTY);
    // plain/reversed: d+1 digits + '.'; scratch: d two-digit columns, d-1 commas, '=', d+1 digits, '.'.
    return Math.max(d + 2, 4 * d + 2);
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
    if (expert.id === 'reversed') return `${reverse(problem.answer)}.`;
    if (expert.id === 'scratch') return `${columnSums(a, b, digits).join(',')}=${problem.answer}.`;
    return `${problem.answer}.`;
  },

  // Hint: the answer's last digits (the ones computed first), hidden digits as '_': "__2;", "_32;", "132;".
  hint(problem, level) {
    return maskedHint(problem.answer, level, true);
  },

  score(problem, completion, expertId): RewardComponents {
    const expert = findExpert(EXPERTS, 'add', expertId);
    const body = completionBody(completion);
    if (body === null) return zeroScore();
    if (expert.id === 'scratch') {
      // Correct looks only at the final answer after the last '='; format checks the scratchpad's shape.
      const final = body.slice(body.lastIndexOf('=') + 1);
      return { correct: b01(sameNumber(final, problem.answer)), format: b01(/^[0-9]{2}(,[0-9]{2})*=[0-9]+$/.test(body)) };
    }
    const digitsOnly = /^[0-9]+$/.test(body);
    const value = expert.id === 'reversed' ? reverse(body) : body;
    return { correct: b01(digitsOnly && sameNumber(value, problem.answer)), format: b01(digitsOnly) };
  },
};
