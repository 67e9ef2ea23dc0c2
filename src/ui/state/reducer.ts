// Pure reducers of the run state: a worker event (reports, phases, paired differences, status) to a snapshot patch,
// notices added and dismissed, and the live histories copied into the runs list. The store (store.ts) applies what
// they return; events with side effects (weights, refused updates, errors) stay in the store.
import type { WorkerEvent } from '../../worker/protocol';
import type { HistoryPoint, Notice, RunEntry, Snapshot } from './types';

/** Steps of prompt evidence kept for a paired run. */
export const MAX_EVIDENCE = 5000;

/** A patch and whether it must render at once (a user is waiting on it) or may wait for the next render tick. */
export interface Reduced {
  patch: Partial<Snapshot>;
  urgent: boolean;
}

/** The snapshot patch of a worker event that only changes state (null: not such an event, or nothing to change). */
export function reduceWorkerEvent(s: Snapshot, e: WorkerEvent): Reduced | null {
  switch (e.type) {
    case 'state':
      return { patch: { status: e.status, step: e.step, pausing: false }, urgent: false };
    case 'report': {
      const variantGroups = s.variantGroups.slice();
      variantGroups[e.variant] = e.groups;
      const patch: Partial<Snapshot> = { variantGroups, groupsStep: e.step, numTensors: e.numTensors };
      if (e.variant === 0) Object.assign(patch, { step: e.step, groups: e.groups });
      const st = s.stepThrough;
      if (st && !st.done && e.variant === 0) patch.stepThrough = { ...st, waiting: false, done: true };
      return { patch, urgent: !!patch.stepThrough };
    }
    case 'paired-ready': {
      const p = s.paired;
      return p ? { patch: { paired: { ...p, names: e.names, crn: e.crn, metrics: e.metrics } }, urgent: false } : null;
    }
    case 'paired': {
      const p = s.paired;
      if (!p) return null;
      const diffs = [...p.diffs, { step: e.step, deltas: e.diffs.map((d) => d.deltas) }];
      const samePrompts = [...p.samePrompts, { step: e.step, same: e.samePrompts }];
      const evidence = s.variantGroups.map((gs) => gs.map((g) => ({ problemId: g.problemId, question: g.question, filtered: g.filtered })));
      const prompts = [...p.prompts, { step: e.step, variants: evidence }].slice(-MAX_EVIDENCE);
      return { patch: { paired: { ...p, diffs, samePrompts, prompts } }, urgent: false };
    }
    case 'phase': {
      const st = s.stepThrough;
      if (!st) return null;
      return { patch: { stepThrough: { ...st, step: e.step, phases: [...st.phases, e], waiting: false } }, urgent: true };
    }
    default:
      return null;
  }
}

/** The notices with `notice` in place of any earlier one of its id (shown last). */
export function withNotice(notices: readonly Notice[], notice: Notice): Notice[] {
  return [...notices.filter((n) => n.id !== notice.id), notice];
}

/**
 * The snapshot with the live histories (mutated in place as reports arrive, one per variant) copied into the runs
 * where they grew; the same snapshot object when nothing grew.
 */
export function withLiveHistories(s: Snapshot, live: readonly HistoryPoint[][]): Snapshot {
  const ids = s.liveIds;
  let runs: RunEntry[] | null = null;
  ids.forEach((id, v) => {
    const h = live[v];
    if (!h) return;
    const cur = runs ?? s.runs;
    const i = cur.findIndex((r) => r.id === id);
    if (i < 0 || cur[i].history.length === h.length) return;
    runs ??= s.runs.slice();
    runs[i] = { ...runs[i], history: h.slice() };
  });
  const h0 = live[0] ?? [];
  if (runs !== null) {
    const first = (runs as RunEntry[]).find((r) => r.id === ids[0]);
    return { ...s, runs, history: first?.history ?? h0.slice() };
  }
  if (s.history.length !== h0.length) return { ...s, history: h0.slice() };
  return s;
}
