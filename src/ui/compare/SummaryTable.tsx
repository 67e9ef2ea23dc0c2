// The comparison's summary: per metric, each variant's mean ± 95% interval across seeds, and each variant's paired
// difference against the first with its interval and what it shows. Cells carry the full-precision numbers as
// data-mean / data-half so a reproduced comparison can be checked digit for digit.
import type { Interval } from '../../engine/stats/interval';
import { formatNumber } from '../knobs';
import type { SummaryRow } from './seedViews';

/** "0.4123 ± 0.031" with four significant digits (a fixed 3 decimals would show an entropy difference of 3e-5 as 0). */
export function intervalText(iv: Interval): string {
  if (!Number.isFinite(iv.mean)) return 'n/a';
  if (!Number.isFinite(iv.halfWidth)) return `${formatNumber(iv.mean)} (${iv.n} seed${iv.n === 1 ? '' : 's'})`;
  return `${formatNumber(iv.mean)} ± ${formatNumber(iv.halfWidth)}`;
}

function Cell({ iv, testId }: { iv: Interval; testId: string }) {
  return (
    <td className="num" data-testid={testId} data-mean={String(iv.mean)} data-half={String(iv.halfWidth)} data-n={iv.n}>
      {intervalText(iv)}
    </td>
  );
}

export function SummaryTable({ rows, variants, seeds }: { rows: SummaryRow[]; variants: string[]; seeds: number }) {
  const ref = variants[0];
  return (
    <div className="seeds-table-wrap">
      <table className="seeds-table" data-testid="seeds-summary">
        <caption>
          Mean ± 95% interval across {seeds} seed{seeds === 1 ? '' : 's'} (Student t). Eval metrics: the last eval of each run; the others:
          the run’s mean over its steps. Differences are paired by seed (same prompts and random numbers).
        </caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            {variants.map((v) => (
              <th key={v} scope="col">
                {v}
              </th>
            ))}
            {variants.slice(1).map((v) => (
              <th key={`d-${v}`} scope="col">
                {v} − {ref}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ summary, readings }) => (
            <tr key={summary.metric} data-metric={summary.metric}>
              <th scope="row">
                <code>{summary.metric}</code> <span className="muted">({summary.reduce === 'final' ? 'final' : 'mean over steps'})</span>
              </th>
              {summary.perVariant.map((v, i) => (
                <Cell key={v.name} iv={v.interval} testId={`seeds-mean-${i}`} />
              ))}
              {summary.diffs.map((d, j) => (
                <td
                  key={d.name}
                  className="num seeds-diff"
                  data-testid={`seeds-diff-${j + 1}`}
                  data-mean={String(d.interval.mean)}
                  data-half={String(d.interval.halfWidth)}
                  data-reading={readings[j]}
                >
                  {intervalText(d.interval)}{' '}
                  {d.interval.n > 0 ? <span className={`reading reading-${readings[j].replace(/ /g, '-')}`}>{readings[j]}</span> : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
