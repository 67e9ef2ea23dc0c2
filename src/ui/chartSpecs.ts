// Which metrics each chart shows, under TRL's names, and how the rows for Recharts are built.
import type { RunConfig } from '../engine/config';
import type { HistoryPoint } from './store';
import { smooth } from '../share/smoothing';

export interface SeriesSpec {
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
}

export interface ChartSpec {
  id: string;
  title: string;
  help: string;
  /** Short second line under the title for single-series charts (multi-series charts show their legend). */
  caption?: string;
  series: SeriesSpec[];
  /** A shaded band between two metrics (or mean +- std). */
  band?: { label: string; low: (m: Record<string, number>) => number; high: (m: Record<string, number>) => number };
  /** A range the y axis always covers (probabilities: [0, 1]; small rates: [0, 0.05]). */
  domain?: [number, number];
  /** Why the chart is empty for this config (e.g. KL off). */
  emptyReason?: (c: RunConfig) => string | undefined;
}

export const COLORS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#db2777'];

export const CHARTS: ChartSpec[] = [
  {
    id: 'reward',
    title: 'Reward',
    help: 'Mean total reward of the step’s rollouts; the band is ± one std.',
    caption: 'mean ± std over the step’s rollouts',
    series: [{ key: 'reward', label: 'reward', color: COLORS[0] }],
    band: { label: '± std', low: (m) => m.reward - m.reward_std, high: (m) => m.reward + m.reward_std },
  },
  {
    id: 'reward-std',
    title: 'Reward std',
    help: 'Spread of rewards in the batch: GRPO learns only where rewards differ.',
    caption: 'spread of rewards in the batch',
    series: [{ key: 'reward_std', label: 'reward_std', color: COLORS[3] }],
  },
  {
    id: 'zero-std',
    title: 'Zero-std groups',
    help: 'Fraction of groups whose rewards are all equal (no signal), split into all-correct and all-wrong.',
    series: [
      { key: 'frac_reward_zero_std', label: 'zero std', color: '#475569', dashed: true },
      { key: 'frac_groups_all_correct', label: 'all correct', color: COLORS[2] },
      { key: 'frac_groups_all_wrong', label: 'all wrong', color: COLORS[4] },
    ],
    domain: [0, 1],
  },
  {
    id: 'entropy',
    title: 'Entropy',
    help: 'Mean per-token entropy of the sampling policy (nats). Collapsing entropy = less exploration.',
    caption: 'nats per completion token',
    series: [{ key: 'entropy', label: 'entropy', color: COLORS[5] }],
  },
  {
    id: 'kl',
    title: 'KL to reference',
    help: 'k3 estimate of KL(π‖π_ref) to the frozen starting policy, per token.',
    caption: 'k3 estimate, per token',
    series: [{ key: 'kl', label: 'kl', color: COLORS[1] }],
    domain: [0, 0.01],
    emptyReason: (c) => (c.objective.klCoef > 0 ? undefined : 'KL is off (β = 0): no reference policy is kept.'),
  },
  {
    id: 'clip',
    title: 'Clip ratio',
    help: 'Fraction of tokens whose ratio was clipped below (low) or above (high) the trust region.',
    series: [
      { key: 'clip_ratio/low_mean', label: 'low', color: COLORS[4] },
      { key: 'clip_ratio/high_mean', label: 'high', color: COLORS[0] },
    ],
    domain: [0, 0.05],
  },
  {
    id: 'length',
    title: 'Completion length',
    help: 'Mean completion length in characters; the band spans min to max.',
    caption: 'characters; band = min–max',
    series: [{ key: 'completions/mean_length', label: 'mean length', color: COLORS[6] }],
    band: { label: 'min–max', low: (m) => m['completions/min_length'], high: (m) => m['completions/max_length'] },
  },
  {
    id: 'loss',
    title: 'Loss',
    help: 'Total loss and the policy-gradient part of it.',
    series: [
      { key: 'loss', label: 'loss', color: COLORS[3] },
      { key: 'policy_loss', label: 'policy', color: COLORS[5] },
    ],
  },
  {
    id: 'eval',
    title: 'Eval pass@1',
    help: 'Greedy accuracy on held-out problems, every “eval every” steps.',
    caption: 'greedy, held-out problems',
    series: [{ key: 'eval/pass@1', label: 'pass@1', color: COLORS[2] }],
    domain: [0, 1],
    emptyReason: (c) => (c.evalEvery > 0 ? `First evaluation at step ${c.evalEvery}.` : 'Evaluation is off (eval every = 0).'),
  },
];

const EXPERT_KEY = /^expert\/(.+)\/reward$/;

/** The per-expert reward chart: one series per expert id seen in the history. */
export function expertChart(history: readonly HistoryPoint[]): ChartSpec {
  const ids: string[] = [];
  for (const h of history) for (const k of Object.keys(h.metrics)) {
    const m = EXPERT_KEY.exec(k);
    if (m && !ids.includes(m[1])) ids.push(m[1]);
  }
  return {
    id: 'experts',
    title: 'Reward per expert',
    help: 'Mean reward of each expert prompt’s rollouts.',
    series: ids.map((id, i) => ({ key: `expert/${id}/reward`, label: id, color: COLORS[i % COLORS.length] })),
    emptyReason: (c) => (c.experts.enabled ? undefined : 'Experts are off: one prompt style per group.'),
  };
}

export type Row = Record<string, number | [number, number] | undefined>;

export interface ChartData {
  rows: Row[];
  /** Axis ticks computed here, so Recharts never measures tick labels in the DOM (a forced layout each time). */
  xTicks: number[];
  xDomain: [number, number];
  yTicks: number[];
  yDomain: [number, number];
  /** Steps with a value for the chart's first series (what a test calls "K points"). */
  points: number;
  latest: Record<string, number>;
}

const MAX_ROWS = 600;

/**
 * Rows for one chart: only steps where the chart has data (sparse eval stays sparse), smoothed values under the
 * series key and raw values under `${key}__raw`, the band as a [low, high] pair. Long runs are thinned for drawing.
 */
export function chartData(spec: ChartSpec, history: readonly HistoryPoint[], smoothing: number): ChartData {
  // Every chart spans the run's whole step range, so sparse charts (eval) line up with the dense ones.
  const runFirst = history[0]?.step ?? 0;
  const runLast = history[history.length - 1]?.step ?? 1;
  const keys = spec.series.map((s) => s.key);
  const present = history.filter((h) => keys.some((k) => Number.isFinite(h.metrics[k])));
  const latest: Record<string, number> = {};
  const last = present[present.length - 1];
  if (last) for (const k of keys) latest[k] = last.metrics[k];
  const smoothed: Record<string, number[]> = {};
  for (const k of keys) smoothed[k] = smooth(present.map((h) => h.metrics[k]), smoothing);
  let rows: Row[] = present.map((h, i) => {
    const row: Row = { step: h.step };
    for (const k of keys) {
      const raw = h.metrics[k];
      row[`${k}__raw`] = Number.isFinite(raw) ? raw : undefined;
      const s = smoothed[k][i];
      row[k] = Number.isFinite(s) ? s : undefined;
    }
    if (spec.band) {
      const lo = spec.band.low(h.metrics);
      const hi = spec.band.high(h.metrics);
      if (Number.isFinite(lo) && Number.isFinite(hi)) row.band = [lo, hi];
    }
    return row;
  });
  if (rows.length > MAX_ROWS) {
    const every = Math.ceil(rows.length / MAX_ROWS);
    rows = rows.filter((_, i) => i % every === 0 || i === rows.length - 1);
  }
  const points = keys.length ? history.filter((h) => Number.isFinite(h.metrics[keys[0]])).length : 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    for (const k of keys) {
      for (const v of [r[k], r[`${k}__raw`]]) {
        if (typeof v === 'number') {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (Array.isArray(r.band)) {
      lo = Math.min(lo, r.band[0]);
      hi = Math.max(hi, r.band[1]);
    }
  }
  if (spec.domain) {
    lo = Math.min(lo, spec.domain[0]);
    hi = Math.max(hi, spec.domain[1]);
  }
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  const yTicks = niceTicks(lo, hi, 4);
  const lastStep = Math.max(runLast, runFirst + 1);
  const xTicks = niceTicks(runFirst, lastStep, 5, true).filter((t) => t >= runFirst && t <= lastStep);
  return { rows, points, latest, xTicks, xDomain: [runFirst, lastStep], yTicks, yDomain: [yTicks[0], yTicks[yTicks.length - 1]] };
}

/** About `count` round tick values covering [lo, hi] (1, 2, 2.5 or 5 times a power of ten). */
export function niceTicks(lo: number, hi: number, count: number, integer = false): number[] {
  if (hi - lo < 1e-12) {
    const pad = Math.abs(lo) > 1e-12 ? Math.abs(lo) * 0.1 : 0.5;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((st) => st >= raw) ?? 10 * mag;
  if (integer) step = Math.max(1, Math.ceil(step));
  const start = Math.floor(lo / step) * step;
  const ticks: number[] = [];
  for (let t = start; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  if (ticks[ticks.length - 1] < hi) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}
