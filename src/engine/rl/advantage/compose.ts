// The top-level entry the trainer calls: composes baseline, scale and transforms per group.
// Part of the advantage math (pure functions on number arrays, no tfjs); conventions in ../advantages.ts.
import type { AdvantageConfig } from '../../config';
import { arenaAdvantages } from '../transforms/arena';
import { g2rpoAdvantages } from '../transforms/g2rpo';
import { type GroupNormOptions, groupAdvantages, validIndices } from './group-norm';
import { ZERO_STD_TOL, finiteValues, isConstant, nanMean, nanStd } from './statistics';
import {
  agraeTransform,
  applyUnlikelinessPenalty,
  clamp01,
  gdpoAdvantages,
  globalWhiten,
  passKAnalytic,
  passKBestOnly,
  seedScale,
  semanticEntropy,
} from './transforms';

export interface AdvantageGroup {
  /** Weighted total per rollout; NaN = unscorable. */
  rewards: number[];
  /** Named reward components (for GDPO). */
  components?: Record<string, number[]>;
  /** Component weights (for GDPO); missing names weigh 1. */
  weights?: Record<string, number>;
  /** Mean token log-prob under pi_old (unlikeliness ranks). */
  meanLogp?: number[];
  /** Extracted answers (SEED-style clusters). */
  answers?: string[];
  /** Expert index per rollout; baseline (and group-level scale) per sub-group when given. */
  subgroups?: number[];
  /** MC-GRPO pivot index (excluded, advantage 0). */
  pivot?: number;
}

export interface AdvantageOutput {
  /** Same shape as the groups' rewards. */
  advantages: number[][];
  /** Per group: normalisation std ~0 (TRL frac_reward_zero_std semantics). */
  zeroStd: boolean[];
  /** Per rollout: excluded from the loss (pivot, NaN). */
  excluded: boolean[][];
}

/**
 * Compute advantages for a batch of groups (section 1.1 step 4; knobs of section 4).
 *
 * Knob composition order:
 *  1. Exclusions: NaN rewards and the MC-GRPO `pivot` are flagged excluded (the pivot still counts in the stats).
 *  2. Reward transform: unlikeliness rank penalty `r(1 - beta rank)` when `unlikelinessBeta > 0` and `meanLogp` given.
 *  3. Core advantage, per group, or per expert sub-group when `subgroups` is given. Exactly one of:
 *     a. `passK` 'best-only' (group std unless scale 'none') or 'analytic' (closed form): replaces baseline/scale.
 *     b. `gdpo`: per-component group normalisation, weighted sum, batch normalisation (uses stdType/epsilon; ignores
 *        baseline/scale/baselineShift and the step-2 transform, which acts on the total reward only). Without
 *        `components` the total reward is the single component.
 *     c. otherwise `(centre_baseline(r) - baselineShift) / scale`.
 *  4. `agrae`: difficulty mix and positive suppression with group accuracy p and batch mean accuracy pBar.
 *  5. `seedAlpha > 0` with `answers`: multiply by the SEED-style factor `1/(1 + alpha/log G * SE)`.
 *  6. Excluded rollouts are set to 0.
 *  7. `globalWhiten`: whiten over all non-excluded rollouts of the batch (sample var + 1e-8 inside the sqrt).
 *
 * Group accuracy (A-GRAE p, pass@k correctness) uses `components.correct` when present, else the total reward
 * (correct = reward > 0), since a format bonus would otherwise push p above 1.
 */
export function computeAdvantages(groups: readonly AdvantageGroup[], cfg: AdvantageConfig): AdvantageOutput {
  const excluded = groups.map((g) => g.rewards.map((r, i) => !Number.isFinite(r) || i === g.pivot));
  const rewards = groups.map((g) =>
    cfg.unlikelinessBeta > 0 && g.meanLogp ? applyUnlikelinessPenalty(g.rewards, g.meanLogp, cfg.unlikelinessBeta) : g.rewards.slice(),
  );
  const core = coreAdvantages(groups, rewards, cfg);
  let advantages = core.advantages;

  if (cfg.agrae) {
    const acc = groups.map(groupAccuracy);
    const pBar = nanMean(acc);
    advantages = advantages.map((a, gi) => agraeTransform(a, acc[gi], pBar, cfg.agraeAlpha, cfg.epsilon));
  }
  if (cfg.seedAlpha > 0) {
    advantages = advantages.map((a, gi) => {
      const answers = groups[gi].answers;
      if (!answers) return a;
      const valid = validIndices(groups[gi].rewards);
      const se = semanticEntropy(valid.map((i) => answers[i] ?? ''));
      const f = seedScale(se, cfg.seedAlpha, valid.length);
      return a.map((x) => x * f);
    });
  }
  advantages = advantages.map((a, gi) => a.map((x, i) => (excluded[gi][i] ? 0 : x)));
  if (cfg.globalWhiten) advantages = whitenIncluded(advantages, excluded);
  return { advantages, zeroStd: core.zeroStd, excluded };
}

/** Step 3 of computeAdvantages: the core advantage per group / sub-group, plus zero-std flags. */
function coreAdvantages(
  groups: readonly AdvantageGroup[],
  rewards: number[][],
  cfg: AdvantageConfig,
): { advantages: number[][]; zeroStd: boolean[] } {
  const units = groups.flatMap((g, gi) => splitUnits(g, gi));
  const advantages = rewards.map((r) => r.map(() => 0));
  const unitStd: number[] = [];

  if (cfg.passK !== 'off') {
    for (const u of units) {
      const r = u.idx.map((i) => rewards[u.group][i]);
      const adv =
        cfg.passK === 'best-only'
          ? passKBestOnly(r, cfg.scale !== 'none', cfg.stdType, cfg.epsilon)
          : passKAnalyticNaN(
              r,
              u.idx.map((i) => isCorrect(groups[u.group], i)),
              cfg.passKk,
            );
      u.idx.forEach((i, k) => (advantages[u.group][i] = adv[k]));
      unitStd.push(finiteValues(r).length > 1 ? nanStd(r, cfg.stdType) : 0);
    }
  } else if (cfg.g2rpo || cfg.arena) {
    // G^2RPO (rank -> normal quantile) and ArenaRL (tournament rank): non-linear maps of each group's rewards.
    for (const u of units) {
      const r = u.idx.map((i) => rewards[u.group][i]);
      const adv = cfg.arena ? arenaAdvantages(r) : g2rpoAdvantages(r);
      u.idx.forEach((i, k) => (advantages[u.group][i] = adv[k]));
      unitStd.push(finiteValues(r).length > 1 ? nanStd(r, cfg.stdType) : 0);
    }
  } else if (cfg.gdpo) {
    const inputs = units.map((u) => {
      const g = groups[u.group];
      const comps = g.components ?? { total: g.rewards };
      const components = Object.fromEntries(Object.entries(comps).map(([k, v]) => [k, u.idx.map((i) => v[i])]));
      return { components, valid: u.idx.map((i) => Number.isFinite(rewards[u.group][i])), weights: g.weights };
    });
    const res = gdpoAdvantages(inputs, undefined, cfg.stdType, cfg.epsilon);
    units.forEach((u, ui) => {
      u.idx.forEach((i, k) => (advantages[u.group][i] = res.advantages[ui][k]));
      unitStd.push(res.batchStd);
    });
  } else {
    const batch = rewards.flatMap((r) => finiteValues(r));
    const opts: GroupNormOptions = { ...cfg, batchStd: nanStd(batch, cfg.stdType), batchConstant: isConstant(batch) };
    for (const u of units) {
      const res = groupAdvantages(
        u.idx.map((i) => rewards[u.group][i]),
        opts,
      );
      u.idx.forEach((i, k) => (advantages[u.group][i] = res.advantages[k]));
      unitStd.push(res.normStd);
    }
  }
  const zeroStd = groups.map((_, gi) => units.every((u, ui) => u.group !== gi || Math.abs(unitStd[ui]) <= ZERO_STD_TOL));
  return { advantages, zeroStd };
}

/** Rollout index sets the core step works on: the whole group, or one per expert sub-group. */
function splitUnits(g: AdvantageGroup, gi: number): { group: number; idx: number[] }[] {
  const all = g.rewards.map((_, i) => i);
  if (!g.subgroups) return [{ group: gi, idx: all }];
  const byKey = new Map<number, number[]>();
  for (const i of all) {
    const key = g.subgroups[i] ?? 0;
    byKey.set(key, [...(byKey.get(key) ?? []), i]);
  }
  return [...byKey.values()].map((idx) => ({ group: gi, idx }));
}

/** Pass@k analytic over the scorable rollouts only (NaN rewards get 0). */
function passKAnalyticNaN(r: readonly number[], correct: readonly boolean[], k: number): number[] {
  const idx = validIndices(r);
  const adv = passKAnalytic(
    idx.map((i) => correct[i]),
    k,
  );
  const out = r.map(() => 0);
  idx.forEach((i, j) => (out[i] = adv[j]));
  return out;
}

function isCorrect(g: AdvantageGroup, i: number): boolean {
  const c = g.components?.correct?.[i];
  return (c !== undefined && Number.isFinite(c) ? c : g.rewards[i]) > 0;
}

/** Group accuracy p in [0, 1]: mean of components.correct if given, else of the total reward (scorable rollouts). */
function groupAccuracy(g: AdvantageGroup): number {
  const idx = validIndices(g.rewards);
  const src = g.components?.correct ?? g.rewards;
  return clamp01(nanMean(idx.map((i) => src[i])));
}

function whitenIncluded(advantages: number[][], excluded: boolean[][]): number[][] {
  const flat = advantages.flatMap((a, gi) => a.filter((_, i) => !excluded[gi][i]));
  const white = globalWhiten(flat);
  let k = 0;
  return advantages.map((a, gi) => a.map((_, i) => (excluded[gi][i] ? 0 : white[k++])));
}
