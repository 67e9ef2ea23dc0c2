// E2E plumbing shared by the Playwright tests and the screenshot script: build once (or reuse a fresh dist/),
// serve it with `vite preview` on a free port, launch the system Chromium (never `playwright install`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import type {} from '../../src/ui/app/testHook';
import { DEFAULT_CONFIG, mergeConfig, parseConfig, type RunConfigInput } from '../../src/engine/config';
import { encodeState } from '../../src/share/url';

/** The small config every e2e test trains: nano, random init, B 2, G 4 (KL on so the KL chart has points). */
export const SMALL: RunConfigInput = {
  init: 'random',
  modelSize: 'nano',
  prompts: 2,
  groupSize: 4,
  evalEvery: 2,
  evalSize: 8,
  objective: { klCoef: 0.04 },
};

/** Charts that get a point every step (eval is sparse). */
export const DENSE_CHARTS = ['reward', 'reward-std', 'zero-std', 'entropy', 'kl', 'clip', 'length', 'loss'];

/** A link hash for SMALL plus a patch. */
export function hashFor(patch: RunConfigInput = {}, backend: 'wasm' | 'webgpu' = 'wasm'): string {
  return encodeState({ config: parseConfig(mergeConfig(mergeConfig(DEFAULT_CONFIG, SMALL), patch)), backend });
}

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Newest modification time under `path` (files only). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const name of readdirSync(path)) t = Math.max(t, newest(join(path, name)));
  return t;
}

/**
 * The e2e tests drive the app through its test hook (window.__grpo), which only a test build has: `vite build` with
 * VITE_TEST_HOOK=1, into its own folder so that a production build in dist/ is never mistaken for it.
 */
export const TEST_BUILD_DIR = 'dist-test';

/**
 * How long a wait may take, and a whole test. No test may fail because the machine is slow or busy: these bound a
 * real hang (CI has 90 minutes), they do not time the page. Assertions are about what the page does.
 */
export const WAIT_MS = 600_000;
export const TEST_MS = 1_800_000;

/** Run the test build unless dist-test/ is newer than every input. Returns whether it built. */
export function ensureBuild(): boolean {
  const built = newest(join(ROOT, TEST_BUILD_DIR, 'index.html'));
  const inputs = Math.max(...['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => newest(join(ROOT, p))));
  if (built > inputs && !process.env.E2E_REBUILD) return false;
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', TEST_BUILD_DIR, '--logLevel', 'warn'],
    {
      cwd: ROOT,
      env: { ...process.env, VITE_TEST_HOOK: '1' },
      stdio: 'pipe',
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  return true;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serve the test build (dist-test/), or another build folder given as `outDir` (e.g. a benchmark's "before" build, which must be built with VITE_TEST_HOOK=1 too). */
export async function servePreview(outDir: string = TEST_BUILD_DIR): Promise<Served> {
  const port = await freePort();
  const server: PreviewServer = await preview({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir },
    preview: { port, strictPort: true, host: '127.0.0.1', open: false },
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((res) => {
        server.httpServer.close(() => res());
        // keep-alive sockets from Chromium would hold close() open
        (server.httpServer as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  // Background-tab throttling would slow rAF and timers in headless pages that are not focused.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Collect console errors and page errors so a failing test can show them. */
export function collectLogs(page: Page): string[] {
  const logs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') logs.push(`[${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
  return logs;
}

/** Open the app at `hash` (no leading '#') and wait until the worker has a run ready (or failed). */
export async function openApp(page: Page, base: string, hash = ''): Promise<void> {
  await page.goto(hash ? `${base}#${hash}` : base, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__grpo !== undefined, null, { timeout: WAIT_MS, polling: 100 });
  await waitStatus(page, ['idle', 'paused', 'error']);
}

export async function waitStatus(page: Page, statuses: string[], timeout = WAIT_MS): Promise<string> {
  const h = await page.waitForFunction(
    (s) => {
      const st = window.__grpo?.state().status;
      return st && s.includes(st) ? st : false;
    },
    statuses,
    { timeout, polling: 100 },
  );
  return (await h.jsonValue()) as string;
}

export async function waitStep(page: Page, step: number, timeout = WAIT_MS): Promise<void> {
  await page.waitForFunction((n) => (window.__grpo?.metrics().length ?? 0) >= n, step, { timeout, polling: 100 });
}
