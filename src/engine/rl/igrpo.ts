// iGRPO, iterative GRPO with self-feedback (arXiv:2602.09000; read: the abstract and two summaries, no public code):
// Stage 1 samples N exploratory drafts per prompt and keeps the one with the highest reward (the same reward as
// training; no gradient on drafts); Stage 2 appends that best draft to the prompt and runs the GRPO update on G
// refinements conditioned on it. At test time the model answers with no draft.
// Toy reading, UNVERIFIED: the best draft goes into the prompt's hint slot written as the task's fullest hint of the
// draft's own answer ("132;" for add), the format the base policies learned hints in; its work (scratchpad) is not
// shown; ties go to the first draft; a draft with no parsable answer leaves the slot empty; N is a knob (the paper's
// split of the rollout budget between drafts and refinements was not read); drafts cost N extra rollouts per prompt.
import type { RunConfig } from '../config';
import type { Rng } from '../rng';
import type { Task } from '../tasks/types';
import type { TransformerPolicy } from '../policy/model';
import { completionBody, splitAnswer } from '../tasks/common';
import { runRollouts, type Rollout, type RolloutRequest } from './rollouts';

export interface DraftReport {
  /** Prompts that got drafts, and how many of them had a right best draft. */
  prompts: number;
  bestCorrect: number;
  /** Mean reward of the best drafts. */
  bestReward: number;
}

/** Index of the highest-reward draft (the first on ties; NaN rewards never win unless all are NaN). */
export function bestDraftIndex(rewards: readonly number[]): number {
  let best = 0;
  rewards.forEach((r, i) => {
    if (Number.isFinite(r) && !(r <= rewards[best])) best = i;
  });
  return best;
}

/**
 * A rollout's own answer written as the task's hint at `level` (default the fullest), or '' when it has none: how a
 * draft (iGRPO) or a self-written hint (SAGE) enters the prompt's hint slot.
 */
export function draftHint(task: Task, draft: Rollout, level = task.hintLevels): string {
  const body = completionBody(draft.completionText);
  const answer = body === null ? '' : splitAnswer(body).answer;
  return answer ? task.hint({ ...draft.problem, answer }, level) : '';
}

/** Stage 1: N drafts per group of `requests`; returns the requests with each group's best draft in the hint slot. */
export async function draftConditionedRequests(
  policy: TransformerPolicy,
  task: Task,
  cfg: RunConfig,
  requests: RolloutRequest[],
  rng: Rng,
  earlyStopEvery: number,
): Promise<{ requests: RolloutRequest[]; report: DraftReport }> {
  const firsts = [...new Map(requests.map((r) => [r.group, r])).values()];
  const draftRequests = firsts.flatMap((r) => Array.from({ length: cfg.data.igrpoDrafts }, () => ({ ...r, hintText: undefined })));
  const drafts = await runRollouts(policy, task, cfg, draftRequests, rng, earlyStopEvery);
  const hintOf = new Map<number, string>();
  let bestCorrect = 0;
  let bestReward = 0;
  for (const r of firsts) {
    const own = drafts.filter((d) => d.group === r.group);
    const best = own[bestDraftIndex(own.map((d) => d.total))];
    hintOf.set(r.group, draftHint(task, best));
    if (best.components.correct >= 1) bestCorrect++;
    bestReward += best.total;
  }
  return {
    requests: requests.map((r) => ({ ...r, hintText: hintOf.get(r.group) })),
    report: { prompts: firsts.length, bestCorrect, bestReward: firsts.length ? bestReward / firsts.length : 0 },
  };
}
