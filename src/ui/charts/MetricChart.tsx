// One live metric chart: smoothed lines over faint raw lines, an optional band, a synced hover readout. One run:
// every series of the chart; several runs: one line per run in its colour, for the metric picked in the header.
// The component is memoised on its rows, and the plot is plain SVG (SvgPlot.tsx), so a new step costs one cheap update.
import './MetricChart.css';
import { countRender } from './renderStats';
import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import type { ChartData, ChartSpec } from './chartSpecs';
import { formatNumber } from '../knobs';
import { downloadChartPng } from './chartImage';
import { SvgPlot } from './SvgPlot';

interface Props {
  spec: ChartSpec;
  data: ChartData;
  smoothing: number;
  empty?: string;
  /** A lesson asks to watch this chart: what to expect. */
  watch?: string;
  /** Pick the metric shown when several runs overlay (charts with several series). */
  onMetric?: (chartId: string, metric: string) => void;
  /** Draw y = 0 (difference charts). */
  zeroLine?: boolean;
}

/** Tick labels with just enough decimals for the tick spacing (4.0355 / 4.036 / 4.0365, not 4.036 three times). */
function tickFormatter(ticks: readonly number[]): (v: number) => string {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 1;
  const big = Math.max(...ticks.map(Math.abs));
  if (big >= 1e4 || (big > 0 && big < 1e-3 && step < 1e-4)) return (v) => formatNumber(v);
  const decimals = Math.min(
    6,
    Math.max(0, Math.ceil(-Math.log10(step) - 1e-9) + (Math.abs(step * 10 ** Math.ceil(-Math.log10(step) - 1e-9) - 2.5) < 1e-6 ? 1 : 0)),
  );
  return (v) => (Math.abs(v) < step * 1e-6 ? '0' : v.toFixed(decimals));
}

const PLOT_HEIGHT = 132;

function MetricChartImpl({ spec, data, smoothing, empty, watch, onMetric, zeroLine }: Props) {
  // Counted per commit (a redraw of the SVG), not per call: a transition render that React discards and redoes is
  // not a redraw, and how often that happens depends on the machine's timing.
  useLayoutEffect(() => countRender(spec.id));
  const { yTicks, lines } = data;
  const tickFormat = useMemo(() => tickFormatter(yTicks), [yTicks]);
  // Room for the longest tick label (10 px monospace-ish digits are ~6 px wide).
  const yWidth = useMemo(
    () => Math.min(72, Math.max(30, 10 + 6 * Math.max(...yTicks.map((t) => tickFormat(t).length)))),
    [yTicks, tickFormat],
  );
  const figure = useRef<HTMLElement>(null);
  const first = lines[0];
  const latest = data.overlay ? undefined : first ? data.latest[first.key] : undefined;
  const pickable = data.overlay && spec.series.length > 1 && onMetric;
  return (
    <figure
      ref={figure}
      className={`chart${watch ? ' is-watched' : ''}`}
      data-testid={`chart-${spec.id}`}
      data-points={data.points}
      data-series={data.runsDrawn}
      data-lines={lines.length}
      aria-label={`${spec.title} chart, ${data.points} points${data.overlay ? `, ${data.runsDrawn} runs` : ''}`}
    >
      <figcaption className="chart-head">
        <span className="chart-title" title={spec.help}>
          {watch ? (
            <span className="watch-star" title={`Lesson: ${watch}`} aria-label="watched by the lesson">
              ★
            </span>
          ) : null}
          {spec.title}
        </span>
        <span className="chart-tools">
          <span className="chart-latest" title="latest value">
            {latest !== undefined && Number.isFinite(latest) ? formatNumber(latest) : data.overlay ? '' : '–'}
          </span>
          <button
            type="button"
            className="chart-png icon-button"
            title="Download this chart as PNG"
            aria-label={`Download the ${spec.title} chart as PNG`}
            onClick={() => figure.current && void downloadChartPng(figure.current, spec.title)}
          >
            ⤓
          </button>
        </span>
        <span className="chart-sub">
          {pickable ? (
            <select
              className="chart-metric"
              value={data.metric}
              aria-label={`Metric shown on the ${spec.title} chart`}
              onChange={(e) => onMetric(spec.id, e.target.value)}
            >
              {spec.series.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.label}
                </option>
              ))}
            </select>
          ) : data.overlay ? (
            <span className="chart-caption">{spec.series.length === 1 ? (spec.caption ?? data.metric) : data.metric}</span>
          ) : spec.series.length > 1 ? (
            spec.series.map((s) => (
              <span key={s.key} className="legend-item">
                <span className={`swatch${s.dashed ? ' swatch-dashed' : ''}`} style={{ background: s.color }} />
                {s.label}
              </span>
            ))
          ) : (
            (spec.caption ?? '')
          )}
        </span>
      </figcaption>
      <div className="chart-body">
        {/* The plot is mounted even while empty (axes and grid show), so the layout does not jump at the first step. */}
        <SvgPlot
          spec={spec}
          data={data}
          height={PLOT_HEIGHT}
          yWidth={yWidth}
          tickFormat={tickFormat}
          showRaw={smoothing > 0}
          zeroLine={zeroLine}
        />
        {data.rows.length === 0 ? <div className="chart-empty">{empty ?? 'Waiting for the first step…'}</div> : null}
      </div>
    </figure>
  );
}

export const MetricChart = memo(MetricChartImpl);
