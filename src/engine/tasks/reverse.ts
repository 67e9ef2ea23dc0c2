// Reverse a string of letters: "abcde=" -> "edcba.". Difficulty = length (3-8).
import type { Rng } from '../rng';
import type { ExpertStyle, Problem, RewardComponents, Task } from './types';
import { b01, clampDifficulty, completionBody, findExpert, HINT_LEVELS, maskedHint, splitAnswer, withWork, zeroScore } from './common';

const EXPERTS: readonly ExpertStyle[] = [
  { id: 'plain', name: 'Direct', prefix: 'p:', description: 'The reversed letters: abcde= -> edcba.' },
  {
    id: 'indexed',
    name: 'Indexed',
    prefix: 'i:',
    description:
      'First each letter after its position in the input, counting down (the index says where to look), then the answer: abcd= -> 4d3c2b1a|dcba.',
  },
  {
    id: 'dashed',
    name: 'Dashed',
    prefix: 's:',
    description: 'First the letters one at a time, dashed, then the answer: abcd= -> d-c-b-a|dcba.',
  },
];

// Max 8 keeps the indexed style's single-digit positions and the 48-character context.
const DIFFICULTY = { min: 3, max: 8, default: 5, label: 'length' };
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

const reverse = (s: string): string => [...s].reverse().join('');

export const reverseTask: Task = {
  id: 'reverse',
  name: 'Reverse',
  description:
    'Write a string of letters backwards. Needs attention to exact positions, which tiny models find hard at longer lengths. ' +
    'Experts answer directly, or first walk the letters with a position index or one at a time; the answer is always the plain reversed string.',
  rewardNames: ['correct', 'format'],
  experts: EXPERTS,
  difficulty: DIFFICULTY,
  hintLevels: HINT_LEVELS,

  maxCompletionLength(difficulty) {
    const n = clampDifficulty(difficulty, DIFFICULTY);
    return 3 * n + 2; // indexed: n (digit, letter) pairs, '|', n letters, '.'; dashed 3n+1; plain n+1
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
    if (expert.id === 'indexed') return withWork([...answer].map((ch, i) => `${answer.length - i}${ch}`).join(''), answer);
    if (expert.id === 'dashed') return withWork([...answer].join('-'), answer);
    return withWork('', answer);
  },

  // Hint: a growing prefix of the answer, the rest as '_': "ed___;", "edc__;"...
  hint(problem, level) {
    return maskedHint(problem.answer, level);
  },

  score(problem, completion): RewardComponents {
    const body = completionBody(completion);
    if (body === null) return zeroScore();
    const { answer } = splitAnswer(body);
    return { correct: b01(answer === problem.answer), format: b01(/^[a-z]+$/.test(answer)) };
  },
};
