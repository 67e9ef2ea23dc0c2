// The shapes of the UI's run state: the snapshot React reads, the runs list, notices, the paired comparison and a
// step-through in progress. Pure types: the store (store.ts) and its reducers (reducer.ts, runs.ts, configEditor.ts)
// share them.
import type { Backend, RunConfig, RunConfigInput } from '../../engine/config';
import type { BackendInfo } from '../../engine/backend';
import type { ThreadsPref } from '../../engine/threads';
import type { CrnPair } from '../../engine/compare';
import type { CheckpointEntry } from '../../engine/policy/manifest';
import type { GroupSnapshot, Metrics } from '../../engine/rl/types';
import type { HideKey } from '../../share/url';
import type { PhaseMessage, RunStatus, WorkerCommand } from '../../worker/protocol';

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
  prompts: ReadonlyArray<{
    step: number;
    variants: ReadonlyArray<ReadonlyArray<{ problemId: string; question: string; filtered: boolean }>>;
  }>;
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
  /** WASM threads asked for (a device setting: the worker's pool is fixed, so a change applies on reset). */
  threadsPref: ThreadsPref;
  pendingThreads: ThreadsPref | null;
  /** Logical cores of this machine (navigator.hardwareConcurrency): the most threads one can choose. */
  cores: number;
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
