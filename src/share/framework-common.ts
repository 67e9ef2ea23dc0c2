// Facts about a RunConfig that both framework exports (TRL, verl) need: the resolved difficulty and completion
// length (0 means "the task's own"), and the reward functions a framework run would need, in a fixed order.
import type { RunConfig } from '../engine/config';
import { getTask, resolveDifficulty } from '../engine/tasks';

export interface ResolvedRun {
  difficulty: number;
  maxCompletionLength: number;
  /** Reward components with a non-zero weight, in the task's order (plus DAPO's overlong term when on). */
  rewards: Array<{ name: string; weight: number }>;
}

export function resolveRun(config: RunConfig): ResolvedRun {
  const task = getTask(config.task);
  const difficulty = resolveDifficulty(task, config.difficulty);
  const maxCompletionLength = config.maxCompletionLength > 0 ? config.maxCompletionLength : task.maxCompletionLength(difficulty);
  const rewards = task.rewardNames.map((name) => ({ name, weight: config.rewardWeights[name] ?? 0 })).filter((r) => r.weight !== 0);
  // The trainer adds the overlong penalty with weight 1 (rl/rollouts.ts).
  if (config.data.overlongShaping) rewards.push({ name: 'overlong', weight: 1 });
  return { difficulty, maxCompletionLength, rewards };
}

/**
 * Float literal that Python and both YAML 1.1 (PyYAML/OmegaConf) and 1.2 read as a float: always with a decimal
 * point, and a signed exponent when there is one (1 -> 1.0, 1e-8 -> 1.0e-8, 0.0003 stays).
 */
export function floatLiteral(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  const s = String(x);
  const [mant, exp] = s.split('e');
  const m = mant.includes('.') ? mant : `${mant}.0`;
  return exp === undefined ? m : `${m}e${exp.startsWith('-') || exp.startsWith('+') ? exp : `+${exp}`}`;
}
