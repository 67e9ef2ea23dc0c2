// Which metrics each chart shows, under TRL's names, and how the rows for Recharts are built: one run shows every
// series of a chart in the chart's own colours; several runs overlay one metric of the chart per run, in the run's
// colour (the current run keeps its band). The x axis is the step or the wall time (cumulative step_time).
import type { RunConfig } from '../../engine/config';
import type { HistoryPoint, XAxis } from '../state/store';
import { smooth } from '../../share/smoothing';
import { niceTicks } from './axisFormat';

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
    help:
      'Fraction of groups whose rewards are all equal, split into all-correct and all-wrong, and the share of rollouts whose ' +
      'advantage is exactly 0 (adv/zero_frac: no gradient). Compare methods on adv/zero_frac and all-wrong: zero std is not ' +
      'comparable across methods (NGRPO and GDPO give zero-std groups a non-zero advantage; a format reward makes std non-zero without any right answer).',
    series: [
      { key: 'frac_reward_zero_std', label: 'zero std', color: '#475569', dashed: true },
      { key: 'adv/zero_frac', label: 'zero advantage', color: COLORS[1], dashed: true },
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
    help: 'Greedy accuracy on held-out problems, every “eval every” steps, with the default (first) expert prompt; best expert counts a problem when any expert prompt solves it.',
    caption: 'greedy, held-out problems',
    series: [
      { key: 'eval/pass@1', label: 'default expert', color: COLORS[2] },
      { key: 'eval/best_expert_pass@1', label: 'best expert', color: COLORS[0], dashed: true },
    ],
    domain: [0, 1],
    emptyReason: (c) => (c.evalEvery > 0 ? `First evaluation at step ${c.evalEvery}.` : 'Evaluation is off (eval every = 0).'),
  },
];

const EXPERT_KEY = /^expert\/(.+)\/reward$/;

/** The per-expert reward chart: one series per expert id seen in any of the histories. */
export function expertChart(histories: ReadonlyArray<readonly HistoryPoint[]>): ChartSpec {
  const ids: string[] = [];
  for (const history of histories) {
    // Expert ids are the same every step: the first and last steps are enough.
    for (const h of [history[0], history[history.length - 1]]) {
      if (!h) continue;
      for (const k of Object.keys(h.metrics)) {
        const m = EXPERT_KEY.exec(k);
        if (m && !ids.includes(m[1])) ids.push(m[1]);
      }
    }
  }
  return {
    id: 'experts',
    title: 'Reward per expert',
    help: 'Mean reward of each expert prompt’s rollouts.',
    series: ids.map((id, i) => ({ key: `expert/${id}/reward`, label: id, color: COLORS[i % COLORS.length] })),
    emptyReason: (c) => (c.experts.enabled ? undefined : 'Experts are off: one prompt style per group.'),
  };
}

/** The chart that shows `metric`: a standard chart holding it as a series, else undefined. */
export function chartFor(metric: string, specs: readonly ChartSpec[]): ChartSpec | undefined {
  return specs.find((c) => c.series.some((s) => s.key === metric));
}

/** A one-metric chart for any logged metric (lesson metrics the standard grid has no chart for). */
export function metricChart(metric: string, help?: string): ChartSpec {
  return {
    id: `m-${metric.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`,
    title: metric,
    help: help ?? `The logged metric ${metric}.`,
    caption: 'lesson metric',
    series: [{ key: metric, label: metric, color: COLORS[0] }],
    emptyReason: () => `No run here logs ${metric} (it appears only with the knob that produces it).`,
  };
}

export type Row = Record<string, number | [number, number] | undefined>;

/** One run as the charts see it. */
export interface RunSeries {
  id: string;
  name: string;
  color: string;
  dash?: string;
  history: readonly HistoryPoint[];
  /** The run being trained (its band is drawn; its points are counted). */
  current: boolean;
}

/** One drawn line: its key in the rows, its label and style. */
export interface LineSpec {
  key: string;
  label: string;
  color: string;
  dash?: string;
  runId: string;
}

export interface ChartData {
  rows: Row[];
  lines: LineSpec[];
  /** Axis ticks computed here, so Recharts never measures tick labels in the DOM (a forced layout each time). */
  xTicks: number[];
  xDomain: [number, number];
  yTicks: number[];
  yDomain: [number, number];
  /** Steps with a value for the chart's first series in the current run (what a test calls "K points"). */
  points: number;
  /** Latest raw value per line key. */
  latest: Record<string, number>;
  /** Runs drawn with at least one point. */
  runsDrawn: number;
  /** The metric drawn when several runs overlay (one per run). */
  metric: string;
  overlay: boolean;
  xAxis: XAxis;
  /** Colour of the band (the current run's, or the chart's first series for one run). */
  bandColor: string;
}

const MAX_ROWS = 600;

interface LinePoints {
  xs: number[];
  raw: number[];
  smoothed: number[];
}

/** Cached per history array (immutable once handed to the UI): a finished run is computed once per setting. */
const lineCache = new WeakMap<readonly HistoryPoint[], Map<string, LinePoints>>();
const timeCache = new WeakMap<readonly HistoryPoint[], number[]>();

/** Seconds since the run started at each history point: the cumulative engine step_time (delays not counted). */
export function wallTimes(history: readonly HistoryPoint[]): number[] {
  let t = timeCache.get(history);
  if (!t) {
    let acc = 0;
    t = history.map((h) => {
      const dt = h.metrics.step_time;
      if (Number.isFinite(dt) && dt > 0) acc += dt;
      return acc;
    });
    timeCache.set(history, t);
  }
  return t;
}

function linePoints(history: readonly HistoryPoint[], metric: string, smoothing: number, xAxis: XAxis): LinePoints {
  let perRun = lineCache.get(history);
  if (!perRun) {
    perRun = new Map();
    lineCache.set(history, perRun);
  }
  const key = `${metric}|${smoothing}|${xAxis}`;
  let lp = perRun.get(key);
  if (!lp) {
    const times = xAxis === 'time' ? wallTimes(history) : null;
    const xs: number[] = [];
    const raw: number[] = [];
    history.forEach((h, i) => {
      const v = h.metrics[metric];
      if (!Number.isFinite(v)) return;
      xs.push(times ? times[i] : h.step);
      raw.push(v);
    });
    lp = { xs, raw, smoothed: smooth(raw, smoothing) };
    perRun.set(key, lp);
  }
  return lp;
}

/**
 * Rows for one chart: one row per x (step or seconds) where any line has data, smoothed values under the line key,
 * raw ones under `${key}__raw`, the current run's band as a [low, high] pair. Long runs are thinned for drawing.
 */
export function chartData(
  spec: ChartSpec,
  runs: readonly RunSeries[],
  smoothing: number,
  xAxis: XAxis = 'step',
  metric?: string,
): ChartData {
  const overlay = runs.length > 1;
  const chosen = metric && spec.series.some((s) => s.key === metric) ? metric : (spec.series[0]?.key ?? '');
  const current = runs.find((r) => r.current) ?? (overlay ? undefined : runs[0]);
  type Source = LineSpec & { metric: string; history: readonly HistoryPoint[] };
  const sources: Source[] = overlay
    ? runs.map((r, i) => ({ key: `r${i}`, label: r.name, color: r.color, dash: r.dash, runId: r.id, metric: chosen, history: r.history }))
    : spec.series.map((s, i) => ({
        key: `s${i}`,
        label: s.label,
        color: s.color,
        dash: s.dashed ? '4 3' : undefined,
        runId: runs[0]?.id ?? '',
        metric: s.key,
        history: runs[0]?.history ?? [],
      }));
  const byX = new Map<number, Row>();
  const rowAt = (x: number): Row => {
    let r = byX.get(x);
    if (!r) {
      r = { x };
      byX.set(x, r);
    }
    return r;
  };
  const latest: Record<string, number> = {};
  const drawn = new Set<string>();
  for (const src of sources) {
    const lp = linePoints(src.history, src.metric, smoothing, xAxis);
    for (let i = 0; i < lp.xs.length; i++) {
      const row = rowAt(lp.xs[i]);
      row[`${src.key}__raw`] = lp.raw[i];
      const sm = lp.smoothed[i];
      row[src.key] = Number.isFinite(sm) ? sm : undefined;
    }
    if (lp.raw.length) {
      latest[src.key] = lp.raw[lp.raw.length - 1];
      drawn.add(src.runId);
    }
  }
  const bandRun = spec.band && (!overlay || chosen === spec.series[0]?.key) ? current : undefined;
  if (spec.band && bandRun) {
    const times = xAxis === 'time' ? wallTimes(bandRun.history) : null;
    bandRun.history.forEach((h, i) => {
      const lo = spec.band!.low(h.metrics);
      const hi = spec.band!.high(h.metrics);
      if (Number.isFinite(lo) && Number.isFinite(hi)) rowAt(times ? times[i] : h.step).band = [lo, hi];
    });
  }
  let rows = [...byX.values()].sort((a, b) => (a.x as number) - (b.x as number));
  if (rows.length > MAX_ROWS) {
    const every = Math.ceil(rows.length / MAX_ROWS);
    rows = rows.filter((_, i) => i % every === 0 || i === rows.length - 1);
  }
  const firstKey = spec.series[0]?.key;
  const countRun = current ?? runs[0];
  let points = 0;
  if (firstKey && countRun) for (const h of countRun.history) if (Number.isFinite(h.metrics[firstKey])) points++;

  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    for (const src of sources) {
      for (const v of [r[src.key], r[`${src.key}__raw`]]) {
        if (typeof v === 'number') {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
    }
    if (Array.isArray(r.band)) {
      lo = Math.min(lo, r.band[0]);
      hi = Math.max(hi, r.band[1]);
    }
  }
  if (spec.domain && (!overlay || chosen === firstKey || spec.series.length > 1)) {
    lo = Math.min(lo, spec.domain[0]);
    hi = Math.max(hi, spec.domain[1]);
  }
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  const yTicks = niceTicks(lo, hi, 4);
  // Every chart spans the runs' whole x range, so sparse charts (eval) line up with the dense ones.
  let xLo = Infinity;
  let xHi = -Infinity;
  for (const r of runs) {
    if (!r.history.length) continue;
    if (xAxis === 'step') {
      xLo = Math.min(xLo, r.history[0].step);
      xHi = Math.max(xHi, r.history[r.history.length - 1].step);
    } else {
      const t = wallTimes(r.history);
      xLo = 0;
      xHi = Math.max(xHi, t[t.length - 1]);
    }
  }
  if (!Number.isFinite(xLo)) [xLo, xHi] = xAxis === 'step' ? [0, 1] : [0, 1];
  const xLast = xAxis === 'step' ? Math.max(xHi, xLo + 1) : Math.max(xHi, xLo + 1e-3);
  const xTicks = niceTicks(xLo, xLast, 5, xAxis === 'step').filter((t) => t >= xLo && t <= xLast + 1e-9);
  const lines: LineSpec[] = sources.map(({ key, label, color, dash, runId }) => ({ key, label, color, dash, runId }));
  return {
    rows,
    lines,
    points,
    latest,
    runsDrawn: overlay ? drawn.size : runs.length && drawn.size ? 1 : 0,
    metric: chosen,
    overlay,
    xAxis,
    bandColor: (overlay ? bandRun?.color : spec.series[0]?.color) ?? '#888',
    xTicks,
    xDomain: [xLo, xLast],
    yTicks,
    yDomain: [yTicks[0], yTicks[yTicks.length - 1]],
  };
}

export { formatSeconds, niceTicks } from './axisFormat';
