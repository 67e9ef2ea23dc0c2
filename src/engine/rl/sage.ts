// SAGE, self-hinting GRPO with privileged supervision (arXiv:2602.03143). Read: the abstract, the README and
// recipe/hint (hint_trainer_new.py, prompt.py, config) of BaohaoLiao/SAGE @ 41d3415 through the index. What they do:
// when a prompt's rollouts are all wrong, the policy itself is shown the question AND the reference solution and asked
// for progressive hints (3 levels, never the final answer); the group is then sampled again with a hint in the prompt
// and trained on that hint-conditioned input (the "sage" on-policy method); the reward is unchanged and evaluation
// uses no hint.
// Toy reading, UNVERIFIED: the toy policy cannot write free-text hints, so its "self-written hint" is its own answer
// when shown the reference (the fullest task hint), masked to hint level l by the task's hint rule; every level
// 1..L is tried in one batched call (G rollouts each) and the group is replaced by the lowest level's rollouts that
// contain a right one (else the highest level's). The code's level schedule (sage-light accuracy thresholds
// 0 / 0.35) is not reproduced. With data.hill on, HiLL's transfer-weighted reward picks the level instead (hill.ts).
import type { RunConfig } from '../config';
import type { Rng } from '../rng';
import type { Task } from '../tasks/types';
import type { TransformerPolicy } from '../policy/model';
import { isAllWrong } from './filters';
import { activeExperts } from './experts';
import { draftHint } from './igrpo';
import { runRollouts, type Group, type Rollout, type RolloutRequest } from './rollouts';
import { bestHintIndex, hintReliance, meanReliance, tokenLogps, transferWeightedReward } from './hill';

export interface SageReport {
  /** All-wrong groups that got a self-written hint, and how many of those then had a right rollout. */
  hinted: number;
  rescued: number;
  /** Self-written hints whose underlying answer was the reference answer. */
  hintRight: number;
  /** HiLL selection (data.hill): summed mean hint reliance of the chosen hints (over those with a right rollout), their count, and summed chosen rewards. */
  relianceSum: number;
  relianceCount: number;
  rewardSum: number;
}

export const EMPTY_SAGE_REPORT: SageReport = { hinted: 0, rescued: 0, hintRight: 0, relianceSum: 0, relianceCount: 0, rewardSum: 0 };

/** Sum of two reports (generation batches of one step). */
export function addSageReports(a: SageReport, b: SageReport): SageReport {
  return {
    hinted: a.hinted + b.hinted,
    rescued: a.rescued + b.rescued,
    hintRight: a.hintRight + b.hintRight,
    relianceSum: a.relianceSum + b.relianceSum,
    relianceCount: a.relianceCount + b.relianceCount,
    rewardSum: a.rewardSum + b.rewardSum,
  };
}

export async function applySelfHints(
  policy: TransformerPolicy,
  task: Task,
  cfg: RunConfig,
  groups: Group[],
  rng: Rng,
  earlyStopEvery: number,
): Promise<SageReport> {
  const targets = groups.filter(isAllWrong);
  if (targets.length === 0 || task.hintLevels < 1) return { ...EMPTY_SAGE_REPORT };
  const experts = activeExperts(task, cfg);
  const expertOf = (id: string) => experts.find((e) => e.id === id) ?? experts[0];
  // 1. The policy writes its hint: one sample per group with the reference answer in the prompt.
  const writers = await runRollouts(
    policy,
    task,
    cfg,
    targets.map((g) => ({
      problem: g.problem,
      expert: expertOf(g.rollouts[0].expertId),
      hintLevel: task.hintLevels,
      group: g.rollouts[0].group,
    })),
    rng,
    earlyStopEvery,
  );
  // 2. The whole group again at every hint level (same experts slot by slot).
  const requests: RolloutRequest[] = targets.flatMap((g, j) =>
    Array.from({ length: task.hintLevels }, (_, k) =>
      g.rollouts.map((r) => ({
        problem: g.problem,
        expert: expertOf(r.expertId),
        hintLevel: k + 1,
        group: r.group,
        hintText: draftHint(task, writers[j], k + 1),
      })),
    ).flat(),
  );
  const hinted = await runRollouts(policy, task, cfg, requests, rng, earlyStopEvery);
  const report: SageReport = {
    ...EMPTY_SAGE_REPORT,
    hinted: targets.length,
    hintRight: writers.filter((w) => w.components.correct >= 1).length,
  };
  const right = (r: Rollout) => r.components.correct >= 1;
  // HiLL: hint reliance of every right hinted rollout, log p(y | x) - log p(y | x, h) (token means).
  const reliance = new Map<Rollout, number>();
  if (cfg.data.hill) {
    const rightOnes = hinted.filter(right);
    const plain = await tokenLogps(
      policy,
      rightOnes.map((r) => `${r.prefix}${r.problem.question}`),
      rightOnes.map((r) => r.completionIds),
    );
    const withHint = await tokenLogps(
      policy,
      rightOnes.map((r) => r.promptText),
      rightOnes.map((r) => r.completionIds),
    );
    rightOnes.forEach((r, i) => reliance.set(r, hintReliance(plain[i], withHint[i])));
  }
  let offset = 0;
  for (const g of targets) {
    const levels = Array.from({ length: task.hintLevels }, (_, k) =>
      hinted.slice(offset + k * g.rollouts.length, offset + (k + 1) * g.rollouts.length),
    );
    offset += task.hintLevels * g.rollouts.length;
    let pick = levels.find((l) => l.some(right)) ?? levels[levels.length - 1];
    if (cfg.data.hill) {
      const scored = levels.map((l) => {
        const rel = meanReliance(
          l.map((r) => reliance.get(r) ?? 0),
          l.map(right),
        );
        return { rel, reward: transferWeightedReward(l.map(right), rel, cfg.data.hillTemperature) };
      });
      const best = bestHintIndex(scored.map((s) => s.reward));
      if (scored[best].reward > 0) {
        pick = levels[best];
        report.rewardSum += scored[best].reward;
        if (scored[best].rel !== undefined) {
          report.relianceSum += scored[best].rel!;
          report.relianceCount++;
        }
      }
    }
    if (pick.some(right)) report.rescued++;
    g.rollouts.splice(0, g.rollouts.length, ...pick.map((r, i) => ({ ...r, expertIndex: g.rollouts[i].expertIndex })));
  }
  return report;
}
