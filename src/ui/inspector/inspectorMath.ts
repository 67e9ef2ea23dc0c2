// "What would another advantage variant give these same groups?" Builds the engine's AdvantageGroup inputs
// from the worker's group snapshots and calls the same pure computeAdvantages the trainer calls. No tfjs.
import { DEFAULT_CONFIG, type AdvantageConfig, type RunConfig } from '../../engine/config';
import { computeAdvantages, mcPivotIndex, type AdvantageGroup } from '../../engine/rl/advantages';
import { PRESETS } from '../../engine/rl/presets';
import type { GroupSnapshot } from '../../engine/rl/types';

export interface Variant {
  id: string;
  label: string;
  /** Other presets whose advantage computation is identical. */
  sameAs: string[];
  advantage: AdvantageConfig;
  mcPivot: boolean;
  perExpertBaseline: boolean;
}

/** The run's own advantage settings. */
export function runVariant(cfg: RunConfig): Variant {
  return {
    id: 'run',
    label: 'this run’s settings',
    sameAs: [],
    advantage: cfg.advantage,
    mcPivot: cfg.data.mcPivot,
    perExpertBaseline: cfg.experts.enabled && cfg.experts.baselineScope === 'per-expert',
  };
}

/** One variant per preset with a distinct advantage computation (presets that differ only in the loss share one). */
export function presetVariants(): Variant[] {
  const seen = new Map<string, Variant>();
  for (const p of PRESETS) {
    const advantage = { ...DEFAULT_CONFIG.advantage, ...(p.config.advantage ?? {}) } as AdvantageConfig;
    const mcPivot = Boolean(p.config.data?.mcPivot);
    const perExpertBaseline = p.config.experts?.baselineScope === 'per-expert';
    const key = JSON.stringify([advantage, mcPivot, perExpertBaseline]);
    const prev = seen.get(key);
    if (prev) prev.sameAs.push(p.title.split(' (')[0]);
    else seen.set(key, { id: p.name, label: p.title.split(' (')[0], sameAs: [], advantage, mcPivot, perExpertBaseline });
  }
  return [...seen.values()];
}

/** The trained-on groups of a snapshot (filtered ones never reach the advantage step). */
export function trainedGroups(groups: readonly GroupSnapshot[]): GroupSnapshot[] {
  return groups.filter((g) => !g.filtered);
}

export function toAdvantageGroups(groups: readonly GroupSnapshot[], cfg: RunConfig, v: Variant): AdvantageGroup[] {
  return groups.map((g) => {
    const rewards = g.rollouts.map((r) => r.total);
    const names = Object.keys(g.rollouts[0]?.rewards ?? {});
    const components: Record<string, number[]> = {};
    for (const n of names) components[n] = g.rollouts.map((r) => r.rewards[n]);
    const expertIds = [...new Set(g.rollouts.map((r) => r.expertId))];
    return {
      rewards,
      components,
      weights: cfg.rewardWeights,
      meanLogp: g.rollouts.map((r) => r.meanLogp),
      answers: g.rollouts.map((r) => r.completion),
      subgroups: v.perExpertBaseline && expertIds.length > 1 ? g.rollouts.map((r) => expertIds.indexOf(r.expertId)) : undefined,
      pivot: v.mcPivot ? mcPivotIndex(rewards) : undefined,
    };
  });
}

/** Advantages per group and rollout under variant `v` (same shape as the groups). */
export function recompute(
  groups: readonly GroupSnapshot[],
  cfg: RunConfig,
  v: Variant,
): { advantages: number[][]; excluded: boolean[][]; zeroStd: boolean[] } {
  if (!groups.length) return { advantages: [], excluded: [], zeroStd: [] };
  return computeAdvantages(toAdvantageGroups(groups, cfg, v), v.advantage);
}

/** Largest |recomputed - reported| over the trained groups with the run's own settings (0 = the same function). */
export function selfCheck(groups: readonly GroupSnapshot[], cfg: RunConfig): number {
  const trained = trainedGroups(groups);
  const { advantages } = recompute(trained, cfg, runVariant(cfg));
  let worst = 0;
  trained.forEach((g, gi) => g.rollouts.forEach((r, ri) => (worst = Math.max(worst, Math.abs((advantages[gi]?.[ri] ?? 0) - r.advantage)))));
  return worst;
}
