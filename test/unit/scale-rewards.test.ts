// The exported rewards.py must give the same named rewards as the TypeScript verifiers, on 2,000+ completions per
// task: the shipped base policy's samples (two temperatures, every expert's prompt), every expert's demonstration,
// character-level mutations of them, and adversarial strings (unicode, huge numbers, deep parentheses, separators).
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../helpers/tf';
import { shippedWeights } from '../helpers/checkpoints';
import { runPython } from '../helpers/python';
import { modelSpec, TransformerPolicy } from '../../src/engine/policy/model';
import { sampleCompletions } from '../../src/engine/policy/sampling';
import { ALPHABET, decode, encode } from '../../src/engine/policy/tokenizer';
import { Rng } from '../../src/engine/rng';
import { resolveDifficulty, TASK_LIST } from '../../src/engine/tasks';
import type { Problem, RewardComponents, Task } from '../../src/engine/tasks/types';
import { REWARDS_PY } from '../../src/share/scale/rewards-py';

const PER_TASK = 2000;

/** Works with the verifier signature with or without the expert argument (the answer format is shared). */
const scoreOf = (task: Task, p: Problem, c: string): RewardComponents =>
  (task.score as (p: Problem, c: string, e?: string) => RewardComponents)(p, c, task.experts[0].id);

function mutate(s: string, rng: Rng): string {
  const chars = [...s];
  const edits = rng.int(1, 3);
  for (let e = 0; e < edits; e++) {
    const op = rng.int(0, 2);
    const i = rng.int(0, Math.max(0, chars.length - 1));
    const ch = rng.pick([...ALPHABET, '|', '.', '0', '9']);
    if (op === 0) chars.splice(i, 0, ch);
    else if (op === 1) chars.splice(i, 1);
    else chars[i] = ch;
  }
  return chars.join('');
}

function adversarial(p: Problem, rng: Rng): string[] {
  const a = p.answer;
  return [
    '',
    '.',
    '|.',
    '||.',
    `${a}`,
    `${a}|.`,
    `|${a}.`,
    `${a}..`,
    `.${a}`,
    `${a}.${a}`,
    `x|${a}.`,
    `${a}|x.`,
    `0${a}.`,
    `00${a}.`,
    `${a}0.`,
    ` ${a}.`,
    `${a} .`,
    `+${a}.`,
    `-${a}.`,
    `${a}\n.`,
    `${a}\u0000.`,
    `\u0661\u0662.`,
    `${a}\u00b2.`,
    `\ud83d\ude00${a}.`,
    `${a}\ud83d\ude00.`,
    `\ud800.`,
    `${a}\u2028.`,
    `${'9'.repeat(40)}.`,
    `${'9'.repeat(400)}.`,
    `${'('.repeat(70)}1${')'.repeat(70)}.`,
    `${'('.repeat(20)}${a}${')'.repeat(20)}.`,
    `${'1+'.repeat(40)}1.`,
    `(${a}).`,
    `((${a})).`,
    `${a})(.`,
    `${a}=.`,
    `${a}*1.`,
    `${a}*0+${a}.`,
    `1e3.`,
    `0x1f.`,
    `Infinity.`,
    `NaN.`,
    `${a.toUpperCase()}.`,
    `${[...a].reverse().join('')}.`,
    `${[...a].join(',')}.`,
    `${[...a].join('-')}.`,
    `${a}|${a}|${a}.`,
    `${'|'.repeat(rng.int(1, 5))}${a}.`,
    `${a}${'.'.repeat(rng.int(1, 4))}`,
  ];
}

beforeAll(async () => {
  await useWasm();
});

describe('exported rewards.py equals the TypeScript verifiers', () => {
  for (const task of TASK_LIST) {
    it(`${task.id}: ${PER_TASK}+ completions`, async () => {
      const rng = new Rng(4242, `scale-rewards/${task.id}`);
      const difficulty = resolveDifficulty(task, 0);
      const cases: Array<{ problem: Problem; completion: string }> = [];
      // The shipped base policy's samples under every expert's prompt.
      const policy = new TransformerPolicy(modelSpec('tiny'), shippedWeights(task.id));
      try {
        for (const temperature of [1, 1.6]) {
          const problems = Array.from({ length: 64 }, () => task.sample(rng, rng.int(task.difficulty.min, task.difficulty.max)));
          const prompts = problems.map((p, i) => encode(task.experts[i % task.experts.length].prefix + p.question));
          const out = await sampleCompletions(policy, prompts, {
            maxNewTokens: task.maxCompletionLength(task.difficulty.max),
            temperature,
            greedy: false,
            rng: rng.fork(`t${temperature}`),
            earlyStopEvery: 4,
          });
          out.completions.forEach((ids, i) => {
            cases.push({ problem: problems[i], completion: decode(ids) });
          });
        }
      } finally {
        policy.dispose();
      }
      const sampled = cases.length;
      while (cases.length < PER_TASK) {
        const p = task.sample(rng, rng.next() < 0.5 ? difficulty : rng.int(task.difficulty.min, task.difficulty.max));
        for (const e of task.experts) {
          const demo = task.demonstrate(p, e.id);
          cases.push(
            { problem: p, completion: demo },
            { problem: p, completion: mutate(demo, rng) },
            { problem: p, completion: mutate(mutate(demo, rng), rng) },
          );
        }
        for (const s of adversarial(p, rng)) if (rng.next() < 0.3) cases.push({ problem: p, completion: s });
      }
      const ts = cases.map((c) => scoreOf(task, c.problem, c.completion));
      const py = runPython<Array<Record<string, number>>>(
        `
import json, sys
data = json.load(sys.stdin)
ns = {}
exec(compile(data["code"], "rewards.py", "exec"), ns)
print(json.dumps([ns["score"](data["task"], c["problem"], c["completion"]) for c in data["cases"]]))
`,
        {
          code: REWARDS_PY,
          task: task.id,
          cases: cases.map((c) => ({ problem: { answer: c.problem.answer, data: c.problem.data }, completion: c.completion })),
        },
      );
      expect(cases.length).toBeGreaterThanOrEqual(PER_TASK);
      expect(sampled).toBeGreaterThanOrEqual(128);
      const mismatches = cases.flatMap((c, i) =>
        JSON.stringify(sortKeys(py[i])) === JSON.stringify(sortKeys(ts[i]))
          ? []
          : [{ completion: c.completion, problem: c.problem.question, ts: ts[i], py: py[i] }],
      );
      expect(mismatches.slice(0, 5)).toEqual([]);
      // Both right and wrong answers took part.
      expect(ts.some((r) => r.correct === 1)).toBe(true);
      expect(ts.some((r) => r.correct === 0 && r.format === 1)).toBe(true);
    }, 300_000);
  }
});

function sortKeys(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
}
