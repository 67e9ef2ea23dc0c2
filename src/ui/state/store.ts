// The UI's run state, outside React: the applied config, knobs staged for the next reset, the runs list (every run
// of this page and the ones restored from browser storage, each with its metric history), the latest groups,
// notices, the paired comparison, the open lesson and a step-through in progress. Worker events arrive here;
// React reads immutable snapshots. Worker-driven changes are coalesced to one notification per animation frame
// (rendered as a transition, so charts never block input); user actions notify at once.
//
// Runs: a session of the worker trains one run (single mode) or 2-4 runs in lockstep (paired mode). Those are the
// "live" runs. Starting a new session (reset, new seed, a lesson, a comparison) keeps the previous live runs that
// have steps in the list, view-only; runs with no steps are dropped.
import { newRunId } from '../../share/run-id';
import { mergeConfig, validateConfig, type Backend, type RunConfig, type RunConfigInput } from '../../engine/config';
import type { BackendInfo } from '../../engine/backend';
import type { CrnPair } from '../../engine/compare';
import type { CheckpointEntry, CheckpointManifest } from '../../engine/policy/manifest';
import type { GroupSnapshot, Metrics } from '../../engine/rl/types';
import { applyPreset, getPreset } from '../../engine/rl/presets';
import { getTask } from '../../engine/tasks';
import { runName } from '../../share/config-diff';
import type { RunData } from '../../share/export';
import { getLesson } from '../../share/lessons';
import type { SavedRun } from '../../share/persist';
import { isSafeRunColor, nextColor } from '../../share/run-colors';
import { shareLink, type HideKey, type SharedState } from '../../share/url';
import type { PhaseMessage, RunStatus, WorkerCommand, WorkerEvent } from '../../worker/protocol';
import { RESET_KEYS, randomSeed } from '../knobs';

export interface HistoryPoint {
  step: number;
  metrics: Metrics;
}

export type NoticeKind = 'error' | 'warning' | 'info';
export interface Notice {
  id: string;
  kind: NoticeKind;
  message: string;
  action?: { label: string; run: () => void };
}

export interface LiveEdit {
  step: number;
  keys: string[];
}

export interface RunEntry {
  /** Stable id (also the key in browser storage). */
  id: string;
  name: string;
  color: string;
  /** The run's config (for a live run: as of now, live edits included). */
  config: RunConfig;
  history: readonly HistoryPoint[];
  visible: boolean;
  createdAt: number;
  /** Trained by the worker right now (the current session). */
  live: boolean;
  /** Loaded from browser storage at page load. */
  restored: boolean;
  /** Part of a paired comparison: the session it belongs to and the variant. */
  pair?: { session: number; index: number; variant: string };
  /** Settings were changed while it trained. */
  editedMidRun?: boolean;
  /** The lesson that started it (the runs list groups a lesson's runs). */
  lesson?: string;
  /** The name is made from the config (runName) and follows it, until the user renames the run. */
  autoName?: boolean;
}

export interface VariantSpec {
  name: string;
  /** Merged over the base config (src/engine/config mergeConfig). */
  patch: RunConfigInput;
}

export interface PairedState {
  variants: readonly VariantSpec[];
  names: readonly string[];
  crn: readonly CrnPair[] | null;
  /** Metrics whose differences the worker reports. */
  metrics: readonly string[];
  /** Per step: deltas[v - 1] = metric -> value(v) - value(0). */
  diffs: ReadonlyArray<{ step: number; deltas: ReadonlyArray<Record<string, number>> }>;
  /** Per step: did every variant train on the same problems (from the PairedRun). */
  samePrompts: ReadonlyArray<{ step: number; same: boolean }>;
  /** Per step, per variant: the problems in the report (the inspector's evidence). */
  prompts: ReadonlyArray<{ step: number; variants: ReadonlyArray<ReadonlyArray<{ problemId: string; question: string; filtered: boolean }>> }>;
}

export interface StepThroughState {
  /** The step being taken. */
  step: number;
  /** The phases received so far, in order. */
  phases: readonly PhaseMessage[];
  /** Waiting for the worker (the next phase, or the report after the last one). */
  waiting: boolean;
  /** The step's report arrived: its metrics are on the charts. */
  done: boolean;
}

export type XAxis = 'step' | 'time';

export interface Snapshot {
  config: RunConfig;
  /** Reset-only knobs staged for the next reset (task, model size, init, seed, and what follows from them). */
  pending: RunConfigInput;
  backendPref: Backend;
  pendingBackend: Backend | null;
  classroom: boolean;
  hide: readonly HideKey[];
  runId: number;
  status: RunStatus;
  /**
   * Pause was asked for while a step was in flight: the status stays 'running' until the worker says it stopped,
   * so 'paused' is only shown once no further step can land (the step on screen is the step of the weights).
   */
  pausing: boolean;
  step: number;
  backend: BackendInfo | null;
  numTensors: number | null;
  /** The current run's history (variant 0 of a paired run). */
  history: readonly HistoryPoint[];
  /** The current run's latest groups (variant 0). */
  groups: readonly GroupSnapshot[];
  /** Every live variant's latest groups. */
  variantGroups: ReadonlyArray<readonly GroupSnapshot[]>;
  groupsStep: number;
  notices: readonly Notice[];
  liveEdits: readonly LiveEdit[];
  delayMs: number;
  smoothing: number;
  xAxis: XAxis;
  manifest: readonly CheckpointEntry[] | null;
  /** Backend a shared link was recorded on, when it differs from the one in use. */
  linkBackend: Backend | null;
  runs: readonly RunEntry[];
  /** Ids of the live runs, in variant order. */
  liveIds: readonly string[];
  /** The run every other run's config is compared with (null: the first run). */
  baselineId: string | null;
  paired: PairedState | null;
  lesson: string | null;
  stepThrough: StepThroughState | null;
  /** Browser storage for runs: usable, missing, or failing (the notice says why). */
  storage: 'ok' | 'unavailable' | 'error';
}

export interface Transport {
  send(cmd: WorkerCommand): void;
  terminate(): void;
}

type Listener = (urgent: boolean) => void;

const RENDER_INTERVAL_MS = 150;
/** Steps of prompt evidence kept for a paired run. */
const MAX_EVIDENCE = 5000;

export { newRunId };

/** `base`, or `base (2)`, `base (3)`, ... whichever is not taken. */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base} (${i})`)) return `${base} (${i})`;
}

/** A variant's resolved config: the base with its patch on top (null when invalid). */
export function variantConfig(base: RunConfig, patch: RunConfigInput): RunConfig | null {
  return validateConfig(mergeConfig(base, patch)).config ?? null;
}

export class RunStore {
  private s: Snapshot;
  private listeners = new Set<Listener>();
  /** Live histories (mutated in place as reports arrive), one per variant. */
  private live: HistoryPoint[][] = [];
  private frame = 0;
  private lastEmit = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Configs sent with `update`, oldest first, and the last one the worker accepted. */
  private inFlight: RunConfig[] = [];
  private acceptedConfig: RunConfig;
  private transport: Transport | null = null;
  private nextRunId = 1;
  /** The variants of the next / current paired session (null: single runs). */
  private pairedSpec: VariantSpec[] | null = null;
  private weightRequests = new Map<number, { resolve: (v: { fileName: string; json: string }) => void; reject: (e: Error) => void }>();
  private nextRequest = 1;
  /** Called with every run removed from the list (persistence deletes it from storage); `all`: the list was cleared. */
  onRunsRemoved: ((ids: string[], all: boolean) => void) | null = null;

  constructor(
    initial: SharedState,
    private readonly opts: { checkpointBase: string; onStateChange?: (s: Snapshot) => void; lessonDefault?: boolean },
  ) {
    this.acceptedConfig = initial.config;
    const lesson = initial.lesson && getLesson(initial.lesson) ? initial.lesson : null;
    if (lesson && opts.lessonDefault) this.pairedSpec = lessonVariants(lesson);
    this.s = {
      config: initial.config,
      pending: {},
      backendPref: initial.backend,
      pendingBackend: null,
      classroom: initial.classroom,
      hide: initial.hide,
      runId: 0,
      status: 'initializing',
      pausing: false,
      step: 0,
      backend: null,
      numTensors: null,
      history: [],
      groups: [],
      variantGroups: [],
      groupsStep: 0,
      notices: [],
      liveEdits: [],
      delayMs: 0,
      smoothing: 0.6,
      xAxis: 'step',
      manifest: null,
      linkBackend: initial.backend !== 'auto' ? initial.backend : null,
      runs: [],
      liveIds: [],
      baselineId: null,
      paired: null,
      lesson,
      stepThrough: null,
      storage: 'ok',
    };
  }

  // ---- subscription -------------------------------------------------------------------------------------------

  getSnapshot = (): Snapshot => this.s;

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private set(patch: Partial<Snapshot>, urgent: boolean): void {
    this.s = { ...this.s, ...patch };
    if (urgent) {
      this.cancelScheduled();
      this.emit(true);
    } else {
      this.schedule();
    }
  }

  /**
   * Worker-driven changes render at most every RENDER_INTERVAL_MS (and on an animation frame): at 10-20 steps/s
   * rendering every step would spend the main thread on frames nobody can read.
   */
  private schedule(): void {
    if (this.frame || this.timer) return;
    const fire = () => {
      this.cancelScheduled();
      this.lastEmit = performance.now();
      this.emit(false);
    };
    const wait = Math.max(0, this.lastEmit + RENDER_INTERVAL_MS - performance.now());
    // rAF does not run in background tabs; the timer alone keeps the state fresh there.
    this.timer = setTimeout(() => {
      this.timer = null;
      if (typeof requestAnimationFrame === 'function' && !document.hidden) this.frame = requestAnimationFrame(fire);
      else fire();
    }, wait);
  }

  private cancelScheduled(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.timer) clearTimeout(this.timer);
    this.frame = 0;
    this.timer = null;
  }

  /** Copy the live histories into the snapshot where they grew. */
  private syncLive(): void {
    const ids = this.s.liveIds;
    let runs: RunEntry[] | null = null;
    ids.forEach((id, v) => {
      const h = this.live[v];
      if (!h) return;
      const cur = runs ?? this.s.runs;
      const i = cur.findIndex((r) => r.id === id);
      if (i < 0 || cur[i].history.length === h.length) return;
      runs ??= this.s.runs.slice();
      runs[i] = { ...runs[i], history: h.slice() };
    });
    const changed = runs !== null;
    const h0 = this.live[0] ?? [];
    const first = runs ? (runs as RunEntry[]).find((r) => r.id === ids[0]) : undefined;
    if (changed) this.s = { ...this.s, runs: runs!, history: first?.history ?? h0.slice() };
    else if (this.s.history.length !== h0.length) this.s = { ...this.s, history: h0.slice() };
  }

  private emit(urgent: boolean): void {
    this.syncLive();
    for (const l of this.listeners) l(urgent);
    this.opts.onStateChange?.(this.s);
  }

  // ---- worker wiring ------------------------------------------------------------------------------------------

  connect(transport: Transport): void {
    this.transport = transport;
    this.initRun({ focus: !!this.s.lesson });
  }

  dispose(): void {
    this.cancelScheduled();
    this.transport?.send({ type: 'dispose' });
    this.transport?.terminate();
    this.transport = null;
  }

  /** Live history of the current run (no copy): for the test hook and exports. */
  metricsHistory(): readonly HistoryPoint[] {
    return this.live[0] ?? [];
  }

  /** Every run with its latest history (live ones included), for exports. */
  allRuns(): RunEntry[] {
    this.syncLive();
    return [...this.s.runs];
  }

  handleEvent = (e: WorkerEvent): void => {
    if (e.runId !== -1 && e.runId !== this.s.runId) return; // a stale run
    switch (e.type) {
      case 'ready':
        this.set({ backend: e.backend }, false);
        this.checkLinkBackend(e.backend.backend);
        return;
      case 'state':
        this.set({ status: e.status, step: e.step, pausing: false }, false);
        return;
      case 'report': {
        const h = this.live[e.variant];
        if (!h) return;
        h.push({ step: e.step, metrics: e.metrics });
        const variantGroups = this.s.variantGroups.slice();
        variantGroups[e.variant] = e.groups;
        const patch: Partial<Snapshot> = { variantGroups, groupsStep: e.step, numTensors: e.numTensors };
        if (e.variant === 0) Object.assign(patch, { step: e.step, groups: e.groups });
        const st = this.s.stepThrough;
        if (st && !st.done && e.variant === 0) patch.stepThrough = { ...st, waiting: false, done: true };
        this.set(patch, !!patch.stepThrough);
        return;
      }
      case 'paired-ready': {
        const p = this.s.paired;
        if (p) this.set({ paired: { ...p, names: e.names, crn: e.crn, metrics: e.metrics } }, false);
        return;
      }
      case 'paired': {
        const p = this.s.paired;
        if (!p) return;
        const diffs = [...p.diffs, { step: e.step, deltas: e.diffs.map((d) => d.deltas) }];
        const samePrompts = [...p.samePrompts, { step: e.step, same: e.samePrompts }];
        const evidence = this.s.variantGroups.map((gs) => gs.map((g) => ({ problemId: g.problemId, question: g.question, filtered: g.filtered })));
        const prompts = [...p.prompts, { step: e.step, variants: evidence }].slice(-MAX_EVIDENCE);
        this.set({ paired: { ...p, diffs, samePrompts, prompts } }, false);
        return;
      }
      case 'phase': {
        const st = this.s.stepThrough;
        if (!st) return;
        this.set({ stepThrough: { ...st, step: e.step, phases: [...st.phases, e], waiting: false } }, true);
        return;
      }
      case 'weights': {
        const req = this.weightRequests.get(e.requestId);
        this.weightRequests.delete(e.requestId);
        req?.resolve({ fileName: e.fileName, json: e.json });
        return;
      }
      case 'updated': {
        const sent = this.inFlight.shift();
        if (e.applied && sent) {
          this.acceptedConfig = sent;
        } else if (!e.applied) {
          this.inFlight = [];
          const why = e.error ?? (e.needsReset.length ? `${e.needsReset.join(', ')} only change on reset` : 'refused');
          this.notify('live-change', 'error', `The change could not be applied to the running policy: ${why}. The previous settings are back.`);
          this.setConfig(this.acceptedConfig, true);
        }
        return;
      }
      case 'backend-changed':
        this.set({ backend: e.to }, false);
        this.notify('backend-changed', 'warning', `Backend switched from ${e.from} to ${e.to.backend}: ${e.reason}`);
        return;
      case 'error':
        this.onError(e.code, e.message);
        return;
    }
  };

  private onError(code: string, message: string): void {
    if (code === 'export-failed') {
      for (const r of this.weightRequests.values()) r.reject(new Error(message));
      this.weightRequests.clear();
      this.notify('export', 'error', message);
      return;
    }
    if (code === 'checkpoint-missing') {
      this.notify('checkpoint', 'error', `${message} Shipped base policies are made by \`npm run base-policies\`.`, {
        label: 'Start from random init',
        run: () => {
          this.stage({ init: 'random' });
          this.reset();
        },
      });
      this.set({ status: 'error', stepThrough: null }, true);
      return;
    }
    const reload = code === 'worker-crashed' ? { label: 'Reload the page', run: () => location.reload() } : undefined;
    this.notify(`worker-${code}`, 'error', message, reload);
    if (code === 'worker-crashed' || code === 'backend' || code === 'bad-config') this.set({ status: 'error', stepThrough: null }, true);
    else if (code === 'step-failed' && this.s.stepThrough) this.set({ stepThrough: null }, true);
  }

  private checkLinkBackend(actual: string): void {
    const wanted = this.s.linkBackend;
    if (wanted && wanted !== actual) {
      this.notify(
        'link-backend',
        'warning',
        `This link was recorded on the ${wanted} backend, but this run uses ${actual}. Metrics agree only approximately across backends; use ${wanted} to reproduce them exactly.`,
      );
    } else {
      this.dismiss('link-backend');
    }
  }

  /**
   * Start a new worker session (one run, or the paired variants) from the applied config. `focus` (a lesson) hides
   * the earlier runs and makes the first new run the baseline; `baseline` makes it the baseline unless one was picked.
   */
  private initRun(opts: { focus?: boolean; baseline?: boolean } = {}): void {
    this.syncLive();
    const runId = this.nextRunId++;
    const base = this.s.config;
    const specs: VariantSpec[] = this.pairedSpec ?? [{ name: '', patch: {} }];
    // The previous session's runs stay (view-only) when they have steps.
    const kept = this.s.runs
      .filter((r) => !r.live || r.history.length > 0)
      .map((r) => (r.live || (opts.focus && r.visible) ? { ...r, live: false, visible: r.visible && !opts.focus } : r));
    const now = Date.now();
    const fresh: RunEntry[] = [];
    for (const [i, v] of specs.entries()) {
      const config = variantConfig(base, v.patch) ?? base;
      const taken = [...kept, ...fresh].map((r) => r.name);
      const name = this.pairedSpec ? uniqueName(`${v.name} · ${config.task} · s${config.seed}`, taken) : runName(config, taken);
      const color = nextColor([...kept, ...fresh].map((r) => r.color));
      fresh.push({
        id: newRunId(),
        name,
        color,
        config,
        history: [],
        visible: true,
        createdAt: now + i,
        live: true,
        restored: false,
        ...(this.pairedSpec ? { pair: { session: runId, index: i, variant: v.name } } : { autoName: true }),
        ...(this.s.lesson ? { lesson: this.s.lesson } : {}),
      });
    }
    this.live = fresh.map(() => []);
    this.inFlight = [];
    this.acceptedConfig = base;
    this.dismiss('checkpoint');
    const paired: PairedState | null = this.pairedSpec
      ? { variants: this.pairedSpec, names: this.pairedSpec.map((v) => v.name), crn: null, metrics: [], diffs: [], samePrompts: [], prompts: [] }
      : null;
    const runs = [...kept, ...fresh];
    let baselineId = this.s.baselineId && runs.some((r) => r.id === this.s.baselineId) ? this.s.baselineId : null;
    if (opts.focus || (opts.baseline && !baselineId)) baselineId = fresh[0].id;
    this.set(
      {
        runId,
        status: 'initializing',
        step: 0,
        history: [],
        groups: [],
        variantGroups: fresh.map(() => []),
        groupsStep: 0,
        liveEdits: [],
        numTensors: null,
        runs,
        liveIds: fresh.map((r) => r.id),
        baselineId,
        paired,
        stepThrough: null,
      },
      true,
    );
    this.transport?.send({
      type: 'init',
      runId,
      config: base as unknown as Record<string, unknown>,
      backend: this.s.backendPref,
      checkpointBase: this.opts.checkpointBase,
      ...(this.pairedSpec ? { variants: this.pairedSpec.map((v) => ({ name: v.name, patch: v.patch as Record<string, unknown> })) } : {}),
    });
    if (this.s.delayMs) this.transport?.send({ type: 'speed', delayMs: this.s.delayMs });
  }

  // ---- notices ------------------------------------------------------------------------------------------------

  notify(id: string, kind: NoticeKind, message: string, action?: Notice['action']): void {
    const notices = [...this.s.notices.filter((n) => n.id !== id), { id, kind, message, action }];
    this.set({ notices }, true);
  }

  dismiss(id: string): void {
    if (!this.s.notices.some((n) => n.id === id)) return;
    this.set({ notices: this.s.notices.filter((n) => n.id !== id) }, true);
  }

  // ---- transport controls -------------------------------------------------------------------------------------

  get canTrain(): boolean {
    const st = this.s.stepThrough;
    if (st && !st.done) return false;
    return this.s.status === 'idle' || this.s.status === 'paused' || this.s.status === 'running';
  }

  play(): void {
    if (!this.canTrain) return;
    this.transport?.send({ type: 'start' });
    this.set({ status: 'running', pausing: false, stepThrough: null }, true);
  }

  pause(): void {
    this.transport?.send({ type: 'pause' });
    if (this.s.status === 'running') this.set({ pausing: true }, true);
  }

  togglePlay(): void {
    if (this.s.status === 'running') this.pause();
    else this.play();
  }

  step(n = 1): void {
    if (!this.canTrain || this.s.status === 'running') return;
    this.transport?.send({ type: 'step', n });
    if (this.s.stepThrough) this.set({ stepThrough: null }, true);
  }

  /** Take one step phase by phase: the worker holds after each of the five phases until nextPhase(). */
  stepThrough(): void {
    if (!this.canTrain || this.s.status === 'running' || this.s.paired) return;
    this.transport?.send({ type: 'step-through' });
    this.set({ stepThrough: { step: this.s.step + 1, phases: [], waiting: true, done: false } }, true);
  }

  /** Compute the next phase (finish: the rest of the step without stopping). */
  nextPhase(finish = false): void {
    const st = this.s.stepThrough;
    if (!st || st.done || st.waiting) return;
    this.transport?.send({ type: 'next-phase', finish });
    this.set({ stepThrough: { ...st, waiting: true } }, true);
  }

  closeStepThrough(): void {
    const st = this.s.stepThrough;
    if (!st) return;
    if (!st.done) this.transport?.send({ type: 'next-phase', finish: true });
    this.set({ stepThrough: null }, true);
  }

  /** Start again from step 0 with the staged knobs applied; `newSeed` draws a fresh seed first. */
  reset(opts: { newSeed?: boolean } = {}): void {
    if (opts.newSeed) this.s = { ...this.s, pending: { ...this.s.pending, seed: randomSeed() } };
    const merged = validateConfig(mergeConfig(this.s.config, this.s.pending));
    if (!merged.config) {
      this.notify('reset', 'error', `Cannot reset with these settings: ${merged.errors.join('; ')}`);
      return;
    }
    if (this.pairedSpec && this.pairedSpec.some((v) => !variantConfig(merged.config!, v.patch))) {
      this.notify('reset', 'error', 'Cannot reset: a variant of the comparison is invalid with these settings.');
      return;
    }
    this.dismiss('reset');
    const backendPref = this.s.pendingBackend ?? this.s.backendPref;
    this.s = { ...this.s, config: merged.config, pending: {}, pendingBackend: null, backendPref };
    this.initRun();
  }

  setDelay(ms: number): void {
    this.transport?.send({ type: 'speed', delayMs: ms });
    this.set({ delayMs: ms }, true);
  }

  setSmoothing(x: number): void {
    this.set({ smoothing: x }, true);
  }

  setXAxis(x: XAxis): void {
    this.set({ xAxis: x }, true);
  }

  simulateFailure(): void {
    this.transport?.send({ type: 'simulate-failure' });
  }

  /** The live variant's current policy as checkpoint JSON (encoded in the worker). */
  requestWeights(variant = 0): Promise<{ fileName: string; json: string }> {
    const requestId = this.nextRequest++;
    return new Promise((resolve, reject) => {
      if (!this.transport || this.s.status === 'initializing' || this.s.status === 'error') {
        reject(new Error('No policy is loaded in the worker.'));
        return;
      }
      this.weightRequests.set(requestId, { resolve, reject });
      this.transport.send({ type: 'export-weights', requestId, variant });
    });
  }

  // ---- runs list ----------------------------------------------------------------------------------------------

  private updateRun(id: string, patch: Partial<RunEntry>): void {
    this.syncLive();
    this.set({ runs: this.s.runs.map((r) => (r.id === id ? { ...r, ...patch } : r)) }, true);
  }

  renameRun(id: string, name: string): void {
    const trimmed = name.trim().slice(0, 120);
    if (trimmed) this.updateRun(id, { name: trimmed, autoName: false });
  }

  setRunVisible(id: string, visible: boolean): void {
    this.updateRun(id, { visible });
  }

  /** Show only this run (or everything again when it is already the only one shown). */
  soloRun(id: string): void {
    this.syncLive();
    const only = this.s.runs.every((r) => r.visible === (r.id === id));
    this.set({ runs: this.s.runs.map((r) => ({ ...r, visible: only || r.id === id })) }, true);
  }

  setBaseline(id: string | null): void {
    this.set({ baselineId: id }, true);
  }

  /** Remove a run that is not training (and its saved copy). */
  deleteRun(id: string): void {
    const run = this.s.runs.find((r) => r.id === id);
    if (!run || run.live) return;
    this.syncLive();
    const runs = this.s.runs.filter((r) => r.id !== id);
    this.set({ runs, baselineId: this.s.baselineId === id ? null : this.s.baselineId }, true);
    this.onRunsRemoved?.([id], false);
  }

  /** Remove every run that is not training (and every saved run). */
  clearRuns(): void {
    this.syncLive();
    const gone = this.s.runs.filter((r) => !r.live).map((r) => r.id);
    const runs = this.s.runs.filter((r) => r.live);
    this.set({ runs, baselineId: runs.some((r) => r.id === this.s.baselineId) ? this.s.baselineId : null }, true);
    this.onRunsRemoved?.(gone, true);
  }

  /** Runs restored from browser storage go before this page's runs; a live run whose colour clashes gets another. */
  addRestoredRuns(saved: readonly SavedRun[]): void {
    if (!saved.length) return;
    this.syncLive();
    const have = new Set(this.s.runs.map((r) => r.id));
    const restored: RunEntry[] = saved
      .filter((r) => !have.has(r.id))
      .map((r) => ({
        id: r.id,
        name: r.name,
        color: isSafeRunColor(r.color) ? r.color : nextColor(saved.map((x) => x.color).filter(isSafeRunColor)),
        config: r.config,
        history: r.metrics.map((m) => ({ step: m.step, metrics: m })),
        // Under an open lesson the lesson's runs are what the charts show; saved runs wait in the list.
        visible: !this.s.lesson,
        createdAt: r.createdAt,
        live: false,
        restored: true,
        ...(r.editedMidRun ? { editedMidRun: true } : {}),
        ...(r.lesson ? { lesson: r.lesson } : {}),
      }));
    const used = restored.map((r) => r.color);
    const names = restored.map((r) => r.name);
    const mine = this.s.runs.map((r) => {
      let out = r;
      if (used.includes(r.color)) out = { ...out, color: nextColor(used) };
      if (names.includes(r.name)) out = { ...out, name: uniqueName(r.name, [...names, ...this.s.runs.map((x) => x.name)]) };
      used.push(out.color);
      names.push(out.name);
      return out;
    });
    this.set({ runs: [...restored, ...mine] }, true);
  }

  /** Runs read from an exported runs JSON: new ids (so they never overwrite a saved run), names kept unique. */
  importRuns(runs: readonly RunData[]): void {
    this.syncLive();
    const taken = this.s.runs.map((r) => r.name);
    const colors = this.s.runs.map((r) => r.color);
    const now = Date.now();
    const added: RunEntry[] = runs.map((r, i) => {
      const name = uniqueName(r.name, taken);
      taken.push(name);
      const color = isSafeRunColor(r.color) && !colors.includes(r.color) ? r.color : nextColor(colors);
      colors.push(color);
      return {
        id: newRunId(),
        name,
        color,
        config: r.config,
        history: r.metrics.map((m) => ({ step: m.step, metrics: m })),
        visible: true,
        createdAt: now + i,
        live: false,
        restored: true,
      };
    });
    this.set({ runs: [...this.s.runs, ...added] }, true);
  }

  setStorage(storage: Snapshot['storage']): void {
    if (storage !== this.s.storage) this.set({ storage }, true);
  }

  /** Start a new run from a run's config (a restored or finished run is view-only; this continues its idea). */
  startFromRun(id: string): void {
    const run = this.s.runs.find((r) => r.id === id);
    if (!run) return;
    this.pairedSpec = null;
    this.s = { ...this.s, config: run.config, pending: {}, lesson: null };
    this.initRun();
  }

  /** Every run's metrics for the exporters (src/share/export.ts). */
  runsForExport(onlyVisible = false): RunData[] {
    return this.allRuns()
      .filter((r) => r.history.length > 0 && (!onlyVisible || r.visible))
      .map((r) => ({ name: r.name, color: r.color, config: r.config, metrics: r.history.map((h) => ({ ...h.metrics, step: h.step })) }));
  }

  // ---- paired comparison and lessons ---------------------------------------------------------------------------

  /** Run 2-4 variants of the current (draft) config in lockstep with the same seed. Returns an error or null. */
  startPaired(variants: VariantSpec[]): string | null {
    if (variants.length < 2 || variants.length > 4) return 'Pick 2 to 4 variants.';
    const merged = validateConfig(mergeConfig(this.s.config, this.s.pending));
    if (!merged.config) return merged.errors.join('; ');
    for (const v of variants) {
      const c = variantConfig(merged.config, v.patch);
      if (!c) return `Variant "${v.name}" is invalid: ${validateConfig(mergeConfig(merged.config, v.patch)).errors.join('; ')}`;
      if (c.seed !== merged.config.seed || c.task !== merged.config.task) return `Variant "${v.name}" changes the seed or the task; paired runs share both.`;
    }
    this.pairedSpec = variants.map((v) => ({ name: v.name, patch: v.patch }));
    const backendPref = this.s.pendingBackend ?? this.s.backendPref;
    // A comparison of one's own closes the lesson (whose link would start the lesson's variants instead).
    this.s = { ...this.s, config: merged.config, pending: {}, pendingBackend: null, backendPref, lesson: null };
    this.initRun({ baseline: true });
    return null;
  }

  /** Back to a single run of the base config. */
  stopPaired(): void {
    if (!this.pairedSpec) return;
    this.pairedSpec = null;
    this.initRun();
  }

  /** Open a lesson: its config (and its variants as a paired run), its text and its charts. */
  openLesson(id: string): string | null {
    const lesson = getLesson(id);
    if (!lesson) return `No lesson "${id}"`;
    const v = validateConfig(lesson.config);
    if (!v.config) return v.errors.join('; ');
    this.pairedSpec = lessonVariants(id);
    this.s = { ...this.s, config: v.config, pending: {}, lesson: id };
    this.dismiss('url');
    this.initRun({ focus: true });
    return null;
  }

  closeLesson(): void {
    this.set({ lesson: null }, true);
  }

  // ---- config edits -------------------------------------------------------------------------------------------

  /** The config the form shows: the applied config with staged reset-only knobs on top. */
  draft(): RunConfig {
    if (!Object.keys(this.s.pending).length) return this.s.config;
    return validateConfig(mergeConfig(this.s.config, this.s.pending)).config ?? this.s.config;
  }

  /** Set the applied (base) config and every live run's config derived from it. */
  private setConfig(config: RunConfig, urgent: boolean, extra: Partial<Snapshot> = {}): void {
    this.syncLive();
    const specs = this.pairedSpec ?? [{ name: '', patch: {} }];
    const live = new Map(this.s.liveIds.map((id, i) => [id, variantConfig(config, specs[i]?.patch ?? {}) ?? config]));
    const edited = this.s.step > 0;
    const runs = this.s.runs.map((r) => (live.has(r.id) ? { ...r, config: live.get(r.id)!, editedMidRun: r.editedMidRun || edited } : r));
    // A name made from the config follows it (a run switched to Dr. GRPO is not called "grpo-trl · ..." any more).
    for (const [i, r] of runs.entries()) {
      if (!live.has(r.id) || !r.autoName) continue;
      const taken = runs.filter((x) => x.id !== r.id).map((x) => x.name);
      const name = runName(r.config, taken);
      if (name !== r.name) runs[i] = { ...r, name };
    }
    this.set({ config, runs, ...extra }, urgent);
  }

  /**
   * Apply a knob patch. Reset-only knobs (and anything that follows from a task change) are staged; the rest
   * go to the running trainer at its next step. Returns an error message when the patch is invalid.
   */
  edit(patch: RunConfigInput): string | null {
    const keys = Object.keys(patch);
    const staged = keys.filter((k) => (RESET_KEYS as readonly string[]).includes(k));
    if (staged.length) {
      const stagedPatch = Object.fromEntries(staged.map((k) => [k, (patch as Record<string, unknown>)[k]])) as RunConfigInput;
      const err = this.stage(stagedPatch);
      if (err) return err;
    }
    const live = Object.fromEntries(keys.filter((k) => !staged.includes(k)).map((k) => [k, (patch as Record<string, unknown>)[k]])) as RunConfigInput;
    if (!Object.keys(live).length) return null;
    // With a task change staged, task-dependent knobs wait for the reset too.
    if (this.s.pending.task !== undefined && ('difficulty' in live || 'experts' in live || 'hintLevel' in live)) return this.stage(live);
    return this.applyLive(live);
  }

  private stage(patch: RunConfigInput): string | null {
    let pending: RunConfigInput = mergeConfig(this.s.pending, patch);
    if (patch.task !== undefined && patch.task !== this.s.config.task) {
      // A new task: its own difficulty (0 = the task's default) and its own expert styles.
      getTask(patch.task);
      pending = mergeConfig(pending, { difficulty: 0, experts: { list: null } });
    }
    const check = validateConfig(mergeConfig(this.s.config, pending));
    if (!check.config) return check.errors.join('; ');
    // Drop staged values equal to the applied config (the user changed their mind).
    const cfg = this.s.config as unknown as Record<string, unknown>;
    const cleaned: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(pending)) if (JSON.stringify(cfg[k]) !== JSON.stringify(v)) cleaned[k] = v;
    this.set({ pending: cleaned as RunConfigInput }, true);
    return null;
  }

  private applyLive(patch: RunConfigInput): string | null {
    const next = validateConfig(mergeConfig(this.s.config, patch));
    if (!next.config) return next.errors.join('; ');
    const config = next.config;
    const changed = Object.keys(patch).filter(
      (k) => JSON.stringify((config as unknown as Record<string, unknown>)[k]) !== JSON.stringify((this.s.config as unknown as Record<string, unknown>)[k]),
    );
    if (!changed.length) return null;
    if (this.pairedSpec) {
      const bad = this.pairedSpec.find((v) => !variantConfig(config, v.patch));
      if (bad) return `Variant "${bad.name}" would be invalid with this change.`;
    }
    if (this.s.status === 'error') {
      // No trainer to update (e.g. a missing checkpoint): the next reset starts from this config.
      this.acceptedConfig = config;
      this.setConfig(config, true);
      return null;
    }
    const liveEdits = this.s.step > 0 ? [...this.s.liveEdits, { step: this.s.step, keys: describePatch(patch) }] : this.s.liveEdits;
    this.inFlight.push(config);
    this.transport?.send({ type: 'update', patch: patch as Record<string, unknown> });
    this.setConfig(config, true, { liveEdits });
    return null;
  }

  applyPreset(name: string): string | null {
    if (!getPreset(name)) return `Unknown preset ${name}`;
    const next = applyPreset(this.s.config, name);
    const patch: RunConfigInput = {};
    const cur = this.s.config as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(next)) if (JSON.stringify(cur[k]) !== JSON.stringify(v)) (patch as Record<string, unknown>)[k] = v;
    if (!Object.keys(patch).length) return null;
    return this.applyLive(patch);
  }

  setBackendPref(b: Backend): void {
    this.set({ pendingBackend: b === this.s.backendPref ? null : b }, true);
  }

  /** A link was pasted / the hash changed to a valid state: start that run (a lesson link starts the lesson). */
  loadShared(state: SharedState, lessonDefault = false): void {
    const lesson = state.lesson && getLesson(state.lesson) ? state.lesson : null;
    this.pairedSpec = lesson && lessonDefault ? lessonVariants(lesson) : null;
    this.s = {
      ...this.s,
      config: state.config,
      pending: {},
      backendPref: state.backend,
      pendingBackend: null,
      classroom: state.classroom,
      hide: state.hide,
      linkBackend: state.backend !== 'auto' ? state.backend : null,
      lesson,
    };
    this.initRun({ focus: !!lesson });
  }

  setManifest(m: CheckpointManifest | null): void {
    this.set({ manifest: m ? m.checkpoints : [] }, true);
  }

  /** State for the URL: the applied run, the backend asked for, classroom flags, the open lesson. */
  urlState(): SharedState {
    return {
      config: this.s.config,
      backend: this.s.backendPref,
      classroom: this.s.classroom,
      hide: [...this.s.hide],
      ...(this.s.lesson ? { lesson: this.s.lesson } : {}),
    };
  }

  /** A link that reproduces this run: the backend actually in use is recorded so the replay uses it. */
  shareLink(base: string): string {
    const backend = this.s.backend?.backend ?? this.s.backendPref;
    const state = this.urlState();
    // A lesson's own run is reproduced by its lesson link (the lesson fixes the config); no backend pin there.
    return shareLink(base, state.lesson ? state : { ...state, backend });
  }
}

function lessonVariants(id: string): VariantSpec[] | null {
  const l = getLesson(id);
  return l?.variants?.length ? l.variants.map((v) => ({ name: v.name, patch: v.patch })) : null;
}

function describePatch(patch: RunConfigInput): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && k !== 'rewardWeights') for (const sub of Object.keys(v)) out.push(`${k}.${sub}`);
    else out.push(k);
  }
  return out;
}
