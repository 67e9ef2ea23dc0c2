// The multi-seed comparison store with a fake worker: it sends one checked command, collects rows as they stream,
// ignores a stopped comparison's late events, and refuses a bad comparison with a message and no worker.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, mergeConfig, parseConfig } from '../../src/engine/config';
import { decodeComparison, comparisonParam } from '../../src/share/compare-link';
import { SeedCompareStore, type SeedsTransport } from '../../src/ui/compare/seedCompareStore';
import type { SeedsCommand, SeedsEvent } from '../../src/worker/seeds-protocol';

const BASE = parseConfig(mergeConfig(DEFAULT_CONFIG, { modelSize: 'nano', init: 'random', seed: 4 }));
const SPEC = {
  variants: [
    { name: 'A', patch: {} },
    { name: 'B', patch: { lr: 1e-3 } },
  ],
  seeds: [4, 5],
  steps: 2,
};

function harness() {
  const made: Array<{ sent: SeedsCommand[]; terminated: boolean; emit: (e: SeedsEvent) => void }> = [];
  const store = new SeedCompareStore({
    checkpointBase: '/checkpoints/',
    createTransport: (onEvent): SeedsTransport => {
      const t = { sent: [] as SeedsCommand[], terminated: false, emit: onEvent };
      made.push(t);
      return { send: (c) => t.sent.push(c), terminate: () => (t.terminated = true) };
    },
  });
  return { store, made };
}

describe('SeedCompareStore', () => {
  it('runs a comparison: one command, rows per seed and variant, the closing rows replace the streamed ones', () => {
    const { store, made } = harness();
    expect(store.start(SPEC, BASE, 'wasm')).toBeNull();
    expect(made).toHaveLength(1);
    const cmd = made[0].sent[0];
    expect(cmd).toMatchObject({ type: 'run', seeds: [4, 5], steps: 2, backend: 'wasm', checkpointBase: '/checkpoints/' });
    const id = cmd.id;
    made[0].emit({ type: 'ready', id, backend: { backend: 'wasm', reason: 'test' } });
    made[0].emit({ type: 'step', id, seed: 0, variant: 0, step: 1, metrics: { reward: 0.5 } });
    expect(store.getSnapshot()!.data.runs[0][0]).toEqual([{ step: 0 }, { step: 1, reward: 0.5 }]);
    expect(store.getSnapshot()!.at).toEqual({ seed: 0, variant: 0, step: 1 });
    made[0].emit({
      type: 'run',
      id,
      seed: 0,
      variant: 0,
      rows: [{ step: 0 }, { step: 1, reward: 0.5 }, { step: 2, reward: 0.7, 'eval/pass@1': 0.25 }],
    });
    expect(store.getSnapshot()!.runsDone).toBe(1);
    expect(store.getSnapshot()!.data.runs[0][0][2]['eval/pass@1']).toBe(0.25);
    made[0].emit({ type: 'done', id });
    expect(store.getSnapshot()!.status).toBe('done');
    expect(made[0].terminated).toBe(true);
    // Its link reopens the same comparison, pinned to the backend it ran on.
    const link = store.link('http://h/')!;
    const param = comparisonParam(new URL(link).hash.slice(1))!;
    expect(decodeComparison(param, BASE)).toEqual({ ok: true, spec: SPEC });
    expect(link).toMatch(/#v=1&c=/);
  });

  it('stop keeps what arrived and ignores the stopped worker’s late events; a new run starts a fresh worker', () => {
    const { store, made } = harness();
    store.start(SPEC, BASE, 'auto');
    const id = made[0].sent[0].id;
    made[0].emit({ type: 'step', id, seed: 0, variant: 0, step: 1, metrics: { reward: 1 } });
    store.stop();
    expect(store.getSnapshot()!.status).toBe('stopped');
    expect(made[0].terminated).toBe(true);
    made[0].emit({ type: 'step', id, seed: 0, variant: 0, step: 2, metrics: { reward: 2 } });
    expect(store.getSnapshot()!.data.runs[0][0]).toHaveLength(2);
    expect(store.rerun()).toBeNull();
    expect(made).toHaveLength(2);
    expect(store.getSnapshot()!.data.runs[0][0]).toEqual([{ step: 0 }]);
  });

  it('an error from the worker is shown and ends the run', () => {
    const { store, made } = harness();
    store.start(SPEC, BASE, 'auto');
    made[0].emit({ type: 'error', id: made[0].sent[0].id, message: 'No shipped base policy' });
    expect(store.getSnapshot()).toMatchObject({ status: 'error', error: 'No shipped base policy' });
  });

  it('refuses a bad comparison with the reason and starts no worker; a loaded link waits to be run', () => {
    const { store, made } = harness();
    expect(store.start({ ...SPEC, seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }, BASE, 'auto')).toMatch(/Seeds: 1 to 10/);
    expect(made).toHaveLength(0);
    expect(store.getSnapshot()).toBeNull();
    store.load(SPEC, BASE, 'wasm');
    expect(store.getSnapshot()).toMatchObject({ status: 'loaded', fromLink: true });
    expect(made).toHaveLength(0);
    store.rerun();
    expect(made[0].sent[0]).toMatchObject({ backend: 'wasm', seeds: [4, 5] });
  });
});
