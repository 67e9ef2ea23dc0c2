// Main-thread handle on one seeds worker (one comparison): typed send, validated receive. No tfjs is imported here.
import { threadsWorkerName, type ThreadsPref } from '../engine/threads';
import { parseSeedsEvent, type SeedsCommand, type SeedsEvent } from './seeds-protocol';

export class SeedsClient {
  private worker: Worker;
  private closed = false;

  constructor(
    private onEvent: (e: SeedsEvent) => void,
    threads: ThreadsPref = 'auto',
  ) {
    this.worker = new Worker(new URL('./seeds.worker.ts', import.meta.url), {
      type: 'module',
      name: threadsWorkerName('grpo-seeds', threads),
    });
    this.worker.onmessage = (ev: MessageEvent) => {
      const parsed = parseSeedsEvent(ev.data);
      this.onEvent(
        parsed.ok ? parsed.event : { type: 'error', id: -1, message: `The comparison worker sent a malformed event: ${parsed.error}` },
      );
    };
    this.worker.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      this.onEvent({ type: 'error', id: -1, message: `The comparison worker crashed: ${ev.message || 'unknown error'}` });
    };
  }

  send(cmd: SeedsCommand): void {
    if (!this.closed) this.worker.postMessage(cmd);
  }

  terminate(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.terminate();
  }
}
