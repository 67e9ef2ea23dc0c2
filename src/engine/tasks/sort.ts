// Sort a list of digits ascending: "3141=" -> "1134.". Difficulty = list length (3-8).
import type { Rng } from '../rng';
import type { ExpertStyle, Problem, RewardComponents, Task } from './types';
import { b01, clampDifficulty, completionBody, findExpert, HINT_LEVELS, maskedHint, zeroScore } from './common';

const EXPERTS: readonly ExpertStyle[] = [
  { id: 'plain', name: 'Plain', prefix: 'p:', description: 'The sorted digits: 3141= -> 1134.' },
  {
    id: 'counts',
    name: 'Counting sort',
    prefix: 'c:',
    description: 'Each digit that occurs, ascending, followed by how often: 3141= -> 12,31,41. (two 1s, one 3, one 4).',
  },
  { id: 'commas', name: 'Comma list', prefix: 's:', description: 'The sorted digits separated by commas: 3141= -> 1,1,3,4.' },
];

// Max 8: the counting style needs up to 3 characters per digit and the context holds 48 characters.
const DIFFICULTY = { min: 3, max: 8, default: 4, label: 'list length' };

/** "1134" -> "12,31,41": distinct digits ascending, each followed by its count (counts < 10 since n <= 8). */
function countsOf(sorted: string): string {
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    parts.push(`${sorted[i]}${j - i}`);
    i = j;
  }
  return parts.join(',');
}

/** "12,31,41" -> "1134"; null unless it is a list of (digit, count 1-9) pairs. */
function expandCounts(body: string): string | null {
  if (!/^[0-9][1-9](,[0-9][1-9])*$/.test(body)) return null;
  return body
    .split(',')
    .map((p) => p[0].repeat(Number(p[1])))
    .join('');
}

export const sortTask: Task = {
  id: 'sort',
  name: 'Sort digits',
  description:
    'Sort a list of digits in ascending order (repeats allowed). Experts write the sorted digits, a counting-sort summary ' +
    '(each digit with how often it occurs), or a comma-separated list.',
  rewardNames: ['correct', 'format'],
  experts: EXPERTS,
  difficulty: DIFFICULTY,
  hintLevels: HINT_LEVELS,

  maxCompletionLength(difficulty) {
    const n = clampDifficulty(difficulty, DIFFICULTY);
    // counts: up to min(n,10) pairs of 2 chars, commas between, '.' => 3*min(n,10); commas: 2n; plain: n+1.
    return Math.max(3 * Math.min(n, 10), 2 * n, n + 1);
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
    if (expert.id === 'counts') return `${countsOf(problem.answer)}.`;
    if (expert.id === 'commas') return [...problem.answer].join(',') + '.';
    return `${problem.answer}.`;
  },

  // Hint: a growing prefix of the sorted digits, the rest as '_': "11__;", "113_;"...
  hint(problem, level) {
    return maskedHint(problem.answer, level);
  },

  score(problem, completion, expertId): RewardComponents {
    const expert = findExpert(EXPERTS, 'sort', expertId);
    const body = completionBody(completion);
    if (body === null) return zeroScore();
    if (expert.id === 'counts') {
      const expanded = expandCounts(body);
      return { correct: b01(expanded === problem.answer), format: b01(expanded !== null) };
    }
    if (expert.id === 'commas') {
      return { correct: b01(body.replace(/,/g, '') === problem.answer), format: b01(/^[0-9](,[0-9])*$/.test(body)) };
    }
    return { correct: b01(body === problem.answer), format: b01(/^[0-9]+$/.test(body)) };
  },
};
