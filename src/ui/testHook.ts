// A small read-only window hook for end-to-end tests and for poking at a run from the devtools console:
//
//   window.__grpo.metrics()      -> [{step, ...metrics}] for every step of the current run
//   window.__grpo.groups()       -> the latest step's group snapshots (what the inspector shows)
//   window.__grpo.state()        -> {status, step, runId, backendPref, pending, notices: [{id, kind, message}]}
//   window.__grpo.backend()      -> {backend, reason, ...} once the worker is ready, else null
//   window.__grpo.config()       -> the applied RunConfig
//   window.__grpo.shareLink()    -> the link the "Copy link" button produces
//   window.__grpo.chartPoints()  -> {chartId: number of points} read from the rendered charts (data-points)
//   window.__grpo.simulateBackendFailure() -> the next step fails as if the GPU device were lost
import type { BackendInfo } from '../engine/backend';
import type { RunConfig } from '../engine/config';
import type { GroupSnapshot } from '../engine/rl/types';
import type { RunStore } from './store';

export interface GrpoTestHook {
  metrics(): Array<Record<string, number>>;
  groups(): readonly GroupSnapshot[];
  state(): { status: string; step: number; runId: number; backendPref: string; pending: object; notices: Array<{ id: string; kind: string; message: string }> };
  backend(): BackendInfo | null;
  config(): RunConfig;
  shareLink(): string;
  chartPoints(): Record<string, number>;
  simulateBackendFailure(): void;
}

declare global {
  interface Window {
    __grpo?: GrpoTestHook;
  }
}

export function installTestHook(store: RunStore): void {
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
      };
    },
    backend: () => store.getSnapshot().backend,
    config: () => store.getSnapshot().config,
    shareLink: () => store.shareLink(location.href),
    chartPoints: () => {
      const out: Record<string, number> = {};
      document.querySelectorAll<HTMLElement>('[data-testid^="chart-"][data-points]').forEach((el) => {
        out[el.dataset.testid!.slice('chart-'.length)] = Number(el.dataset.points);
      });
      return out;
    },
    simulateBackendFailure: () => store.simulateFailure(),
  };
}
