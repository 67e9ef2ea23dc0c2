// The multi-seed comparison on screen: progress and controls, each variant's mean with its 95% band across seeds,
// the paired difference (variant minus the first) with its interval per step, the summary table, and the link that
// reopens the comparison.
import { useMemo, useState } from 'react';
import { colorFor } from '../../share/run-colors';
import { BandChart } from './BandChart';
import { useSeedCompare, useSeedCompareStore } from './context';
import type { SeedCompareState } from './seedCompareStore';
import { bandSeries, loggedMetrics, summaryRows, SUMMARY_METRICS } from './seedViews';
import { SummaryTable } from './SummaryTable';
import './compare.css';

const COLORS = Array.from({ length: 4 }, (_, i) => colorFor(i));

function statusText(s: SeedCompareState): string {
  const total = s.spec.seeds.length * s.spec.variants.length;
  switch (s.status) {
    case 'loaded':
      return `Opened from a link: ${total} runs of ${s.spec.steps} steps. Run it to reproduce its numbers.`;
    case 'running': {
      const at = s.at
        ? ` · now seed ${s.spec.seeds[s.at.seed]}, ${s.spec.variants[s.at.variant]?.name}, step ${s.at.step}`
        : ' · starting the worker…';
      return `Running: ${s.runsDone} of ${total} runs done${at}`;
    }
    case 'done':
      return `Done: ${total} runs of ${s.spec.steps} steps${s.backend ? ` on ${s.backend.backend}` : ''}.`;
    case 'stopped':
      return `Stopped after ${s.runsDone} of ${total} runs; the figures below use what finished.`;
    case 'error':
      return `The comparison failed: ${s.error ?? 'unknown error'}`;
  }
}

export function SeedComparePanel() {
  const store = useSeedCompareStore();
  const s = useSeedCompare(store);
  const [metric, setMetric] = useState('reward');
  const [copied, setCopied] = useState<string | null>(null);
  const data = s?.data;
  const metrics = useMemo(() => (data ? loggedMetrics(data) : []), [data]);
  const chosen = metrics.includes(metric) ? metric : (metrics[0] ?? metric);
  const series = useMemo(() => (data ? bandSeries(data, chosen, COLORS) : { means: [], diffs: [] }), [data, chosen]);
  const rows = useMemo(() => {
    if (!data) return [];
    const list: string[] = SUMMARY_METRICS.filter((m) => metrics.includes(m));
    if (!list.includes(chosen) && metrics.includes(chosen)) list.push(chosen);
    return summaryRows(data, list);
  }, [data, metrics, chosen]);
  if (!store || !s) return null;
  const link = store.link(location.href) ?? '';
  const names = s.spec.variants.map((v) => v.name);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Link copied.');
    } catch {
      setCopied('Copy the link from the field.');
    }
  };
  return (
    <section className="panel seeds-panel" aria-label="Comparison across seeds" data-testid="seeds-panel" data-status={s.status}>
      <header className="panel-head">
        <h2>
          Comparison across {s.spec.seeds.length} seed{s.spec.seeds.length === 1 ? '' : 's'}
        </h2>
        <span className="panel-sub">
          {names.join(' vs ')} · seeds {s.spec.seeds.join(', ')} · {s.spec.steps} steps each · {s.base.task}, {s.base.modelSize}
        </span>
        {s.status === 'running' ? (
          <button type="button" className="button button-small" onClick={() => store.stop()} data-testid="seeds-stop">
            Stop
          </button>
        ) : (
          <button type="button" className="button button-small button-primary" onClick={() => store.rerun()} data-testid="seeds-run">
            {s.status === 'loaded' ? 'Run this comparison' : 'Run again'}
          </button>
        )}
        <button type="button" className="button button-small" onClick={() => store.close()} data-testid="seeds-close">
          Close
        </button>
      </header>
      <p className={`seeds-status${s.status === 'error' ? ' field-error' : ''}`} role="status" data-testid="seeds-status">
        {statusText(s)}
      </p>
      <p className="seeds-intro">
        Within a seed every variant draws the same prompts and the same sampling random numbers (common random numbers), so the per-seed
        difference is the knob’s effect plus far less noise than two independent runs. Bands are 95% intervals across seeds; with one seed
        there is no band.
      </p>
      <div className="seeds-share">
        <label className="seeds-link">
          <span>Link to this comparison</span>
          <input readOnly value={link} data-testid="seeds-link" onFocus={(e) => e.currentTarget.select()} />
        </label>
        <button type="button" className="button button-small" onClick={() => void copy()} data-testid="seeds-copy">
          Copy link
        </button>
        {copied ? (
          <span className="muted" role="status">
            {copied}
          </span>
        ) : null}
      </div>
      <label className="seeds-metric">
        <span>Metric</span>
        <select value={chosen} onChange={(e) => setMetric(e.target.value)} data-testid="seeds-metric">
          {(metrics.length ? metrics : [chosen]).map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <div className="seeds-charts">
        <BandChart
          id="seeds-mean"
          title={`${chosen}: mean across seeds`}
          caption="band: 95% interval"
          series={series.means}
          empty="Means appear after the first steps of every variant."
        />
        <BandChart
          id="seeds-diff"
          title={`${chosen}: paired difference vs ${names[0]}`}
          caption="variant − first, per seed; band: 95% interval"
          series={series.diffs}
          zeroLine
          empty="Differences appear once a seed has run two variants."
        />
      </div>
      <SummaryTable rows={rows} variants={names} seeds={s.spec.seeds.length} />
    </section>
  );
}
