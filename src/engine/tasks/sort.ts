// Sort a list of digits ascending: "3141=" -> "1134.". Difficulty = list length (3-8).
import type { Rng } from '../rng';
import type { ExpertStyle, Problem, RewardComponents, Task } from './types';
import { b01, clampDifficulty, completionBody, findExpert, HINT_LEVELS, maskedHint, splitAnswer, withWork, zeroScore } from './common';

const EXPERTS: readonly ExpertStyle[] = [
  { id: 'plain', name: 'Plain', prefix: 'p:', description: 'The sorted digits: 3141= -> 1134.' },
  {
    id: 'counts',
    name: 'Counting sort',
    prefix: 'c:',
    description:
      'First each digit that occurs, ascending, followed by how often (two 1s, one 3, one 4), then the answer: 3141= -> 123141|1134.',
  },
  {
    id: 'commas',
    name: 'One at a time',
    prefix: 's:',
    description: 'First the sorted digits one at a time, then the answer: 3141= -> 1,1,3,4|1134.',
  },
];

// Max 8: the counting style's work and answer need up to 3 characters per digit and the context holds 48 characters.
const DIFFICULTY = { min: 3, max: 8, default: 4, label: 'list length' };

/** "1134" -> "123141": distinct digits ascending, each followed by its count (counts < 10 since n <= 8). */
function countsOf(sorted: string): string {
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    parts.push(`${sorted[i]}${j - i}`);
    i = j;
  }
  return parts.join('');
}

export const sortTask: Task = {
  id: 'sort',
  name: 'Sort digits',
  description:
    'Sort a list of digits in ascending order (repeats allowed). Experts write the sorted digits, or first a counting-sort ' +
    'summary (each digit with how often it occurs) or the digits one at a time; the answer is always the plain sorted digits.',
  rewardNames: ['correct', 'format'],
  experts: EXPERTS,
  difficulty: DIFFICULTY,
  hintLevels: HINT_LEVELS,

  maxCompletionLength(difficulty) {
    const n = clampDifficulty(difficulty, DIFFICULTY);
    // counts: up to n (digit, count) pairs, '|', n digits, '.' => 3n+2; commas: 2n-1, '|', n, '.' => 3n+1; plain n+1.
    return 3 * n + 2;
  },

  // "3141=" and a masked answer of n digits plus ';'.
  maxQuestionLength: (difficulty) => clampDifficulty(difficulty, DIFFICULTY) + 1,
  maxHintLength: (difficulty) => clampDifficulty(difficulty, DIFFICULTY) + 1,

  sample(rng: Rng, difficulty: number): Problem {
    const n = clampDifficulty(difficulty, DIFFICULTY);
    const digits: number[] = [];
    for (let i = 0; i < n; i++) digits.push(rng.int(0, 9));
    const list = digits.join('');
    const answer = [...digits].sort((x, y) => x - y).join('');
    return { id: `sort:${list}`, question: `${list}=`, answer, data: { digits } };
  },

  demonstrate(problem, expertId) {
    const expert = findExpert(EXPERTS, 'sort', expertId);
    if (expert.id === 'counts') return withWork(countsOf(problem.answer), problem.answer);
    if (expert.id === 'commas') return withWork([...problem.answer].join(','), problem.answer);
    return withWork('', problem.answer);
  },

  // Hint: a growing prefix of the sorted digits, the rest as '_': "11__;", "113_;"...
  hint(problem, level) {
    return maskedHint(problem.answer, level);
  },

  score(problem, completion): RewardComponents {
    const body = completionBody(completion);
    if (body === null) return zeroScore();
    const { answer } = splitAnswer(body);
    return { correct: b01(answer === problem.answer), format: b01(/^[0-9]+$/.test(answer)) };
  },
};
