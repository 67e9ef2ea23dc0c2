// Task registry: every task by id, plus the prompt layout shared by the trainer, the UI and tests.
import { addTask } from './add';
import { countdownTask } from './countdown';
import { reverseTask } from './reverse';
import { sortTask } from './sort';
import type { Problem, Task, TaskId } from './types';

export const TASKS: Record<TaskId, Task> = {
  add: addTask,
  reverse: reverseTask,
  sort: sortTask,
  countdown: countdownTask,
};

export const TASK_LIST: readonly Task[] = [addTask, reverseTask, sortTask, countdownTask];

export function getTask(id: string): Task {
  if (Object.hasOwn(TASKS, id)) return TASKS[id as TaskId];
  throw new Error(`Unknown task "${id}": valid ids are ${Object.keys(TASKS).join(', ')}`);
}

/** A config's difficulty for a task: 0 means the task's default; anything else is clamped to the task's range. */
export function resolveDifficulty(task: Task, difficulty: number): number {
  const d = task.difficulty;
  return difficulty === 0 ? d.default : Math.min(d.max, Math.max(d.min, difficulty));
}

/** The full prompt: expert prefix, then the hint (level 0 = none), then the question. */
export function buildPrompt(task: Task, problem: Problem, expertId: string, hintLevel = 0): string {
  const expert = task.experts.find((e) => e.id === expertId);
  if (!expert) throw new Error(`Unknown ${task.id} expert "${expertId}": valid ids are ${task.experts.map((e) => e.id).join(', ')}`);
  return expert.prefix + (hintLevel > 0 ? task.hint(problem, hintLevel) : '') + problem.question;
}

export type { ExpertStyle, Problem, RewardComponents, Task, TaskId } from './types';
