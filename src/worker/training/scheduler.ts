// When steps run: one queue for every command that touches a trainer (so a reset never races a step), the step
// budget (a number of steps, or Infinity while playing), the delay between steps, and the step-through hold.

export class Scheduler {
  /** > 0: finite stepping; Infinity: play. */
  stepsLeft = 0;
  looping = false;
  delayMs = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private wakeSleep: (() => void) | null = null;

  /** Run `fn` after everything queued before it, whether that succeeded or not. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The pause between steps; `wake` ends it early, so a pause during a long delay is shown at once. */
  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeSleep = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleep = done;
    });
  }

  wake(): void {
    this.wakeSleep?.();
  }

  /**
   * Run steps while stepsLeft > 0; `step` says whether it completed ('done'), was redone elsewhere ('recovered')
   * or could not go on ('failed', which ends the loop). Commands queue between steps. 'busy' when a loop was
   * already running (that one goes on with the new budget).
   */
  async loop(step: () => Promise<'done' | 'recovered' | 'failed'>, alive: () => boolean): Promise<'busy' | 'ended' | 'failed'> {
    if (this.looping) return 'busy';
    this.looping = true;
    try {
      while (this.stepsLeft > 0 && alive()) {
        const outcome = await this.exclusive(step);
        if (outcome === 'failed') {
          this.stepsLeft = 0;
          return 'failed';
        }
        if (outcome === 'done') this.stepsLeft--;
        // Yield to the message queue (pause, update) between steps, even with no delay.
        if (this.stepsLeft > 0) await this.sleep(this.delayMs);
      }
    } finally {
      this.looping = false;
    }
    return 'ended';
  }
}

/** Step-through: while holding, each phase of the step waits for `next-phase` (or `finish`, which stops holding). */
export class PhaseHold {
  holding = false;
  private releaseHold: (() => void) | null = null;

  /** A phase waits here while holding. */
  async wait(): Promise<void> {
    if (!this.holding) return;
    await new Promise<void>((resolve) => (this.releaseHold = resolve));
  }

  /** A phase is waiting (the trainer's weights are at rest). */
  get waiting(): boolean {
    return this.releaseHold !== null;
  }

  /** Release a held phase; with `finish`, the rest of the step runs without holding. */
  release(finish: boolean): void {
    if (finish) this.holding = false;
    const r = this.releaseHold;
    this.releaseHold = null;
    r?.();
  }

  reset(): void {
    this.holding = false;
    this.releaseHold = null;
  }
}
