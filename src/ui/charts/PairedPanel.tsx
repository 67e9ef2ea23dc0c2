// The paired comparison: which common-random-number guarantees hold between the variants (from the engine's
// crnReport), a live check that every step drew the same prompts, and the chart of paired differences (variant
// minus variant A) for a chosen metric, with the mean difference and its standard error over the steps so far.
import './PairedPanel.css';
import { memo, useMemo, useState } from 'react';
import { chartData, type ChartSpec, type RunSeries } from './chartSpecs';
import { formatNumber } from '../knobs';
import { MetricChart } from './MetricChart';
import type { PairedState, RunEntry } from '../state/store';
import { useStore } from '../state/useRun';

interface Props {
  paired: PairedState;
  /** The live runs, in variant order. */
  variants: readonly RunEntry[];
  smoothing: number;
}

function meanSe(xs: number[]): { mean: number; se: number; n: number } {
  const n = xs.length;
  if (!n) return { mean: NaN, se: NaN, n };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, se: NaN, n };
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(v / n), n };
}

function Check({ ok, label }: { ok: boolean; label: string }) {
  return (
    <span className={`crn-check ${ok ? 'ok' : 'no'}`}>
      {ok ? '✓' : '✗'} {label}
    </span>
  );
}

function PairedPanelImpl({ paired, variants, smoothing }: Props) {
  const store = useStore();
  const metrics = paired.metrics.length ? paired.metrics : ['reward'];
  const [metric, setMetric] = useState('reward');
  const chosen = metrics.includes(metric) ? metric : metrics[0];
  const ref = variants[0];
  const series: RunSeries[] = useMemo(
    () =>
      variants.slice(1).map((v, j) => ({
        id: v.id,
        name: `${v.pair?.variant ?? v.name} − ${ref?.pair?.variant ?? 'A'}`,
        color: v.color,
        current: false,
        history: paired.diffs.map((d) => ({ step: d.step, metrics: d.deltas[j] ?? {} })),
      })),
    [variants, ref, paired.diffs],
  );
  const spec: ChartSpec = useMemo(
    () => ({
      id: 'paired-diff',
      title: `Paired difference: ${chosen}`,
      help: `Per step, ${chosen} of each variant minus ${ref?.pair?.variant ?? 'variant A'}, on the same prompts and random numbers.`,
      caption: `${series[0]?.name ?? ''}, per step`,
      series: [{ key: chosen, label: series[0]?.name ?? chosen, color: series[0]?.color ?? '#888' }],
    }),
    [chosen, ref, series],
  );
  const data = useMemo(() => chartData(spec, series, smoothing, 'step'), [spec, series, smoothing]);
  const stats = useMemo(
    () => series.map((s) => ({ s, ...meanSe(s.history.map((h) => h.metrics[chosen]).filter((x): x is number => Number.isFinite(x))) })),
    [series, chosen],
  );
  const steps = paired.samePrompts.length;
  const bad = paired.samePrompts.filter((x) => !x.same).map((x) => x.step);

  return (
    <section className="panel paired-panel" aria-label="Paired comparison" data-testid="paired-panel">
      <header className="panel-head">
        <h2>Paired comparison</h2>
        <span className="panel-sub">
          {variants.length} variants in lockstep · seed {ref?.config.seed} · common random numbers
        </span>
        <button type="button" className="button button-small" onClick={() => store.stopPaired()} data-testid="stop-paired">
          Stop comparing
        </button>
      </header>
      <div className="paired-body">
        <div className="crn">
          <p className="crn-intro">
            Every variant draws its prompts and its sampling random numbers from streams named after (seed, purpose, step), so the variants
            see the same problems with the same dice: the difference between their curves is the knob’s effect, not luck.
          </p>
          <p className={`crn-live ${bad.length ? 'bad' : 'ok'}`} data-testid="crn-live">
            {steps === 0
              ? 'Same prompts every step: checked as the run goes.'
              : bad.length
                ? `✗ The variants trained on different problems at step ${bad.slice(0, 6).join(', ')}${bad.length > 6 ? ', …' : ''} (a data-side filter changed the trained set).`
                : `✓ Same prompts in every variant at all ${steps} step${steps === 1 ? '' : 's'} so far.`}
          </p>
          {paired.crn ? (
            <ul className="crn-pairs">
              {paired.crn.map((p) => (
                <li key={p.variant} data-testid="crn-pair">
                  <div className="crn-pair-head">
                    <span className="swatch" style={{ background: variants[p.variant]?.color }} />
                    <strong>{paired.names[p.variant]}</strong> vs <strong>{paired.names[0]}</strong>
                  </div>
                  <div className="crn-checks">
                    <Check ok={p.samePrompts} label="same prompts" />
                    <Check ok={p.sameUniforms} label="same sampling random numbers" />
                    <Check ok={p.sameStep1Rollouts} label="identical step-1 completions" />
                  </div>
                  {p.notes.length ? (
                    <ul className="crn-notes">
                      {p.notes.map((n) => (
                        <li key={n}>{n}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Building the variants…</p>
          )}
        </div>
        <div className="paired-chart">
          <label className="paired-metric">
            <span>Metric</span>
            <select
              value={chosen}
              onChange={(e) => setMetric(e.target.value)}
              aria-label="Metric of the paired-difference chart"
              data-testid="paired-metric"
            >
              {metrics.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <MetricChart spec={spec} data={data} smoothing={smoothing} empty="Differences appear after the first paired step." zeroLine />
          <ul className="paired-stats" data-testid="paired-stats">
            {stats.map(({ s, mean, se, n }) => (
              <li key={s.id}>
                <span className="swatch" style={{ background: s.color }} />
                <span className="paired-stat-name">{s.name}</span>
                {n ? (
                  <span className="paired-stat-value">
                    mean Δ {formatNumber(mean)}
                    {Number.isFinite(se) ? ` ± ${formatNumber(se)} (s.e., ${n} steps)` : ` (${n} step)`}
                  </span>
                ) : (
                  <span className="muted">no steps yet</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

export const PairedPanel = memo(PairedPanelImpl);
