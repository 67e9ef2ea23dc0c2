import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// COOP/COEP make the page cross-origin isolated so the WASM backend may use threads. Without isolation (a host
// that drops the headers) SharedArrayBuffer is missing, tfjs detects that and runs WASM on one thread.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * tfjs-backend-wasm starts its pthread workers from the TEXT of its Emscripten factory (factory.toString() in a
 * Blob). That factory reads `_scriptDir` from the closure around it, which the Blob does not have: once bundled
 * and minified the workers die with "e is not defined" (issue 13). Declaring the variable inside the factory
 * makes its text self-contained; in the page its value is the same as the closure's.
 */
const THREADED_FACTORY = /tfjs-backend-wasm-threaded-simd\.js$/;
const FACTORY_HEAD = 'function(WasmBackendModuleThreadedSimd) {\n';
function selfContainedFactory(code: string): string {
  if (!code.includes(FACTORY_HEAD)) throw new Error('tfjs-wasm-threads: the threaded WASM factory changed shape; re-check this patch');
  return code.replace(
    FACTORY_HEAD,
    `${FACTORY_HEAD}var _scriptDir = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : undefined;\n`,
  );
}
const wasmThreads = {
  name: 'tfjs-wasm-threads',
  transform(code: string, id: string) {
    return THREADED_FACTORY.test(id.split('?')[0]) ? { code: selfContainedFactory(code), map: null } : null;
  },
};

export default defineConfig({
  plugins: [react(), { ...wasmThreads, enforce: 'pre' } as Plugin],
  // dev pre-bundles tfjs with rolldown, outside the plugin pipeline above
  optimizeDeps: { rolldownOptions: { plugins: [wasmThreads] } },
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: { format: 'es', plugins: () => [{ ...wasmThreads, enforce: 'pre' } as Plugin] },
});
