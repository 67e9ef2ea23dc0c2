// Oracle advantage metrics: what only a toy can afford. On a fixed probe set, sample K extra completions per
// prompt under the current policy to estimate its true value V(x) = E[r | x] (and its success probability p(x));
// then draw one group per probe exactly as training lays it out, compute the run's advantages for it, and judge
// them against the true advantage r - V(x). With a correctness-only reward V(x) = p(x).
// The K samples are independent of the judged group (otherwise the group would leak into its own truth), come from
// their own seeded stream `oracle/<step>`, and never touch the gradient. With one expert they are also cut into
// further judged groups, each against the value of the remaining samples (see probeOracle).
import type { RunConfig } from '../config';
import { Rng } from '../rng';
import type { Problem, Task } from '../tasks/types';
import type { TransformerPolicy } from '../policy/model';
import { computeAdvantages, mcPivotIndex, type AdvantageGroup } from './advantages';
import type { ActiveExpert } from './experts';
import { groupRequests, groupsFrom, runRollouts, type Group } from './rollouts';

/** One judged group: the estimator's advantages beside the truth. */
export interface OracleGroup {
  rewards: readonly number[];
  advantages: readonly number[];
  /** Rollouts that carry no loss (pivot, NaN): left out of every figure. */
  excluded: readonly boolean[];
  /** V(x): the prompt's expected reward under the current policy. */
  value: number;
}

export interface OracleMetrics {
  /** Among rollouts where both the advantage and r - V(x) are non-zero: the share with opposite signs. */
  trueSignFlipRate: number;
  /** Pearson correlation of the advantages with r - V(x) over all included rollouts (NaN without spread). */
  trueAdvCorrelation: number;
  /** Mean squared error of the advantages to r - V(x) (scale-dependent: unnormalised estimators score lower). */
  trueAdvMse: number;
  /** Share of groups where at least one included rollout has a non-zero advantage. */
  signalGroupFrac: number;
  /** Rollouts the sign-flip rate was computed over. */
  comparable: number;
}

const TOL = 1e-9;

/** The estimator-quality figures over a set of judged groups (pure; the unit tests feed it known values). */
export function oracleAdvantageMetrics(groups: readonly OracleGroup[]): OracleMetrics {
  let flips = 0;
  let comparable = 0;
  let signal = 0;
  const est: number[] = [];
  const truth: number[] = [];
  for (const g of groups) {
    let any = false;
    g.rewards.forEach((r, i) => {
      if (g.excluded[i] || !Number.isFinite(r)) return;
      const a = g.advantages[i];
      const t = r - g.value;
      est.push(a);
      truth.push(t);
      if (Math.abs(a) > TOL) any = true;
      if (Math.abs(a) > TOL && Math.abs(t) > TOL) {
        comparable++;
        if (Math.sign(a) !== Math.sign(t)) flips++;
      }
    });
    if (any) signal++;
  }
  const mse = est.length ? est.reduce((s, a, i) => s + (a - truth[i]) ** 2, 0) / est.length : NaN;
  return {
    trueSignFlipRate: comparable ? flips / comparable : 0,
    trueAdvCorrelation: pearson(est, truth),
    trueAdvMse: mse,
    signalGroupFrac: groups.length ? signal / groups.length : 0,
    comparable,
  };
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n < 2 || y.length !== n) return NaN;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** The advantage inputs of one rollout group, as the trainer and the oracle both build them. */
export function advantageGroupOf(g: Group, cfg: RunConfig, meanLogp?: number[]): AdvantageGroup {
  const rewards = g.rollouts.map((r) => r.total);
  const components: Record<string, number[]> = {};
  // A component without a weight is not part of the total (rollouts.ts weightedReward), so GDPO weighs it 0 too
  // instead of its default 1; the overlong penalty enters the total with weight 1, as in rollouts.ts.
  const weights: Record<string, number> = {};
  for (const name of Object.keys(g.rollouts[0]?.components ?? {})) {
    components[name] = g.rollouts.map((r) => r.components[name]);
    weights[name] = 0;
  }
  Object.assign(weights, cfg.rewardWeights, cfg.data.overlongShaping ? { overlong: 1 } : {});
  return {
    rewards,
    components,
    weights,
    meanLogp,
    answers: g.rollouts.map((r) => r.completionText),
    subgroups: cfg.experts.enabled && cfg.experts.baselineScope === 'per-expert' ? g.rollouts.map((r) => r.expertIndex) : undefined,
    pivot: cfg.data.mcPivot ? mcPivotIndex(rewards) : undefined,
  };
}

export interface ProbeResult {
  metrics: Record<string, number>;
  /** Per probe: its success probability p(x) and value V(x), in probe order (for the inspector). */
  probes: Array<{ problemId: string; p: number; value: number }>;
  /** Per probe, in the same order: the group the estimator was judged on and the advantages it gave it. */
  judged: Array<{ group: Group; advantages: number[] }>;
}

/**
 * Estimate p(x) and V(x) on `probes` from K samples each (first expert's prompt), judge one training-shaped group
 * per probe, and return the oracle metrics. One batched sampling call; nothing is trained.
 */
export async function probeOracle(
  policy: TransformerPolicy,
  task: Task,
  cfg: RunConfig,
  probes: readonly Problem[],
  experts: readonly ActiveExpert[],
  step: number,
  earlyStopEvery: number,
): Promise<ProbeResult> {
  const K = cfg.oracleSamples;
  const judged = groupRequests([...probes], [...experts], cfg, 0);
  const truthRequests = probes.flatMap((problem, b) =>
    Array.from({ length: K }, () => ({ problem, expert: experts[0], hintLevel: cfg.hintLevel, group: probes.length + b })),
  );
  const rollouts = await runRollouts(policy, task, cfg, [...judged, ...truthRequests], new Rng(cfg.seed, `oracle/${step}`), earlyStopEvery);
  const groups = groupsFrom(rollouts.slice(0, judged.length));
  const truth = rollouts.slice(judged.length);
  const probeStats = probes.map((p, b) => {
    const own = truth.slice(b * K, (b + 1) * K);
    const value = own.reduce((s, r) => s + r.total, 0) / Math.max(K, 1);
    const pSuccess = own.filter((r) => r.components.correct >= 1).length / Math.max(K, 1);
    return { problemId: p.id, p: pSuccess, value };
  });
  // More judged groups at no sampling cost: when a training group is G draws of the same prompt (one expert), the K
  // truth samples are such draws too, so they are cut into disjoint groups of G, each judged against the value
  // estimated from the other K - G samples (leave-group-out: a group never enters its own truth). One group per
  // probe gave too few comparable rollouts to separate estimators (docs/evidence.md, MC-GRPO).
  const groupLen = probes.length ? judged.length / probes.length : 0;
  const oneExpert = judged.every((r) => r.expert === experts[0]);
  const cuts: Array<{ group: Group; value: number }> = [];
  if (oneExpert && groupLen >= 2 && K - groupLen >= 1) {
    probes.forEach((problem, b) => {
      const own = truth.slice(b * K, (b + 1) * K);
      const total = own.reduce((s, r) => s + r.total, 0);
      for (let start = 0; start + groupLen <= K; start += groupLen) {
        const rollouts = own.slice(start, start + groupLen);
        const rest = (total - rollouts.reduce((s, r) => s + r.total, 0)) / (K - groupLen);
        cuts.push({ group: { problem, rollouts }, value: rest });
      }
    });
  }
  const judgedGroups = [...groups.map((group, gi) => ({ group, value: probeStats[gi].value })), ...cuts];
  const adv = computeAdvantages(
    judgedGroups.map((j) => advantageGroupOf(j.group, cfg)),
    cfg.advantage,
  );
  const m = oracleAdvantageMetrics(
    judgedGroups.map((j, gi) => ({
      rewards: j.group.rollouts.map((r) => r.total),
      advantages: adv.advantages[gi],
      excluded: adv.excluded[gi],
      value: j.value,
    })),
  );
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    metrics: {
      'adv/true_sign_flip_rate': m.trueSignFlipRate,
      ...(Number.isFinite(m.trueAdvCorrelation) ? { 'adv/true_corr': m.trueAdvCorrelation } : {}),
      'adv/true_mse': m.trueAdvMse,
      'adv/signal_group_frac': m.signalGroupFrac,
      'oracle/p_mean': mean(probeStats.map((s) => s.p)),
      'oracle/value_mean': mean(probeStats.map((s) => s.value)),
    },
    probes: probeStats,
    judged: groups.map((group, gi) => ({ group, advantages: adv.advantages[gi] })),
  };
}
