// How many threads the WASM backend uses: a device setting (Auto or a number), never a run knob. XNNPACK splits each
// product by output tiles, so the thread count changes speed only, never a number (test/e2e/threads.test.ts).
// Pure: the settings panel, the share link and the workers (worker-setup.ts) read the same rule.

/** 'auto' follows autoThreads(); a number is the user's choice (clamped to the machine's cores). */
export type ThreadsPref = 'auto' | number;

/** A link may ask for at most this many; more is refused as malformed (no browser reports more cores). */
export const MAX_THREADS = 256;

/**
 * Auto's rule: half the logical cores, at least one (tfjs-backend-wasm's own default). Measured on a 2-vCPU
 * machine (docs/ux-notes.md, "Thread count"): one thread trained nano and tiny faster than two, with less main-thread
 * work, because the page's main thread, the worker's own thread and the pool share the two cores and the pool's
 * threads spin while they wait. Larger machines were not measured; half the cores leaves the page room.
 */
export function autoThreads(cores: number): number {
  return Math.max(1, Math.floor(cores / 2));
}

export interface ThreadChoice {
  threads: number;
  /** Why this count, for the status bar: the auto rule, the user's choice, or no cross-origin isolation. */
  why: string;
}

/** The count a worker uses for a preference on this machine. Without cross-origin isolation WASM has one thread. */
export function resolveThreads(pref: ThreadsPref, cores: number, isolated: boolean): ThreadChoice {
  const n = Math.max(1, Math.floor(cores) || 1);
  if (!isolated) return { threads: 1, why: 'one thread: the page is not cross-origin isolated' };
  if (pref === 'auto') {
    const t = autoThreads(n);
    return { threads: t, why: `auto: half of ${n} core${n === 1 ? '' : 's'}` };
  }
  if (pref > n) return { threads: n, why: `your choice of ${pref}, clamped to this machine's ${n} cores` };
  return { threads: pref, why: 'your choice' };
}

/** A preference that fits this machine: a number above its cores becomes its cores (clampedFrom says so). */
export function fitThreads(pref: ThreadsPref, cores: number): { pref: ThreadsPref; clampedFrom?: number } {
  const n = Math.max(1, Math.floor(cores) || 1);
  return pref !== 'auto' && pref > n ? { pref: n, clampedFrom: pref } : { pref };
}

/** Read a preference from text or JSON ('auto', or a whole number 1..MAX_THREADS); null when it is neither. */
export function parseThreadsPref(raw: unknown): ThreadsPref | null {
  if (raw === 'auto') return 'auto';
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^[0-9]{1,3}$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= MAX_THREADS ? n : null;
}

/** The worker's name carries the preference (read before tfjs starts, when the pool size must be set). */
export function threadsWorkerName(base: string, pref: ThreadsPref): string {
  return `${base} threads=${pref}`;
}

export function threadsFromWorkerName(name: string): ThreadsPref {
  const m = /(?:^| )threads=(\S+)$/.exec(name);
  return (m && parseThreadsPref(m[1])) || 'auto';
}
