// The backend and what survives its loss. A WebGPU device loss, or any error thrown by a step on a GPU backend,
// moves the run to WASM (or CPU when WASM itself failed), continuing from the last completed step with that step's
// full trainer state (weights, KL reference, Adam moments, counters: Trainer.exportState() after every step on GPU
// backends). Metrics already sent stay on screen.
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendInfo } from '../../engine/backend';
import type { Backend } from '../../engine/config';
import { isNonFiniteError } from '../../engine/rl/finite-guard';
import type { TrainerState } from '../../engine/rl/trainer';
import type { ErrorCode, WorkerEvent } from '../protocol';
import { workerBackendEnv } from '../worker-setup';
import { exportStates, makeTrainer, type Session } from './session';

/** The tfjs WebGPU backend exposes its GPUDevice; the other backends have none. */
interface MaybeWebGpuBackend {
  device?: GPUDevice;
}

export type Recovery = 'recovered' | 'failed' | 'session-lost';

export class DeviceGuard {
  pref: Backend | null = null;
  info: BackendInfo | null = null;
  /** Full trainer states after the last completed step (GPU backends only), one per variant. */
  saved: TrainerState[] | null = null;
  /** A simulated failure is armed for the next step (the e2e test of the fallback). */
  failNext = false;
  private deviceLost: string | null = null;

  async ensure(pref: Backend): Promise<void> {
    if (this.pref === pref && this.info) return;
    await this.start(pref);
  }

  private async start(pref: Backend): Promise<void> {
    this.info = await initBackend(pref, workerBackendEnv());
    this.pref = pref;
    this.watch();
  }

  private watch(): void {
    this.deviceLost = null;
    if (this.info?.backend !== 'webgpu') return;
    const device = (tf.backend() as MaybeWebGpuBackend).device;
    device?.lost.then((info) => {
      this.deviceLost = info.message || info.reason || 'device lost';
    });
  }

  /** GPU backends can lose their device; keep a CPU copy of the full trainer state after each step there. */
  needsSnapshots(): boolean {
    return this.info?.backend === 'webgpu' || this.info?.backend === 'webgl';
  }

  async snapshot(s: Session): Promise<void> {
    if (this.needsSnapshots()) this.saved = await exportStates(s.trainers);
  }

  /** Throws before a step when the device is gone or a simulated failure is armed. */
  check(): void {
    if (!this.failNext && !this.deviceLost) return;
    this.failNext = false;
    throw new Error(this.deviceLost ? `GPU device lost: ${this.deviceLost}` : 'simulated backend failure (device lost)');
  }

  /**
   * A step failed. On a GPU backend (or after a device loss): move to WASM/CPU and resume; otherwise report and stop.
   * 'session-lost' when the run could not be rebuilt (the caller drops the session).
   */
  async recover(
    err: Error,
    s: Session | null,
    runId: number,
    fail: (code: ErrorCode, message: string) => void,
    post: (e: WorkerEvent) => void,
  ): Promise<Recovery> {
    const from = this.info?.backend;
    const stepNo = (s?.trainers[0]?.step ?? 0) + 1;
    if (isNonFiniteError(err)) {
      // Not a device problem: the same numbers would come back on any backend. The update was not applied; pause.
      fail('non-finite', `Paused: ${err.message}`);
      return 'failed';
    }
    const gpuFailure = from === 'webgpu' || from === 'webgl' || /device|lost|context/i.test(err.message);
    if (!s || !from || !gpuFailure) {
      fail('step-failed', `Step ${stepNo} failed: ${err.message}`);
      return 'failed';
    }
    const configs = s.trainers.map((t) => t.config);
    let states: TrainerState[] | null = this.saved;
    if (!states && !s.paired) {
      // No copy kept (a CPU-side backend): read the state from the failed trainer if the device still answers.
      try {
        states = await exportStates(s.trainers);
      } catch {
        states = null;
      }
    }
    for (const t of s.trainers) {
      try {
        t.dispose();
      } catch {
        /* the device may be gone */
      }
    }
    this.saved = null;
    const target: Backend = from === 'wasm' ? 'cpu' : 'wasm';
    try {
      await this.start(target);
    } catch (e) {
      fail('backend', `The ${from} backend failed (${err.message}) and ${target} could not start: ${(e as Error).message}`);
      return 'session-lost';
    }
    const info = this.info!;
    try {
      configs.forEach((config, i) => {
        const st = states?.[i];
        // The state carries the weights; a checkpoint-init config needs them as initialWeights too.
        const next = st ? makeTrainer(config, st.weights, st) : makeTrainer({ ...config, init: 'random' });
        s.trainers[i] = next;
        s.paired?.replaceTrainer(i, next); // the PairedRun steps the rebuilt trainers from now on
      });
    } catch (e) {
      fail('step-failed', `Could not rebuild the run on ${target}: ${(e as Error).message}`);
      return 'session-lost';
    }
    const resumedAtStep = s.trainers[0].step;
    post({
      type: 'backend-changed',
      runId,
      from,
      to: info,
      resumedAtStep,
      reason: states
        ? `${from} failed (${err.message}); continuing on ${info.backend} from step ${resumedAtStep} with its full state (weights, KL reference and Adam moments).`
        : `${from} failed (${err.message}) and no copy of the run was kept; restarting on ${info.backend} from random weights.`,
    });
    await this.snapshot(s);
    return 'recovered';
  }
}
