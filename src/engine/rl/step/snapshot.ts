// Groups as the inspector and the step-through show them: plain data that crosses the worker boundary.
import type { GroupSnapshot, PhaseEvent, UpdatePhase } from '../types';
import type { Group, Rollout } from '../rollouts';

export function toSnapshot(g: Group, adv: number[], zeroStd: boolean, filtered: boolean): GroupSnapshot {
  return {
    problemId: g.problem.id,
    question: g.problem.question,
    answer: g.problem.answer,
    // From the advantages, not the reward spread: an ArenaRL group of equal rewards still gets tournament advantages.
    zeroAdvantage: (filtered && zeroStd) || adv.every((a) => Math.abs(a) < 1e-8),
    filtered,
    rollouts: g.rollouts.map((r: Rollout, i) => ({
      prompt: r.promptText,
      prefix: r.prefix,
      hint: r.hint,
      expertId: r.expertId,
      hintLevel: r.hintLevel,
      completion: r.completionText,
      rewards: { ...r.components },
      total: r.total,
      advantage: adv[i] ?? 0,
      excluded: r.excluded,
      truncated: r.truncated,
      meanLogp: r.meanLogp ?? 0,
    })),
  };
}

/** The first `shown` groups of a step with their advantages, then up to two dropped ones. */
export function stepSnapshot(
  groups: Group[],
  advantages: number[][],
  zeroStd: boolean[],
  dropped: Group[],
  shown: number,
): GroupSnapshot[] {
  const out: GroupSnapshot[] = groups.slice(0, shown).map((g, gi) => toSnapshot(g, advantages[gi], zeroStd[gi], false));
  for (const g of dropped.slice(0, 2))
    out.push(
      toSnapshot(
        g,
        g.rollouts.map(() => 0),
        true,
        true,
      ),
    );
  return out;
}

/** Reports a phase of the update to a step-through caller; the numbers only (the UI words them, share/phase-text.ts). */
export type EmitPhase = (
  phase: UpdatePhase,
  groups: Group[],
  values: Record<string, number>,
  adv?: number[][],
  droppedGroups?: Group[],
) => Promise<void>;

export function phaseEmitter(step: number, shown: number, onPhase?: (event: PhaseEvent) => void | Promise<void>): EmitPhase {
  return async (phase, groups, values, adv, droppedGroups = []) => {
    if (!onPhase) return;
    const snaps = groups.slice(0, shown).map((g, i) => toSnapshot(g, adv?.[i] ?? g.rollouts.map(() => 0), false, false));
    for (const g of droppedGroups.slice(0, shown))
      snaps.push(
        toSnapshot(
          g,
          g.rollouts.map(() => 0),
          true,
          true,
        ),
      );
    await onPhase({ phase, step, groups: snaps, values });
  };
}
