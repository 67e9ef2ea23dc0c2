// The hover readout of a live chart: the x under the pointer and each line's raw (and smoothed) value there, and the
// band's range. On the time axis a line without a point at exactly that x shows its nearest point.
import { formatNumber } from '../knobs';
import { formatSeconds, type ChartData, type ChartSpec, type Row } from './chartSpecs';

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

export function xLabel(data: ChartData, x: number): string {
  return data.xAxis === 'time' ? `t = ${formatSeconds(x)}` : `step ${x}`;
}

export function Readout({ x, spec, data }: { x: number; spec: ChartSpec; data: ChartData }) {
  const exact = data.rows.find((r) => r.x === x);
  return (
    <>
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
    </>
  );
}
