// Keeps the runs list in browser storage (IndexedDB through src/share/persist.ts): every run with at least one
// step is saved as it progresses (at most every SAVE_EVERY_MS while training, soon after it stops, on rename or
// recolour, and when the page is hidden), deleted when removed from the list, and restored at page load. Runs come
// back view-only: their metrics and config, not their training state. Storage problems show as a non-fatal banner.
import { type RunDatabase as RunDb, runDatabase, RUN_SCHEMA_VERSION, validateRecord } from '../../share/persist';
import type { PlaygroundStore, RunEntry } from './store';

/**
 * Why a second, synchronous copy: an IndexedDB write started in `pagehide` may not finish before the page goes
 * (a reload brought 20 steps back as 14, and a 6-step run vanished). localStorage writes complete before
 * `pagehide` returns, so the runs with unsaved steps are copied there too and moved into IndexedDB at next start.
 */
export const BACKUP_KEY = 'grpo-playground/unsaved-runs';
/** Larger backups are skipped (localStorage holds about 5 MB per origin); IndexedDB still gets its flush. */
const MAX_BACKUP_CHARS = 4_000_000;

/** Most time between two saves of a run that is training. */
const SAVE_EVERY_MS = 3000;
/** Wait after a change while nothing trains (coalesces pause + final report + rename). */
const SETTLE_MS = 150;
/** After a failed save, wait this long before trying again. */
const RETRY_MS = 30_000;

export class RunPersistence {
  /** The entry object last written per run id (entries are immutable: a new object means something changed). */
  private saved = new Map<string, RunEntry>();
  private dirty = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private due = 0;
  private chain: Promise<void> = Promise.resolve();
  private failedAt = 0;
  private started = false;

  constructor(
    private readonly store: PlaygroundStore,
    private readonly db: RunDb = runDatabase(),
    private readonly backup: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = defaultBackup(),
  ) {}

  /**
   * Copy every run with steps not yet in IndexedDB into localStorage, synchronously (call on pagehide and when the
   * page is hidden, before flush). Never throws: a full or missing localStorage only loses this extra copy.
   */
  backupNow(): void {
    if (!this.backup) return;
    try {
      const runs = this.store
        .allRuns()
        .filter((r) => r.history.length > 0 && this.saved.get(r.id)?.history.length !== r.history.length)
        .map((r) => ({
          id: r.id,
          name: r.name,
          color: r.color,
          config: r.config,
          createdAt: r.createdAt,
          metrics: r.history.map((h) => ({ ...h.metrics, step: h.step })),
        }));
      if (!runs.length) {
        this.backup.removeItem(BACKUP_KEY);
        return;
      }
      const text = JSON.stringify({ runs });
      if (text.length <= MAX_BACKUP_CHARS) this.backup.setItem(BACKUP_KEY, text);
    } catch {
      /* storage full or blocked: the IndexedDB flush is still attempted */
    }
  }

  /** Move runs from a backup left by the last page into IndexedDB, where it has more steps than the saved copy. */
  private async restoreBackup(): Promise<void> {
    let text: string | null = null;
    try {
      text = this.backup?.getItem(BACKUP_KEY) ?? null;
    } catch {
      return;
    }
    if (!text) return;
    let runs: unknown[] = [];
    try {
      const parsed = JSON.parse(text) as { runs?: unknown };
      if (Array.isArray(parsed.runs)) runs = parsed.runs;
    } catch {
      /* a torn write: nothing to restore */
    }
    for (const raw of runs) {
      if (typeof raw !== 'object' || raw === null) continue;
      const v = validateRecord({ ...raw, schema: RUN_SCHEMA_VERSION, hasWeights: false });
      if (!v.run) continue;
      const stored = await this.db.loadRun(v.run.id);
      if (stored.run && stored.run.metrics.length >= v.run.metrics.length) continue;
      await this.db.saveRun({ ...v.run, metrics: v.run.metrics });
    }
    this.backup?.removeItem(BACKUP_KEY);
  }

  /** Restore the saved runs into the list, then follow the list. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (!this.db.available) {
      this.store.setStorage('unavailable');
      this.store.notify(
        'persist',
        'info',
        'This browser offers no storage for runs (IndexedDB): runs will not survive a reload. Export them as JSON to keep them.',
      );
      return;
    }
    this.store.onRunsRemoved = (ids, all) => this.remove(ids, all);
    try {
      await this.restoreBackup();
      const { runs, errors } = await this.db.listRuns();
      this.store.addRestoredRuns(runs);
      const byId = new Map(this.store.getSnapshot().runs.map((r) => [r.id, r]));
      for (const r of runs) {
        const entry = byId.get(r.id);
        if (entry) this.saved.set(r.id, entry);
      }
      if (errors.length) {
        this.store.notify(
          'persist-load',
          'warning',
          `${errors.length} saved run${errors.length === 1 ? '' : 's'} could not be read and ${errors.length === 1 ? 'was' : 'were'} skipped: ${errors.slice(0, 3).join('; ')}${errors.length > 3 ? '; …' : ''}`,
        );
      }
    } catch (e) {
      this.fail(e, 'Saved runs could not be loaded');
    }
    this.store.subscribe(() => this.onChange());
    this.onChange();
  }

  private onChange(): void {
    const s = this.store.getSnapshot();
    for (const r of s.runs) if (r.history.length > 0 && this.saved.get(r.id) !== r) this.dirty.add(r.id);
    if (!this.dirty.size) return;
    const wait = s.status === 'running' ? SAVE_EVERY_MS : SETTLE_MS;
    this.schedule(Math.max(wait, this.failedAt ? this.failedAt + RETRY_MS - Date.now() : 0));
  }

  private schedule(ms: number): void {
    const at = Date.now() + ms;
    if (this.timer && this.due <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.due = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  /** Write every changed run now; resolves when storage has them (used on pagehide and by the test hook). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.chain = this.chain.then(() => this.writeDirty());
    return this.chain;
  }

  private async writeDirty(): Promise<void> {
    const ids = [...this.dirty];
    this.dirty.clear();
    const byId = new Map(this.store.getSnapshot().runs.map((r) => [r.id, r]));
    for (const id of ids) {
      // Sync the live histories first: a run that is training may have reports not yet rendered.
      const run = this.store.allRuns().find((r) => r.id === id) ?? byId.get(id);
      if (!run?.history.length) continue;
      try {
        await this.db.saveRun({
          id: run.id,
          name: run.name,
          color: run.color,
          config: run.config,
          createdAt: run.createdAt,
          metrics: run.history.map((h) => ({ ...h.metrics, step: h.step })),
          editedMidRun: run.editedMidRun,
          lesson: run.lesson,
          autoName: run.autoName,
        });
        this.saved.set(id, run);
        if (this.failedAt) {
          this.failedAt = 0;
          this.store.dismiss('persist');
          this.store.setStorage('ok');
        }
      } catch (e) {
        this.dirty.add(id);
        this.fail(e, 'Saving runs in this browser failed');
        return;
      }
    }
  }

  private fail(e: unknown, what: string): void {
    this.failedAt = Date.now();
    this.store.setStorage('error');
    this.store.notify(
      'persist',
      'warning',
      `${what}: ${(e as Error)?.message ?? String(e)}. Training goes on; runs may not survive a reload (export them as JSON to keep them).`,
    );
  }

  private remove(ids: string[], all: boolean): void {
    for (const id of ids) {
      this.saved.delete(id);
      this.dirty.delete(id);
    }
    this.chain = this.chain.then(async () => {
      try {
        if (all) {
          await this.db.clearRuns();
          // The runs still in the list (the live ones) are written again.
          this.saved.clear();
          this.onChange();
        } else {
          for (const id of ids) await this.db.deleteRun(id);
        }
      } catch (e) {
        this.fail(e, 'Saved runs could not be deleted');
      }
    });
  }
}

function defaultBackup(): Storage | null {
  try {
    return (globalThis as { localStorage?: Storage }).localStorage ?? null;
  } catch {
    return null; // access can throw where storage is blocked
  }
}
