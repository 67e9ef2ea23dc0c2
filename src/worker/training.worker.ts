/// <reference lib="webworker" />
// The training worker: owns tfjs, the backend and the trainers. The main thread only sends commands and draws.
// Every command that touches a trainer runs through one queue (`exclusive`), so a reset never races a step.
//
// A session is one run (one Trainer) or a paired comparison (a PairedRun: 2-4 Trainers with the same seed, stepped
// in lockstep so they share prompts and sampling uniforms). Reports carry the variant index; a paired step ends
// with a `paired` event (the per-metric differences against variant 0 and whether the prompts matched).
//
// Step-through: one step whose trainStep({onPhase}) posts each of its five phases and then waits for `next-phase`
// before computing the next one; the step then ends as any other (its report arrives as usual).
//
// Backend failure (WebGPU device loss, or any error thrown by a step on a GPU backend): the worker switches to
// WASM (or CPU when WASM itself failed) and continues from the last completed step with that step's full trainer
// state (weights, KL reference, Adam moments, counters: Trainer.exportState() after every step on GPU backends).
// Metrics already sent stay on screen.
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-wasm'; // registers the WASM flags set below (backend.ts imports it again, same module)
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { initBackend, type BackendInfo } from '../engine/backend';
import { mergeConfig, parseConfig, validateConfig, type Backend, type RunConfig, type RunConfigInput } from '../engine/config';
import { DEFAULT_PAIRED_METRICS, PairedRun } from '../engine/compare';
import { decodeCheckpoint, encodeCheckpoint } from '../engine/policy/checkpoint';
import { Trainer, type TrainerState } from '../engine/rl/trainer';
import { isNonFiniteError } from '../engine/rl/finite-guard';
import type { PhaseEvent, StepReport } from '../engine/rl/types';
import { parseCommand, type RunStatus, type WorkerCommand, type WorkerEvent, type ErrorCode } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};
// Threaded WASM runs when the page is cross-origin isolated (vite.config.ts sends the headers and makes the
// pthread workers' script self-contained); tfjs falls back to one thread by itself where isolation is missing.
// The pool size must be set before anything initialises the backend. tfjs-backend-wasm also caps the pool at
// hardwareConcurrency / 2 (its C++ assumes two hyperthreads per core), one thread on a 2-vCPU machine; this
// worker shows it the count doubled so the pool may use every logical core. Nothing else in this worker reads it.
if (scope.crossOriginIsolated) {
  const cores = Math.max(1, navigator.hardwareConcurrency || 1);
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * cores, configurable: true });
  setThreadsCount(cores);
}

/** Most groups kept per step for the inspector (all of them for small batches, so batch-level variants recompute exactly). */
const MAX_SNAPSHOT_GROUPS = 16;

interface Session {
  /** Single run: one trainer. Paired: the PairedRun's trainers (the same array, so a fallback swaps in place). */
  trainers: Trainer[];
  paired: PairedRun | null;
  names: string[];
  /** Each variant's patch over the base config; live edits are merged under it so a variant keeps its difference. */
  patches: RunConfigInput[];
}

let session: Session | null = null;
let runId = 0;
let status: RunStatus = 'initializing';
let backendPref: Backend | null = null;
let backendInfo: BackendInfo | null = null;
let delayMs = 0;
let stepsLeft = 0; // > 0: finite stepping; Infinity: play
let looping = false;
/** Full trainer states after the last completed step (GPU backends only), one per variant. */
let saved: TrainerState[] | null = null;
let failNext = false;
let deviceLost: string | null = null;
// Step-through: while `holding`, each phase waits for `next-phase` (or `finish`, which stops holding).
let holding = false;
let releaseHold: (() => void) | null = null;

function post(e: WorkerEvent): void {
  scope.postMessage(e);
}

function firstTrainer(): Trainer | null {
  return session?.trainers[0] ?? null;
}

function setStatus(s: RunStatus): void {
  status = s;
  post({ type: 'state', runId, status, step: firstTrainer()?.step ?? 0 });
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

/** The pause between steps; `wakeSleep` ends it early, so a pause during a long delay is shown at once. */
let wakeSleep: (() => void) | null = null;
function sleep(ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      wakeSleep = null;
      resolve();
    };
    const timer = setTimeout(done, ms);
    wakeSleep = done;
  });
}

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

/** Release a held phase; with `finish`, the rest of the step runs without holding. */
function release(finish: boolean): void {
  if (finish) holding = false;
  const r = releaseHold;
  releaseHold = null;
  r?.();
}

function disposeSession(): void {
  if (!session) return;
  if (session.paired) session.paired.dispose();
  else for (const t of session.trainers) t.dispose();
  session = null;
}

async function init(cmd: Extract<WorkerCommand, { type: 'init' }>): Promise<void> {
  stepsLeft = 0;
  runId = cmd.runId;
  setStatus('initializing');
  disposeSession();
  saved = null;
  const { config, errors } = validateConfig(cmd.config);
  if (!config) {
    fail('bad-config', `The run settings are invalid: ${errors.join('; ')}`);
    setStatus('error');
    return;
  }
  // Every variant's resolved config (a single run is one variant with an empty patch).
  const patches: RunConfigInput[] = cmd.variants ? cmd.variants.map((v) => v.patch as RunConfigInput) : [{}];
  const configs: RunConfig[] = [];
  for (const [i, p] of patches.entries()) {
    const v = validateConfig(mergeConfig(config, p));
    if (!v.config) {
      fail('bad-config', `Variant ${cmd.variants?.[i]?.name ?? i + 1} is invalid: ${v.errors.join('; ')}`);
      setStatus('error');
      return;
    }
    configs.push(v.config);
  }
  try {
    await ensureBackend(cmd.backend);
  } catch (e) {
    fail('backend', `No tfjs backend could be started: ${(e as Error).message}`);
    setStatus('error');
    return;
  }
  post({ type: 'ready', runId, backend: backendInfo! });
  // Starting weights per (task, model size): variants may differ in model size.
  const weights = new Map<string, Map<string, Float32Array>>();
  for (const c of configs) {
    const key = `${c.task}-${c.modelSize}`;
    if (c.init !== 'checkpoint' || weights.has(key)) continue;
    const ck = await loadCheckpoint(c, cmd.checkpointBase);
    if (ck === 'missing') {
      fail('checkpoint-missing', `No shipped base policy for ${c.task} / ${c.modelSize} (${cmd.checkpointBase}${key}.json is missing).`);
      setStatus('error');
      return;
    }
    if (typeof ck === 'string') {
      fail('checkpoint-invalid', ck);
      setStatus('error');
      return;
    }
    weights.set(key, ck);
  }
  const weightsFor = (c: RunConfig) => (c.init === 'checkpoint' ? weights.get(`${c.task}-${c.modelSize}`) : undefined);
  try {
    if (cmd.variants) {
      const paired = new PairedRun({
        base: config,
        variants: cmd.variants.map((v) => ({ name: v.name, patch: v.patch as RunConfigInput })),
        initialWeights: weightsFor,
        snapshotGroups: Math.min(config.prompts, MAX_SNAPSHOT_GROUPS),
      });
      session = { trainers: [...paired.trainers], paired, names: paired.names, patches };
      post({ type: 'paired-ready', runId, names: paired.names, crn: paired.crn, metrics: [...(paired.metrics ?? DEFAULT_PAIRED_METRICS)] });
    } else {
      session = { trainers: [makeTrainer(config, weightsFor(config))], paired: null, names: ['A'], patches };
    }
  } catch (e) {
    fail('bad-config', (e as Error).message);
    setStatus('error');
    return;
  }
  if (needsSnapshots()) saved = await exportStates(session.trainers);
  setStatus('idle');
}

function makeTrainer(config: RunConfig, initialWeights?: Map<string, Float32Array>, state?: TrainerState): Trainer {
  return new Trainer({
    config,
    initialWeights,
    state,
    // earlyStopEvery: left to the trainer, which picks it from the backend (as the CLI does).
    snapshotGroups: Math.min(config.prompts, MAX_SNAPSHOT_GROUPS),
  });
}

/** GPU backends can lose their device; keep a CPU copy of the full trainer state after each step there. */
function needsSnapshots(): boolean {
  return backendInfo?.backend === 'webgpu' || backendInfo?.backend === 'webgl';
}

async function exportStates(trainers: readonly Trainer[]): Promise<TrainerState[]> {
  const out: TrainerState[] = [];
  for (const t of trainers) out.push(await t.exportState());
  return out;
}

function postReport(variant: number, report: StepReport): void {
  post({ type: 'report', runId, variant, step: report.step, metrics: report.metrics, groups: report.groups, numTensors: tf.memory().numTensors });
}

type StepOutcome = 'done' | 'recovered' | 'failed';

async function stepOnce(through = false): Promise<StepOutcome> {
  const s = session;
  if (!s) return 'failed';
  const id = runId;
  try {
    if (failNext || deviceLost) {
      failNext = false;
      throw new Error(deviceLost ? `GPU device lost: ${deviceLost}` : 'simulated backend failure (device lost)');
    }
    if (s.paired) {
      const r = await s.paired.step();
      if (id !== runId || s !== session) return 'failed';
      r.reports.forEach((rep, i) => postReport(i, rep));
      post({ type: 'paired', runId, step: r.step, diffs: r.diffs, samePrompts: r.samePrompts });
    } else {
      const t = s.trainers[0];
      const onPhase = through
        ? async (e: PhaseEvent) => {
            post({ type: 'phase', runId: id, ...e });
            if (!holding) return;
            await new Promise<void>((resolve) => (releaseHold = resolve));
          }
        : undefined;
      const report = await t.trainStep({ onPhase });
      if (id !== runId || s !== session) return 'failed'; // a reset happened meanwhile (cannot, with the queue; belt and braces)
      postReport(0, report);
    }
    if (needsSnapshots()) saved = await exportStates(s.trainers);
    return 'done';
  } catch (e) {
    return (await recover(e as Error)) ? 'recovered' : 'failed';
  } finally {
    holding = false;
    releaseHold = null;
  }
}

/** A step failed. On a GPU backend (or after a device loss): move to WASM/CPU and resume; otherwise report and stop. */
async function recover(err: Error): Promise<boolean> {
  const from = backendInfo?.backend;
  const s = session;
  const stepNo = (s?.trainers[0]?.step ?? 0) + 1;
  if (isNonFiniteError(err)) {
    // Not a device problem: the same numbers would come back on any backend. The update was not applied; pause.
    fail('non-finite', `Paused: ${err.message}`);
    return false;
  }
  const gpuFailure = from === 'webgpu' || from === 'webgl' || /device|lost|context/i.test(err.message);
  if (!s || !from || !gpuFailure) {
    fail('step-failed', `Step ${stepNo} failed: ${err.message}`);
    return false;
  }
  const configs = s.trainers.map((t) => t.config);
  let states: TrainerState[] | null = saved;
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
  saved = null;
  const target: Backend = from === 'wasm' ? 'cpu' : 'wasm';
  try {
    backendInfo = await initBackend(target, { wasmPaths: WASM_PATHS });
    backendPref = target;
    watchDevice();
  } catch (e) {
    session = null;
    fail('backend', `The ${from} backend failed (${err.message}) and ${target} could not start: ${(e as Error).message}`);
    return false;
  }
  try {
    configs.forEach((config, i) => {
      const st = states?.[i];
      // The state carries the weights; a checkpoint-init config needs them as initialWeights too.
      const next = st ? makeTrainer(config, st.weights, st) : makeTrainer({ ...config, init: 'random' });
      s.trainers[i] = next;
      s.paired?.replaceTrainer(i, next); // the PairedRun steps the rebuilt trainers from now on
    });
  } catch (e) {
    session = null;
    fail('step-failed', `Could not rebuild the run on ${target}: ${(e as Error).message}`);
    return false;
  }
  const resumedAtStep = s.trainers[0].step;
  post({
    type: 'backend-changed',
    runId,
    from,
    to: backendInfo,
    resumedAtStep,
    reason: states
      ? `${from} failed (${err.message}); continuing on ${backendInfo.backend} from step ${resumedAtStep} with its full state (weights, KL reference and Adam moments).`
      : `${from} failed (${err.message}) and no copy of the run was kept; restarting on ${backendInfo.backend} from random weights.`,
  });
  if (needsSnapshots()) saved = await exportStates(s.trainers);
  return true;
}

/** Run steps while stepsLeft > 0. Commands queue between steps; a pause takes effect after the current one. */
async function loop(): Promise<void> {
  if (looping) return;
  looping = true;
  try {
    while (stepsLeft > 0 && session) {
      const outcome = await exclusive(() => stepOnce());
      if (outcome === 'failed') {
        stepsLeft = 0;
        setStatus(session ? 'paused' : 'error');
        break;
      }
      if (outcome === 'done') stepsLeft--;
      // Yield to the message queue (pause, update) between steps, even with no delay.
      if (stepsLeft > 0) await sleep(delayMs);
    }
  } finally {
    looping = false;
  }
  if (session && status === 'running' && stepsLeft === 0) setStatus('paused');
}

async function stepThrough(): Promise<void> {
  const s = session;
  if (!s) return;
  if (s.paired) {
    fail('bad-command', 'Step-through runs on a single run; stop the comparison first.');
    return;
  }
  holding = true;
  const outcome = await stepOnce(true);
  if (outcome === 'failed') setStatus(session ? 'paused' : 'error');
  else setStatus('paused');
}

async function exportWeights(requestId: number, variant: number): Promise<void> {
  const s = session;
  const t = s?.trainers[variant];
  if (!s || !t) {
    fail('export-failed', 'There is no trained policy to export (the run is not loaded in the worker).');
    return;
  }
  try {
    const values = await t.weights();
    const c = t.config;
    const ck = encodeCheckpoint(t.policy.spec, values, {
      task: c.task,
      difficulty: c.difficulty,
      note: `GRPO Playground run: ${c.preset}, seed ${c.seed}, after ${t.step} step${t.step === 1 ? '' : 's'}${s.paired ? ` (variant ${s.names[variant]})` : ''}`,
      step: t.step,
      preset: c.preset,
      seed: c.seed,
    });
    const variantPart = s.paired ? `-${s.names[variant].replace(/[^A-Za-z0-9.]+/g, '_').slice(0, 24)}` : '';
    post({
      type: 'weights',
      runId,
      requestId,
      variant,
      fileName: `grpo-playground-${c.task}-${c.modelSize}${variantPart}-step${t.step}.json`,
      json: JSON.stringify(ck),
    });
  } catch (e) {
    fail('export-failed', `The weights could not be read: ${(e as Error).message}`);
  }
}

function handle(cmd: WorkerCommand): void {
  switch (cmd.type) {
    case 'init':
      stepsLeft = 0;
      release(true); // a held step-through finishes (its report is for the old run and is ignored) before the reset
      void exclusive(() => init(cmd));
      return;
    case 'start':
      if (!session) return;
      stepsLeft = Infinity;
      setStatus('running');
      void loop();
      return;
    case 'pause':
      stepsLeft = 0;
      wakeSleep?.();
      // With a step in flight, 'paused' is posted by the loop once that step has landed, so no report ever
      // arrives after the UI shows Paused (and a weights export names the step on screen).
      if (session && status === 'running' && !looping) setStatus('paused');
      return;
    case 'step':
      if (!session) return;
      if (stepsLeft === Infinity) return; // already playing
      stepsLeft += cmd.n;
      setStatus('running');
      void loop();
      return;
    case 'step-through':
      if (!session || looping) return;
      void exclusive(stepThrough);
      return;
    case 'next-phase':
      release(cmd.finish);
      return;
    case 'update':
      void exclusive(async () => {
        const s = session;
        if (!s) {
          post({ type: 'updated', runId, applied: false, needsReset: [], error: 'No run to update yet.' });
          return;
        }
        try {
          // Check every variant first, so a refused change leaves all of them as they were.
          const nexts = s.trainers.map((t, i) => mergeConfig(cmd.patch as RunConfigInput, s.patches[i]));
          for (const [i, t] of s.trainers.entries()) parseConfig(mergeConfig(t.config, nexts[i]));
          let result = { applied: true, needsReset: [] as string[] };
          for (const [i, t] of s.trainers.entries()) {
            const r = t.updateConfig(nexts[i]);
            if (!r.applied) result = r;
          }
          post({ type: 'updated', runId, applied: result.applied, needsReset: result.needsReset });
        } catch (e) {
          post({ type: 'updated', runId, applied: false, needsReset: [], error: (e as Error).message });
        }
      });
      return;
    case 'speed':
      delayMs = cmd.delayMs;
      return;
    case 'export-weights':
      // While a step-through holds the queue, the weights are at rest: read them at once.
      if (releaseHold) void exportWeights(cmd.requestId, cmd.variant);
      else void exclusive(() => exportWeights(cmd.requestId, cmd.variant));
      return;
    case 'simulate-failure':
      // Only the dev server and test builds obey (VITE_TEST_HOOK=1, set by test/e2e/harness.ts).
      if (import.meta.env.DEV || import.meta.env.VITE_TEST_HOOK === '1') failNext = true;
      return;
    case 'dispose':
      stepsLeft = 0;
      release(true);
      void exclusive(async () => {
        disposeSession();
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
