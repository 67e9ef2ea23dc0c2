// Saved runs in IndexedDB: name, colour, config, metric rows, creation time, and optionally the policy weights.
// Records carry a schema version and are validated on load: a corrupt or unknown record is skipped and reported,
// never allowed to break the run list. Weights live in their own store so listing runs never loads them.
//
// DB "grpo-playground" v1: store "runs" (keyPath id) and store "weights" (key = run id).
import { newRunId } from './run-id';
import { z } from 'zod';
import { validateConfig, type RunConfig } from '../engine/config';
import type { MetricRow } from './export';
import { safeRunColor } from './run-colors';

export const RUN_SCHEMA_VERSION = 1;
const DB_NAME = 'grpo-playground';
const DB_VERSION = 1;
const RUNS = 'runs';
const WEIGHTS = 'weights';

export interface SavedRun {
  id: string;
  schema: number;
  name: string;
  color: string;
  config: RunConfig;
  metrics: MetricRow[];
  /** ms since the epoch. */
  createdAt: number;
  hasWeights: boolean;
  /** Settings were changed while it trained (the runs list's "edited" badge). */
  editedMidRun?: boolean;
  /** The lesson the run was started by (the runs list groups them). */
  lesson?: string;
  /** The name follows the config ("dr-grpo · add · G8 · s1") until the user renames the run. */
  autoName?: boolean;
}

export interface SaveRunInput {
  /** Reuse an id to overwrite a saved run. */
  id?: string;
  name: string;
  color: string;
  config: RunConfig;
  metrics: readonly MetricRow[];
  createdAt?: number;
  weights?: Map<string, Float32Array>;
  editedMidRun?: boolean;
  lesson?: string;
  autoName?: boolean;
}

export interface ListResult {
  runs: SavedRun[];
  /** One line per record that could not be read ("run abc: metrics[3].step: ..."). */
  errors: string[];
}

export interface RunDatabaseOptions {
  dbName?: string;
  /** The IndexedDB factory (tests pass fake-indexeddb's); defaults to globalThis.indexedDB. */
  indexedDB?: IDBFactory;
}

interface WeightsRecord {
  id: string;
  tensors: Array<{ name: string; data: Float32Array }>;
}

const metricValue = z.union([z.number(), z.nan(), z.null()]);
const recordSchema = z.object({
  id: z.string().min(1),
  schema: z.number().int(),
  name: z.string().max(200),
  color: z.string().max(32),
  config: z.unknown(),
  metrics: z.array(z.object({ step: z.number().int().min(0) }).catchall(metricValue)),
  createdAt: z.number(),
  hasWeights: z.boolean(),
  editedMidRun: z.boolean().optional(),
  lesson: z.string().max(80).optional(),
  autoName: z.boolean().optional(),
});

function promised<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** Readable text for storage errors (quota first: it is the one a person can act on). */
function storageError(e: unknown): Error {
  const name = (e as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError') return new Error('Browser storage is full: delete some saved runs (or save without weights)');
  return e instanceof Error ? e : new Error(String(e));
}

const newId = newRunId;

/** Validate one stored record; returns the run or a reason. Configs are re-validated (missing knobs get defaults). */
export function validateRecord(raw: unknown): { run?: SavedRun; error?: string } {
  const key = typeof raw === 'object' && raw !== null && 'id' in raw ? String((raw as { id: unknown }).id) : '?';
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return { error: `run ${key}: ${i.path.map(String).join('.') || 'record'}: ${i.message}` };
  }
  const r = parsed.data;
  if (r.schema > RUN_SCHEMA_VERSION)
    return { error: `run ${key}: saved by a newer version (schema ${r.schema}); update the app to open it` };
  if (r.schema < 1) return { error: `run ${key}: unknown schema ${r.schema}` };
  const { config, errors } = validateConfig(r.config);
  if (!config) return { error: `run ${key}: config: ${errors.join('; ')}` };
  const metrics = r.metrics.map((row) => {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(row)) out[k] = v === null ? NaN : (v as number);
    return out as MetricRow;
  });
  // An unsafe colour (a CSS url() would fetch a remote file) is replaced, not trusted; the run itself is kept.
  return { run: { ...r, color: safeRunColor(r.color), config, metrics } };
}

export class RunDatabase {
  private readonly dbName: string;
  private readonly factory: IDBFactory | undefined;
  private db: Promise<IDBDatabase> | null = null;

  constructor(opts: RunDatabaseOptions = {}) {
    this.dbName = opts.dbName ?? DB_NAME;
    this.factory = opts.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  }

  /** False where IndexedDB is missing (old browsers, some private modes, Node without a shim). */
  get available(): boolean {
    return !!this.factory;
  }

  private open(): Promise<IDBDatabase> {
    if (!this.factory) return Promise.reject(new Error('Saved runs need IndexedDB, which this browser does not provide'));
    if (!this.db) {
      const req = this.factory.open(this.dbName, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains(RUNS)) db.createObjectStore(RUNS, { keyPath: 'id' });
        if (!db.objectStoreNames.contains(WEIGHTS)) db.createObjectStore(WEIGHTS, { keyPath: 'id' });
      };
      this.db = promised(req).catch((e) => {
        this.db = null; // allow a retry
        throw storageError(e);
      });
    }
    return this.db;
  }

  async saveRun(input: SaveRunInput): Promise<SavedRun> {
    const db = await this.open();
    const run: SavedRun = {
      id: input.id ?? newId(),
      schema: RUN_SCHEMA_VERSION,
      name: input.name,
      color: safeRunColor(input.color),
      config: input.config,
      metrics: input.metrics.map((m) => ({ ...m })),
      createdAt: input.createdAt ?? Date.now(),
      hasWeights: !!input.weights,
      ...(input.editedMidRun ? { editedMidRun: true } : {}),
      ...(input.lesson ? { lesson: input.lesson } : {}),
      ...(input.autoName ? { autoName: true } : {}),
    };
    const tx = db.transaction([RUNS, WEIGHTS], 'readwrite');
    tx.objectStore(RUNS).put(run);
    if (input.weights) {
      const rec: WeightsRecord = { id: run.id, tensors: [...input.weights].map(([name, data]) => ({ name, data })) };
      tx.objectStore(WEIGHTS).put(rec);
    } else {
      tx.objectStore(WEIGHTS).delete(run.id); // overwriting without weights drops stale ones
    }
    await done(tx).catch((e) => {
      throw storageError(e);
    });
    return run;
  }

  /** Every readable run, oldest first; unreadable records are skipped and listed in `errors`. */
  async listRuns(): Promise<ListResult> {
    const db = await this.open();
    const raw = await promised(db.transaction(RUNS, 'readonly').objectStore(RUNS).getAll());
    const runs: SavedRun[] = [];
    const errors: string[] = [];
    for (const r of raw) {
      const v = validateRecord(r);
      if (v.run) runs.push(v.run);
      else errors.push(v.error!);
    }
    runs.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    return { runs, errors };
  }

  /** One run, with its weights when asked for and saved. */
  async loadRun(
    id: string,
    opts: { weights?: boolean } = {},
  ): Promise<{ run?: SavedRun; weights?: Map<string, Float32Array>; error?: string }> {
    const db = await this.open();
    const raw = await promised(db.transaction(RUNS, 'readonly').objectStore(RUNS).get(id));
    if (raw === undefined) return { error: `No saved run with id ${id}` };
    const v = validateRecord(raw);
    if (!v.run) return { error: v.error };
    if (!opts.weights || !v.run.hasWeights) return { run: v.run };
    const w = (await promised(db.transaction(WEIGHTS, 'readonly').objectStore(WEIGHTS).get(id))) as WeightsRecord | undefined;
    if (!w || !Array.isArray(w.tensors) || !w.tensors.every((t) => typeof t.name === 'string' && t.data instanceof Float32Array)) {
      return { run: v.run, error: `run ${id}: its saved weights are missing or unreadable` };
    }
    return { run: v.run, weights: new Map(w.tensors.map((t) => [t.name, t.data])) };
  }

  /** Rename or recolour a saved run. */
  async updateRun(id: string, patch: { name?: string; color?: string }): Promise<SavedRun> {
    const { run, error } = await this.loadRun(id);
    if (!run) throw new Error(error ?? `No saved run with id ${id}`);
    const db = await this.open();
    const next = { ...run, ...patch };
    const tx = db.transaction(RUNS, 'readwrite');
    tx.objectStore(RUNS).put(next);
    await done(tx).catch((e) => {
      throw storageError(e);
    });
    return next;
  }

  async deleteRun(id: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction([RUNS, WEIGHTS], 'readwrite');
    tx.objectStore(RUNS).delete(id);
    tx.objectStore(WEIGHTS).delete(id);
    await done(tx);
  }

  async clearRuns(): Promise<void> {
    const db = await this.open();
    const tx = db.transaction([RUNS, WEIGHTS], 'readwrite');
    tx.objectStore(RUNS).clear();
    tx.objectStore(WEIGHTS).clear();
    await done(tx);
  }

  /** Close the connection (tests; a page can just leave it open). */
  async close(): Promise<void> {
    if (this.db) (await this.db.catch(() => null))?.close();
    this.db = null;
  }
}

// The app's default store and function-style shortcuts for the UI.
let defaultStore: RunDatabase | null = null;
export function runDatabase(): RunDatabase {
  defaultStore ??= new RunDatabase();
  return defaultStore;
}
export const saveRun = (input: SaveRunInput) => runDatabase().saveRun(input);
export const listRuns = () => runDatabase().listRuns();
export const loadRun = (id: string, opts?: { weights?: boolean }) => runDatabase().loadRun(id, opts);
export const updateRun = (id: string, patch: { name?: string; color?: string }) => runDatabase().updateRun(id, patch);
export const deleteRun = (id: string) => runDatabase().deleteRun(id);
export const clearRuns = () => runDatabase().clearRuns();
