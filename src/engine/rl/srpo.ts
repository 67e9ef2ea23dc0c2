// SRPO, Sample-Routed Policy Optimization (arXiv:2604.02288; read: the abstract and a summary, no public code):
// right samples go to GRPO's advantage, failed samples to SDPO's self-distillation, whose signal is weighted by
// the teacher's confidence (entropy-aware) so unreliable high-entropy targets count less.
// SDPO (arXiv:2601.20802) as TRL implements it (trl/experimental/sdpo/loss_utils.py @ f2cd577,
// compute_sampled_token_self_distillation_loss, the default "sampled_token" mode): per completion token,
//   loss_t = (log s_t - log t_t).detach() * log s_t,
// s = the student (the policy on the plain prompt), t = the self-teacher (the same policy on a prompt that carries
// feedback). Its gradient is a REINFORCE term with the token advantage A_t = log t_t - log s_t, which is how it
// enters here: failed samples get token advantages instead of their (negative) GRPO advantage, so the existing
// ratio/clip/aggregation stages apply unchanged (on-policy the clipped surrogate has exactly SDPO's gradient).
// Toy reading, UNVERIFIED: the teacher's feedback is the task's fullest hint (the toy has no judge text; SDPO's
// scalar-reward mode reprompts with a right sibling instead); the teacher is the policy that sampled (TRL's default
// is an EMA teacher); A_t uses the sampling-time student log-probs (exact on the first minibatch step); the weight is
// w_t = exp(-H_t) / mean over routed tokens of exp(-H) with H_t the teacher's entropy; lambda scales the whole
// distillation signal.
import * as tf from '@tensorflow/tfjs';
import type { Task } from '../tasks/types';
import type { TransformerPolicy } from '../policy/model';
import { buildBatch, type SequenceBatch } from '../policy/batch';
import { tokenStats } from '../policy/logprobs';
import { countReadback } from '../policy/counters';
import { encode } from '../policy/tokenizer';
import type { ObjectiveConfig } from '../config';
import type { Rollout } from './rollouts';

export interface TeacherScores {
  /** Per routed rollout: the teacher's log-prob and entropy of each completion token (completion length each). */
  logp: number[][];
  entropy: number[][];
}

/** What a step reports: the routing result and the share of rollouts routed to distillation. */
export type SrpoStepResult = SrpoResult & { routedFrac: number };

export interface SrpoInput {
  /** [n] sequence advantages (GRPO): every row not routed keeps its own on each token. */
  advantages: Float32Array;
  /** Rows of the student batch routed to distillation, in order. */
  rows: readonly number[];
  /** Student (sampling policy) log-probs [n * T] and the completion mask [n * T]. */
  studentLogp: Float32Array;
  mask: Float32Array;
  width: number;
  teacher: TeacherScores;
  /** lambda: scale of the distillation signal. */
  coef: number;
  entropyWeighting: boolean;
}

export interface SrpoResult {
  /** [n * T] token advantages: routed rows from distillation, the others their GRPO advantage on every token. */
  tokenAdvantages: Float32Array;
  /** Mean token advantage of each routed row (what the inspector shows as its advantage). */
  rowMeans: number[];
  /** Diagnostics over routed tokens: mean teacher entropy, mean weight, mean log t - log s. */
  teacherEntropy: number;
  meanWeight: number;
  teacherGain: number;
}

/** The self-teacher's prompt: the rollout's own prompt with the task's fullest hint in place of any hint. */
export function teacherPromptText(r: Rollout, task: Task): string {
  return `${r.prefix}${task.hint(r.problem, task.hintLevels)}${r.problem.question}`;
}

/** Teacher log-probs and entropies of the routed rollouts' own completions under hinted prompts (no gradient). */
export async function teacherScores(policy: TransformerPolicy, task: Task, routed: readonly Rollout[]): Promise<TeacherScores> {
  if (routed.length === 0) return { logp: [], entropy: [] };
  const batch = buildBatch(
    routed.map((r) => encode(teacherPromptText(r, task))),
    routed.map((r) => r.completionIds),
  );
  const T = batch.completionWidth;
  const flat = tf.tidy(() => {
    const s = tokenStats(policy, batch, true);
    return tf.concat([tf.reshape(s.logp, [-1]), tf.reshape(s.entropy, [-1])]);
  });
  countReadback();
  const data = (await flat.data()) as Float32Array;
  flat.dispose();
  const n = batch.n * T;
  const rows = (offset: number) => routed.map((r, i) => Array.from(data.subarray(offset + i * T, offset + i * T + r.completionIds.length)));
  return { logp: rows(0), entropy: rows(n) };
}

/** Token advantages A_t = lambda * w_t * (log t_t - log s_t) of the routed rows. */
export function srpoTokenAdvantages(inp: SrpoInput): SrpoResult {
  const T = inp.width;
  const out = new Float32Array(inp.studentLogp.length);
  inp.advantages.forEach((a, row) => out.fill(a, row * T, (row + 1) * T));
  const conf = inp.teacher.entropy.map((h) => h.map((x) => Math.exp(-x)));
  const flatConf = conf.flat();
  const meanConf = flatConf.length ? flatConf.reduce((a, b) => a + b, 0) / flatConf.length : 1;
  let hSum = 0;
  let wSum = 0;
  let gSum = 0;
  let count = 0;
  const rowMeans = inp.rows.map((row, j) => {
    let s = 0;
    let n = 0;
    out.fill(0, row * T, (row + 1) * T);
    inp.teacher.logp[j].forEach((lt, t) => {
      const k = row * T + t;
      if (inp.mask[k] <= 0) return;
      const gain = lt - inp.studentLogp[k];
      const w = inp.entropyWeighting && meanConf > 0 ? conf[j][t] / meanConf : 1;
      out[k] = inp.coef * w * gain;
      s += out[k];
      n++;
      hSum += inp.teacher.entropy[j][t];
      wSum += w;
      gSum += gain;
      count++;
    });
    return n ? s / n : 0;
  });
  const d = Math.max(count, 1);
  return { tokenAdvantages: out, rowMeans, teacherEntropy: hSum / d, meanWeight: count ? wSum / d : 0, teacherGain: gSum / d };
}

/**
 * SRPO routing of one step: teacher scores for the failed (non-excluded) rollouts and the token advantages of the
 * whole batch. `advantages` is updated in place to each routed row's mean token advantage (what the inspector shows).
 */
export async function routeFailedRollouts(
  policy: TransformerPolicy,
  task: Task,
  cfg: ObjectiveConfig,
  step: {
    rollouts: readonly Rollout[];
    batch: SequenceBatch;
    oldLogp: Float32Array;
    advantages: Float32Array;
    excluded: readonly boolean[];
  },
): Promise<SrpoStepResult> {
  const { rollouts, batch, advantages } = step;
  const rows = rollouts.flatMap((r, i) => (!step.excluded[i] && r.components.correct < 1 ? [i] : []));
  const teacher = await teacherScores(
    policy,
    task,
    rows.map((i) => rollouts[i]),
  );
  const res = srpoTokenAdvantages({
    advantages,
    rows,
    studentLogp: step.oldLogp,
    mask: batch.completionMask,
    width: batch.completionWidth,
    teacher,
    coef: cfg.srpoCoef,
    entropyWeighting: cfg.srpoEntropyWeighting,
  });
  rows.forEach((row, j) => (advantages[row] = res.rowMeans[j]));
  return { ...res, routedFrac: rows.length / Math.max(rollouts.length, 1) };
}
