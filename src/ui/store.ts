// The UI's run state, outside React: the applied config, knobs staged for the next reset, the metric history,
// the latest groups, notices. Worker events arrive here; React reads immutable snapshots. Worker-driven changes
// are coalesced to one notification per animation frame (rendered as a transition, so charts never block input);
// user actions notify at once.
import { mergeConfig, validateConfig, type Backend, type RunConfig, type RunConfigInput } from '../engine/config';
import type { BackendInfo } from '../engine/backend';
import type { CheckpointEntry, CheckpointManifest } from '../engine/policy/manifest';
import type { GroupSnapshot, Metrics } from '../engine/rl/types';
import { getPreset } from '../engine/rl/presets';
import { getTask } from '../engine/tasks';
import { shareLink, type HideKey, type SharedState } from '../share/url';
import type { RunStatus, WorkerCommand, WorkerEvent } from '../worker/protocol';
import { RESET_KEYS, applyPresetTo, randomSeed } from './knobs';

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
  step: number;
  backend: BackendInfo | null;
  numTensors: number | null;
  history: readonly HistoryPoint[];
  groups: readonly GroupSnapshot[];
  groupsStep: number;
  notices: readonly Notice[];
  liveEdits: readonly LiveEdit[];
  delayMs: number;
  smoothing: number;
  manifest: readonly CheckpointEntry[] | null;
  /** Backend a shared link was recorded on, when it differs from the one in use. */
  linkBackend: Backend | null;
}

export interface Transport {
  send(cmd: WorkerCommand): void;
  terminate(): void;
}

type Listener = (urgent: boolean) => void;

const RENDER_INTERVAL_MS = 150;

export class RunStore {
  private s: Snapshot;
  private listeners = new Set<Listener>();
  private history: HistoryPoint[] = [];
  private frame = 0;
  private lastEmit = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Configs sent with `update`, oldest first, and the last one the worker accepted. */
  private inFlight: RunConfig[] = [];
  private acceptedConfig: RunConfig;
  private transport: Transport | null = null;
  private nextRunId = 1;

  constructor(
    initial: SharedState,
    private readonly opts: { checkpointBase: string; onStateChange?: (s: Snapshot) => void },
  ) {
    this.acceptedConfig = initial.config;
    this.s = {
      config: initial.config,
      pending: {},
      backendPref: initial.backend,
      pendingBackend: null,
      classroom: initial.classroom,
      hide: initial.hide,
      runId: 0,
      status: 'initializing',
      step: 0,
      backend: null,
      numTensors: null,
      history: [],
      groups: [],
      groupsStep: 0,
      notices: [],
      liveEdits: [],
      delayMs: 0,
      smoothing: 0.6,
      manifest: null,
      linkBackend: initial.backend !== 'auto' ? initial.backend : null,
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

  private emit(urgent: boolean): void {
    if (this.s.history.length !== this.history.length) this.s = { ...this.s, history: this.history.slice() };
    for (const l of this.listeners) l(urgent);
    this.opts.onStateChange?.(this.s);
  }

  // ---- worker wiring ------------------------------------------------------------------------------------------

  connect(transport: Transport): void {
    this.transport = transport;
    this.initRun();
  }

  dispose(): void {
    this.cancelScheduled();
    this.transport?.send({ type: 'dispose' });
    this.transport?.terminate();
    this.transport = null;
  }

  /** Live history (no copy): for the test hook and exports. */
  metricsHistory(): readonly HistoryPoint[] {
    return this.history;
  }

  handleEvent = (e: WorkerEvent): void => {
    if (e.runId !== -1 && e.runId !== this.s.runId) return; // a stale run
    switch (e.type) {
      case 'ready':
        this.set({ backend: e.backend }, false);
        this.checkLinkBackend(e.backend.backend);
        return;
      case 'state':
        this.set({ status: e.status, step: e.step }, false);
        return;
      case 'report': {
        this.history.push({ step: e.step, metrics: e.metrics });
        this.set({ step: e.step, groups: e.groups, groupsStep: e.step, numTensors: e.numTensors }, false);
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
          this.set({ config: this.acceptedConfig }, true);
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
    if (code === 'checkpoint-missing') {
      this.notify('checkpoint', 'error', `${message} Shipped base policies are made by \`npm run pretrain\`.`, {
        label: 'Start from random init',
        run: () => {
          this.stage({ init: 'random' });
          this.reset();
        },
      });
      this.set({ status: 'error' }, true);
      return;
    }
    const reload = code === 'worker-crashed' ? { label: 'Reload the page', run: () => location.reload() } : undefined;
    this.notify(`worker-${code}`, 'error', message, reload);
    if (code === 'worker-crashed' || code === 'backend' || code === 'bad-config') this.set({ status: 'error' }, true);
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

  private initRun(): void {
    const runId = this.nextRunId++;
    this.history = [];
    this.inFlight = [];
    this.acceptedConfig = this.s.config;
    this.dismiss('checkpoint');
    this.set(
      { runId, status: 'initializing', step: 0, history: [], groups: [], groupsStep: 0, liveEdits: [], numTensors: null },
      true,
    );
    this.transport?.send({
      type: 'init',
      runId,
      config: this.s.config as unknown as Record<string, unknown>,
      backend: this.s.backendPref,
      checkpointBase: this.opts.checkpointBase,
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
    return this.s.status === 'idle' || this.s.status === 'paused' || this.s.status === 'running';
  }

  play(): void {
    if (!this.canTrain) return;
    this.transport?.send({ type: 'start' });
    this.set({ status: 'running' }, true);
  }

  pause(): void {
    this.transport?.send({ type: 'pause' });
    if (this.s.status === 'running') this.set({ status: 'paused' }, true);
  }

  togglePlay(): void {
    if (this.s.status === 'running') this.pause();
    else this.play();
  }

  step(n = 1): void {
    if (!this.canTrain || this.s.status === 'running') return;
    this.transport?.send({ type: 'step', n });
  }

  /** Start again from step 0 with the staged knobs applied; `newSeed` draws a fresh seed first. */
  reset(opts: { newSeed?: boolean } = {}): void {
    if (opts.newSeed) this.s = { ...this.s, pending: { ...this.s.pending, seed: randomSeed() } };
    const merged = validateConfig(mergeConfig(this.s.config, this.s.pending));
    if (!merged.config) {
      this.notify('reset', 'error', `Cannot reset with these settings: ${merged.errors.join('; ')}`);
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

  simulateFailure(): void {
    this.transport?.send({ type: 'simulate-failure' });
  }

  // ---- config edits -------------------------------------------------------------------------------------------

  /** The config the form shows: the applied config with staged reset-only knobs on top. */
  draft(): RunConfig {
    if (!Object.keys(this.s.pending).length) return this.s.config;
    return validateConfig(mergeConfig(this.s.config, this.s.pending)).config ?? this.s.config;
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
    if (this.s.status === 'error') {
      // No trainer to update (e.g. a missing checkpoint): the next reset starts from this config.
      this.acceptedConfig = config;
      this.set({ config }, true);
      return null;
    }
    const liveEdits = this.s.step > 0 ? [...this.s.liveEdits, { step: this.s.step, keys: describePatch(patch) }] : this.s.liveEdits;
    this.inFlight.push(config);
    this.transport?.send({ type: 'update', patch: patch as Record<string, unknown> });
    this.set({ config, liveEdits }, true);
    return null;
  }

  applyPreset(name: string): string | null {
    const preset = getPreset(name);
    if (!preset) return `Unknown preset ${name}`;
    const next = applyPresetTo(this.s.config, preset);
    const patch: RunConfigInput = {};
    const cur = this.s.config as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(next)) if (JSON.stringify(cur[k]) !== JSON.stringify(v)) (patch as Record<string, unknown>)[k] = v;
    if (!Object.keys(patch).length) return null;
    return this.applyLive(patch);
  }

  setBackendPref(b: Backend): void {
    this.set({ pendingBackend: b === this.s.backendPref ? null : b }, true);
  }

  /** A link was pasted / the hash changed to a valid state: start that run. */
  loadShared(state: SharedState): void {
    this.s = {
      ...this.s,
      config: state.config,
      pending: {},
      backendPref: state.backend,
      pendingBackend: null,
      classroom: state.classroom,
      hide: state.hide,
      linkBackend: state.backend !== 'auto' ? state.backend : null,
    };
    this.initRun();
  }

  setManifest(m: CheckpointManifest | null): void {
    this.set({ manifest: m ? m.checkpoints : [] }, true);
  }

  /** State for the URL: the applied run, the backend asked for, classroom flags. */
  urlState(): SharedState {
    return { config: this.s.config, backend: this.s.backendPref, classroom: this.s.classroom, hide: [...this.s.hide] };
  }

  /** A link that reproduces this run: the backend actually in use is recorded so the replay uses it. */
  shareLink(base: string): string {
    const backend = this.s.backend?.backend ?? this.s.backendPref;
    return shareLink(base, { ...this.urlState(), backend });
  }
}

function describePatch(patch: RunConfigInput): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && k !== 'rewardWeights') for (const sub of Object.keys(v)) out.push(`${k}.${sub}`);
    else out.push(k);
  }
  return out;
}

