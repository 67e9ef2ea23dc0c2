// One live metric chart: smoothed lines over faint raw lines, an optional band, a synced hover readout. One run:
// every series of the chart; several runs: one line per run in its colour, for the metric picked in the header.
// Animations are off and the component is memoised on its rows, so a new step costs one cheap SVG update.
import './MetricChart.css';
import { countRender } from './renderStats';
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { formatSeconds, type ChartData, type ChartSpec, type Row } from './chartSpecs';
import { formatNumber } from '../knobs';
import { downloadChartPng } from './chartImage';

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

/** The row nearest to x that has a value for `key` (rows are sorted by x). */
function nearest(rows: readonly Row[], x: number, key: string): Row | undefined {
  let best: Row | undefined;
  let dist = Infinity;
  for (const r of rows) {
    if (typeof r[`${key}__raw`] !== 'number') continue;
    const d = Math.abs((r.x as number) - x);
    if (d < dist) {
      dist = d;
      best = r;
    }
  }
  return best;
}

function xLabel(data: ChartData, x: number): string {
  return data.xAxis === 'time' ? `t = ${formatSeconds(x)}` : `step ${x}`;
}

function Readout({ active, label, spec, data }: TooltipContentProps<number, string> & { spec: ChartSpec; data: ChartData }) {
  if (!active || typeof label !== 'number') return null;
  const x = label;
  const exact = data.rows.find((r) => r.x === x);
  return (
    <div className="readout">
      <div className="readout-step">
        {xLabel(data, x)}
        {data.overlay ? <span className="readout-metric"> · {data.metric}</span> : null}
      </div>
      {data.lines.map((l) => {
        const row =
          exact && typeof exact[`${l.key}__raw`] === 'number' ? exact : data.xAxis === 'time' ? nearest(data.rows, x, l.key) : undefined;
        const raw = row?.[`${l.key}__raw`];
        const sm = row?.[l.key];
        if (typeof raw !== 'number') return null;
        return (
          <div key={l.key} className="readout-row">
            <span className="swatch" style={{ background: l.color }} />
            <span className="readout-label">{l.label}</span>
            <span className="readout-value">{formatNumber(raw)}</span>
            {typeof sm === 'number' && sm !== raw ? <span className="readout-smooth">({formatNumber(sm)} smoothed)</span> : null}
          </div>
        );
      })}
      {spec.band && exact && Array.isArray(exact.band) ? (
        <div className="readout-row readout-band">
          {spec.band.label}: {formatNumber(exact.band[0])} … {formatNumber(exact.band[1])}
        </div>
      ) : null}
    </div>
  );
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

// Recharts 3 keeps chart settings in a store and re-dispatches whenever a prop changes identity, so every
// prop that does not depend on the data is a module constant or memoised: an update then only carries the
// new rows and ticks.
const STYLE = { width: '100%', height: 132 } as const;
const MARGIN = { top: 6, right: 10, bottom: 0, left: 0 } as const;
const TICK = { fontSize: 10 } as const;
const CURSOR = { stroke: 'var(--axis)', strokeDasharray: '3 3' } as const;
const ACTIVE_DOT = { r: 3 } as const;
const FEW_DOT = { r: 2 } as const;
const formatTime = (v: number) => formatSeconds(v);

/** The previous array when the new one has the same values: a new identity would make Recharts re-register the axis. */
function useStable<T extends readonly unknown[]>(value: T): T {
  const ref = useRef(value);
  const prev = ref.current;
  if (prev !== value && (prev.length !== value.length || prev.some((v, i) => v !== value[i]))) ref.current = value;
  return ref.current;
}

/** Same for the lines: a new identity only when a line's key, label or style changed. */
function useStableLines(lines: ChartData['lines']): ChartData['lines'] {
  const ref = useRef(lines);
  const prev = ref.current;
  const same =
    prev.length === lines.length &&
    prev.every((l, i) => l.key === lines[i].key && l.color === lines[i].color && l.dash === lines[i].dash && l.label === lines[i].label);
  if (!same) ref.current = lines;
  return ref.current;
}

function MetricChartImpl({ spec, data, smoothing, empty, watch, onMetric, zeroLine }: Props) {
  // Counted per commit (a redraw of the SVG), not per call: a transition render that React discards and redoes is
  // not a redraw, and how often that happens depends on the machine's timing.
  useLayoutEffect(() => countRender(spec.id));
  const xTicks = useStable(data.xTicks);
  const yTicks = useStable(data.yTicks);
  const yDomain = useStable(data.yDomain);
  const xDomain = useStable(data.xDomain);
  const lines = useStableLines(data.lines);
  const tickFormat = useMemo(() => tickFormatter(yTicks), [yTicks]);
  // Room for the longest tick label (10 px monospace-ish digits are ~6 px wide).
  const yWidth = useMemo(
    () => Math.min(72, Math.max(30, 10 + 6 * Math.max(...yTicks.map((t) => tickFormat(t).length)))),
    [yTicks, tickFormat],
  );
  const showRaw = smoothing > 0;
  const few = data.rows.length < 3;
  // The band belongs to the current run: in overlay mode it is drawn in that run's colour.
  const currentColor = data.bandColor;
  const series = useMemo(
    () => (
      <>
        {spec.band ? (
          <Area
            dataKey="band"
            stroke="none"
            fill={currentColor}
            fillOpacity={0.12}
            isAnimationActive={false}
            activeDot={false}
            connectNulls
          />
        ) : null}
        {showRaw
          ? lines.map((l) => (
              <Line
                key={`${l.key}-raw`}
                dataKey={`${l.key}__raw`}
                stroke={l.color}
                strokeOpacity={0.25}
                strokeWidth={1}
                dot={false}
                activeDot={false}
                isAnimationActive={false}
                connectNulls
              />
            ))
          : null}
        {lines.map((l) => (
          <Line
            key={l.key}
            className="series-line"
            dataKey={l.key}
            name={l.label}
            stroke={l.color}
            strokeWidth={1.8}
            strokeDasharray={l.dash}
            dot={few ? FEW_DOT : false}
            activeDot={ACTIVE_DOT}
            isAnimationActive={false}
            connectNulls
          />
        ))}
      </>
    ),
    [spec, showRaw, few, lines, currentColor],
  );
  // The hover readout is mounted only while the pointer is over the chart: a mounted Recharts Tooltip adds its
  // selectors to every data update, which is most of the cost of a chart update while training.
  const [hover, setHover] = useState(false);
  const tooltip = useMemo(
    () =>
      hover ? (
        <Tooltip
          isAnimationActive={false}
          content={(p) => <Readout {...(p as TooltipContentProps<number, string>)} spec={spec} data={data} />}
          cursor={CURSOR}
        />
      ) : null,
    [hover, spec, data],
  );
  const grid = useMemo(() => <CartesianGrid stroke="var(--grid)" vertical={false} />, []);
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
      <div className="chart-body" onPointerEnter={() => setHover(true)} onPointerLeave={() => setHover(false)}>
        {/* The chart is mounted even while empty: mounting costs more than updating, so it happens at page load. */}
        <ComposedChart responsive style={STYLE} data={data.rows} margin={MARGIN}>
          {grid}
          <XAxis
            dataKey="x"
            type="number"
            domain={xDomain}
            allowDataOverflow
            ticks={xTicks}
            interval={0}
            tick={TICK}
            tickLine={false}
            stroke="var(--axis)"
            tickFormatter={data.xAxis === 'time' ? formatTime : undefined}
          />
          <YAxis
            width={yWidth}
            tick={TICK}
            tickLine={false}
            stroke="var(--axis)"
            domain={yDomain}
            ticks={yTicks}
            interval={0}
            tickFormatter={tickFormat}
          />
          {zeroLine ? <ReferenceLine y={0} stroke="var(--axis)" strokeDasharray="4 3" /> : null}
          {series}
          {tooltip}
        </ComposedChart>
        {data.rows.length === 0 ? <div className="chart-empty">{empty ?? 'Waiting for the first step…'}</div> : null}
      </div>
    </figure>
  );
}

export const MetricChart = memo(MetricChartImpl);
