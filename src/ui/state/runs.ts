// The runs list as pure functions: each takes the list (and what it needs) and returns a new list. The store
// (store.ts) calls them and notifies. Runs: a session of the worker trains one run (single mode) or 2-4 runs in
// lockstep (paired mode); those are the "live" runs. Starting a new session keeps the previous live runs that have
// steps in the list, view-only; runs with no steps are dropped.
import type { RunConfig } from '../../engine/config';
import { runName } from '../../share/config-diff';
import type { RunData } from '../../share/export';
import type { SavedRun } from '../../share/persist';
import { isSafeRunColor, nextColor } from '../../share/run-colors';
import { newRunId } from '../../share/run-id';
import { variantConfig } from './configEditor';
import type { RunEntry, VariantSpec } from './types';

type Runs = readonly RunEntry[];

/** `base`, or `base (2)`, `base (3)`, ... whichever is not taken. */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base} (${i})`)) return `${base} (${i})`;
}

export function patchRun(runs: Runs, id: string, patch: Partial<RunEntry>): RunEntry[] {
  return runs.map((r) => (r.id === id ? { ...r, ...patch } : r));
}

/** Show only this run (or everything again when it is already the only one shown). */
export function soloRun(runs: Runs, id: string): RunEntry[] {
  const only = runs.every((r) => r.visible === (r.id === id));
  return runs.map((r) => ({ ...r, visible: only || r.id === id }));
}

/** Runs restored from browser storage go before this page's runs; a run of this page whose colour or name clashes gets another. */
export function withRestoredRuns(runs: Runs, saved: readonly SavedRun[], lessonOpen: boolean): RunEntry[] {
  const have = new Set(runs.map((r) => r.id));
  const restored: RunEntry[] = saved
    .filter((r) => !have.has(r.id))
    .map((r) => ({
      id: r.id,
      name: r.name,
      color: isSafeRunColor(r.color) ? r.color : nextColor(saved.map((x) => x.color).filter(isSafeRunColor)),
      config: r.config,
      history: r.metrics.map((m) => ({ step: m.step, metrics: m })),
      // Under an open lesson the lesson's runs are what the charts show; saved runs wait in the list.
      visible: !lessonOpen,
      createdAt: r.createdAt,
      live: false,
      restored: true,
      ...(r.editedMidRun ? { editedMidRun: true } : {}),
      ...(r.lesson ? { lesson: r.lesson } : {}),
    }));
  const used = restored.map((r) => r.color);
  const names = restored.map((r) => r.name);
  const mine = runs.map((r) => {
    let out = r;
    if (used.includes(r.color)) out = { ...out, color: nextColor(used) };
    if (names.includes(r.name)) out = { ...out, name: uniqueName(r.name, [...names, ...runs.map((x) => x.name)]) };
    used.push(out.color);
    names.push(out.name);
    return out;
  });
  return [...restored, ...mine];
}

/** Runs read from an exported runs JSON: new ids (so they never overwrite a saved run), names kept unique. */
export function withImportedRuns(runs: Runs, imported: readonly RunData[], now: number): RunEntry[] {
  const taken = runs.map((r) => r.name);
  const colors = runs.map((r) => r.color);
  const added: RunEntry[] = imported.map((r, i) => {
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
  return [...runs, ...added];
}

/** Every run with steps in the shape of the exporters (src/share/export.ts). */
export function runsForExport(runs: Runs, onlyVisible: boolean): RunData[] {
  return runs
    .filter((r) => r.history.length > 0 && (!onlyVisible || r.visible))
    .map((r) => ({ name: r.name, color: r.color, config: r.config, metrics: r.history.map((h) => ({ ...h.metrics, step: h.step })) }));
}

/**
 * The runs of a new worker session: the previous runs that are worth keeping (view-only) and one fresh live run per
 * variant. `focus` (a lesson) hides the earlier runs.
 */
export function sessionRuns(
  runs: Runs,
  opts: {
    base: RunConfig;
    specs: readonly VariantSpec[];
    paired: boolean;
    session: number;
    lesson: string | null;
    focus: boolean;
    now: number;
  },
): { kept: RunEntry[]; fresh: RunEntry[] } {
  const kept = runs
    .filter((r) => !r.live || r.history.length > 0)
    .map((r) => (r.live || (opts.focus && r.visible) ? { ...r, live: false, visible: r.visible && !opts.focus } : r));
  const fresh: RunEntry[] = [];
  for (const [i, v] of opts.specs.entries()) {
    const config = variantConfig(opts.base, v.patch) ?? opts.base;
    const taken = [...kept, ...fresh].map((r) => r.name);
    const name = opts.paired ? uniqueName(`${v.name} · ${config.task} · s${config.seed}`, taken) : runName(config, taken);
    const color = nextColor([...kept, ...fresh].map((r) => r.color));
    fresh.push({
      id: newRunId(),
      name,
      color,
      config,
      history: [],
      visible: true,
      createdAt: opts.now + i,
      live: true,
      restored: false,
      ...(opts.paired ? { pair: { session: opts.session, index: i, variant: v.name } } : { autoName: true }),
      ...(opts.lesson ? { lesson: opts.lesson } : {}),
    });
  }
  return { kept, fresh };
}

/**
 * Every live run's config derived from a new base config (`specs[i]` is live run i's variant). A run trained before
 * the change is marked edited mid-run; a name made from the config follows it (a run switched to Dr. GRPO is not
 * called "grpo-trl · ..." any more).
 */
export function withLiveConfigs(
  runs: Runs,
  liveIds: readonly string[],
  config: RunConfig,
  specs: readonly VariantSpec[],
  edited: boolean,
): RunEntry[] {
  const live = new Map(liveIds.map((id, i) => [id, variantConfig(config, specs[i]?.patch ?? {}) ?? config]));
  const out = runs.map((r) => (live.has(r.id) ? { ...r, config: live.get(r.id)!, editedMidRun: r.editedMidRun || edited } : r));
  for (const [i, r] of out.entries()) {
    if (!live.has(r.id) || !r.autoName) continue;
    const taken = out.filter((x) => x.id !== r.id).map((x) => x.name);
    const name = runName(r.config, taken);
    if (name !== r.name) out[i] = { ...r, name };
  }
  return out;
}
