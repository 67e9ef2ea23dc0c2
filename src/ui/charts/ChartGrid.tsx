// The live metric charts, one point per step, with the smoothing slider and the x-axis toggle. Every visible run
// is overlaid (one line per run, in its colour); an open lesson puts its charts first and stars them. Rows are
// rebuilt only when the runs, the smoothing or the axis change; each chart is memoised on its own rows.
import './ChartGrid.css';
import { memo, startTransition, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { RunConfig } from '../../engine/config';
import { getLesson } from '../../share/lessons';
import { dashFor } from '../../share/run-colors';
import { CHARTS, chartData, chartFor, expertChart, metricChart, type ChartData, type ChartSpec, type RunSeries } from './chartSpecs';
import { methodChartKey, methodChartsFromKey } from './methodCharts';
import { MetricChart } from './MetricChart';
import type { LiveEdit, RunEntry, XAxis } from '../state/store';
import { useStore } from '../state/useRun';

interface Props {
  runs: readonly RunEntry[];
  /** The current run (variant 0 of the live session). */
  currentId: string | null;
  smoothing: number;
  xAxis: XAxis;
  config: RunConfig;
  liveEdits: readonly LiveEdit[];
  running: boolean;
  lessonId: string | null;
}

/** Minimum time between two chart updates while training (one chart each, round-robin): ~7 charts per second.
 *  While nothing trains, one chart per animation frame. */
const CHART_SLOT_MS = 140;

/**
 * Hand new chart data to the charts one chart at a time, round-robin, at most one per CHART_SLOT_MS. When the
 * charts were Recharts, updating every chart in one frame made 100+ ms main-thread tasks; the SVG charts
 * (SvgPlot.tsx) cost far less, but each hand-over still costs a style, layout and paint pass of the page, so one
 * chart per slot keeps every frame short and leaves idle time on a busy 2-core machine.
 * A change in the set or order of charts is handed over at once.
 */
function useStaggered<T>(items: readonly T[], slotMs: number, keyOf: (t: T) => string, onScreen: OnScreen): readonly T[] {
  const [shown, setShown] = useState(items);
  const shownRef = useRef(items);
  const latest = useRef(items);
  const cursor = useRef(0);
  const lastUpdate = useRef(0);
  // How long the last hand-over took to render and commit: the next one starts at least three times that later, so charts
  // never take more than about a third of the main thread, however slow the machine is right now.
  const startedAt = useRef(0);
  const lastCost = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per committed hand-over, which `shown` marks
  useLayoutEffect(() => {
    if (!startedAt.current) return;
    lastCost.current = performance.now() - startedAt.current;
    startedAt.current = 0;
  }, [shown]);
  latest.current = items;
  // biome-ignore lint/correctness/useExhaustiveDependencies: new items (read through `latest`) restart the hand-over loop
  useEffect(() => {
    let raf = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const tick = () => {
      raf = 0;
      const cur = latest.current;
      const prev = shownRef.current;
      const reordered = prev.length !== cur.length || prev.some((p, i) => keyOf(p) !== keyOf(cur[i]));
      const wait = lastUpdate.current + (slotMs > 0 ? Math.max(slotMs, 3 * lastCost.current) : 0) - performance.now();
      if (wait > 0 && !reordered) {
        timer = setTimeout(() => {
          timer = null;
          raf = requestAnimationFrame(tick);
        }, wait);
        return;
      }
      let next: readonly T[];
      if (reordered) {
        next = cur;
      } else {
        // While training, charts scrolled out of view wait: they get their data when they come into view (or
        // when training stops), so the main thread draws only what someone can see.
        const visible = slotMs > 0 ? onScreen.ids : null;
        let i = -1;
        for (let k = 0; k < cur.length; k++) {
          const j = (cursor.current + k) % cur.length;
          if (prev[j] !== cur[j] && (!visible || visible.has(keyOf(cur[j])))) {
            i = j;
            break;
          }
        }
        if (i < 0) return;
        cursor.current = (i + 1) % cur.length;
        const copy = prev.slice();
        copy[i] = cur[i];
        next = copy;
      }
      lastUpdate.current = performance.now();
      startedAt.current = lastUpdate.current;
      shownRef.current = next;
      startTransition(() => setShown(next));
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(raf);
      if (timer) clearTimeout(timer);
    };
  }, [items, slotMs, keyOf, onScreen]);
  return shown;
}

/** The chart ids in view now; a new object each time the set changes (so effects that read it re-run). */
interface OnScreen {
  ids: ReadonlySet<string>;
}

/** Which charts (figures with data-testid="chart-<id>") inside `root` are in the viewport, kept by an IntersectionObserver. */
function useChartsOnScreen(root: React.RefObject<HTMLElement | null>): OnScreen {
  const [onScreen, setOnScreen] = useState<OnScreen>({ ids: new Set() });
  useEffect(() => {
    const el = root.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const ids = new Set<string>();
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const id = (e.target as HTMLElement).dataset.testid?.slice('chart-'.length);
          if (!id) continue;
          if (e.isIntersecting) ids.add(id);
          else ids.delete(id);
        }
        setOnScreen({ ids: new Set(ids) });
      },
      { rootMargin: '100px 0px' },
    );
    // Charts come and go (the experts chart, a lesson's charts): observe every figure the grid holds.
    const observeAll = () => {
      for (const f of el.querySelectorAll('[data-testid^="chart-"]')) io.observe(f);
    };
    observeAll();
    const mo = new MutationObserver(observeAll);
    mo.observe(el, { childList: true });
    return () => {
      io.disconnect();
      mo.disconnect();
    };
  }, [root]);
  return onScreen;
}

/** A number per object, so a signature can tell a replaced history point (same step, new metrics) from the old one. */
const ids = new WeakMap<object, number>();
let nextId = 1;
function identity(o: object | undefined): number {
  if (!o) return 0;
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}

interface ChartItem {
  spec: ChartSpec;
  readonly data: ChartData;
  watch?: string;
}

/**
 * An item whose rows are built on first read: while training, only the chart being handed over reads its data, so a
 * step costs one chart's rows (O(steps)) instead of every chart's; charts out of view build theirs when seen.
 */
function lazyItem(spec: ChartSpec, watch: string | undefined, build: () => ChartData): ChartItem {
  let data: ChartData | undefined;
  return {
    spec,
    watch,
    get data() {
      data ??= build();
      return data;
    },
  };
}

const itemKey = (c: ChartItem) => c.spec.id;

function ChartGridImpl({ runs, currentId, smoothing, xAxis, config, liveEdits, running, lessonId }: Props) {
  const store = useStore();
  const [metricFor, setMetricFor] = useState<Record<string, string>>({});
  const onMetric = useCallback((id: string, metric: string) => setMetricFor((m) => ({ ...m, [id]: metric })), []);
  const series: RunSeries[] = useMemo(
    () =>
      runs
        .map((r, i) => ({ r, i }))
        .filter(({ r }) => r.visible)
        .map(({ r, i }) => ({ id: r.id, name: r.name, color: r.color, dash: dashFor(i), history: r.history, current: r.id === currentId })),
    [runs, currentId],
  );
  const lesson = lessonId ? getLesson(lessonId) : undefined;
  // What the charts draw from the runs: their identity, style, name and steps (histories only grow or are replaced).
  const seriesSig = series
    .map(
      (s) => `${s.id}:${s.color}:${s.dash ?? ''}:${s.name}:${s.current}:${s.history.length}:${identity(s.history[s.history.length - 1])}`,
    )
    .join(';');
  const itemCache = useRef(new Map<string, { sig: string; item: ChartItem }>());
  const methodKey = methodChartKey(config);
  const charts = useMemo(() => {
    const specs: ChartSpec[] = [...CHARTS, ...methodChartsFromKey(methodKey)];
    const experts = expertChart(series.map((s) => s.history));
    if (config.experts.enabled || experts.series.length) specs.push(experts);
    const watch = new Map<string, string>();
    const pick: Record<string, string> = {};
    const first: ChartSpec[] = [];
    if (lesson) {
      for (const key of lesson.charts) {
        const expect = lesson.watch.find((w) => w.chart === key)?.expect;
        const host = chartFor(key, specs);
        const spec = host ?? metricChart(key, expect);
        if (first.includes(spec)) continue;
        if (host && first.some((f) => f.id === host.id)) continue;
        first.push(spec);
        watch.set(spec.id, expect ?? `The lesson watches ${key}.`);
        if (host) pick[host.id] = key;
      }
    }
    const ordered = [...first, ...specs.filter((s) => !first.includes(s))];
    // A store change that brings no new step (status, a notice, the inspector's groups) keeps each chart's item, so
    // the chart neither recomputes its rows nor redraws: at most one redraw per arriving step.
    const prev = itemCache.current;
    const next = new Map<string, { sig: string; item: ChartItem }>();
    const out = ordered.map((spec) => {
      const metric = metricFor[spec.id] ?? pick[spec.id];
      const sig = `${seriesSig}|${smoothing}|${xAxis}|${metric ?? ''}|${watch.get(spec.id) ?? ''}`;
      const old = prev.get(spec.id);
      const item =
        old && old.sig === sig && old.item.spec === spec
          ? old.item
          : lazyItem(spec, watch.get(spec.id), () => chartData(spec, series, smoothing, xAxis, metric));
      next.set(spec.id, { sig, item });
      return item;
    });
    itemCache.current = next;
    return out;
  }, [series, seriesSig, smoothing, xAxis, config.experts.enabled, methodKey, lesson, metricFor]);
  const gridRef = useRef<HTMLDivElement>(null);
  const onScreen = useChartsOnScreen(gridRef);
  const shown = useStaggered(charts, running ? CHART_SLOT_MS : 0, itemKey, onScreen);
  const current = runs.find((r) => r.id === currentId);
  const steps = current?.history.length ?? 0;
  const hidden = runs.length - series.length;

  return (
    <section className="panel charts-panel" aria-label="Training metrics">
      <header className="panel-head">
        <h2>Metrics</h2>
        <span className="panel-sub">
          {series.length > 1
            ? `${series.length} runs overlaid${hidden ? ` (${hidden} hidden)` : ''} · one line per run, in its colour`
            : `${config.task} · ${config.modelSize} · ${config.preset} · seed ${config.seed} · ${steps ? `${steps} step${steps === 1 ? '' : 's'}` : 'no steps yet'}`}
          {liveEdits.length ? ` · settings changed mid-run at step ${liveEdits.map((e) => e.step).join(', ')}` : ''}
        </span>
        <div className="segmented" role="group" aria-label="x axis">
          {(['step', 'time'] as const).map((x) => (
            <button
              key={x}
              type="button"
              className={xAxis === x ? 'is-on' : ''}
              aria-pressed={xAxis === x}
              onClick={() => store.setXAxis(x)}
              data-testid={`x-axis-${x}`}
              title={x === 'time' ? 'x axis: wall time (cumulative step_time, delays not counted)' : 'x axis: training step'}
            >
              {x === 'step' ? 'Step' : 'Wall time'}
            </button>
          ))}
        </div>
        <label className="smoothing">
          <span>Smoothing</span>
          <input
            type="range"
            min={0}
            max={0.99}
            step={0.01}
            value={smoothing}
            aria-label="Smoothing (exponential moving average weight)"
            onChange={(e) => store.setSmoothing(Number(e.target.value))}
          />
          <output>{smoothing.toFixed(2)}</output>
        </label>
      </header>
      <div className="chart-grid" data-testid="chart-grid" ref={gridRef}>
        {shown.map(({ spec, data, watch }) => (
          <MetricChart
            key={spec.id}
            spec={spec}
            data={data}
            smoothing={smoothing}
            empty={spec.emptyReason?.(config)}
            watch={watch}
            onMetric={onMetric}
          />
        ))}
      </div>
    </section>
  );
}

export const ChartGrid = memo(ChartGridImpl);
