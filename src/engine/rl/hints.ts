// Scaf-GRPO (arXiv:2510.19807): for all-wrong groups after a warm-up, try every hint level once, take the lowest
// level that solves the problem, and let that hinted sample replace exactly one failed rollout. The replaced sample
// keeps its hinted prompt, so it is trained conditioned on the hint (the code's replace_hint_prompt=False).
// How many samples the paper draws per hint level is UNVERIFIED; we draw one per level.
import type { RunConfig } from '../config';
import type { Rng } from '../rng';
import type { Task } from '../tasks/types';
import type { TransformerPolicy } from '../policy/model';
import { isAllWrong } from './filters';
import { runRollouts, type Group, type RolloutRequest } from './rollouts';
import { activeExperts } from './experts';

export type { HintReport } from '../step-data';
import type { HintReport } from '../step-data';

export async function applyScafHints(
  policy: TransformerPolicy,
  task: Task,
  cfg: RunConfig,
  groups: Group[],
  rng: Rng,
  earlyStopEvery: number,
): Promise<HintReport> {
  const targets = groups.filter(isAllWrong);
  if (targets.length === 0 || task.hintLevels < 1) return { attempted: 0, used: 0, levels: [] };
  const experts = activeExperts(task, cfg);
  const requests: RolloutRequest[] = [];
  for (const g of targets) {
    const first = g.rollouts[0];
    const expert = experts.find((e) => e.id === first.expertId) ?? experts[0];
    for (let level = Math.max(1, cfg.hintLevel + 1); level <= task.hintLevels; level++) {
      requests.push({ problem: g.problem, expert, hintLevel: level, group: first.group });
    }
  }
  if (requests.length === 0) return { attempted: targets.length, used: 0, levels: [] };
  const hinted = await runRollouts(policy, task, cfg, requests, rng, earlyStopEvery);
  const report: HintReport = { attempted: targets.length, used: 0, levels: [] };
  for (const g of targets) {
    const solved = hinted
      .filter((h) => h.group === g.rollouts[0].group && h.components.correct >= 1)
      .sort((a, b) => a.hintLevel - b.hintLevel)[0];
    if (!solved) continue;
    // Replace the last failed rollout (all are failed here); keep its expert bookkeeping consistent.
    const slot = g.rollouts.length - 1;
    const old = g.rollouts[slot];
    g.rollouts[slot] = { ...solved, expertIndex: old.expertIndex, expertId: old.expertId };
    report.used++;
    report.levels.push(solved.hintLevel);
  }
  return report;
}
