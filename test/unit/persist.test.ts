// Saved runs in IndexedDB (fake-indexeddb in Node): round-trip, weights, overwrite, delete, and corrupt records
// that are skipped with a reported error instead of breaking the list.
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/engine/config';
import { presetConfig } from '../../src/engine/rl/presets';
import { RunDatabase, RUN_SCHEMA_VERSION, validateRecord } from '../../src/share/persist';

const config = parseConfig(presetConfig('dapo', { task: 'countdown', seed: 4 }));
const metrics = [
  { step: 1, reward: 0.1, entropy: 1.2 },
  { step: 2, reward: NaN, entropy: 1.1 },
];

let store: RunDatabase;
const fresh = () => (store = new RunDatabase({ indexedDB: new IDBFactory(), dbName: 'test' }));
afterEach(() => store?.close());

/** Write a raw record straight into the runs store, bypassing saveRun's checks. */
async function putRaw(factory: IDBFactory, record: unknown) {
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const r = factory.open('test', 1);
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error);
  });
  await new Promise<void>((res, rej) => {
    const tx = db.transaction('runs', 'readwrite');
    tx.objectStore('runs').put(record);
    tx.oncomplete = () => res();
    tx.onerror = () => rej(tx.error);
  });
  db.close();
}

describe('RunDatabase', () => {
  it('saves, lists (oldest first), loads, renames and deletes runs', async () => {
    fresh();
    const a = await store.saveRun({ name: 'dapo · countdown', color: '#0072B2', config, metrics, createdAt: 2000 });
    const b = await store.saveRun({ name: 'older', color: '#E69F00', config: parseConfig({}), metrics: [], createdAt: 1000 });
    expect(a.schema).toBe(RUN_SCHEMA_VERSION);
    const list = await store.listRuns();
    expect(list.errors).toEqual([]);
    expect(list.runs.map((r) => r.name)).toEqual(['older', 'dapo · countdown']);
    const got = await store.loadRun(a.id);
    expect(got.run?.config).toEqual(config);
    expect(got.run?.metrics[0]).toEqual({ step: 1, reward: 0.1, entropy: 1.2 });
    expect(got.run?.metrics[1].reward).toBeNaN();
    expect(got.weights).toBeUndefined();
    expect((await store.updateRun(a.id, { name: 'renamed' })).name).toBe('renamed');
    expect((await store.loadRun(a.id)).run?.name).toBe('renamed');
    await store.deleteRun(b.id);
    expect((await store.listRuns()).runs.map((r) => r.id)).toEqual([a.id]);
    expect((await store.loadRun(b.id)).error).toMatch(/No saved run/);
    await store.clearRuns();
    expect((await store.listRuns()).runs).toEqual([]);
  });

  it('keeps weights apart: listed runs carry none, loadRun returns them on request, overwriting drops them', async () => {
    fresh();
    const weights = new Map([
      ['embed', new Float32Array([1, 2, 3])],
      ['head', new Float32Array([0.5])],
    ]);
    const r = await store.saveRun({ name: 'w', color: '#009E73', config, metrics, weights });
    expect(r.hasWeights).toBe(true);
    expect('weights' in (await store.listRuns()).runs[0]).toBe(false);
    const loaded = await store.loadRun(r.id, { weights: true });
    expect(loaded.weights?.get('embed')).toEqual(new Float32Array([1, 2, 3]));
    expect([...loaded.weights!.keys()]).toEqual(['embed', 'head']);
    await store.saveRun({ id: r.id, name: 'w', color: '#009E73', config, metrics });
    const again = await store.loadRun(r.id, { weights: true });
    expect(again.run?.hasWeights).toBe(false);
    expect(again.weights).toBeUndefined();
  });

  it('skips corrupt records with a reported error instead of failing the list', async () => {
    const factory = new IDBFactory();
    store = new RunDatabase({ indexedDB: factory, dbName: 'test' });
    const good = await store.saveRun({ name: 'good', color: '#0072B2', config, metrics });
    await store.close();
    const base = { schema: 1, name: 'x', color: '#000', config: {}, metrics: [], createdAt: 1, hasWeights: false };
    await putRaw(factory, { ...base, id: 'no-name', name: 5 });
    await putRaw(factory, { ...base, id: 'future', schema: 99 });
    await putRaw(factory, { ...base, id: 'bad-config', config: { groupSize: 0 } });
    await putRaw(factory, { ...base, id: 'bad-metrics', metrics: [{ step: 'x' }] });
    await putRaw(factory, { id: 'garbage' });
    store = new RunDatabase({ indexedDB: factory, dbName: 'test' });
    const list = await store.listRuns();
    expect(list.runs.map((r) => r.id)).toEqual([good.id]);
    expect(list.errors).toHaveLength(5);
    const byId = (id: string) => list.errors.find((e) => e.startsWith(`run ${id}:`));
    expect(byId('no-name')).toMatch(/name/);
    expect(byId('future')).toMatch(/newer version/);
    expect(byId('bad-config')).toMatch(/config: groupSize/);
    expect(byId('bad-metrics')).toMatch(/metrics\.0\.step/);
    expect(byId('garbage')).toBeDefined();
    expect((await store.loadRun('future')).error).toMatch(/newer version/);
  });

  it('fills knobs added since a run was saved with their defaults', () => {
    const { run } = validateRecord({
      id: 'old',
      schema: 1,
      name: 'old',
      color: '#000',
      config: { task: 'sort', groupSize: 4 },
      metrics: [],
      createdAt: 1,
      hasWeights: false,
    });
    expect(run?.config.task).toBe('sort');
    expect(run?.config.advantage.baseline).toBe('mean');
  });

  it('reports a missing IndexedDB clearly', async () => {
    const none = new RunDatabase({ indexedDB: undefined });
    expect(none.available).toBe(false); // Node has no global indexedDB (this file never installs fake-indexeddb/auto)
    await expect(none.listRuns()).rejects.toThrow(/IndexedDB/);
  });
});
