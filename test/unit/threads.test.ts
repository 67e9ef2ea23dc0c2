// The WASM thread count as a device setting (src/engine/threads.ts): Auto's rule, a user's choice clamped to the
// machine's cores, the share link's `t`, and the store starting a new worker (the pool is fixed per worker) only
// when the count changes, at the next reset.
import { describe, expect, it } from 'vitest';
import { compressToEncodedURIComponent } from 'lz-string';
import { parseConfig } from '../../src/engine/config';
import {
  autoThreads,
  fitThreads,
  parseThreadsPref,
  resolveThreads,
  threadsFromWorkerName,
  threadsWorkerName,
  type ThreadsPref,
} from '../../src/engine/threads';
import { DEFAULT_STATE, decodeState, encodeState } from '../../src/share/url';
import { PlaygroundStore } from '../../src/ui/state/store';
import type { WorkerCommand } from '../../src/worker/protocol';

describe('thread count rule', () => {
  it('Auto is half the cores, at least one; a choice is kept up to the cores; no isolation means one', () => {
    expect([1, 2, 3, 4, 16].map(autoThreads)).toEqual([1, 1, 1, 2, 8]);
    expect(resolveThreads('auto', 2, true)).toEqual({ threads: 1, why: 'auto: half of 2 cores' });
    expect(resolveThreads(2, 2, true)).toEqual({ threads: 2, why: 'your choice' });
    expect(resolveThreads(8, 2, true).threads).toBe(2);
    expect(resolveThreads(8, 2, true).why).toMatch(/clamped to this machine's 2 cores/);
    expect(resolveThreads(2, 2, false)).toEqual({ threads: 1, why: 'one thread: the page is not cross-origin isolated' });
    expect(fitThreads(8, 4)).toEqual({ pref: 4, clampedFrom: 8 });
    expect(fitThreads(3, 4)).toEqual({ pref: 3 });
    expect(fitThreads('auto', 1)).toEqual({ pref: 'auto' });
  });

  it('reads only auto or whole numbers 1..256', () => {
    expect(['auto', 1, '4', 256].map(parseThreadsPref)).toEqual(['auto', 1, 4, 256]);
    for (const bad of [0, -1, 1.5, 257, '0x10', '2 ', '', null, {}, 'Auto']) expect(parseThreadsPref(bad)).toBeNull();
  });

  it('travels in the worker name', () => {
    for (const p of ['auto', 1, 12] as ThreadsPref[]) expect(threadsFromWorkerName(threadsWorkerName('grpo-training', p))).toBe(p);
    expect(threadsFromWorkerName('grpo-training')).toBe('auto');
    expect(threadsFromWorkerName('grpo-training threads=0x10')).toBe('auto');
  });
});

describe('thread count in the share link', () => {
  const config = parseConfig({ seed: 9 });
  it('round-trips a number and leaves Auto out', () => {
    const two = decodeState(encodeState({ ...DEFAULT_STATE, config, threads: 2 }));
    expect(two.ok && two.state.threads).toBe(2);
    const auto = encodeState({ ...DEFAULT_STATE, config, threads: 'auto' });
    expect(auto).toBe(encodeState({ ...DEFAULT_STATE, config }));
    const r = decodeState(auto);
    expect(r.ok && r.state.threads).toBeUndefined();
  });

  it('a bad count is ignored with a warning, the rest of the link kept', () => {
    const c = compressToEncodedURIComponent(JSON.stringify({ c: { seed: 9 }, t: 'lots' }));
    const r = decodeState(`v=1&c=${c}`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state.config.seed).toBe(9);
    expect(r.state.threads).toBeUndefined();
    expect(r.warnings.join(' ')).toMatch(/WASM thread count .*lots.*Auto/);
  });
});

describe('store: thread preference and the worker', () => {
  const config = parseConfig({ task: 'add', seed: 3 });
  function connected(threads?: ThreadsPref, cores = 2) {
    const made: Array<{ threads: ThreadsPref; sent: WorkerCommand[]; closed: boolean }> = [];
    const store = new PlaygroundStore({ ...DEFAULT_STATE, config, ...(threads ? { threads } : {}) }, { checkpointBase: '/', cores });
    store.connect((t) => {
      const w = { threads: t, sent: [] as WorkerCommand[], closed: false };
      made.push(w);
      return {
        send: (c) => w.sent.push(c),
        terminate: () => {
          w.closed = true;
        },
      };
    });
    return { store, made };
  }

  it('a change waits for the reset, which starts a new worker with it; a plain reset keeps the worker', () => {
    const { store, made } = connected();
    expect(made.map((w) => w.threads)).toEqual(['auto']);
    store.setThreadsPref(2);
    expect(store.getSnapshot().pendingThreads).toBe(2);
    expect(made).toHaveLength(1);
    store.reset();
    expect(made.map((w) => w.threads)).toEqual(['auto', 2]);
    expect(made[0].closed).toBe(true);
    expect(made[0].sent.at(-1)?.type).toBe('dispose');
    expect(made[1].sent[0].type).toBe('init');
    expect(store.getSnapshot()).toMatchObject({ threadsPref: 2, pendingThreads: null });
    expect(store.urlState().threads).toBe(2);
    store.reset();
    expect(made).toHaveLength(2);
    expect(made[1].sent.filter((c) => c.type === 'init')).toHaveLength(2);
  });

  it('choosing the count in use again un-stages it', () => {
    const { store } = connected();
    store.setThreadsPref(1);
    store.setThreadsPref('auto');
    expect(store.getSnapshot().pendingThreads).toBeNull();
  });

  it('a link from a bigger machine is clamped to this one, with a notice', () => {
    const { store, made } = connected(8, 2);
    expect(made.map((w) => w.threads)).toEqual([2]);
    const notice = store.getSnapshot().notices.find((n) => n.id === 'threads');
    expect(notice?.message).toMatch(/asks for 8 WASM threads; this machine has 2 cores, so it uses 2/);
    store.loadShared({ ...DEFAULT_STATE, config, threads: 1 });
    expect(made.map((w) => w.threads)).toEqual([2, 1]);
    expect(store.getSnapshot().notices.some((n) => n.id === 'threads')).toBe(false);
  });
});
