// One live metric chart: smoothed lines over faint raw lines, an optional band, a synced hover readout.
// Animations are off and the component is memoised on its rows, so a new step costs one cheap SVG update.
import { memo, useMemo, useRef, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { ChartData, ChartSpec } from './chartSpecs';
import { formatNumber } from './knobs';

interface Props {
  spec: ChartSpec;
  data: ChartData;
  smoothing: number;
  empty?: string;
}

function Readout({ active, payload, label, spec }: TooltipContentProps<number, string> & { spec: ChartSpec }) {
  if (!active || !payload?.length) return null;
  const row = payload[0]?.payload as Record<string, number | [number, number] | undefined>;
  return (
    <div className="readout">
      <div className="readout-step">step {label}</div>
      {spec.series.map((s) => {
        const raw = row[`${s.key}__raw`];
        const sm = row[s.key];
        if (typeof raw !== 'number') return null;
        return (
          <div key={s.key} className="readout-row">
            <span className="swatch" style={{ background: s.color }} />
            <span className="readout-label">{s.label}</span>
            <span className="readout-value">{formatNumber(raw)}</span>
            {typeof sm === 'number' && sm !== raw ? <span className="readout-smooth">({formatNumber(sm)} smoothed)</span> : null}
          </div>
        );
      })}
      {spec.band && Array.isArray(row.band) ? (
        <div className="readout-row readout-band">
          {spec.band.label}: {formatNumber(row.band[0])} … {formatNumber(row.band[1])}
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
  const decimals = Math.min(6, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9) + (Math.abs(step * 10 ** Math.ceil(-Math.log10(step) - 1e-9) - 2.5) < 1e-6 ? 1 : 0)));
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

/** The previous array when the new one has the same values: a new identity would make Recharts re-register the axis. */
function useStable<T extends readonly unknown[]>(value: T): T {
  const ref = useRef(value);
  const prev = ref.current;
  if (prev !== value && (prev.length !== value.length || prev.some((v, i) => v !== value[i]))) ref.current = value;
  return ref.current;
}

function MetricChartImpl({ spec, data, smoothing, empty }: Props) {
  const xTicks = useStable(data.xTicks);
  const yTicks = useStable(data.yTicks);
  const yDomain = useStable(data.yDomain);
  const xDomain = useStable(data.xDomain);
  const tickFormat = useMemo(() => tickFormatter(yTicks), [yTicks]);
  // Room for the longest tick label (10 px monospace-ish digits are ~6 px wide).
  const yWidth = useMemo(() => Math.min(72, Math.max(30, 10 + 6 * Math.max(...yTicks.map((t) => tickFormat(t).length)))), [yTicks, tickFormat]);
  const showRaw = smoothing > 0;
  const few = data.rows.length < 3;
  const first = spec.series[0];
  const latest = first ? data.latest[first.key] : undefined;
  const series = useMemo(
    () => (
      <>
        {spec.band ? <Area dataKey="band" stroke="none" fill={first?.color ?? '#888'} fillOpacity={0.12} isAnimationActive={false} activeDot={false} connectNulls /> : null}
        {showRaw
          ? spec.series.map((s) => (
              <Line key={`${s.key}-raw`} dataKey={`${s.key}__raw`} stroke={s.color} strokeOpacity={0.25} strokeWidth={1} dot={false} activeDot={false} isAnimationActive={false} connectNulls />
            ))
          : null}
        {spec.series.map((s) => (
          <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={1.8} strokeDasharray={s.dashed ? '4 3' : undefined} dot={few ? FEW_DOT : false} activeDot={ACTIVE_DOT} isAnimationActive={false} connectNulls />
        ))}
      </>
    ),
    [spec, showRaw, few, first],
  );
  // The hover readout is mounted only while the pointer is over the chart: a mounted Recharts Tooltip adds its
  // selectors to every data update, which is most of the cost of a chart update while training.
  const [hover, setHover] = useState(false);
  const tooltip = useMemo(
    () => (hover ? <Tooltip isAnimationActive={false} content={(p) => <Readout {...(p as TooltipContentProps<number, string>)} spec={spec} />} cursor={CURSOR} /> : null),
    [hover, spec],
  );
  const grid = useMemo(() => <CartesianGrid stroke="var(--grid)" vertical={false} />, []);
  return (
    <figure className="chart" data-testid={`chart-${spec.id}`} data-points={data.points} aria-label={`${spec.title} chart, ${data.points} points`}>
      <figcaption className="chart-head">
        <span className="chart-title" title={spec.help}>
          {spec.title}
        </span>
        <span className="chart-latest" title="latest value">
          {latest !== undefined && Number.isFinite(latest) ? formatNumber(latest) : '–'}
        </span>
        <span className="chart-sub">
          {spec.series.length > 1
            ? spec.series.map((s) => (
                <span key={s.key} className="legend-item">
                  <span className={`swatch${s.dashed ? ' swatch-dashed' : ''}`} style={{ background: s.color }} />
                  {s.label}
                </span>
              ))
            : (spec.caption ?? '')}
        </span>
      </figcaption>
      <div className="chart-body" onPointerEnter={() => setHover(true)} onPointerLeave={() => setHover(false)}>
        {/* The chart is mounted even while empty: mounting costs more than updating, so it happens at page load. */}
        <ComposedChart responsive style={STYLE} data={data.rows} margin={MARGIN}>
          {grid}
          <XAxis dataKey="step" type="number" domain={xDomain} allowDataOverflow ticks={xTicks} interval={0} tick={TICK} tickLine={false} stroke="var(--axis)" />
          <YAxis width={yWidth} tick={TICK} tickLine={false} stroke="var(--axis)" domain={yDomain} ticks={yTicks} interval={0} tickFormatter={tickFormat} />
          {series}
          {tooltip}
        </ComposedChart>
        {data.points === 0 ? <div className="chart-empty">{empty ?? 'Waiting for the first step…'}</div> : null}
      </div>
    </figure>
  );
}

export const MetricChart = memo(MetricChartImpl);
