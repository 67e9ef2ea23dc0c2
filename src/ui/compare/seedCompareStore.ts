// The multi-seed comparison's own small store (framework-free; React reads it with useSyncExternalStore). It owns
// one seeds worker per comparison, collects every run's rows as they stream in, and knows how to share itself as a
// link. Stopping terminates the worker; what arrived stays on screen.
import type { BackendInfo } from '../../engine/backend';
import type { Backend, RunConfig } from '../../engine/config';
import type { RunRows, SeedRuns } from '../../engine/seed-stats';
import { comparisonLink, comparisonProblems, type ComparisonSpec } from '../../share/compare-link';
import type { SeedsCommand, SeedsEvent } from '../../worker/seeds-protocol';

export interface SeedsTransport {
  send(cmd: SeedsCommand): void;
  terminate(): void;
}

export type CompareStatus = 'loaded' | 'running' | 'done' | 'stopped' | 'error';

export interface SeedCompareState {
  spec: ComparisonSpec;
  base: RunConfig;
  /** The backend asked for (a link pins the one that ran). */
  backendPref: Backend;
  /** The backend the worker actually runs on (after `ready`). */
  backend: BackendInfo | null;
  status: CompareStatus;
  /** Rows of every run, runs[seed][variant], growing step by step. */
  data: SeedRuns;
  runsDone: number;
  /** Where the worker is: seed and variant indices and the step. */
  at: { seed: number; variant: number; step: number } | null;
  error: string | null;
  /** Opened from a link (waits for the user to run it). */
  fromLink: boolean;
}

type Listener = () => void;

/** Rendering at most this often while steps stream in (each step of each run is an event). */
const NOTIFY_MS = 120;

export class SeedCompareStore {
  private s: SeedCompareState | null = null;
  private listeners = new Set<Listener>();
  private transport: SeedsTransport | null = null;
  private runId = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private opts: { checkpointBase: string; createTransport: (onEvent: (e: SeedsEvent) => void) => SeedsTransport }) {}

  getSnapshot = (): SeedCompareState | null => this.s;

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  private emit(now = true): void {
    if (!now) {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        for (const l of this.listeners) l();
      }, NOTIFY_MS);
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const l of this.listeners) l();
  }

  private set(patch: Partial<SeedCompareState>, now = true): void {
    if (!this.s) return;
    this.s = { ...this.s, ...patch };
    this.emit(now);
  }

  /** Show a comparison without running it (a link was opened). */
  load(spec: ComparisonSpec, base: RunConfig, backendPref: Backend): void {
    this.stopWorker();
    this.s = {
      spec,
      base,
      backendPref,
      backend: null,
      status: 'loaded',
      data: emptyRuns(spec),
      runsDone: 0,
      at: null,
      error: null,
      fromLink: true,
    };
    this.emit();
  }

  /** Check and run a comparison. Returns what is wrong with it, or null when it started. */
  start(spec: ComparisonSpec, base: RunConfig, backendPref: Backend): string | null {
    const problems = comparisonProblems(spec, base);
    if (problems.length) return problems.join(' ');
    this.stopWorker();
    const id = ++this.runId;
    this.s = {
      spec,
      base,
      backendPref,
      backend: null,
      status: 'running',
      data: emptyRuns(spec),
      runsDone: 0,
      at: null,
      error: null,
      fromLink: false,
    };
    this.transport = this.opts.createTransport((e) => this.onEvent(id, e));
    this.transport.send({
      type: 'run',
      id,
      base: base as unknown as Record<string, unknown>,
      variants: spec.variants.map((v) => ({ name: v.name, patch: v.patch as Record<string, unknown> })),
      seeds: spec.seeds,
      steps: spec.steps,
      backend: backendPref,
      checkpointBase: this.opts.checkpointBase,
    });
    this.emit();
    return null;
  }

  /** Run the loaded (or finished) comparison again from scratch. */
  rerun(): string | null {
    const s = this.s;
    return s ? this.start(s.spec, s.base, s.backendPref) : 'No comparison to run.';
  }

  stop(): void {
    if (this.s?.status !== 'running') return;
    this.stopWorker();
    this.set({ status: 'stopped', at: null });
  }

  close(): void {
    this.stopWorker();
    this.s = null;
    this.emit();
  }

  dispose(): void {
    this.stopWorker();
  }

  /** A link that reopens this comparison; it pins the backend the comparison ran on (when it has run). */
  link(href: string): string | null {
    const s = this.s;
    if (!s) return null;
    return comparisonLink(href, { config: s.base, backend: s.backend?.backend ?? s.backendPref }, s.spec);
  }

  private stopWorker(): void {
    this.runId++;
    this.transport?.terminate();
    this.transport = null;
  }

  private onEvent(id: number, e: SeedsEvent): void {
    const s = this.s;
    if (!s || (e.id !== id && e.id !== -1) || id !== this.runId) return;
    switch (e.type) {
      case 'ready':
        this.set({ backend: e.backend });
        return;
      case 'step': {
        const runs = s.data.runs;
        const rows = runs[e.seed]?.[e.variant];
        if (!rows) return;
        rows.push({ ...e.metrics, step: e.step });
        this.set({ data: { ...s.data }, at: { seed: e.seed, variant: e.variant, step: e.step } }, false);
        return;
      }
      case 'run': {
        if (!s.data.runs[e.seed]?.[e.variant]) return;
        s.data.runs[e.seed][e.variant] = e.rows;
        this.set({ data: { ...s.data }, runsDone: s.runsDone + 1 }, false);
        return;
      }
      case 'done':
        this.stopWorker();
        this.set({ status: 'done', at: null });
        return;
      case 'error':
        this.stopWorker();
        this.set({ status: 'error', error: e.message, at: null });
        return;
    }
  }
}

function emptyRuns(spec: ComparisonSpec): SeedRuns {
  const runs: RunRows[][] = spec.seeds.map(() => spec.variants.map(() => [{ step: 0 }]));
  return { variants: spec.variants.map((v) => v.name), seeds: spec.seeds, steps: spec.steps, runs };
}
