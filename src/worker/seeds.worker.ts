/// <reference lib="webworker" />
// The seeds worker: one multi-seed paired comparison (engine/seeds.ts: every variant on every seed, common random
// numbers within a seed), streamed to the UI step by step. A worker of its own so the training worker's run is
// untouched; the UI terminates it to stop a comparison.
import { initBackend, type BackendInfo } from '../engine/backend';
import { validateConfig, type RunConfig, type RunConfigInput } from '../engine/config';
import { runSeedComparison, seedConfig } from '../engine/seeds';
import { parseSeedsCommand, type SeedsCommand, type SeedsEvent } from './seeds-protocol';
import { loadCheckpoint, setUpWasmThreads, workerBackendEnv } from './worker-setup';

const scope = self as unknown as DedicatedWorkerGlobalScope;
setUpWasmThreads(scope);

let busy = false;

function post(e: SeedsEvent): void {
  scope.postMessage(e);
}

async function run(cmd: SeedsCommand): Promise<void> {
  const { id } = cmd;
  const base = validateConfig(cmd.base);
  if (!base.config) return post({ type: 'error', id, message: `The base settings are invalid: ${base.errors.join('; ')}` });
  const variants = cmd.variants.map((v) => ({ name: v.name, patch: v.patch as RunConfigInput }));
  let configs: RunConfig[];
  try {
    configs = variants.map((v) => seedConfig(base.config!, v, cmd.seeds[0]));
  } catch (e) {
    return post({ type: 'error', id, message: (e as Error).message });
  }
  let info: BackendInfo;
  try {
    info = await initBackend(cmd.backend, workerBackendEnv());
  } catch (e) {
    return post({ type: 'error', id, message: `No tfjs backend could be started: ${(e as Error).message}` });
  }
  post({ type: 'ready', id, backend: info });
  // Starting weights per (task, model size); the seed does not change them.
  const weights = new Map<string, Map<string, Float32Array>>();
  for (const c of configs) {
    const key = `${c.task}-${c.modelSize}`;
    if (c.init !== 'checkpoint' || weights.has(key)) continue;
    const ck = await loadCheckpoint(c, cmd.checkpointBase);
    if (ck === 'missing')
      return post({
        type: 'error',
        id,
        message: `No shipped base policy for ${c.task} / ${c.modelSize} (${cmd.checkpointBase}${key}.json is missing).`,
      });
    if (typeof ck === 'string') return post({ type: 'error', id, message: ck });
    weights.set(key, ck);
  }
  const seedIndex = new Map(cmd.seeds.map((s, i) => [s, i]));
  await runSeedComparison({
    base: base.config,
    variants,
    seeds: cmd.seeds,
    steps: cmd.steps,
    initialWeights: (c) => (c.init === 'checkpoint' ? weights.get(`${c.task}-${c.modelSize}`) : undefined),
    onStep: (e) => post({ type: 'step', id, seed: seedIndex.get(e.seed)!, variant: e.variant, step: e.step, metrics: e.metrics }),
    onRun: (e) => post({ type: 'run', id, seed: seedIndex.get(e.seed)!, variant: e.variant, rows: e.rows }),
  });
  post({ type: 'done', id });
}

scope.onmessage = (ev: MessageEvent) => {
  const parsed = parseSeedsCommand(ev.data);
  if (!parsed.ok) return post({ type: 'error', id: -1, message: `Malformed command: ${parsed.error}` });
  if (busy) return post({ type: 'error', id: parsed.command.id, message: 'A comparison is already running in this worker.' });
  busy = true;
  run(parsed.command)
    .catch((e: unknown) =>
      post({ type: 'error', id: parsed.command.id, message: `The comparison failed: ${e instanceof Error ? e.message : String(e)}` }),
    )
    .finally(() => {
      busy = false;
    });
};
