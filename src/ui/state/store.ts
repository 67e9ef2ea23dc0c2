// The UI's run state, outside React: the applied config, knobs staged for the next reset, the runs list (every run
// of this page and the ones restored from browser storage, each with its metric history), the latest groups,
// notices, the paired comparison, the open lesson and a step-through in progress. Worker events arrive here; React
// reads immutable snapshots (externalStore.ts). The worker side lives in session.ts; what changes is computed by the
// pure functions of reducer.ts (worker events, notices), runs.ts (the runs list) and configEditor.ts (staging, live
// edits, presets). This class adds the runs list, comparisons and lessons, config edits and the link.
import { mergeConfig, validateConfig, type Backend, type RunConfig, type RunConfigInput } from '../../engine/config';
import type { CheckpointManifest } from '../../engine/policy/manifest';
import { fitThreads, type ThreadsPref } from '../../engine/threads';
import type { RunData } from '../../share/export';
import { getLesson } from '../../share/lessons';
import type { SavedRun } from '../../share/persist';
import { shareLink, type SharedState } from '../../share/url';
import * as editor from './configEditor';
import * as runList from './runs';
import { WorkerSession } from './session';
import type { RunEntry, Snapshot, VariantSpec } from './types';

export type * from './types';
export { uniqueName } from './runs';
export { variantConfig } from './configEditor';

export class PlaygroundStore extends WorkerSession {
  // ---- runs list ----------------------------------------------------------------------------------------------

  private setRuns(runs: RunEntry[], extra: Partial<Snapshot> = {}): void {
    this.set({ runs, ...extra }, true);
  }

  renameRun(id: string, name: string): void {
    const trimmed = name.trim().slice(0, 120);
    if (!trimmed) return;
    this.syncLive();
    this.setRuns(runList.patchRun(this.s.runs, id, { name: trimmed, autoName: false }));
  }

  setRunVisible(id: string, visible: boolean): void {
    this.syncLive();
    this.setRuns(runList.patchRun(this.s.runs, id, { visible }));
  }

  /** Show only this run (or everything again when it is already the only one shown). */
  soloRun(id: string): void {
    this.syncLive();
    this.setRuns(runList.soloRun(this.s.runs, id));
  }

  setBaseline(id: string | null): void {
    this.set({ baselineId: id }, true);
  }

  /** Remove a run that is not training (and its saved copy). */
  deleteRun(id: string): void {
    const run = this.s.runs.find((r) => r.id === id);
    if (!run || run.live) return;
    this.syncLive();
    this.setRuns(
      this.s.runs.filter((r) => r.id !== id),
      { baselineId: this.s.baselineId === id ? null : this.s.baselineId },
    );
    this.onRunsRemoved?.([id], false);
  }

  /** Remove every run that is not training (and every saved run). */
  clearRuns(): void {
    this.syncLive();
    const gone = this.s.runs.filter((r) => !r.live).map((r) => r.id);
    const runs = this.s.runs.filter((r) => r.live);
    this.setRuns(runs, { baselineId: runs.some((r) => r.id === this.s.baselineId) ? this.s.baselineId : null });
    this.onRunsRemoved?.(gone, true);
  }

  /** Runs restored from browser storage go before this page's runs; a live run whose colour clashes gets another. */
  addRestoredRuns(saved: readonly SavedRun[]): void {
    if (!saved.length) return;
    this.syncLive();
    this.setRuns(runList.withRestoredRuns(this.s.runs, saved, !!this.s.lesson));
  }

  /** Runs read from an exported runs JSON: new ids (so they never overwrite a saved run), names kept unique. */
  importRuns(runs: readonly RunData[]): void {
    this.syncLive();
    this.setRuns(runList.withImportedRuns(this.s.runs, runs, Date.now()));
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
    return runList.runsForExport(this.allRuns(), onlyVisible);
  }

  // ---- paired comparison and lessons ---------------------------------------------------------------------------

  /** Run 2-4 variants of the current (draft) config in lockstep with the same seed. Returns an error or null. */
  startPaired(variants: VariantSpec[]): string | null {
    if (variants.length < 2 || variants.length > 4) return 'Pick 2 to 4 variants.';
    const merged = validateConfig(mergeConfig(this.s.config, this.s.pending));
    if (!merged.config) return merged.errors.join('; ');
    const bad = editor.variantsError(merged.config, variants);
    if (bad) return bad;
    this.pairedSpec = variants.map((v) => ({ name: v.name, patch: v.patch }));
    // A comparison of one's own closes the lesson (whose link would start the lesson's variants instead).
    this.s = { ...this.s, config: merged.config, pending: {}, ...this.appliedDevice(), lesson: null };
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
    this.pairedSpec = editor.lessonVariants(id);
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
    return editor.draftConfig(this.s.config, this.s.pending);
  }

  /**
   * Apply a knob patch. Reset-only knobs (and anything that follows from a task change) are staged; the rest
   * go to the running trainer at its next step. Returns an error message when the patch is invalid.
   */
  edit(patch: RunConfigInput): string | null {
    const { staged, live } = editor.splitPatch(patch);
    if (Object.keys(staged).length) {
      const err = this.stage(staged);
      if (err) return err;
    }
    if (!Object.keys(live).length) return null;
    if (editor.waitsForTask(this.s.pending, live)) return this.stage(live);
    return this.applyLive(live);
  }

  private applyLive(patch: RunConfigInput): string | null {
    const next = validateConfig(mergeConfig(this.s.config, patch));
    if (!next.config) return next.errors.join('; ');
    const config = next.config;
    if (!editor.changedKeys(patch, this.s.config, config).length) return null;
    if (this.pairedSpec) {
      const bad = this.pairedSpec.find((v) => !editor.variantConfig(config, v.patch));
      if (bad) return `Variant "${bad.name}" would be invalid with this change.`;
    }
    if (this.s.status === 'error') {
      // No trainer to update (e.g. a missing checkpoint): the next reset starts from this config.
      this.acceptedConfig = config;
      this.setConfig(config, true);
      return null;
    }
    const liveEdits = this.s.step > 0 ? [...this.s.liveEdits, { step: this.s.step, keys: editor.describePatch(patch) }] : this.s.liveEdits;
    this.inFlight.push(config);
    this.transport?.send({ type: 'update', patch: patch as Record<string, unknown> });
    this.setConfig(config, true, { liveEdits });
    return null;
  }

  applyPreset(name: string): string | null {
    const patch = editor.presetPatch(this.s.config, name);
    if ('error' in patch) return patch.error;
    if (!Object.keys(patch.ok).length) return null;
    return this.applyLive(patch.ok);
  }

  setBackendPref(b: Backend): void {
    this.set({ pendingBackend: b === this.s.backendPref ? null : b }, true);
  }

  /** WASM threads for the next run (a new worker then: the pool is fixed when its backend starts). */
  setThreadsPref(t: ThreadsPref): void {
    const { pref } = fitThreads(t, this.s.cores);
    this.set({ pendingThreads: pref === this.s.threadsPref ? null : pref }, true);
  }

  /** A link was pasted / the hash changed to a valid state: start that run (a lesson link starts the lesson). */
  loadShared(state: SharedState, lessonDefault = false): void {
    const lesson = state.lesson && getLesson(state.lesson) ? state.lesson : null;
    this.pairedSpec = lesson && lessonDefault ? editor.lessonVariants(lesson) : null;
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
    this.adoptThreads(state.threads ?? 'auto');
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
      ...(this.s.threadsPref === 'auto' ? {} : { threads: this.s.threadsPref }),
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
