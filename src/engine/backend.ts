// Choose and initialise a tfjs backend, and say why. Order for 'auto': WebGPU on a hardware adapter, WASM,
// WebGL, CPU. A software WebGPU adapter (SwiftShader, isFallbackAdapter) is ~80x slower than WASM here
// (webgpu.md section 5), so 'auto' skips it; asking for 'webgpu' explicitly still uses it.
import * as tf from '@tensorflow/tfjs';
import type { Backend } from './config';

export interface BackendInfo {
  backend: Exclude<Backend, 'auto'>;
  reason: string;
  /** WebGPU adapter description when one was probed. */
  adapter?: string;
  softwareAdapter?: boolean;
  threads?: number;
  /** Why WASM has that many threads (the auto rule, the user's choice, no cross-origin isolation). */
  threadsWhy?: string;
}

export interface BackendEnv {
  /** Browser: URLs of the three tfjs-backend-wasm binaries (from Vite ?url imports). Node needs none. */
  wasmPaths?: Record<string, string>;
  /** Browser workers: why the WASM pool has its size (worker-setup.ts sets the size before the backend starts). */
  threadsWhy?: string;
}

type Concrete = Exclude<Backend, 'auto'>;

const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined' && typeof self === 'undefined';

let wasmModule: typeof import('@tensorflow/tfjs-backend-wasm') | null = null;

async function register(name: Concrete, env: BackendEnv): Promise<void> {
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasmModule = wasm;
    if (env.wasmPaths) wasm.setWasmPaths(env.wasmPaths);
  } else if (name === 'webgpu') {
    await import('@tensorflow/tfjs-backend-webgpu');
  }
}

async function probeWebGpu(): Promise<{ ok: boolean; software: boolean; description: string }> {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu) return { ok: false, software: false, description: 'navigator.gpu is missing' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { ok: false, software: false, description: 'no WebGPU adapter' };
    const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
    const software = Boolean((adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter) || info?.architecture === 'swiftshader';
    const description = [info?.vendor, info?.architecture, info?.device].filter(Boolean).join(' ') || 'unknown adapter';
    return { ok: true, software, description };
  } catch (e) {
    return { ok: false, software: false, description: `requestAdapter failed: ${(e as Error).message}` };
  }
}

/** Set a backend and verify it took: tf.setBackend can fall back silently (webgpu.md pitfall 1). */
async function trySet(name: Concrete, env: BackendEnv): Promise<boolean> {
  try {
    await register(name, env);
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

export async function initBackend(preference: Backend = 'auto', env: BackendEnv = {}): Promise<BackendInfo> {
  if (preference !== 'auto') {
    if (await trySet(preference, env)) {
      const info: BackendInfo = { backend: preference, reason: `requested by the user (${preference})` };
      if (preference === 'wasm') {
        Object.assign(info, wasmThreads(env));
        if (info.threads! > 1) info.reason += `, ${info.threads} threads`;
      }
      if (preference === 'webgpu') {
        const probe = await probeWebGpu();
        info.adapter = probe.description;
        info.softwareAdapter = probe.software;
        if (probe.software) info.reason += '; software adapter: expect it to be much slower than WASM';
      }
      return info;
    }
    const fallback = await initBackend('auto', env);
    return { ...fallback, reason: `${preference} failed to initialise; ${fallback.reason}` };
  }
  const notes: string[] = [];
  if (!isNode) {
    const probe = await probeWebGpu();
    if (probe.ok && !probe.software && (await trySet('webgpu', env))) {
      return {
        backend: 'webgpu',
        reason: `WebGPU on a hardware adapter (${probe.description})`,
        adapter: probe.description,
        softwareAdapter: false,
      };
    }
    notes.push(
      probe.ok ? `WebGPU adapter is software (${probe.description}), slower than WASM` : `WebGPU unavailable: ${probe.description}`,
    );
  }
  if (await trySet('wasm', env)) {
    const t = wasmThreads(env);
    notes.push(`WASM${t.threads > 1 ? ` with ${t.threads} threads` : ''}`);
    return { backend: 'wasm', reason: notes.join('; '), ...t };
  }
  notes.push('WASM failed');
  if (!isNode && (await trySet('webgl', env))) return { backend: 'webgl', reason: [...notes, 'using WebGL'].join('; ') };
  if (await trySet('cpu', env)) return { backend: 'cpu', reason: [...notes, 'using the plain JS CPU backend'].join('; ') };
  throw new Error(`No tfjs backend could be initialised: ${notes.join('; ')}`);
}

/** SharedArrayBuffer, and so threaded WASM, exists only on cross-origin isolated pages and their workers. */
function isolated(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** The WASM pool's size and, in a browser, why: one thread without cross-origin isolation, else the worker's rule. */
function wasmThreads(env: BackendEnv): { threads: number; threadsWhy?: string } {
  const threads = threadCount();
  if (isNode) return { threads };
  const why = isolated() ? env.threadsWhy : 'one thread: the page is not cross-origin isolated';
  return why ? { threads, threadsWhy: why } : { threads };
}

/** Threads XNNPACK uses: more than one only with the threaded build (cross-origin isolated page). */
function threadCount(): number {
  try {
    // a module-level export of tfjs-backend-wasm (not a method of the backend), valid once it is initialised
    return Math.max(1, wasmModule?.getThreadsCount() ?? 1);
  } catch {
    return 1;
  }
}
