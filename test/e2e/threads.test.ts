// Threaded WASM in the built app: served cross-origin isolated (vite preview sends COOP/COEP). On first load Auto
// picks its rule's count and the status bar says why; choosing 2 threads in the settings starts a new worker at the
// reset, which trains on 2 threads, says so, and computes the same bits as the single-threaded Node engine (XNNPACK
// splits products by output tiles, so each number is summed the same way on any thread count). Also the main-thread
// work a step leaves: the group inspector out of view does not redraw while training (issue 11).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureBuild, hashFor, launch, openApp, servePreview, waitStatus, waitStep, SMALL, type Served, TEST_MS } from './harness';
import { DEFAULT_CONFIG, mergeConfig, parseConfig } from '../../src/engine/config';
import { decodeState } from '../../src/share/url';
import { isWallClockMetric } from '../../src/engine/metrics';
import { initBackend } from '../../src/engine/backend';
import { autoThreads } from '../../src/engine/threads';
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
    'Auto shows its rule; 2 threads when chosen, shown in the status bar, with the same metrics as one-thread Node',
    async () => {
      const page = await browser.newPage();
      try {
        await openApp(page, server.url, hashFor(PATCH));
        expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
        const cores = await page.evaluate(() => navigator.hardwareConcurrency);
        expect(cores).toBeGreaterThan(1); // this machine has 2; a 1-core runner could not show threads at all
        const auto = await page.evaluate(() => window.__grpo!.backend());
        expect(auto?.backend).toBe('wasm');
        expect(auto?.threads).toBe(autoThreads(cores));
        expect(auto?.threadsWhy).toBe(`auto: half of ${cores} cores`);
        const unit = (n: number) => (n === 1 ? 'thread' : 'threads');
        await expect
          .poll(() => page.getByTestId('threads').textContent())
          .toBe(` · ${autoThreads(cores)} ${unit(autoThreads(cores))} (auto: half of ${cores} cores)`);

        // Choose 2: staged until the reset, which starts a worker with a pool of 2.
        await page.getByTestId('threads-select').selectOption('2');
        await expect.poll(() => page.locator('[data-knob="threads"]').textContent()).toContain('applies on reset');
        expect(await page.evaluate(() => window.__grpo!.backend()?.threads)).toBe(autoThreads(cores));
        await page.getByTestId('reset').click();
        await page.waitForFunction(() => window.__grpo!.backend()?.threads === 2, null, { polling: 100, timeout: TEST_MS });
        expect(await page.evaluate(() => window.__grpo!.backend()?.threadsWhy)).toBe('your choice');
        await expect.poll(() => page.getByTestId('threads').textContent()).toBe(' · 2 threads (your choice)');
        const decoded = decodeState(await page.evaluate(() => location.hash.slice(1))); // the choice is in the link
        expect(decoded.ok && decoded.state.threads).toBe(2);
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
  it(
    'the group inspector out of view keeps its groups while training, and catches up in view and on pause',
    async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      try {
        await openApp(page, server.url, hashFor(PATCH));
        const inspector = page.getByTestId('inspector');
        const sub = () => inspector.locator('.panel-sub').first().textContent();
        const below = await inspector.evaluate((el) => el.getBoundingClientRect().top > window.innerHeight + 100);
        expect(below).toBe(true); // the charts fill the first screen at this size
        await page.getByTestId('play').click();
        await waitStep(page, 4);
        expect(await sub()).toBe('no step yet'); // held: 4 steps' groups arrived, none was drawn
        await inspector.scrollIntoViewIfNeeded();
        await expect.poll(sub).toMatch(/^step [1-9]/);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.getByTestId('play').click(); // pause
        await waitStatus(page, ['paused']);
        const last = await page.evaluate(() => window.__grpo!.state().step);
        await expect.poll(sub).toMatch(new RegExp(`^step ${last} `));
      } finally {
        await page.close();
      }
    },
    TEST_MS,
  );
});
