// The worker's global scope, its one way to talk to the page, and the WASM binaries' URLs (bundled by Vite).
/// <reference lib="webworker" />
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { WorkerEvent } from '../protocol';

declare const self: DedicatedWorkerGlobalScope;
export const scope: DedicatedWorkerGlobalScope = self;

export const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

export function post(e: WorkerEvent): void {
  scope.postMessage(e);
}
