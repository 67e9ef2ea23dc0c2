// A reload restores every step the page had shown (issue 8 item 10), and stored colours cannot reach CSS (item 5).
// The page's IndexedDB flush on pagehide may never finish; the synchronous localStorage backup must cover it.
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/engine/config';
import { RunDatabase as RunDb, RUN_SCHEMA_VERSION, validateRecord } from '../../src/share/persist';
import { parseRunsJson } from '../../src/share/export';
import { isSafeRunColor } from '../../src/share/run-colors';
import { BACKUP_KEY, RunPersistence } from '../../src/ui/state/persistence';
import type { PlaygroundStore, RunEntry } from '../../src/ui/state/store';
import type { SavedRun } from '../../src/share/persist';

const config = parseConfig({ task: 'add', seed: 2 });

function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    m,
  };
}

/** The parts of the UI store RunPersistence uses; `restored` collects what a new page would list. */
function fakeStore(runs: RunEntry[]) {
  const restored: SavedRun[] = [];
  const store = {
    allRuns: () => runs,
    getSnapshot: () => ({ runs, status: 'running' }),
    subscribe: () => () => {},
    addRestoredRuns: (saved: readonly SavedRun[]) => restored.push(...saved),
    notify: () => {},
    dismiss: () => {},
    setStorage: () => {},
    onRunsRemoved: null,
  };
  return { store: store as unknown as PlaygroundStore, restored };
}

const entry = (id: string, steps: number): RunEntry => ({
  id,
  name: id,
  color: '#0072B2',
  config,
  history: Array.from({ length: steps }, (_, i) => ({ step: i + 1, metrics: { step: i + 1, reward: i / 10 } })),
  visible: true,
  createdAt: 1,
  live: true,
  restored: false,
});

describe('reload while training', () => {
  it('a 6-step run that was never written to IndexedDB comes back with all 6 steps', async () => {
    const factory = new IDBFactory();
    const storage = memoryStorage();
    const page1 = fakeStore([entry('run-a', 6)]);
    const p1 = new RunPersistence(page1.store, new RunDb({ indexedDB: factory, dbName: 'r' }), storage);
    p1.backupNow(); // pagehide; the async IndexedDB flush is assumed lost
    expect(storage.m.has(BACKUP_KEY)).toBe(true);

    const page2 = fakeStore([]);
    await new RunPersistence(page2.store, new RunDb({ indexedDB: factory, dbName: 'r' }), storage).start();
    expect(page2.restored.map((r) => [r.id, r.metrics.length])).toEqual([['run-a', 6]]);
    expect(storage.m.has(BACKUP_KEY)).toBe(false);
  });

  it('the backup adds the steps IndexedDB missed (20 shown, 14 saved) and never shortens a saved run', async () => {
    const factory = new IDBFactory();
    const db = new RunDb({ indexedDB: factory, dbName: 'r' });
    const metrics = (n: number) => Array.from({ length: n }, (_, i) => ({ step: i + 1, reward: 0 }));
    await db.saveRun({ id: 'b', name: 'b', color: '#0072B2', config, metrics: metrics(14), createdAt: 1 });
    await db.saveRun({ id: 'c', name: 'c', color: '#0072B2', config, metrics: metrics(9), createdAt: 2 });
    const storage = memoryStorage();
    const page1 = fakeStore([entry('b', 20), entry('c', 3)]);
    new RunPersistence(page1.store, db, storage).backupNow();
    const page2 = fakeStore([]);
    await new RunPersistence(page2.store, new RunDb({ indexedDB: factory, dbName: 'r' }), storage).start();
    expect(Object.fromEntries(page2.restored.map((r) => [r.id, r.metrics.length]))).toEqual({ b: 20, c: 9 });
  });

  it('a torn or hostile backup is ignored without an error', async () => {
    const storage = memoryStorage();
    storage.setItem(
      BACKUP_KEY,
      '{"runs":[{"id":"x","name":"x","color":"url(//evil.example/p.gif)","config":{},"metrics":[{"step":1}],"createdAt":1}, 7, null',
    );
    const page = fakeStore([]);
    await new RunPersistence(page.store, new RunDb({ indexedDB: new IDBFactory(), dbName: 'r' }), storage).start();
    expect(page.restored).toEqual([]);
  });
});

describe('run colours from outside', () => {
  const evil = 'url(//evil.example/p.gif)';

  it('one validator: hex colours only', () => {
    for (const ok of ['#0072B2', '#abc']) expect(isSafeRunColor(ok)).toBe(true);
    for (const bad of [evil, 'red;background:url(x)', '#0072B2 url(x)', 'expression(alert(1))', '', 42])
      expect(isSafeRunColor(bad)).toBe(false);
  });

  it('an IndexedDB record with a url() colour keeps its run, not its colour', () => {
    const v = validateRecord({
      id: 'r',
      schema: RUN_SCHEMA_VERSION,
      name: 'r',
      color: evil,
      config: {},
      metrics: [{ step: 1 }],
      createdAt: 1,
      hasWeights: false,
    });
    expect(v.run).toBeDefined();
    expect(isSafeRunColor(v.run!.color)).toBe(true);
  });

  it('an imported runs file with a url() colour keeps its run, not its colour', () => {
    const file = JSON.stringify({
      format: 'grpo-playground-runs/1',
      runs: [{ name: 'r', color: evil, config: {}, metrics: [{ step: 1, reward: 0 }] }],
    });
    const r = parseRunsJson(file);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (r.ok) expect(r.runs[0].color).toBeUndefined();
  });
});
