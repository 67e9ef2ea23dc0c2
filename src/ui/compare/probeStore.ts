// The oracle's latest p(x) per probe prompt, per variant of the current worker session, for the inspector. Fed the
// training worker's events beside the main store (main.tsx fans them out); a new run id starts afresh.
import type { ProbeSnapshot } from '../../engine/rl/types';
import type { WorkerEvent } from '../../worker/protocol';

export interface ProbeState {
  runId: number;
  /** byVariant[v]: the probes of variant v's last oracle measurement (absent before the first). */
  byVariant: ReadonlyArray<readonly ProbeSnapshot[] | undefined>;
}

export class ProbeStore {
  private s: ProbeState = { runId: -1, byVariant: [] };
  private listeners = new Set<() => void>();

  getSnapshot = (): ProbeState => this.s;

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  handleEvent = (e: WorkerEvent): void => {
    if (e.type === 'state' && e.runId !== this.s.runId && e.status === 'initializing') {
      this.replace({ runId: e.runId, byVariant: [] });
      return;
    }
    if (e.type !== 'report' || !e.probes) return;
    if (e.runId < this.s.runId) return;
    const byVariant = e.runId === this.s.runId ? [...this.s.byVariant] : [];
    byVariant[e.variant] = e.probes;
    this.replace({ runId: e.runId, byVariant });
  };

  private replace(s: ProbeState): void {
    this.s = s;
    for (const l of this.listeners) l();
  }
}
