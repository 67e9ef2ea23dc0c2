// The contract every verifiable task implements. Tasks are pure TypeScript: no tfjs, no DOM.
import type { Rng } from '../rng';

/**
 * A solution strategy selected by a prompt prefix (MEML-style "expert"): the work it writes before the answer
 * differs, the answer format does not.
 */
export interface ExpertStyle {
  /** Short stable id used in configs, URLs and metrics (e.g. "plain"). */
  id: string;
  /** Human-readable name for the UI. */
  name: string;
  /** Prefix placed before the question; must use only tokenizer characters. */
  prefix: string;
  /** One line on what the style does. */
  description: string;
}

/** One generated problem. `question` is the text after the expert prefix (and hint, if any). */
export interface Problem {
  /** Stable id derived from the problem content (same problem => same id). */
  id: string;
  question: string;
  /** Canonical final answer (no terminator). */
  answer: string;
  /** Task-specific data the verifier and demonstrations need (numbers, target, ...). */
  data: Record<string, unknown>;
}

/** Named reward components in [-1, 1] or [0, 1]; `correct` and `format` always present. */
export type RewardComponents = Record<string, number> & { correct: number; format: number };

export interface Task {
  id: TaskId;
  name: string;
  /** One paragraph for the UI. */
  description: string;
  /** Reward component names, always starting with 'correct', 'format'. */
  rewardNames: readonly string[];
  /**
   * Components of rewardNames that grade a style, not the solution (add's judge): a demonstration need not
   * earn them. Every other component is earned in full by every demonstration.
   */
  styleRewards?: readonly string[];
  experts: readonly ExpertStyle[];
  difficulty: { min: number; max: number; default: number; label: string };
  /** Number of hint levels (1..hintLevels); level k reveals more of the solution than k-1. */
  hintLevels: number;
  /** Longest completion (in characters, terminator included) any expert's demonstration needs at this difficulty. */
  maxCompletionLength(difficulty: number): number;
  /** Longest question (in characters) a problem at this difficulty can have; validation budgets the context with it. */
  maxQuestionLength(difficulty: number): number;
  /** Longest hint (any level) at this difficulty, in characters. */
  maxHintLength(difficulty: number): number;
  /** A seeded problem at this difficulty. */
  sample(rng: Rng, difficulty: number): Problem;
  /** The demonstration completion for a problem in an expert's style, terminator included. */
  demonstrate(problem: Problem, expertId: string): string;
  /** Hint text for level >= 1, placed between the expert prefix and the question. */
  hint(problem: Problem, level: number): string;
  /**
   * Score any string the policy can emit. Never throws. There is no expert argument on purpose: every expert ends
   * in the same answer format (common.ts ANSWER_MARK), so a completion scores the same under every prompt.
   */
  score(problem: Problem, completion: string): RewardComponents;
}

export type TaskId = 'add' | 'reverse' | 'sort' | 'countdown';
