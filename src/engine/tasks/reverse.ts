// Reverse a string of letters: "abcde=" -> "edcba.". Difficulty = length (3-8).
import type { Rng } from '../rng';
import type { ExpertStyle, Problem, RewardComponents, Task } from './types';
import { b01, clampDifficulty, completionBody, findExpert, HINT_LEVELS, maskedHint, zeroScore } from './common';

const EXPERTS: readonly ExpertStyle[] = [
  { id: 'plain', name: 'Direct', prefix: 'p:', description: 'The reversed letters: abcde= -> edcba.' },
  {
    id: 'indexed',
    name: 'Indexed',
    prefix: 'i:',
    description: 'Each letter after its position in the input, counting down: abcd= -> 4d3c2b1a. (the index says where to look).',
  },
  { id: 'dashed', name: 'Dashed', prefix: 's:', description: 'The reversed letters joined by dashes: abcd= -> d-c-b-a.' },
];

// Max 8 keeps the indexed style's single-digit positions and the 48-character context.
const DIFFICULTY = { min: 3, max: 8, default: 5, label: 'length' };
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

const reverse = (s: string): string => [...s].reverse().join('');

/** Indexed style shape: (position, letter) pairs whose positions count down n..1 ("4d3c2b1a"). */
function indexedShape(body: string, n: number): boolean {
  if (!/^([1-9][a-z])+$/.test(body) || body.length !== 2 * n) return false;
  for (let i = 0; i < n; i++) if (Number(body[2 * i]) !== n - i) return false;
  return true;
}

export const reverseTask: Task = {
  id: 'reverse',
  name: 'Reverse',
  description:
    'Write a string of letters backwards. Needs attention to exact positions, which tiny models find hard at longer lengths. ' +
    'Experts answer directly, with a position index before each letter, or with dashes between letters.',
  rewardNames: ['correct', 'format'],
  experts: EXPERTS,
  difficulty: DIFFICULTY,
  hintLevels: HINT_LEVELS,

  maxCompletionLength(difficulty) {
    const n = clampDifficulty(difficulty, DIFFICULTY);
    return 2 * n + 1; // indexed: n (digit, letter) pairs + '.'; dashed 2n, plain n+1
  },

  // "abcde=" and a masked answer of n letters plus ';'.
  maxQuestionLength: (difficulty) => clampDifficulty(difficulty, DIFFICULTY) + 1,
  maxHintLength: (difficulty) => clampDifficulty(difficulty, DIFFICULTY) + 1,

  sample(rng: Rng, difficulty: number): Problem {
    const n = clampDifficulty(difficulty, DIFFICULTY);
    let text = '';
    for (let i = 0; i < n; i++) text += rng.pick([...LETTERS]);
    return { id: `reverse:${text}`, question: `${text}=`, answer: reverse(text), data: { text } };
  },

  demonstrate(problem, expertId) {
    const expert = findExpert(EXPERTS, 'reverse', expertId);
    const answer = problem.answer;
    if (expert.id === 'indexed') return [...answer].map((ch, i) => `${answer.length - i}${ch}`).join('') + '.';
    if (expert.id === 'dashed') return [...answer].join('-') + '.';
    return `${answer}.`;
  },

  // Hint: a growing prefix of the answer, the rest as '_': "ed___;", "edc__;"...
  hint(problem, level) {
    return maskedHint(problem.answer, level);
  },

  score(problem, completion, expertId): RewardComponents {
    const expert = findExpert(EXPERTS, 'reverse', expertId);
    const body = completionBody(completion);
    if (body === null) return zeroScore();
    // Correct reads the letters the style carries (indices or dashes dropped); format checks the style's shape.
    if (expert.id === 'indexed') {
      return { correct: b01(body.replace(/[0-9]/g, '') === problem.answer), format: b01(indexedShape(body, problem.answer.length)) };
    }
    if (expert.id === 'dashed') {
      return { correct: b01(body.replace(/-/g, '') === problem.answer), format: b01(/^[a-z](-[a-z])*$/.test(body)) };
    }
    return { correct: b01(body === problem.answer), format: b01(/^[a-z]+$/.test(body)) };
  },
};
