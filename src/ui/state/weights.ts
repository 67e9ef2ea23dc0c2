// Requests for the live policy's weights: the worker encodes a checkpoint and answers with the request's id.
export interface WeightsFile {
  fileName: string;
  json: string;
}

export class WeightRequests {
  private pending = new Map<number, { resolve: (v: WeightsFile) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  /** A new request: its id (to send to the worker) and the promise its answer settles. */
  open(): { requestId: number; answer: Promise<WeightsFile> } {
    const requestId = this.nextId++;
    const answer = new Promise<WeightsFile>((resolve, reject) => this.pending.set(requestId, { resolve, reject }));
    return { requestId, answer };
  }

  resolve(requestId: number, file: WeightsFile): void {
    const req = this.pending.get(requestId);
    this.pending.delete(requestId);
    req?.resolve(file);
  }

  /** The worker could not export: every open request fails with its message. */
  rejectAll(message: string): void {
    for (const r of this.pending.values()) r.reject(new Error(message));
    this.pending.clear();
  }
}
