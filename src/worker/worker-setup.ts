/// <reference lib="webworker" />
// What every tfjs worker of the app does the same way: how many WASM threads to use (here), where the WASM binaries
// are and how a shipped base policy is fetched (training/, re-exported). Shared by training.worker.ts and seeds.worker.ts.
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-wasm'; // registers the WASM flags set below (backend.ts imports it again, same module)
import type { BackendEnv } from '../engine/backend';
import { resolveThreads, threadsFromWorkerName, type ThreadChoice } from '../engine/threads';
import { WASM_PATHS } from './training/env';
export { WASM_PATHS } from './training/env';
export { loadCheckpoint } from './training/checkpoint-fetch';

let choice: ThreadChoice | null = null;

/**
 * Threaded WASM runs when the page is cross-origin isolated (vite.config.ts sends the headers and makes the
 * pthread workers' script self-contained); tfjs falls back to one thread by itself where isolation is missing.
 * The pool size is fixed when the backend first initialises, so it is set here, at the worker's start, from the
 * preference in the worker's name (client.ts); another count needs another worker. tfjs-backend-wasm also caps the
 * pool at hardwareConcurrency / 2 (its C++ assumes two hyperthreads per core): when the user asks for more, the
 * worker shows it the count doubled. Nothing else in a worker reads it.
 */
export function setUpWasmThreads(scope: DedicatedWorkerGlobalScope): void {
  const cores = Math.max(1, navigator.hardwareConcurrency || 1);
  choice = resolveThreads(threadsFromWorkerName(scope.name), cores, scope.crossOriginIsolated);
  if (!scope.crossOriginIsolated) return;
  if (choice.threads > Math.floor(cores / 2))
    Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * cores, configurable: true });
  setThreadsCount(choice.threads);
}

/** What initBackend needs in a worker: the binaries and why the pool has its size (for the status bar). */
export function workerBackendEnv(): BackendEnv {
  return { wasmPaths: WASM_PATHS, ...(choice ? { threadsWhy: choice.why } : {}) };
}
