// Main-thread handle on the training worker: typed send, validated receive. No tfjs is imported here.
import { threadsWorkerName, type ThreadsPref } from '../engine/threads';
import { parseEvent, type WorkerCommand, type WorkerEvent } from './protocol';

export class TrainingClient {
  private worker: Worker;
  private closed = false;

  /** `threads`: the WASM pool's size for this worker's life (the pool is fixed when its backend starts). */
  constructor(
    private onEvent: (e: WorkerEvent) => void,
    threads: ThreadsPref = 'auto',
  ) {
    this.worker = new Worker(new URL('./training.worker.ts', import.meta.url), {
      type: 'module',
      name: threadsWorkerName('grpo-training', threads),
    });
    this.worker.onmessage = (ev: MessageEvent) => {
      const parsed = parseEvent(ev.data);
      if (parsed.ok) this.onEvent(parsed.event);
      else this.onEvent({ type: 'error', runId: -1, code: 'protocol', message: `The worker sent a malformed event: ${parsed.error}` });
    };
    this.worker.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      this.onEvent({
        type: 'error',
        runId: -1,
        code: 'worker-crashed',
        message: `The training worker crashed: ${ev.message || 'unknown error'}`,
      });
    };
    this.worker.onmessageerror = () => {
      this.onEvent({ type: 'error', runId: -1, code: 'protocol', message: 'A worker message could not be deserialised.' });
    };
  }

  send(cmd: WorkerCommand): void {
    if (!this.closed) this.worker.postMessage(cmd);
  }

  terminate(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.terminate();
  }
}
