// Per-step metrics under TRL's names where one exists (algorithms.md 3.1), plus the playground's own
// (3.3): the split of zero-std groups into all-correct and all-wrong, advantage statistics, hints, experts.
import type { ActiveExpert, Group, HintReport, Metrics, UpdateStats } from './step-data';
import { klEstimate } from './stats/kl';

/** Metric keys that depend on the wall clock: excluded when two runs are compared for determinism. */
export const WALL_CLOCK_METRICS = ['step_time', 'tokens_per_s'];
/** Metrics measured only at eval steps (held-out eval and the oracle's probe set), not every step. */
export const isEvalTimeMetric = (key: string) =>
  key.startsWith('eval/') || key.startsWith('oracle/') || key.startsWith('adv/true_') || key === 'adv/signal_group_frac';
export const isWallClockMetric = (key: string) => WALL_CLOCK_METRICS.includes(key) || key.startsWith('timing/');

export interface StepMetricsInput {
  groups: Group[];
  advantages: number[][];
  zeroStd: boolean[];
  signFlipRate: number;
  entropyTokens: { values: Float32Array; mask: Float32Array; width: number };
  klTokens?: { old: Float32Array; ref: Float32Array };
  update: UpdateStats | null;
  experts: ActiveExpert[];
  hint: HintReport;
  taskRewardNames: readonly string[];
}

export function mean(xs: number[]): number {
  const f = xs.filter((x) => Number.isFinite(x));
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : 0;
}

/** Sample std (Bessel), 0 for fewer than two values: TRL's reward_std convention. */
export function sampleStd(xs: number[]): number {
  const f = xs.filter((x) => Number.isFinite(x));
  if (f.length < 2) return 0;
  const m = mean(f);
  return Math.sqrt(f.reduce((a, b) => a + (b - m) ** 2, 0) / (f.length - 1));
}

export function stepMetrics(inp: StepMetricsInput): Metrics {
  const rollouts = inp.groups.flatMap((g) => g.rollouts);
  const totals = rollouts.map((r) => r.total);
  const m: Metrics = {};
  m.reward = mean(totals);
  m.reward_std = sampleStd(totals);
  const names = new Set<string>(inp.taskRewardNames);
  for (const r of rollouts) for (const k of Object.keys(r.components)) names.add(k);
  for (const name of names) {
    const vals = rollouts.map((r) => r.components[name]).filter((v) => v !== undefined);
    m[`rewards/${name}/mean`] = mean(vals);
    m[`rewards/${name}/std`] = sampleStd(vals);
  }
  const nGroups = Math.max(inp.groups.length, 1);
  m.frac_reward_zero_std = inp.zeroStd.filter(Boolean).length / nGroups;
  m.frac_groups_all_correct = inp.groups.filter((g) => g.rollouts.every((r) => r.components.correct >= 1)).length / nGroups;
  m.frac_groups_all_wrong = inp.groups.filter((g) => g.rollouts.every((r) => !(r.components.correct >= 1))).length / nGroups;

  // Entropy: token-weighted mean over active completion tokens (TRL's `entropy`).
  const { values, mask } = inp.entropyTokens;
  let es = 0;
  let en = 0;
  for (let i = 0; i < values.length; i++) {
    es += values[i] * mask[i];
    en += mask[i];
  }
  m.entropy = en > 0 ? es / en : 0;
  if (inp.klTokens) {
    // k3 of the sampling policy against the reference, token-weighted (TRL's `kl`).
    let ks = 0;
    for (let i = 0; i < mask.length; i++) if (mask[i] > 0) ks += klEstimate(inp.klTokens.old[i], inp.klTokens.ref[i], 'k3') * mask[i];
    m.kl = en > 0 ? ks / en : 0;
  }

  const lengths = rollouts.map((r) => r.completionIds.length);
  const terminated = rollouts.filter((r) => !r.truncated).map((r) => r.completionIds.length);
  m['completions/mean_length'] = mean(lengths);
  m['completions/min_length'] = lengths.length ? Math.min(...lengths) : 0;
  m['completions/max_length'] = lengths.length ? Math.max(...lengths) : 0;
  m['completions/mean_terminated_length'] = mean(terminated);
  m['completions/clipped_ratio'] = rollouts.length ? rollouts.filter((r) => r.truncated).length / rollouts.length : 0;

  const advs = inp.advantages.flat().filter((_, i) => !rollouts[i]?.excluded);
  m['adv/mean'] = mean(advs);
  m['adv/abs_mean'] = mean(advs.map(Math.abs));
  m['adv/pos_frac'] = advs.length ? advs.filter((a) => a > 0).length / advs.length : 0;
  m['adv/zero_frac'] = advs.length ? advs.filter((a) => Math.abs(a) < 1e-8).length / advs.length : 0;
  // Disagreement with the in-group mean's sign: 0 for GRPO by construction. The oracle's adv/true_sign_flip_rate
  // judges against the true value instead.
  m['adv/sign_vs_group_mean'] = inp.signFlipRate;

  const u = inp.update;
  m.loss = u?.loss ?? 0;
  m.policy_loss = u?.policyLoss ?? 0;
  m.grad_norm = u?.gradNorm ?? 0;
  m['clip_ratio/low_mean'] = u?.clipLow ?? 0;
  m['clip_ratio/high_mean'] = u?.clipHigh ?? 0;
  m['clip_ratio/region_mean'] = u?.clipRegion ?? 0;
  m.aux_loss = u?.auxLoss ?? 0;

  m.hint_used_frac = inp.groups.length ? inp.hint.used / inp.groups.length : 0;
  m.hint_attempted = inp.hint.attempted;
  for (const level of new Set(inp.hint.levels)) m[`hint_level/${level}`] = inp.hint.levels.filter((l) => l === level).length;

  if (inp.experts.length > 1) {
    for (const e of inp.experts) {
      const own = rollouts.filter((r) => r.expertIndex === e.index);
      m[`expert/${e.id}/reward`] = mean(own.map((r) => r.total));
      m[`expert/${e.id}/accuracy`] = mean(own.map((r) => (r.components.correct >= 1 ? 1 : 0)));
    }
  }
  return m;
}
