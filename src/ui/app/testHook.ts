// A small read-only window hook for end-to-end tests and for poking at a run from the devtools console. Only the dev
// server and test builds load it (src/main.tsx):
//
//   window.__grpo.metrics()      -> [{step, ...metrics}] for every step of the current run
//   window.__grpo.groups()       -> the latest step's group snapshots (what the inspector shows)
//   window.__grpo.state()        -> {status, step, runId, backendPref, pending, notices: [{id, kind, message}], lesson, paired}
//   window.__grpo.backend()      -> {backend, reason, ...} once the worker is ready, else null
//   window.__grpo.config()       -> the applied RunConfig
//   window.__grpo.shareLink()    -> the link the "Copy link" button produces
//   window.__grpo.chartPoints()  -> {chartId: number of points of the current run} read from the rendered charts
//   window.__grpo.chartSeries()  -> {chartId: number of runs drawn} read from the rendered charts
//   window.__grpo.chartLines()   -> {chartId: number of line paths drawn for the runs (a one-point line is a dot)}
//   window.__grpo.runs()         -> [{id, name, color, visible, live, restored, steps, diff}] (diff: vs the baseline)
//   window.__grpo.runMetrics(id) -> [{step, ...metrics}] of any run in the list
//   window.__grpo.pairedPrompts()-> [{step, variants: [[{problemId, question, filtered}]]}] of the paired run
//   window.__grpo.pairedSame()   -> [{step, same}] from the PairedRun's own check
//   window.__grpo.pairedDiffs()  -> [{step, deltas: [{metric: value(v) - value(0)} for v = 1..]}]
//   window.__grpo.crn()          -> the CRN guarantees the worker reported, or null
//   window.__grpo.phases()       -> the step-through's phases so far [{phase, step, summary, groups, values}], done
//   window.__grpo.exportText(k)  -> the CSV ('csv') or JSON ('json') the export buttons download
//   window.__grpo.lastDownload() -> {name, type, size, text?} of the last file the page saved
//   window.__grpo.flushPersist() -> resolves once every run is written to browser storage
//   window.__grpo.simulateBackendFailure() -> the next step fails as if the GPU device were lost
//   window.__grpo.chartRenders() -> {chartId: renders since the page loaded}
import type { BackendInfo } from '../../engine/backend';
import type { RunConfig } from '../../engine/config';
import type { CrnPair } from '../../engine/compare';
import type { GroupSnapshot } from '../../engine/rl/types';
import { diffLabel } from '../../share/config-diff';
import type { PhaseMessage } from '../../worker/protocol';
import { lastDownload, type DownloadRecord } from './download';
import { metricsText } from '../runs/exports';
import { renderCounts } from '../charts/renderStats';
import type { RunPersistence } from '../state/persistence';
import type { PlaygroundStore } from '../state/store';
import type { Transport } from '../state/types';

export interface RunSummary {
  id: string;
  name: string;
  color: string;
  visible: boolean;
  live: boolean;
  restored: boolean;
  steps: number;
  diff: string;
}

export interface GrpoTestHook {
  metrics(): Array<Record<string, number>>;
  groups(): readonly GroupSnapshot[];
  state(): {
    status: string;
    step: number;
    runId: number;
    backendPref: string;
    pending: object;
    notices: Array<{ id: string; kind: string; message: string }>;
    lesson: string | null;
    paired: boolean;
  };
  backend(): BackendInfo | null;
  config(): RunConfig;
  shareLink(): string;
  chartPoints(): Record<string, number>;
  chartSeries(): Record<string, number>;
  chartLines(): Record<string, number>;
  runs(): RunSummary[];
  runMetrics(id: string): Array<Record<string, number>>;
  pairedPrompts(): Array<{ step: number; variants: Array<Array<{ problemId: string; question: string; filtered: boolean }>> }>;
  pairedSame(): Array<{ step: number; same: boolean }>;
  pairedDiffs(): Array<{ step: number; deltas: Array<Record<string, number>> }>;
  crn(): readonly CrnPair[] | null;
  phases(): { phases: PhaseMessage[]; done: boolean } | null;
  exportText(kind: 'csv' | 'json'): string;
  lastDownload(): DownloadRecord | null;
  flushPersist(): Promise<void>;
  simulateBackendFailure(): void;
  /** How many times each chart has rendered since the page loaded (by chart id). */
  chartRenders(): Record<string, number>;
}

declare global {
  interface Window {
    __grpo?: GrpoTestHook;
  }
}

function readCharts(attr: 'points' | 'series' | 'lines'): Record<string, number> {
  const out: Record<string, number> = {};
  document.querySelectorAll<HTMLElement>(`[data-testid^="chart-"][data-${attr}]`).forEach((el) => {
    out[el.dataset.testid!.slice('chart-'.length)] = Number(el.dataset[attr]);
  });
  return out;
}

export function installTestHook(store: PlaygroundStore, persistence?: RunPersistence, worker?: Pick<Transport, 'send'>): void {
  window.__grpo = {
    metrics: () => store.metricsHistory().map((h) => ({ ...h.metrics, step: h.step })),
    groups: () => store.getSnapshot().groups,
    state: () => {
      const s = store.getSnapshot();
      return {
        status: s.status,
        step: s.step,
        runId: s.runId,
        backendPref: s.backendPref,
        pending: s.pending,
        notices: s.notices.map((n) => ({ id: n.id, kind: n.kind, message: n.message })),
        lesson: s.lesson,
        paired: !!s.paired,
      };
    },
    backend: () => store.getSnapshot().backend,
    config: () => store.getSnapshot().config,
    shareLink: () => store.shareLink(location.href),
    chartPoints: () => readCharts('points'),
    chartSeries: () => readCharts('series'),
    chartLines: () => {
      // Counted in the SVG itself: one main path per run line (raw lines are drawn faint, without the class).
      const out: Record<string, number> = {};
      document.querySelectorAll<HTMLElement>('[data-testid^="chart-"][data-series]').forEach((el) => {
        out[el.dataset.testid!.slice('chart-'.length)] = el.querySelectorAll('.series-line path.recharts-curve, path.series-line').length;
      });
      return out;
    },
    runs: () => {
      const runs = store.allRuns();
      const s = store.getSnapshot();
      const base = runs.find((r) => r.id === s.baselineId) ?? runs[0];
      return runs.map((r) => ({
        id: r.id,
        name: r.name,
        color: r.color,
        visible: r.visible,
        live: r.live,
        restored: r.restored,
        steps: r.history.length,
        diff: r === base ? 'baseline' : diffLabel(base.config, r.config),
      }));
    },
    runMetrics: (id) => (store.allRuns().find((r) => r.id === id)?.history ?? []).map((h) => ({ ...h.metrics, step: h.step })),
    pairedPrompts: () =>
      (store.getSnapshot().paired?.prompts ?? []).map((p) => ({ step: p.step, variants: p.variants.map((v) => v.map((g) => ({ ...g }))) })),
    pairedSame: () => [...(store.getSnapshot().paired?.samePrompts ?? [])],
    pairedDiffs: () => (store.getSnapshot().paired?.diffs ?? []).map((d) => ({ step: d.step, deltas: d.deltas.map((x) => ({ ...x })) })),
    crn: () => store.getSnapshot().paired?.crn ?? null,
    phases: () => {
      const st = store.getSnapshot().stepThrough;
      return st ? { phases: [...st.phases], done: st.done } : null;
    },
    exportText: (kind) => metricsText(store, kind),
    lastDownload: () => lastDownload(),
    flushPersist: () => persistence?.flush() ?? Promise.resolve(),
    simulateBackendFailure: () => worker?.send({ type: 'simulate-failure' }),
    chartRenders: () => renderCounts(),
  };
}
