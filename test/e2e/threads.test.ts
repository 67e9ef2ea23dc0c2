// Threaded WASM in the built app: served cross-origin isolated (vite preview sends COOP/COEP), the training worker
// runs XNNPACK on every core of this machine, says so in the status bar, and computes the same bits as the
// single-threaded Node engine (XNNPACK splits products by output tiles, so each number is summed the same way).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureBuild, hashFor, launch, openApp, servePreview, waitStatus, waitStep, SMALL, type Served, TEST_MS } from './harness';
import { DEFAULT_CONFIG, mergeConfig, parseConfig } from '../../src/engine/config';
import { isWallClockMetric } from '../../src/engine/metrics';
import { initBackend } from '../../src/engine/backend';
import { Trainer } from '../../src/engine/rl/trainer';

let server: Served;
let browser: Browser;

beforeAll(async () => {
  ensureBuild();
  server = await servePreview();
  browser = await launch();
}, TEST_MS);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.close();
});

const PATCH = { seed: 5, evalEvery: 0 };

describe('threaded WASM', () => {
  it(
    'trains on more than one thread, shown in the status bar, with the same metrics as one-thread Node',
    async () => {
      const page = await browser.newPage();
      try {
        await openApp(page, server.url, hashFor(PATCH));
        expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
        const info = await page.evaluate(() => window.__grpo!.backend());
        expect(info?.backend).toBe('wasm');
        const cores = await page.evaluate(() => navigator.hardwareConcurrency);
        expect(cores).toBeGreaterThan(1); // this machine has 2; a 1-core runner could not show threads at all
        expect(info?.threads).toBe(cores);
        await expect.poll(() => page.getByTestId('statusbar').textContent()).toContain(`${cores} threads`);
        for (const step of [1, 2]) {
          await waitStatus(page, ['idle', 'paused']);
          await page.getByTestId('step').click();
          await waitStep(page, step);
        }
        const browserRows = await page.evaluate(() => window.__grpo!.metrics().slice(0, 2));

        await initBackend('wasm');
        const trainer = new Trainer({ config: parseConfig(mergeConfig(mergeConfig(DEFAULT_CONFIG, SMALL), PATCH)) });
        const nodeRows = [(await trainer.trainStep()).metrics, (await trainer.trainStep()).metrics];
        trainer.dispose();
        const keys = Object.keys(nodeRows[0]).filter((k) => !isWallClockMetric(k) && k in browserRows[0]);
        expect(keys.length).toBeGreaterThan(10);
        for (let i = 0; i < 2; i++) for (const k of keys) expect([k, browserRows[i][k]]).toEqual([k, nodeRows[i][k]]);
      } finally {
        await page.close();
      }
    },
    TEST_MS,
  );
});
