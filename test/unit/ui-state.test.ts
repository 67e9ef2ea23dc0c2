// The UI's run state (src/ui/state): the pure reducer, runs list and config editor, and the store wired to a fake
// worker transport (what it sends, what it keeps, how a refused live edit is rolled back).
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig, type RunConfig } from '../../src/engine/config';
import { DEFAULT_STATE } from '../../src/share/url';
import type { WorkerCommand, WorkerEvent } from '../../src/worker/protocol';
import { changedKeys, presetPatch, splitPatch, stagePatch, variantsError } from '../../src/ui/state/configEditor';
import { MAX_EVIDENCE, reduceWorkerEvent, withLiveHistories, withNotice } from '../../src/ui/state/reducer';
import { sessionRuns, soloRun, uniqueName, withImportedRuns } from '../../src/ui/state/runs';
import { PlaygroundStore } from '../../src/ui/state/store';
import { initialSnapshot } from '../../src/ui/state/session';
import type { HistoryPoint, RunEntry, Snapshot } from '../../src/ui/state/types';

const config = parseConfig({ task: 'add', seed: 3 });
const snap = (patch: Partial<Snapshot> = {}): Snapshot => ({ ...initialSnapshot({ ...DEFAULT_STATE, config }, null), ...patch });
const run = (id: string, steps: number, extra: Partial<RunEntry> = {}): RunEntry => ({
  id,
  name: id,
  color: '#0072B2',
  config,
  history: Array.from({ length: steps }, (_, i) => ({ step: i + 1, metrics: { reward: i } })),
  visible: true,
  createdAt: 0,
  live: false,
  restored: false,
  ...extra,
});
const report = (variant: number, step: number): WorkerEvent => ({
  type: 'report',
  runId: 1,
  variant,
  step,
  metrics: { reward: step },
  groups: [],
  numTensors: 7,
});

describe('reducer', () => {
  it('a report of variant 0 moves the step and finishes a step-through at once; other variants only their groups', () => {
    const s = snap({ variantGroups: [[], []], stepThrough: { step: 1, phases: [], waiting: true, done: false } });
    const r0 = reduceWorkerEvent(s, report(0, 1))!;
    expect(r0.patch.step).toBe(1);
    expect(r0.patch.stepThrough?.done).toBe(true);
    expect(r0.urgent).toBe(true);
    const r1 = reduceWorkerEvent(s, report(1, 1))!;
    expect(r1.patch.step).toBeUndefined();
    expect(r1.patch.stepThrough).toBeUndefined();
    expect(r1.urgent).toBe(false);
  });

  it('paired differences append and the prompt evidence is capped', () => {
    const prompts = Array.from({ length: MAX_EVIDENCE }, (_, i) => ({ step: i, variants: [] }));
    const paired = { variants: [], names: [], crn: null, metrics: [], diffs: [], samePrompts: [], prompts };
    const r = reduceWorkerEvent(snap({ paired }), {
      type: 'paired',
      runId: 1,
      step: 9,
      diffs: [{ variant: 1, name: 'b', deltas: { reward: 0.5 } }],
      samePrompts: true,
    })!;
    expect(r.patch.paired?.diffs).toEqual([{ step: 9, deltas: [{ reward: 0.5 }] }]);
    expect(r.patch.paired?.prompts.length).toBe(MAX_EVIDENCE);
    expect(r.patch.paired?.prompts.at(-1)?.step).toBe(9);
  });

  it('events with side effects are left to the store', () => {
    expect(reduceWorkerEvent(snap(), { type: 'updated', runId: 1, applied: true, needsReset: [] })).toBeNull();
    expect(reduceWorkerEvent(snap(), { type: 'phase', runId: 1, phase: 'sample', step: 1, groups: [], values: {} })).toBeNull();
  });

  it('a notice replaces the earlier one of its id', () => {
    const n = withNotice(
      [
        { id: 'a', kind: 'info', message: '1' },
        { id: 'b', kind: 'info', message: '2' },
      ],
      { id: 'a', kind: 'error', message: '3' },
    );
    expect(n.map((x) => `${x.id}${x.message}`)).toEqual(['b2', 'a3']);
  });

  it('live histories are copied only where they grew', () => {
    const s = snap({ runs: [run('x', 0, { live: true })], liveIds: ['x'] });
    const live: HistoryPoint[][] = [[]];
    expect(withLiveHistories(s, live)).toBe(s);
    live[0].push({ step: 1, metrics: { reward: 1 } });
    const next = withLiveHistories(s, live);
    expect(next.runs[0].history.length).toBe(1);
    expect(next.history.length).toBe(1);
    expect(next.runs[0].history).not.toBe(live[0]);
  });
});

describe('runs list', () => {
  it('names stay unique and imported runs get new ids', () => {
    expect(uniqueName('a', ['a', 'a (2)'])).toBe('a (3)');
    const out = withImportedRuns([run('a', 2)], [{ name: 'a', color: '#0072B2', config, metrics: [{ step: 1, reward: 1 }] }], 5);
    expect(out.map((r) => r.name)).toEqual(['a', 'a (2)']);
    expect(out[1].id).not.toBe('a');
    expect(out[1].color).not.toBe('#0072B2');
  });

  it('solo shows one run, and everything again the second time', () => {
    const once = soloRun([run('a', 1), run('b', 1)], 'a');
    expect(once.map((r) => r.visible)).toEqual([true, false]);
    expect(soloRun(once, 'a').map((r) => r.visible)).toEqual([true, true]);
  });

  it('a new session drops live runs without steps and keeps the others view-only', () => {
    const { kept, fresh } = sessionRuns([run('empty', 0, { live: true }), run('done', 3, { live: true })], {
      base: config,
      specs: [{ name: '', patch: {} }],
      paired: false,
      session: 2,
      lesson: null,
      focus: false,
      now: 0,
    });
    expect(kept.map((r) => [r.id, r.live])).toEqual([['done', false]]);
    expect(fresh.length).toBe(1);
    expect(fresh[0].live && fresh[0].autoName).toBe(true);
  });
});

describe('config editor', () => {
  it('reset-only knobs are staged, the rest go live', () => {
    const { staged, live } = splitPatch({ seed: 9, lr: 1e-3 });
    expect(staged).toEqual({ seed: 9 });
    expect(live).toEqual({ lr: 1e-3 });
  });

  it('staging drops values equal to the applied config and a new task resets the difficulty', () => {
    const same = stagePatch(config, {}, { seed: config.seed });
    expect(same).toEqual({ ok: {} });
    const task = stagePatch(config, {}, { task: 'reverse' });
    expect('ok' in task && task.ok.task).toBe('reverse');
    const bad = stagePatch(config, {}, { seed: -1 } as never);
    expect('error' in bad).toBe(true);
  });

  it('a preset patch holds only what changes, and an unknown preset says so', () => {
    const p = presetPatch(DEFAULT_CONFIG, 'dr-grpo');
    expect('ok' in p && Object.keys(p.ok).length).toBeGreaterThan(0);
    expect(presetPatch(DEFAULT_CONFIG, 'nope')).toEqual({ error: 'Unknown preset nope' });
    expect(changedKeys({ lr: 1 }, config, config)).toEqual([]);
  });

  it('variants may not change the seed or the task', () => {
    expect(variantsError(config, [{ name: 'a', patch: {} }])).toBe('Pick 2 to 4 variants.');
    expect(
      variantsError(config, [
        { name: 'a', patch: {} },
        { name: 'b', patch: { seed: 4 } },
      ]),
    ).toMatch(/changes the seed or the task/);
    expect(
      variantsError(config, [
        { name: 'a', patch: {} },
        { name: 'b', patch: { lr: 1e-3 } },
      ]),
    ).toBeNull();
  });
});

describe('store with a fake worker', () => {
  function connected() {
    const sent: WorkerCommand[] = [];
    const store = new PlaygroundStore({ ...DEFAULT_STATE, config }, { checkpointBase: '/' });
    store.connect(() => ({ send: (c) => sent.push(c), terminate: () => {} }));
    return { store, sent };
  }

  it('connecting starts a session; reports reach the runs list', () => {
    const { store, sent } = connected();
    expect(sent[0].type).toBe('init');
    const runId = store.getSnapshot().runId;
    store.handleEvent({ ...report(0, 1), runId } as WorkerEvent);
    store.handleEvent({ ...report(0, 2), runId: runId + 5 } as WorkerEvent); // a stale run
    expect(store.allRuns()[0].history.map((h) => h.step)).toEqual([1]);
    expect(store.runsForExport()[0].metrics).toEqual([{ reward: 1, step: 1 }]);
  });

  it('a live edit is sent; a refused one restores the accepted config with a notice', () => {
    const { store, sent } = connected();
    const runId = store.getSnapshot().runId;
    store.handleEvent({ type: 'state', runId, status: 'idle', step: 0 });
    expect(store.edit({ lr: 1e-3 })).toBeNull();
    expect(sent.at(-1)).toEqual({ type: 'update', patch: { lr: 1e-3 } });
    expect(store.getSnapshot().config.lr).toBe(1e-3);
    store.handleEvent({ type: 'updated', runId, applied: false, needsReset: [], error: 'nope' });
    expect(store.getSnapshot().config.lr).toBe(config.lr);
    expect(store.getSnapshot().notices.map((n) => n.id)).toContain('live-change');
  });

  it('a staged seed waits for the reset, which starts a new session with it', () => {
    const { store, sent } = connected();
    store.edit({ seed: 11 });
    expect(store.getSnapshot().config.seed).toBe(3);
    expect(store.draft().seed).toBe(11);
    store.reset();
    const init = sent.filter((c) => c.type === 'init').at(-1) as Extract<WorkerCommand, { type: 'init' }>;
    expect((init.config as RunConfig).seed).toBe(11);
    expect(store.getSnapshot().pending).toEqual({});
  });

  it('weights requested before the worker is ready are refused with a reason', async () => {
    const { store } = connected();
    await expect(store.requestWeights()).rejects.toThrow('No policy is loaded');
  });
});
