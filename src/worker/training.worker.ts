/// <reference lib="webworker" />
// The training worker: owns tfjs, the backend and the Trainer. The main thread only sends commands and draws.
// Every command that touches the trainer runs through one queue (`exclusive`), so a reset never races a step.
//
// Backend failure (WebGPU device loss, or any error thrown by a step on a GPU backend): the worker switches to
// WASM (or CPU when WASM itself failed) and continues from the last completed step with the weights of that step
// (a CPU copy is kept after every step on GPU backends). Metrics already sent stay on screen.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm'; // registers the WASM flags set below (backend.ts imports it again, same module)
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { initBackend, type BackendInfo } from '../engine/backend';
import { validateConfig, type Backend, type RunConfig } from '../engine/config';
import { decodeCheckpoint } from '../engine/policy/checkpoint';
import { Trainer } from '../engine/rl/trainer';
import { parseCommand, type RunStatus, type WorkerCommand, type WorkerEvent, type ErrorCode } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};
// The threaded WASM build's pthread workers crash once bundled ("e is not defined" inside the blob workers),
// and one thread also gives the same bits as the Node CLI (which runs WASM single-threaded). SIMD stays on.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

/** Most groups kept per step for the inspector (all of them for small batches, so batch-level variants recompute exactly). */
const MAX_SNAPSHOT_GROUPS = 16;

interface Saved {
  step: number;
  numTokens: number;
  weights: Map<string, Float32Array>;
}

let trainer: Trainer | null = null;
let runId = 0;
let status: RunStatus = 'initializing';
let backendPref: Backend | null = null;
let backendInfo: BackendInfo | null = null;
let delayMs = 0;
let stepsLeft = 0; // > 0: finite stepping; Infinity: play
let looping = false;
let saved: Saved | null = null;
let failNext = false;
let deviceLost: string | null = null;

function post(e: WorkerEvent): void {
  scope.postMessage(e);
}

function setStatus(s: RunStatus): void {
  status = s;
  post({ type: 'state', runId, status, step: trainer?.step ?? 0 });
}

function fail(code: ErrorCode, message: string): void {
  post({ type: 'error', runId, code, message });
}

let queue: Promise<unknown> = Promise.resolve();
function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn, fn);
  queue = next.catch(() => undefined);
  return next;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function watchDevice(): void {
  deviceLost = null;
  if (backendInfo?.backend !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  device?.lost.then((info) => {
    deviceLost = info.message || info.reason || 'device lost';
  });
}

async function ensureBackend(pref: Backend): Promise<void> {
  if (backendPref === pref && backendInfo) return;
  backendInfo = await initBackend(pref, { wasmPaths: WASM_PATHS });
  backendPref = pref;
  watchDevice();
}

async function loadCheckpoint(config: RunConfig, base: string): Promise<Map<string, Float32Array> | 'missing' | string> {
  const file = `${config.task}-${config.modelSize}.json`;
  let res: Response;
  try {
    res = await fetch(`${base}${file}`);
  } catch (e) {
    return 'missing';
  }
  // A static server may answer a missing file with the app's index.html (SPA fallback): not JSON means missing.
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok || !type.includes('json')) return 'missing';
  try {
    const ck = decodeCheckpoint(await res.json());
    if (ck.spec.size !== config.modelSize) return `checkpoint ${file} is for model size ${ck.spec.size}`;
    return ck.values;
  } catch (e) {
    return `checkpoint ${file} could not be read: ${(e as Error).message}`;
  }
}

async function init(cmd: Extract<WorkerCommand, { type: 'init' }>): Promise<void> {
  stepsLeft = 0;
  runId = cmd.runId;
  setStatus('initializing');
  trainer?.dispose();
  trainer = null;
  saved = null;
  const { config, errors } = validateConfig(cmd.config);
  if (!config) {
    fail('bad-config', `The run settings are invalid: ${errors.join('; ')}`);
    setStatus('error');
    return;
  }
  try {
    await ensureBackend(cmd.backend);
  } catch (e) {
    fail('backend', `No tfjs backend could be started: ${(e as Error).message}`);
    setStatus('error');
    return;
  }
  post({ type: 'ready', runId, backend: backendInfo! });
  let initialWeights: Map<string, Float32Array> | undefined;
  if (config.init === 'checkpoint') {
    const ck = await loadCheckpoint(config, cmd.checkpointBase);
    if (ck === 'missing') {
      fail('checkpoint-missing', `No shipped base policy for ${config.task} / ${config.modelSize} (${cmd.checkpointBase}${config.task}-${config.modelSize}.json is missing).`);
      setStatus('error');
      return;
    }
    if (typeof ck === 'string') {
      fail('checkpoint-invalid', ck);
      setStatus('error');
      return;
    }
    initialWeights = ck;
  }
  try {
    trainer = makeTrainer(config, initialWeights);
  } catch (e) {
    fail('bad-config', (e as Error).message);
    setStatus('error');
    return;
  }
  if (needsSnapshots()) saved = { step: 0, numTokens: 0, weights: await trainer.weights() };
  setStatus('idle');
}

function makeTrainer(config: RunConfig, initialWeights?: Map<string, Float32Array>): Trainer {
  return new Trainer({
    config,
    initialWeights,
    // earlyStopEvery: left to the trainer, which picks it from the backend (as the CLI does).
    snapshotGroups: Math.min(config.prompts, MAX_SNAPSHOT_GROUPS),
  });
}

/** GPU backends can lose their device; keep a CPU copy of the weights after each step there. */
function needsSnapshots(): boolean {
  return backendInfo?.backend === 'webgpu' || backendInfo?.backend === 'webgl';
}

type StepOutcome = 'done' | 'recovered' | 'failed';

async function stepOnce(): Promise<StepOutcome> {
  const t = trainer;
  if (!t) return 'failed';
  const id = runId;
  try {
    if (failNext || deviceLost) {
      failNext = false;
      throw new Error(deviceLost ? `GPU device lost: ${deviceLost}` : 'simulated backend failure (device lost)');
    }
    const report = await t.trainStep();
    if (id !== runId || t !== trainer) return 'failed'; // a reset happened meanwhile (cannot, with the queue; belt and braces)
    post({ type: 'report', runId, step: report.step, metrics: report.metrics, groups: report.groups, numTensors: tf.memory().numTensors });
    if (needsSnapshots()) saved = { step: t.step, numTokens: t.numTokens, weights: await t.weights() };
    return 'done';
  } catch (e) {
    return (await recover(e as Error)) ? 'recovered' : 'failed';
  }
}

/** A step failed. On a GPU backend (or after a device loss): move to WASM/CPU and resume; otherwise report and stop. */
async function recover(err: Error): Promise<boolean> {
  const from = backendInfo?.backend;
  const t = trainer;
  const gpuFailure = from === 'webgpu' || from === 'webgl' || /device|lost|context/i.test(err.message);
  if (!t || !from || !gpuFailure) {
    fail('step-failed', `Step ${(t?.step ?? 0) + 1} failed: ${err.message}`);
    return false;
  }
  const config = t.config;
  let state: Saved | null = saved;
  if (!state) {
    try {
      state = { step: t.step, numTokens: t.numTokens, weights: await t.weights() };
    } catch {
      state = null;
    }
  }
  try {
    t.dispose();
  } catch {
    /* the device may be gone */
  }
  trainer = null;
  const target: Backend = from === 'wasm' ? 'cpu' : 'wasm';
  try {
    backendInfo = await initBackend(target, { wasmPaths: WASM_PATHS });
    backendPref = target;
    watchDevice();
  } catch (e) {
    fail('backend', `The ${from} backend failed (${err.message}) and ${target} could not start: ${(e as Error).message}`);
    return false;
  }
  try {
    if (state) {
      trainer = makeTrainer({ ...config, init: 'checkpoint' }, state.weights);
      trainer.step = state.step;
      trainer.numTokens = state.numTokens;
    } else {
      trainer = makeTrainer(config);
    }
  } catch (e) {
    fail('step-failed', `Could not rebuild the run on ${target}: ${(e as Error).message}`);
    return false;
  }
  const resumedAtStep = trainer.step;
  post({
    type: 'backend-changed',
    runId,
    from,
    to: backendInfo,
    resumedAtStep,
    reason: `${from} failed (${err.message}); continuing on ${backendInfo.backend} from step ${resumedAtStep}${state ? ' with its weights' : ' from scratch'}. Optimizer moments were reset.`,
  });
  if (needsSnapshots()) saved = { step: trainer.step, numTokens: trainer.numTokens, weights: await trainer.weights() };
  return true;
}

/** Run steps while stepsLeft > 0. Commands queue between steps; a pause takes effect after the current one. */
async function loop(): Promise<void> {
  if (looping) return;
  looping = true;
  try {
    while (stepsLeft > 0 && trainer) {
      const outcome = await exclusive(stepOnce);
      if (outcome === 'failed') {
        stepsLeft = 0;
        setStatus(trainer ? 'paused' : 'error');
        break;
      }
      if (outcome === 'done') stepsLeft--;
      // Yield to the message queue (pause, update) between steps, even with no delay.
      if (stepsLeft > 0) await sleep(delayMs);
    }
  } finally {
    looping = false;
  }
  if (trainer && status === 'running' && stepsLeft === 0) setStatus('paused');
}

function handle(cmd: WorkerCommand): void {
  switch (cmd.type) {
    case 'init':
      stepsLeft = 0;
      void exclusive(() => init(cmd));
      return;
    case 'start':
      if (!trainer) return;
      stepsLeft = Infinity;
      setStatus('running');
      void loop();
      return;
    case 'pause':
      stepsLeft = 0;
      if (trainer && status === 'running') setStatus('paused');
      return;
    case 'step':
      if (!trainer) return;
      if (stepsLeft === Infinity) return; // already playing
      stepsLeft += cmd.n;
      setStatus('running');
      void loop();
      return;
    case 'update':
      void exclusive(async () => {
        if (!trainer) {
          post({ type: 'updated', runId, applied: false, needsReset: [], error: 'No run to update yet.' });
          return;
        }
        try {
          const r = trainer.updateConfig(cmd.patch);
          post({ type: 'updated', runId, applied: r.applied, needsReset: r.needsReset });
        } catch (e) {
          post({ type: 'updated', runId, applied: false, needsReset: [], error: (e as Error).message });
        }
      });
      return;
    case 'speed':
      delayMs = cmd.delayMs;
      return;
    case 'simulate-failure':
      failNext = true;
      return;
    case 'dispose':
      stepsLeft = 0;
      void exclusive(async () => {
        trainer?.dispose();
        trainer = null;
        scope.close();
      });
      return;
  }
}

scope.onmessage = (ev: MessageEvent) => {
  const parsed = parseCommand(ev.data);
  if (!parsed.ok) {
    fail('bad-command', `Malformed command: ${parsed.error}`);
    return;
  }
  handle(parsed.command);
};
