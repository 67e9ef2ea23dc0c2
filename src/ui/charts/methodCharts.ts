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
  {
    id: 'srpo',
    title: 'SRPO routing',
    help: 'Share of rollouts routed to self-distillation (the failed ones), the teacher’s mean entropy on their tokens, and how much more the hinted teacher likes those tokens (mean log t − log s) (arXiv:2604.02288).',
    series: [
      { key: 'srpo/distill_frac', label: 'routed share', color: COLORS[0] },
      { key: 'srpo/teacher_entropy', label: 'teacher entropy', color: COLORS[3] },
      { key: 'srpo/teacher_gain', label: 'log t − log s', color: COLORS[2] },
    ],
    on: (c) => c.objective.srpo,
  },
  {
    id: 'dagrpo',
    title: 'DaGRPO masked pairs',
    help: 'Of the sample pairs in a group whose rewards differ, the share left out of the baseline because they differ by less than δ (low distinctiveness) (arXiv:2512.06337).',
    series: [{ key: 'dagrpo/masked_pair_frac', label: 'masked pairs', color: COLORS[5] }],
    domain: [0, 1],
    on: (c) => c.advantage.dagrpoDelta > 0,
  },
  {
    id: 'anchor',
    title: 'DaGRPO anchors',
    help: 'Anchors trained this step (one per prompt whose whole group was wrong: its demonstration) and their token-mean NLL before the step (arXiv:2512.06337).',
    series: [
      { key: 'anchor/count', label: 'anchors', color: COLORS[0] },
      { key: 'anchor/loss', label: 'anchor NLL', color: COLORS[4] },
    ],
    on: (c) => c.objective.anchorLambda > 0,
  },
  {
    id: 'thr',
    title: 'Token hidden rewards',
    help: 'Share of scored tokens (groups with a right and a wrong response) whose THR is above the threshold (positive: strengthen the right responses) or below minus it (negative: keep mass for alternatives) (arXiv:2510.03669).',
    series: [
      { key: 'thr/pos_frac', label: 'positive THR', color: COLORS[2] },
      { key: 'thr/neg_frac', label: 'negative THR', color: COLORS[4] },
    ],
    domain: [0, 1],
    on: (c) => c.objective.thr === 'thr',
  },
  {
    id: 'nthr',
    title: 'NTHR softened tokens',
    help: 'Share of scored tokens that are wrong-response tokens whose penalty would lower the right responses’ likelihood, so their advantage is scaled by 2|0.5 − p| (arXiv:2505.18830).',
    series: [{ key: 'nthr/softened_frac', label: 'softened', color: COLORS[4] }],
    domain: [0, 1],
    on: (c) => c.objective.thr === 'nthr',
  },
  {
    id: 'sage',
    title: 'SAGE self-hints',
    help: 'Share of groups that were all wrong and got a self-written hint, the share of those the hint rescued (a right rollout), and how often the hint the policy wrote carried the right answer (arXiv:2602.03143).',
    series: [
      { key: 'sage/hinted_frac', label: 'groups hinted', color: COLORS[4] },
      { key: 'sage/rescued_frac', label: 'rescued', color: COLORS[2] },
      { key: 'sage/hint_right_frac', label: 'hint right', color: COLORS[6] },
    ],
    domain: [0, 1],
    on: (c) => c.data.sage || c.data.hill,
  },
  {
    id: 'hill',
    title: 'HiLL hint reliance',
    help: 'Mean hint reliance of the chosen hints, log p(y | x) − log p(y | x, h) over their right rollouts (below 0: the success leans on the hint), and the mean transfer-weighted reward of the choice (arXiv:2604.00698).',
    series: [
      { key: 'hill/reliance', label: 'reliance', color: COLORS[3] },
      { key: 'hill/reward', label: 'hint reward', color: COLORS[5] },
    ],
    on: (c) => c.data.hill,
  },
  {
    id: 'igrpo',
    title: 'iGRPO: best draft vs refinements',
    help: 'Share of prompts whose best draft was right, and the share of the trained refinements (conditioned on that draft) that are right (arXiv:2602.09000).',
    series: [
      { key: 'igrpo/best_draft_correct', label: 'best draft right', color: COLORS[1] },
      { key: 'rewards/correct/mean', label: 'refinements right', color: COLORS[2] },
    ],
    domain: [0, 1],
    on: (c) => c.data.igrpo,
  },
  // One spec per bin count (2..8), so the legend lists exactly the bins that exist.
  ...[2, 3, 4, 5, 6, 7, 8].map(
    (bins): MethodChart => ({
      id: `gdro-${bins}`,
      title: 'Prompt-GDRO bin weights',
      help: 'Probability q of drawing a prompt from each pass@k difficulty bin (bin 0 = hardest). Weights follow exp(η × the bin’s debiased error rate) (arXiv:2601.19280).',
      series: Array.from({ length: bins }, (_, b) => ({ key: `gdro/q/${b}`, label: `q bin ${b}`, color: COLORS[b % COLORS.length] })),
      domain: [0, 1],
      on: (c) => c.data.gdro && c.data.gdroBins === bins,
    }),
  ),
  ...[2, 3, 4, 5, 6, 7, 8].map(
    (bins): MethodChart => ({
      id: `gdro-g-${bins}`,
      title: 'Rollout-GDRO: rollouts per prompt by bin',
      help: 'Mean G given to the prompts of each pass@k bin this step (bin 0 = hardest); the step’s total stays B × G. More rollouts where the bin’s error rate is near ½ (square-root rule) (arXiv:2601.19280).',
      series: Array.from({ length: bins }, (_, b) => ({ key: `gdro/g/${b}`, label: `G bin ${b}`, color: COLORS[b % COLORS.length] })),
      on: (c) => c.data.gdro && c.data.gdroRollouts && c.data.gdroBins === bins,
    }),
  ),
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
