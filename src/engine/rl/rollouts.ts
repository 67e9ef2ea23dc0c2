// Prompts -> rollouts -> rewards for one generation batch. All B x G sequences are sampled in one batched call.
import type { RunConfig } from '../config';
import type { Rng } from '../rng';
import type { Problem, Task } from '../tasks/types';
import type { TransformerPolicy } from '../policy/model';
import { sampleCompletions } from '../policy/sampling';
import { decode, encode } from '../policy/tokenizer';
import { overlongPenalty } from './surrogate-math';
import { activeExperts, assignExperts, type ActiveExpert } from './experts';
import { drawProblems } from './problems';

export { drawProblems };

export type { Group, Rollout } from '../step-data';
import type { Group, Rollout } from '../step-data';

export function promptText(expert: ActiveExpert, hint: string, question: string): string {
  return `${expert.prefix}${hint}${question}`;
}

export function maxNewTokens(config: RunConfig, task: Task): number {
  return config.maxCompletionLength > 0 ? config.maxCompletionLength : task.maxCompletionLength(config.difficulty);
}

/** Weighted reward: sum_k w_k * component_k over the components that have a weight. */
export function weightedReward(components: Record<string, number>, weights: Record<string, number>): number {
  let total = 0;
  for (const [name, w] of Object.entries(weights)) {
    const v = components[name];
    if (v !== undefined) total += w * v;
  }
  return total;
}

export interface RolloutRequest {
  problem: Problem;
  expert: ActiveExpert;
  hintLevel: number;
  group: number;
  /** Text for the hint slot instead of the task's hint at hintLevel (iGRPO's best draft). */
  hintText?: string;
}

/** Sample and score a list of (problem, expert, hint) requests in one batched call. */
export async function runRollouts(
  policy: TransformerPolicy,
  task: Task,
  config: RunConfig,
  requests: RolloutRequest[],
  samplingRng: Rng,
  earlyStopEvery: number,
): Promise<Rollout[]> {
  const maxNew = maxNewTokens(config, task);
  const hints = requests.map((r) => r.hintText ?? (r.hintLevel > 0 ? task.hint(r.problem, r.hintLevel) : ''));
  const texts = requests.map((r, i) => promptText(r.expert, hints[i], r.problem.question));
  const promptIds = texts.map((t) => encode(t));
  const sampled = await sampleCompletions(policy, promptIds, {
    maxNewTokens: maxNew,
    temperature: config.temperature,
    greedy: false,
    rng: samplingRng,
    earlyStopEvery,
  });
  return requests.map((req, i) => {
    const completionIds = sampled.completions[i];
    const completionText = decode(completionIds);
    const components = { ...task.score(req.problem, completionText) } as Record<string, number>;
    if (config.data.overlongShaping) {
      // DAPO soft overlong punishment; a truncated completion counts as longer than the limit.
      const len = sampled.truncated[i] ? maxNew + 1 : completionIds.length;
      components.overlong = overlongPenalty(len, maxNew, config.data.overlongCache);
    }
    const weights = config.data.overlongShaping ? { ...config.rewardWeights, overlong: 1 } : config.rewardWeights;
    return {
      group: req.group,
      problem: req.problem,
      expertId: req.expert.id,
      expertIndex: req.expert.index,
      hintLevel: req.hintLevel,
      prefix: req.expert.prefix,
      hint: hints[i],
      promptText: texts[i],
      promptIds: promptIds[i],
      completionIds,
      completionText,
      truncated: sampled.truncated[i],
      components,
      total: weightedReward(components, weights),
      excluded: config.data.maskTruncated && sampled.truncated[i],
    };
  });
}

/**
 * Requests for B problems: G per problem (or per expert), plus one extra rollout per group for MC-GRPO's pivot.
 * `groupSizes`: a G per problem instead of config.groupSize (Rollout-GDRO); rollouts stay flat with a group index.
 */
export function groupRequests(
  problems: Problem[],
  experts: ActiveExpert[],
  config: RunConfig,
  firstGroup: number,
  groupSizes?: readonly number[],
): RolloutRequest[] {
  if (groupSizes && groupSizes.length !== problems.length) throw new Error('groupRequests: one group size per problem');
  const requests: RolloutRequest[] = [];
  problems.forEach((problem, b) => {
    const assigned = assignExperts(experts, config, groupSizes?.[b]);
    for (const expert of assigned) requests.push({ problem, expert, hintLevel: config.hintLevel, group: firstGroup + b });
  });
  return requests;
}

export function groupsFrom(rollouts: Rollout[]): Group[] {
  const byGroup = new Map<number, Group>();
  for (const r of rollouts) {
    let g = byGroup.get(r.group);
    if (!g) {
      g = { problem: r.problem, rollouts: [] };
      byGroup.set(r.group, g);
    }
    g.rollouts.push(r);
  }
  return [...byGroup.values()];
}

export { activeExperts };
