// Charts for the issue-15 methods: each appears only while its knob is on, next to the standard grid.
import type { RunConfig } from '../../engine/config';
import { COLORS, type ChartSpec } from './chartSpecs';

interface MethodChart extends ChartSpec {
  /** Whether the method the chart is about is on. */
  on: (c: RunConfig) => boolean;
}

const METHOD_CHARTS: MethodChart[] = [
  {
    id: 'lld',
    title: 'Likelihood of right / wrong responses',
    help: 'Mean per-token log-prob (sampling policy) of the step’s right and wrong responses. Lazy likelihood displacement: both fall, or the right one stalls (arXiv:2512.04220).',
    series: [
      { key: 'lld/logp_right', label: 'right', color: COLORS[2] },
      { key: 'lld/logp_wrong', label: 'wrong', color: COLORS[4] },
    ],
    on: (c) => c.objective.lldsCoef > 0,
  },
  {
    id: 'llds',
    title: 'LLDS regulariser',
    help: 'The likelihood-preserving term added to the loss: non-zero only when a response with A ≥ 0 lost likelihood during the update (needs more than one minibatch or epoch).',
    caption: 'lambda × token-mean of max(0, logp_old − logp)',
    series: [{ key: 'llds/loss', label: 'llds', color: COLORS[3] }],
    on: (c) => c.objective.lldsCoef > 0,
  },
  {
    id: 'entropy-coef',
    title: 'Entropy coefficient (adaptive)',
    help: 'Skywork-OR1 controller: the coefficient rises while entropy is under the target and falls above it; the bonus is off while entropy is above the target.',
    series: [{ key: 'entropy_coef', label: 'coef used', color: COLORS[5] }],
    on: (c) => c.objective.entropyAdaptive,
  },
  {
    id: 'adv-shape',
    title: 'Advantage range',
    help: 'Largest and smallest advantage of the step. G²RPO maps each group onto normal quantiles; ArenaRL onto standardised tournament ranks.',
    series: [
      { key: 'adv/max', label: 'max', color: COLORS[0] },
      { key: 'adv/min', label: 'min', color: COLORS[1] },
    ],
    on: (c) => c.advantage.g2rpo || c.advantage.arena,
  },
  {
    id: 'vas',
    title: 'Variance-aware sampling (MMR1)',
    help: 'Mean outcome variance p(1 − p) over the prompt pool (unseen prompts count as 0.25) and the share of the pool trained at least once.',
    series: [
      { key: 'vas/mean_ovs', label: 'mean p(1−p)', color: COLORS[6] },
      { key: 'vas/pool_coverage', label: 'pool seen', color: COLORS[7] },
    ],
    domain: [0, 1],
    on: (c) => c.data.vas,
  },
];

/** The chart specs without their `on` test, built once: the grid caches chart data by spec identity. */
const SPECS = new Map<string, ChartSpec>(METHOD_CHARTS.map(({ on: _on, ...spec }) => [spec.id, spec]));

/** The method charts whose method is on in `config`. */
export function methodCharts(config: RunConfig): ChartSpec[] {
  return METHOD_CHARTS.filter((c) => c.on(config)).map((c) => SPECS.get(c.id) as ChartSpec);
}

/** A stable key for the method charts that are on (a memo dependency that ignores every other knob). */
export function methodChartKey(config: RunConfig): string {
  return methodCharts(config)
    .map((c) => c.id)
    .join(',');
}

/** The method charts named by a key from methodChartKey. */
export function methodChartsFromKey(key: string): ChartSpec[] {
  const ids = key ? key.split(',') : [];
  return METHOD_CHARTS.filter((c) => ids.includes(c.id)).map((c) => SPECS.get(c.id) as ChartSpec);
}
