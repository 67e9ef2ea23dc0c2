// The live metric charts, one point per step, with the smoothing slider. Rows are rebuilt only when the history
// or the smoothing changes; each chart is memoised on its own rows.
import { memo, startTransition, useEffect, useMemo, useRef, useState } from 'react';
import type { RunConfig } from '../engine/config';
import { CHARTS, chartData, expertChart, type ChartData, type ChartSpec } from './chartSpecs';
import { MetricChart } from './MetricChart';
import type { HistoryPoint, LiveEdit } from './store';
import { useStore } from './useRun';

interface Props {
  history: readonly HistoryPoint[];
  smoothing: number;
  config: RunConfig;
  liveEdits: readonly LiveEdit[];
  running: boolean;
}

/** Minimum time between two chart updates while training (one chart each, round-robin): ~7 charts per second.
 *  While nothing trains, one chart per animation frame. */
const CHART_SLOT_MS = 140;

/**
 * Hand new chart data to the charts one chart at a time, round-robin, at most one per CHART_SLOT_MS. A Recharts
 * update (render, commit, then store dispatches from its effects that re-render it) costs 5-10 ms of CPU on a
 * fast machine but several times that on a busy 2-core one while the worker trains; updating every chart in
 * one frame made 100+ ms main-thread tasks. One chart per slot keeps every task short and leaves idle time.
 */
function useStaggered<T>(items: readonly T[], slotMs: number): readonly T[] {
  const [shown, setShown] = useState(items);
  const shownRef = useRef(items);
  const latest = useRef(items);
  const cursor = useRef(0);
  const lastUpdate = useRef(0);
  latest.current = items;
  useEffect(() => {
    let raf = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const tick = () => {
      raf = 0;
      const wait = lastUpdate.current + slotMs - performance.now();
      if (wait > 0) {
        timer = setTimeout(() => {
          timer = null;
          raf = requestAnimationFrame(tick);
        }, wait);
        return;
      }
      const cur = latest.current;
      const prev = shownRef.current;
      let next: readonly T[];
      if (prev.length !== cur.length) {
        next = cur;
      } else {
        let i = -1;
        for (let k = 0; k < cur.length; k++) {
          const j = (cursor.current + k) % cur.length;
          if (prev[j] !== cur[j]) {
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
      shownRef.current = next;
      startTransition(() => setShown(next));
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(raf);
      if (timer) clearTimeout(timer);
    };
  }, [items, slotMs]);
  return shown;
}

function ChartGridImpl({ history, smoothing, config, liveEdits, running }: Props) {
  const store = useStore();
  const charts = useMemo(() => {
    const specs: ChartSpec[] = [...CHARTS];
    const experts = expertChart(history);
    if (config.experts.enabled || experts.series.length) specs.push(experts);
    return specs.map((spec) => ({ spec, data: chartData(spec, history, smoothing) as ChartData }));
  }, [history, smoothing, config.experts.enabled]);
  const shown = useStaggered(charts, running ? CHART_SLOT_MS : 0);

  return (
    <section className="panel charts-panel" aria-label="Training metrics">
      <header className="panel-head">
        <h2>Metrics</h2>
        <span className="panel-sub">
          {config.task} · {config.modelSize} · {config.preset} · seed {config.seed} · {history.length ? `${history.length} step${history.length === 1 ? '' : 's'}` : 'no steps yet'}
          {liveEdits.length ? ` · settings changed mid-run at step ${liveEdits.map((e) => e.step).join(', ')}` : ''}
        </span>
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
      <div className="chart-grid">
        {shown.map(({ spec, data }) => (
          <MetricChart key={spec.id} spec={spec} data={data} smoothing={smoothing} empty={spec.emptyReason?.(config)} />
        ))}
      </div>
    </section>
  );
}

export const ChartGrid = memo(ChartGridImpl);
