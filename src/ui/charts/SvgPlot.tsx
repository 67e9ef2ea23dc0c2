// The drawing of a live chart as plain SVG: grid, axes and tick labels, the band, faint raw lines under the
// smoothed ones, and on hover a cursor, dots and the readout. It replaces Recharts for the live charts: a Recharts
// update (its store, selectors and effects) cost tens of milliseconds per chart, which made the main thread's long
// tasks while training; this one builds a few path strings from the rows.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ChartData, ChartSpec } from './chartSpecs';
import { formatSeconds } from './chartSpecs';
import { bandPath, linePoints, nearestRow, pathOf, plotScales, type PlotBox } from './plotGeometry';
import { Readout } from './Readout';

interface Props {
  spec: ChartSpec;
  data: ChartData;
  height: number;
  /** Width of the y axis (its tick labels). */
  yWidth: number;
  tickFormat: (v: number) => string;
  showRaw: boolean;
  zeroLine?: boolean;
}

// Where Recharts put things (so the charts look as before): margins, the x axis band, tick label offsets.
const MARGIN = { top: 6, right: 10 };
const X_AXIS_H = 30;
const TICK_GAP = 8;
const TICK_FILL = '#666';

/** The element's width, kept up to date by a ResizeObserver. */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

export function SvgPlot({ spec, data, height, yWidth, tickFormat, showRaw, zeroLine }: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const width = useWidth(wrap);
  const [hoverIdx, setHoverIdx] = useState(-1);
  const box: PlotBox = { width, height, left: yWidth, right: MARGIN.right, top: MARGIN.top, bottom: X_AXIS_H };
  const { sx, sy } = plotScales(box, data.xDomain, data.yDomain);
  const few = data.rows.length < 3;
  // The drawn shapes depend on the rows and the size only: hovering does not rebuild them.
  // biome-ignore lint/correctness/useExhaustiveDependencies: sx and sy are derived from data and the box
  const drawing = useMemo(() => {
    if (!width) return null;
    const xFmt = data.xAxis === 'time' ? formatSeconds : String;
    const plotBottom = height - X_AXIS_H;
    return (
      <>
        <g className="plot-grid">
          {data.yTicks.map((t) => (
            <line key={t} x1={box.left} x2={width - box.right} y1={sy(t)} y2={sy(t)} stroke="var(--grid)" />
          ))}
        </g>
        {spec.band ? (
          <path className="plot-band" d={bandPath(data.rows, sx, sy)} fill={data.bandColor} fillOpacity={0.12} stroke="none" />
        ) : null}
        {zeroLine && data.yDomain[0] <= 0 && data.yDomain[1] >= 0 ? (
          <line x1={box.left} x2={width - box.right} y1={sy(0)} y2={sy(0)} stroke="var(--axis)" strokeDasharray="4 3" />
        ) : null}
        {showRaw
          ? data.lines.map((l) => (
              <path
                key={`${l.key}-raw`}
                d={pathOf(linePoints(data.rows, `${l.key}__raw`, sx, sy))}
                fill="none"
                stroke={l.color}
                strokeOpacity={0.25}
                strokeWidth={1}
              />
            ))
          : null}
        {data.lines.map((l) => {
          const pts = linePoints(data.rows, l.key, sx, sy);
          if (!pts.length) return null;
          // One point is a dot, not a line (as Recharts drew it).
          return (
            <g key={l.key}>
              {pts.length > 1 ? (
                <path className="series-line" d={pathOf(pts)} fill="none" stroke={l.color} strokeWidth={1.8} strokeDasharray={l.dash} />
              ) : null}
              {few ? pts.map(([x, y]) => <circle key={x} cx={x} cy={y} r={2} fill="#fff" stroke={l.color} strokeWidth={1.8} />) : null}
            </g>
          );
        })}
        <g className="plot-axis plot-axis-x">
          <line x1={box.left} x2={width - box.right} y1={plotBottom} y2={plotBottom} stroke="var(--axis)" />
          {data.xTicks.map((t) => (
            <text
              key={t}
              className="chart-tick-value"
              x={sx(t)}
              y={plotBottom + TICK_GAP}
              dy="0.71em"
              textAnchor="middle"
              fontSize={10}
              fill={TICK_FILL}
            >
              {xFmt(t)}
            </text>
          ))}
        </g>
        <g className="plot-axis plot-axis-y">
          <line x1={box.left} x2={box.left} y1={box.top} y2={plotBottom} stroke="var(--axis)" />
          {data.yTicks.map((t) => (
            <text
              key={t}
              className="chart-tick-value"
              x={box.left - TICK_GAP}
              y={sy(t)}
              dy="0.355em"
              textAnchor="end"
              fontSize={10}
              fill={TICK_FILL}
            >
              {tickFormat(t)}
            </text>
          ))}
        </g>
      </>
    );
  }, [data, width, height, yWidth, tickFormat, showRaw, zeroLine, spec, few]);

  const row = hoverIdx >= 0 ? data.rows[hoverIdx] : undefined;
  const onMove = (e: React.PointerEvent<SVGSVGElement>) => {
    const left = e.currentTarget.getBoundingClientRect().left;
    const [d0, d1] = data.xDomain;
    const plotW = width - box.left - box.right;
    const x = d0 + ((e.clientX - left - box.left) / Math.max(plotW, 1)) * (d1 - d0);
    setHoverIdx(nearestRow(data.rows, x));
  };
  const cx = row ? sx(row.x as number) : 0;
  // The readout sits right of the cursor, or left of it where it would leave the chart (its width is known once drawn).
  const readout = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = readout.current;
    if (!el) return;
    const w = el.offsetWidth;
    el.style.left = `${Math.max(0, cx + 10 + w <= width ? cx + 10 : cx - 10 - w)}px`;
  });
  return (
    <div ref={wrap} className="plot" style={{ height }}>
      {/* The figure's label names the chart and its point count; the readout is the drawing's text. */}
      <svg
        aria-hidden="true"
        className="chart-svg"
        width={width || undefined}
        height={height}
        onPointerMove={onMove}
        onPointerLeave={() => setHoverIdx(-1)}
      >
        {drawing}
        {row ? (
          <g className="plot-cursor">
            <line x1={cx} x2={cx} y1={box.top} y2={height - X_AXIS_H} stroke="var(--axis)" strokeDasharray="3 3" />
            {data.lines.map((l) => {
              const v = row[l.key];
              return typeof v === 'number' ? (
                <circle key={l.key} cx={cx} cy={sy(v)} r={3} fill={l.color} stroke="#fff" strokeWidth={2} />
              ) : null;
            })}
          </g>
        ) : null}
      </svg>
      {row ? (
        <div ref={readout} className="readout plot-readout">
          <Readout x={row.x as number} spec={spec} data={data} />
        </div>
      ) : null}
    </div>
  );
}
