// A chart of means with 95% bands across seeds: one line and one shaded band per series (Recharts range Area).
// The figure carries what a test or a screen reader needs: how many series, points and bands it draws.
import { memo, useMemo } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../knobs';
import type { BandSeries } from './seedViews';

interface Props {
  id: string;
  title: string;
  caption: string;
  series: BandSeries[];
  zeroLine?: boolean;
  empty: string;
}

type Row = Record<string, number | [number, number] | undefined>;

const STYLE = { width: '100%', height: 170 } as const;
const MARGIN = { top: 6, right: 12, bottom: 0, left: 0 } as const;
const TICK = { fontSize: 10 } as const;
/** Six significant digits: near-equal ticks (4.0365, 4.0370) must not all read 4.037. */
const tickText = (v: number) =>
  v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(6)));

function BandChartImpl({ id, title, caption, series, zeroLine, empty }: Props) {
  const { rows, points, bandCount } = useMemo(() => {
    const byStep = new Map<number, Row>();
    let bandCount = 0;
    for (const s of series) {
      let banded = false;
      for (const p of s.points) {
        const row = byStep.get(p.step) ?? { x: p.step };
        row[s.key] = p.iv.mean;
        if (Number.isFinite(p.iv.low) && Number.isFinite(p.iv.high)) {
          row[`${s.key}__band`] = [p.iv.low, p.iv.high];
          banded = true;
        }
        byStep.set(p.step, row);
      }
      if (banded) bandCount++;
    }
    const rows = [...byStep.values()].sort((a, b) => (a.x as number) - (b.x as number));
    return { rows, points: Math.max(0, ...series.map((s) => s.points.length)), bandCount };
  }, [series]);
  const drawn = series.filter((s) => s.points.length > 0).length;
  return (
    <figure
      className="chart seeds-chart"
      data-testid={`chart-${id}`}
      data-series={drawn}
      data-points={points}
      data-bands={bandCount}
      aria-label={`${title} chart: ${drawn} series, ${points} points, ${bandCount} with a 95% band`}
    >
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
        <span className="chart-sub">
          {series.map((s) => (
            <span key={s.key} className="legend-item">
              <span className="swatch" style={{ background: s.color }} />
              {s.label}
            </span>
          ))}
          <span className="chart-caption"> · {caption}</span>
        </span>
      </figcaption>
      <div className="chart-body">
        <ComposedChart responsive style={STYLE} data={rows} margin={MARGIN}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis
            dataKey="x"
            type="number"
            domain={['dataMin', 'dataMax']}
            allowDecimals={false}
            tick={TICK}
            tickLine={false}
            stroke="var(--axis)"
          />
          <YAxis width={58} tick={TICK} tickLine={false} stroke="var(--axis)" domain={['auto', 'auto']} tickFormatter={tickText} />
          {zeroLine ? <ReferenceLine y={0} stroke="var(--axis)" strokeDasharray="4 3" /> : null}
          {series.map((s) => (
            <Area
              key={`${s.key}-band`}
              dataKey={`${s.key}__band`}
              stroke="none"
              fill={s.color}
              fillOpacity={0.15}
              isAnimationActive={false}
              activeDot={false}
              connectNulls
            />
          ))}
          {series.map((s) => (
            <Line
              key={s.key}
              className="series-line"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeWidth={1.8}
              dot={rows.length < 3}
              isAnimationActive={false}
              connectNulls
            />
          ))}
          <Tooltip
            isAnimationActive={false}
            formatter={(v: unknown) => (Array.isArray(v) ? v.map((x) => formatNumber(Number(x))).join(' … ') : formatNumber(Number(v)))}
            labelFormatter={(x) => `step ${String(x)}`}
          />
        </ComposedChart>
        {rows.length === 0 ? <div className="chart-empty">{empty}</div> : null}
      </div>
    </figure>
  );
}

export const BandChart = memo(BandChartImpl);
