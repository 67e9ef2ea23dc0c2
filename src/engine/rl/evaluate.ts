// Held-out evaluation: greedy pass@1 and sampled pass@k on a fixed prompt set that training never draws.
import { Rng } from '../rng';
import type { Problem, Task } from '../tasks/types';
import type { TransformerPolicy } from '../policy/model';
import { sampleCompletions } from '../policy/sampling';
import { decode, encode } from '../policy/tokenizer';
import { heldOutProblems } from './problems';

export { heldOutProblems };

export interface EvalExpert {
  id: string;
  prefix: string;
  /** Task expert style used by the verifier. */
  taskExpertId: string;
}

export interface EvalOptions {
  problems: Problem[];
  expert: EvalExpert;
  maxNewTokens: number;
  /** Also sample k completions per problem (temperature 1) for pass@k; 0 = greedy only. */
  k?: number;
  rng?: Rng;
  earlyStopEvery?: number;
}

export interface EvalResult {
  pass1: number;
  passK?: number;
  /** Fraction of greedy completions with a well-formed answer. */
  format: number;
  /** Per problem: did the greedy completion solve it (for best-expert eval and overlap of solved problems). */
  solved: boolean[];
}

export async function evaluatePolicy(policy: TransformerPolicy, task: Task, opts: EvalOptions): Promise<EvalResult> {
  const prompts = opts.problems.map((p) => encode(opts.expert.prefix + p.question));
  const greedy = await sampleCompletions(policy, prompts, {
    maxNewTokens: opts.maxNewTokens,
    temperature: 1,
    greedy: true,
    earlyStopEvery: opts.earlyStopEvery,
  });
  let correct = 0;
  let format = 0;
  const solved = opts.problems.map((p, i) => {
    const s = task.score(p, decode(greedy.completions[i]));
    correct += s.correct >= 1 ? 1 : 0;
    format += s.format >= 1 ? 1 : 0;
    return s.correct >= 1;
  });
  const result: EvalResult = { pass1: correct / opts.problems.length, format: format / opts.problems.length, solved };
  if (opts.k && opts.k > 0) {
    const k = opts.k;
    const rng = opts.rng ?? new Rng('eval', 'passk');
    const many = prompts.flatMap((p) => Array.from({ length: k }, () => p));
    const sampled = await sampleCompletions(policy, many, {
      maxNewTokens: opts.maxNewTokens,
      temperature: 1,
      greedy: false,
      rng,
      earlyStopEvery: opts.earlyStopEvery,
    });
    let solved = 0;
    opts.problems.forEach((p, i) => {
      for (let j = 0; j < k; j++) {
        if (task.score(p, decode(sampled.completions[i * k + j])).correct >= 1) {
          solved++;
          break;
        }
      }
    });
    result.passK = solved / opts.problems.length;
  }
  return result;
}

export interface BasePolicyFigures {
  pass1: number;
  pass8: number;
  perExpertPass1: Record<string, number>;
  /** Greedy pass@1 counting a problem when any expert solves it. */
  bestExpertPass1: number;
  /**
   * Per pair of experts "a|b": problems both solve / problems either solves (Jaccard; 1 = they solve the same
   * problems, 0 = they never solve the same one; NaN-free: 0 when neither solves any).
   */
  solvedOverlap: Record<string, number>;
}

/** Jaccard overlap of two solved-problem masks (0 when neither solves anything). */
export function solvedOverlap(a: readonly boolean[], b: readonly boolean[]): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] && b[i]) both++;
    if (a[i] || b[i]) either++;
  }
  return either === 0 ? 0 : both / either;
}

/** The figures the checkpoint manifest records, measured the same way by pretrain and by the re-check test. */
export async function measureBasePolicy(
  policy: TransformerPolicy,
  task: Task,
  difficulty: number,
  n: number,
  earlyStopEvery = 4,
): Promise<BasePolicyFigures> {
  const problems = heldOutProblems(task, difficulty, n);
  const maxNewTokens = task.maxCompletionLength(difficulty);
  const perExpertPass1: Record<string, number> = {};
  const solved: Record<string, boolean[]> = {};
  for (const e of task.experts) {
    const r = await evaluatePolicy(policy, task, { problems, expert: { ...e, taskExpertId: e.id }, maxNewTokens, earlyStopEvery });
    perExpertPass1[e.id] = r.pass1;
    solved[e.id] = r.solved;
  }
  const overlap: Record<string, number> = {};
  task.experts.forEach((a, i) =>
    task.experts.slice(i + 1).forEach((b) => (overlap[`${a.id}|${b.id}`] = round4(solvedOverlap(solved[a.id], solved[b.id])))),
  );
  const best = problems.filter((_, i) => task.experts.some((e) => solved[e.id][i])).length / problems.length;
  const first = task.experts[0];
  const withK = await evaluatePolicy(policy, task, {
    problems,
    expert: { ...first, taskExpertId: first.id },
    maxNewTokens,
    k: 8,
    rng: new Rng('manifest', `${task.id}/pass8`),
    earlyStopEvery,
  });
  return { pass1: perExpertPass1[first.id], pass8: withK.passK ?? 0, perExpertPass1, bestExpertPass1: best, solvedOverlap: overlap };
}

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;
