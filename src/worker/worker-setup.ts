/// <reference lib="webworker" />
// What every tfjs worker of the app does the same way: how many WASM threads to use (here), where the WASM binaries
// are and how a shipped base policy is fetched (training/, re-exported). Shared by training.worker.ts and seeds.worker.ts.
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-wasm'; // registers the WASM flags set below (backend.ts imports it again, same module)
export { WASM_PATHS } from './training/env';
export { loadCheckpoint } from './training/checkpoint-fetch';

/**
 * Threaded WASM runs when the page is cross-origin isolated (vite.config.ts sends the headers and makes the
 * pthread workers' script self-contained); tfjs falls back to one thread by itself where isolation is missing.
 * The pool size must be set before anything initialises the backend. tfjs-backend-wasm also caps the pool at
 * hardwareConcurrency / 2 (its C++ assumes two hyperthreads per core), one thread on a 2-vCPU machine; the worker
 * shows it the count doubled so the pool may use every logical core. Nothing else in a worker reads it.
 */
export function setUpWasmThreads(scope: DedicatedWorkerGlobalScope): void {
  if (!scope.crossOriginIsolated) return;
  const cores = Math.max(1, navigator.hardwareConcurrency || 1);
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * cores, configurable: true });
  setThreadsCount(cores);
}
