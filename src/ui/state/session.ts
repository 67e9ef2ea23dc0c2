// One worker session seen from the UI: the connection to the training worker, the live histories, a new session
// for each reset / comparison / lesson (initRun), worker events (through the pure reducer), notices, the transport
// controls and weight requests. PlaygroundStore (store.ts) builds the runs list and the config editor on top.
import { mergeConfig, validateConfig, type RunConfig, type RunConfigInput } from '../../engine/config';
import { fitThreads, type ThreadsPref } from '../../engine/threads';
import { getLesson } from '../../share/lessons';
import type { SharedState } from '../../share/url';
import type { WorkerEvent } from '../../worker/protocol';
import { randomSeed } from '../knobs';
import * as editor from './configEditor';
import { ExternalStore } from './externalStore';
import { reduceWorkerEvent, withLiveHistories, withNotice } from './reducer';
import * as runList from './runs';
import { initialSnapshot } from './initial-snapshot';
export { initialSnapshot } from './initial-snapshot';
import type { HistoryPoint, Notice, NoticeKind, PairedState, RunEntry, Snapshot, Transport, VariantSpec, XAxis } from './types';
import { WeightRequests, type WeightsFile } from './weights';

export interface SessionOptions {
  checkpointBase: string;
  onStateChange?: (s: Snapshot) => void;
  lessonDefault?: boolean;
  /** Logical cores (default: navigator.hardwareConcurrency). */
  cores?: number;
}

/** Makes a training worker whose WASM pool has this many threads (fixed for its life). */
export type TransportFactory = (threads: ThreadsPref) => Transport;

export class WorkerSession extends ExternalStore<Snapshot> {
  /** Live histories (mutated in place as reports arrive), one per variant. */
  protected live: HistoryPoint[][] = [];
  /** Configs sent with `update`, oldest first, and the last one the worker accepted. */
  protected inFlight: RunConfig[] = [];
  protected acceptedConfig: RunConfig;
  protected transport: Transport | null = null;
  private makeTransport: TransportFactory | null = null;
  /** The thread preference the current worker was made with. */
  private transportThreads: ThreadsPref | null = null;
  private nextRunId = 1;
  /** The variants of the next / current paired session (null: single runs). */
  protected pairedSpec: VariantSpec[] | null = null;
  private weights = new WeightRequests();
  /** Called with every run removed from the list (persistence deletes it from storage); `all`: the list was cleared. */
  onRunsRemoved: ((ids: string[], all: boolean) => void) | null = null;

  constructor(
    initial: SharedState,
    private readonly opts: SessionOptions,
  ) {
    const lesson = initial.lesson && getLesson(initial.lesson) ? initial.lesson : null;
    const cores = Math.max(1, opts.cores ?? (globalThis.navigator?.hardwareConcurrency || 1));
    super({ ...initialSnapshot(initial, lesson), cores }, opts.onStateChange);
    this.acceptedConfig = initial.config;
    this.adoptThreads(initial.threads ?? 'auto');
    if (lesson && opts.lessonDefault) this.pairedSpec = editor.lessonVariants(lesson);
  }

  /** Copy the live histories into the snapshot where they grew. */
  protected syncLive(): void {
    this.s = withLiveHistories(this.s, this.live);
  }

  protected override beforeEmit(): void {
    this.syncLive();
  }

  // ---- worker wiring ------------------------------------------------------------------------------------------

  connect(make: TransportFactory): void {
    this.makeTransport = make;
    this.initRun({ focus: !!this.s.lesson });
  }

  /** The WASM pool is fixed when a worker's backend starts: another thread count gets a new worker (at a new run). */
  private ensureTransport(): void {
    if (!this.makeTransport || (this.transport && this.transportThreads === this.s.threadsPref)) return;
    if (this.transport) this.weights.rejectAll('The training worker was restarted with another thread count.');
    this.transport?.send({ type: 'dispose' });
    this.transport?.terminate();
    this.transport = this.makeTransport(this.s.threadsPref);
    this.transportThreads = this.s.threadsPref;
  }

  /** A thread count from a link or the settings, clamped to this machine's cores (and said so). */
  protected adoptThreads(pref: ThreadsPref): void {
    const fit = fitThreads(pref, this.s.cores);
    this.s = { ...this.s, threadsPref: fit.pref, pendingThreads: null };
    if (fit.clampedFrom)
      this.notify(
        'threads',
        'warning',
        `This link asks for ${fit.clampedFrom} WASM threads; this machine has ${this.s.cores} cores, so it uses ${fit.pref}. Numbers do not depend on the thread count.`,
      );
    else this.dismiss('threads');
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
    if (e.type === 'report') {
      const h = this.live[e.variant];
      if (!h) return;
      h.push({ step: e.step, metrics: e.metrics });
    }
    const reduced = reduceWorkerEvent(this.s, e);
    if (reduced) {
      this.set(reduced.patch, reduced.urgent);
      return;
    }
    switch (e.type) {
      case 'ready':
        this.set({ backend: e.backend }, false);
        this.checkLinkBackend(e.backend.backend);
        return;
      case 'weights':
        this.weights.resolve(e.requestId, { fileName: e.fileName, json: e.json });
        return;
      case 'updated': {
        const sent = this.inFlight.shift();
        if (e.applied && sent) {
          this.acceptedConfig = sent;
        } else if (!e.applied) {
          this.inFlight = [];
          const why = e.error ?? (e.needsReset.length ? `${e.needsReset.join(', ')} only change on reset` : 'refused');
          this.notify(
            'live-change',
            'error',
            `The change could not be applied to the running policy: ${why}. The previous settings are back.`,
          );
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
      this.weights.rejectAll(message);
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
  protected initRun(opts: { focus?: boolean; baseline?: boolean } = {}): void {
    this.syncLive();
    const runId = this.nextRunId++;
    const base = this.s.config;
    const specs: VariantSpec[] = this.pairedSpec ?? [{ name: '', patch: {} }];
    const { kept, fresh } = runList.sessionRuns(this.s.runs, {
      base,
      specs,
      paired: !!this.pairedSpec,
      session: runId,
      lesson: this.s.lesson,
      focus: !!opts.focus,
      now: Date.now(),
    });
    this.live = fresh.map(() => []);
    this.inFlight = [];
    this.acceptedConfig = base;
    this.dismiss('checkpoint');
    const paired: PairedState | null = this.pairedSpec
      ? {
          variants: this.pairedSpec,
          names: this.pairedSpec.map((v) => v.name),
          crn: null,
          metrics: [],
          diffs: [],
          samePrompts: [],
          prompts: [],
        }
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
    this.ensureTransport();
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
    this.set({ notices: withNotice(this.s.notices, { id, kind, message, action }) }, true);
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
    if (this.pairedSpec?.some((v) => !editor.variantConfig(merged.config!, v.patch))) {
      this.notify('reset', 'error', 'Cannot reset: a variant of the comparison is invalid with these settings.');
      return;
    }
    this.dismiss('reset');
    this.s = { ...this.s, config: merged.config, pending: {}, ...this.appliedDevice() };
    this.initRun();
  }

  /** The staged backend and thread count, applied (a new run starts with them). */
  protected appliedDevice(): Pick<Snapshot, 'backendPref' | 'pendingBackend' | 'threadsPref' | 'pendingThreads'> {
    const { pendingBackend, backendPref, pendingThreads, threadsPref } = this.s;
    return {
      backendPref: pendingBackend ?? backendPref,
      pendingBackend: null,
      threadsPref: pendingThreads ?? threadsPref,
      pendingThreads: null,
    };
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

  /** The live variant's current policy as checkpoint JSON (encoded in the worker). */
  requestWeights(variant = 0): Promise<WeightsFile> {
    if (!this.transport || this.s.status === 'initializing' || this.s.status === 'error')
      return Promise.reject(new Error('No policy is loaded in the worker.'));
    const { requestId, answer } = this.weights.open();
    this.transport.send({ type: 'export-weights', requestId, variant });
    return answer;
  }

  // ---- the applied config and the staged knobs ----------------------------------------------------------------

  /** Set the applied (base) config and every live run's config derived from it. */
  protected setConfig(config: RunConfig, urgent: boolean, extra: Partial<Snapshot> = {}): void {
    this.syncLive();
    const specs = this.pairedSpec ?? [{ name: '', patch: {} }];
    const runs = runList.withLiveConfigs(this.s.runs, this.s.liveIds, config, specs, this.s.step > 0);
    this.set({ config, runs, ...extra }, urgent);
  }

  protected stage(patch: RunConfigInput): string | null {
    const staged = editor.stagePatch(this.s.config, this.s.pending, patch);
    if ('error' in staged) return staged.error;
    this.set({ pending: staged.ok }, true);
    return null;
  }
}
