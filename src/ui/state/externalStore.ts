// An external store in the shape React's useSyncExternalStore expects (getSnapshot, subscribe) that holds one
// immutable snapshot. Urgent changes (user actions) notify at once; the others (worker events) are coalesced to at
// most one notification per RENDER_INTERVAL_MS, on an animation frame: at 10-20 steps/s rendering every step would
// spend the main thread on frames nobody can read.

/** `urgent`: render now; otherwise the listener may render as a transition. */
export type Listener = (urgent: boolean) => void;

export const RENDER_INTERVAL_MS = 150;

export class ExternalStore<S extends object> {
  private listeners = new Set<Listener>();
  private frame = 0;
  private lastEmit = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `onEmit` sees every snapshot that was emitted. */
  constructor(
    protected s: S,
    private readonly onEmit?: (s: S) => void,
  ) {}

  /** Runs just before listeners read the snapshot; a subclass may bring it up to date there. */
  protected beforeEmit(): void {}

  getSnapshot = (): S => this.s;

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  /** Merge `patch` into the snapshot and notify (now when urgent, else on the next render tick). */
  protected set(patch: Partial<S>, urgent: boolean): void {
    this.s = { ...this.s, ...patch };
    if (urgent) {
      this.cancelScheduled();
      this.emit(true);
    } else {
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.frame || this.timer) return;
    const fire = () => {
      this.cancelScheduled();
      this.lastEmit = performance.now();
      this.emit(false);
    };
    const wait = Math.max(0, this.lastEmit + RENDER_INTERVAL_MS - performance.now());
    // rAF does not run in background tabs; the timer alone keeps the state fresh there.
    this.timer = setTimeout(() => {
      this.timer = null;
      if (typeof requestAnimationFrame === 'function' && !document.hidden) this.frame = requestAnimationFrame(fire);
      else fire();
    }, wait);
  }

  protected cancelScheduled(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.timer) clearTimeout(this.timer);
    this.frame = 0;
    this.timer = null;
  }

  private emit(urgent: boolean): void {
    this.beforeEmit();
    for (const l of this.listeners) l(urgent);
    this.onEmit?.(this.s);
  }
}
