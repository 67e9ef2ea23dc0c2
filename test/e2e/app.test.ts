// End-to-end: the built app in headless Chromium (system /usr/bin/chromium via playwright-core), served by
// `vite preview`. Small configs (nano model, random init, B=2, G=4) on the WASM backend keep it quick.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import LZString from 'lz-string';
import { readFileSync } from 'node:fs';
import { isWallClockMetric } from '../../src/engine/metrics';
import {
  collectLogs,
  DENSE_CHARTS,
  ensureBuild,
  hashFor,
  launch,
  openApp,
  servePreview,
  waitStatus,
  waitStep,
  type Served,
  WAIT_MS,
  TEST_MS,
} from './harness';
import { compareAndTeachTests } from './compare-teach.suite';
import { seedsCompareTests } from './seeds-compare.suite';

/** Steps trained before the long-task window opens (cold JIT). */
const WARM_UP = 3;

/** Metrics with the wall-clock ones removed, for bit-for-bit comparison. */
function deterministic(rows: Array<Record<string, number>>): Array<Record<string, number>> {
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !isWallClockMetric(k))));
}

let server: Served;
let browser: Browser;
const pages: Page[] = [];
const logs: string[][] = [];

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  pages.push(page);
  logs.push(collectLogs(page));
  return page;
}

async function stepOnce(page: Page): Promise<void> {
  const before = await page.evaluate(() => window.__grpo!.metrics().length);
  await waitStatus(page, ['idle', 'paused']);
  await page.getByTestId('step').click();
  await waitStep(page, before + 1);
  await waitStatus(page, ['idle', 'paused']);
}

async function chartPointsEqual(page: Page, expected: Record<string, number>, timeout = WAIT_MS): Promise<Record<string, number>> {
  await page
    .waitForFunction(
      (want) => {
        const got = window.__grpo!.chartPoints();
        return Object.entries(want).every(([k, v]) => got[k] === v);
      },
      expected,
      { timeout, polling: 50 },
    )
    .catch(() => undefined);
  return page.evaluate(() => window.__grpo!.chartPoints());
}

beforeAll(async () => {
  ensureBuild();
  server = await servePreview();
  browser = await launch();
}, TEST_MS);

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.close();
});

describe('GRPO Playground in Chromium', () => {
  it(
    'trains live: K steps give K points on every chart, groups in the inspector; pause, step and reset work',
    async () => {
      const page = await newPage();
      await openApp(page, server.url, hashFor({ seed: 3 }));
      expect(await page.evaluate(() => window.__grpo!.backend()?.backend)).toBe('wasm');

      await page.getByTestId('play').click();
      await waitStep(page, 4);
      await page.getByTestId('play').click(); // pause
      // The step count at the moment the status first reads Paused: no step may land after it (issue 8 item 10).
      const K = (await (
        await page.waitForFunction(() => (window.__grpo!.state().status === 'paused' ? window.__grpo!.metrics().length : false), null, {
          timeout: WAIT_MS,
          polling: 'raf',
        })
      ).jsonValue()) as number;
      expect(K).toBeGreaterThanOrEqual(4);
      await page.waitForTimeout(600);
      expect(await page.evaluate(() => window.__grpo!.metrics().length)).toBe(K); // paused means paused

      const want = Object.fromEntries([...DENSE_CHARTS.map((c) => [c, K]), ['eval', Math.floor(K / 2)]]);
      expect(await chartPointsEqual(page, want)).toMatchObject(want);
      await expect.poll(() => page.getByTestId('step-count').textContent()).toBe(String(K));
      expect(await page.getByTestId('group-card').count()).toBe(2);
      await expect.poll(() => page.getByTestId('inspector-check').textContent()).toMatch(/identical/);

      // CSV export of the run: a header and one row per step.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export metrics as CSV' }).click(),
      ]);
      const csv = readFileSync((await download.path())!, 'utf8')
        .trim()
        .split(/\r?\n/);
      expect(csv[0]).toMatch(/^run,step,.*reward/);
      expect(csv).toHaveLength(K + 1);

      // Hover readout: the step and the values under the pointer.
      const chart = page.getByTestId('chart-reward').locator('.chart-body');
      const box = (await chart.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4);
      await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5);
      await expect.poll(() => page.locator('.readout').first().textContent()).toMatch(/step \d+.*reward/);
      await page.mouse.move(0, 0);

      // Single step by button and by keyboard.
      await stepOnce(page);
      await page.locator('body').press('s');
      await waitStep(page, K + 2);
      await waitStatus(page, ['paused']);
      const want2 = Object.fromEntries(DENSE_CHARTS.map((c) => [c, K + 2]));
      expect(await chartPointsEqual(page, want2)).toMatchObject(want2);

      // Reset with the same seed: back to step 0, then the same first metrics again.
      const first = deterministic(await page.evaluate(() => window.__grpo!.metrics().slice(0, 2)));
      await page.getByTestId('reset').click();
      await waitStatus(page, ['idle']);
      expect(await page.evaluate(() => window.__grpo!.metrics().length)).toBe(0);
      expect(await chartPointsEqual(page, { reward: 0 })).toMatchObject({ reward: 0 });
      await stepOnce(page);
      await stepOnce(page);
      expect(deterministic(await page.evaluate(() => window.__grpo!.metrics()))).toEqual(first);

      // A new seed gives a different run.
      await page.getByTestId('new-seed').click();
      await waitStatus(page, ['idle']);
      await stepOnce(page);
      const seed = await page.evaluate(() => window.__grpo!.config().seed);
      expect(seed).not.toBe(3);
      expect(logs[0].filter((l) => l.includes('pageerror'))).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'live knobs apply at the next step; task, model, init and seed wait for reset',
    async () => {
      const page = await newPage();
      await openApp(page, server.url, hashFor({ seed: 4 }));
      await stepOnce(page);
      // Live: the advantage baseline goes to the running trainer.
      await page.getByLabel('Baseline', { exact: true }).selectOption('median');
      await stepOnce(page);
      expect(await page.evaluate(() => window.__grpo!.config().advantage.baseline)).toBe('median');
      expect(await page.evaluate(() => window.__grpo!.state().notices.map((n) => n.id))).not.toContain('live-change');
      expect(await page.evaluate(() => window.__grpo!.metrics().length)).toBe(2);
      // Reset-only: staged, marked, applied by Reset.
      await page.getByLabel('Task', { exact: true }).selectOption('sort');
      await expect.poll(() => page.locator('[data-knob="task"] .chip-pending').textContent()).toBe('applies on reset');
      expect(await page.evaluate(() => window.__grpo!.config().task)).toBe('add');
      await expect.poll(() => page.getByTestId('reset').textContent()).toMatch(/apply/);
      await page.getByTestId('reset').click();
      await waitStatus(page, ['idle']);
      expect(await page.evaluate(() => window.__grpo!.config().task)).toBe('sort');
      await stepOnce(page);
      expect((await page.evaluate(() => window.__grpo!.groups()))[0].question).toMatch(/^\d+=$/);
      // An expert prefix the tokenizer cannot read is refused with a clear message and never reaches the run.
      await page.locator('[data-section="experts"] > summary').click();
      const prefix = page.getByLabel('Expert plain prefix');
      await prefix.fill('P!');
      await prefix.press('Enter');
      await expect.poll(() => page.getByTestId('expert-error').textContent()).toMatch(/“P” “!”.*cannot read/);
      expect(await page.evaluate(() => window.__grpo!.config().experts.list)).toBeNull();
    },
    TEST_MS,
  );

  it(
    'a missing base policy is named and random init is offered',
    async () => {
      const page = await newPage();
      // Every (task, size) ships a policy: serve the app as if add/nano had never been made (file and manifest entry).
      await page.context().route('**/checkpoints/add-nano.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.context().route('**/checkpoints/manifest.json', async (route) => {
        const body = (await (await route.fetch()).json()) as { checkpoints: Array<{ task: string; size: string }> };
        await route.fulfill({ json: { ...body, checkpoints: body.checkpoints.filter((c) => !(c.task === 'add' && c.size === 'nano')) } });
      });
      await openApp(page, server.url, hashFor({ init: 'checkpoint', modelSize: 'nano' }));
      await expect.poll(() => page.getByTestId('notice-checkpoint').textContent()).toMatch(/No shipped base policy for add \/ nano/);
      expect(await page.getByTestId('play').isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Start from random init' }).click();
      await waitStatus(page, ['idle']);
      expect(await page.evaluate(() => window.__grpo!.config().init)).toBe('random');
      await stepOnce(page);
    },
    TEST_MS,
  );

  it(
    'a copied link reproduces the first 5 steps bit for bit in a fresh page',
    async () => {
      const a = await newPage();
      await openApp(a, server.url, hashFor({ seed: 11, advantage: { baseline: 'leave-one-out', scale: 'none' } }));
      for (let i = 0; i < 5; i++) await stepOnce(a);
      await a.getByTestId('copy-link').click();
      const link = await a.getByTestId('share-link').inputValue();
      expect(link).toMatch(/#v=1&c=/);
      const metricsA = deterministic(await a.evaluate(() => window.__grpo!.metrics()));
      expect(metricsA).toHaveLength(5);

      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      const b = await context.newPage();
      pages.push(b);
      logs.push(collectLogs(b));
      await b.goto(link, { waitUntil: 'commit' });
      await b.waitForFunction(() => window.__grpo !== undefined, null, { timeout: WAIT_MS });
      await waitStatus(b, ['idle']);
      expect(await b.evaluate(() => window.__grpo!.backend()?.backend)).toBe('wasm');
      expect(await b.evaluate(() => window.__grpo!.config())).toEqual(await a.evaluate(() => window.__grpo!.config()));
      for (let i = 0; i < 5; i++) await stepOnce(b);
      const metricsB = deterministic(await b.evaluate(() => window.__grpo!.metrics()));
      expect(Object.keys(metricsB[0]).length).toBeGreaterThan(20);
      expect(metricsB).toEqual(metricsA);
      await context.close();
    },
    TEST_MS,
  );

  it(
    'mangled links show a clear message and the app still trains',
    async () => {
      const good = hashFor({ seed: 5 });
      const c = good.indexOf('c=') + 2;
      const cases: Array<[string, string, RegExp]> = [
        ['truncated', good.slice(0, c + Math.floor((good.length - c) / 2)), /truncated or corrupted/],
        ['unknown version', good.replace('v=1', 'v=7'), /v=7.*reads v=1/],
        [
          'out of range',
          `v=1&c=${LZString.compressToEncodedURIComponent(JSON.stringify({ c: { groupSize: 999, init: 'random' } }))}`,
          /groupSize.*999/,
        ],
        ['random bytes', 'v=1&c=Zq8$kP-xx+Lr0Qw9TTe3mmz', /truncated or corrupted/],
      ];
      for (const [name, hash, pattern] of cases) {
        const page = await newPage();
        await openApp(page, server.url, hash);
        const notice = page.getByTestId('notice-url');
        await expect.poll(() => notice.textContent(), { message: name }).toMatch(pattern);
        expect(await notice.textContent()).toMatch(/default settings/);
        // Still usable: the defaults run (from random init if no base policy ships for them).
        if ((await page.evaluate(() => window.__grpo!.state().status)) === 'error') {
          await page.getByRole('button', { name: 'Start from random init' }).click();
          await waitStatus(page, ['idle']);
        }
        await page.evaluate(() => window.__grpo!.config().modelSize); // defaults loaded
        await stepOnce(page);
        expect(await page.evaluate(() => window.__grpo!.metrics().length)).toBe(1);
        await page.close();
        pages.splice(pages.indexOf(page), 1);
      }

      // A bad link pasted over a live run keeps the run.
      const page = await newPage();
      await openApp(page, server.url, good);
      await stepOnce(page);
      await stepOnce(page);
      await page.evaluate((h) => (location.hash = h), cases[1][1]);
      await expect.poll(() => page.getByTestId('notice-url').textContent()).toMatch(/current run was kept/);
      expect(await page.evaluate(() => window.__grpo!.metrics().length)).toBe(2);
      expect(await page.evaluate(() => window.__grpo!.config().seed)).toBe(5);
      await stepOnce(page);
      expect(await page.evaluate(() => window.__grpo!.metrics().length)).toBe(3);
      // A good link pasted over it starts that run.
      await page.evaluate((h) => (location.hash = h), hashFor({ seed: 6 }));
      await expect.poll(() => page.evaluate(() => window.__grpo!.config().seed)).toBe(6);
      await waitStatus(page, ['idle']);
      expect(await page.evaluate(() => window.__grpo!.metrics().length)).toBe(0);
      expect(await page.evaluate(() => window.__grpo!.state().notices.map((n) => n.id))).not.toContain('url');
    },
    TEST_MS,
  );

  it(
    'renders each chart at most once per arriving step while training (how fast is npm run bench:ui, not a test)',
    async () => {
      // What keeps the page responsive is structural: steps arrive in batches and a chart redraws at most once per
      // arriving step, never once per store change. Counted by the page itself, so a slow machine cannot fail it.
      const page = await newPage();
      await openApp(page, server.url, hashFor({ seed: 2 }));
      await page.getByTestId('play').click();
      // The pointer rests on a corner: a chart that layout moves under a resting pointer redraws for its hover state,
      // which is not what this test counts.
      await page.mouse.move(1, 1);
      await waitStep(page, WARM_UP);
      const before = await page.evaluate(() => ({ steps: window.__grpo!.metrics().length, renders: window.__grpo!.chartRenders() }));
      await waitStep(page, before.steps + 20);
      const after = await page.evaluate(() => ({ steps: window.__grpo!.metrics().length, renders: window.__grpo!.chartRenders() }));
      await page.getByTestId('play').click();
      await waitStatus(page, ['paused']);
      const arrived = after.steps - before.steps;
      const perChart = Object.fromEntries(Object.keys(after.renders).map((k) => [k, after.renders[k] - (before.renders[k] ?? 0)]));
      console.log(`[e2e] chart renders over ${arrived} arriving steps: ${JSON.stringify(perChart)}`);
      expect(Object.keys(perChart).length).toBeGreaterThanOrEqual(DENSE_CHARTS.length);
      for (const [chart, n] of Object.entries(perChart)) expect(n, chart).toBeLessThanOrEqual(arrived);
      // And they do redraw: every dense chart shows every step once training pauses.
      const final = await page.evaluate(() => window.__grpo!.metrics().length);
      const want = Object.fromEntries(DENSE_CHARTS.map((c) => [c, final]));
      expect(await chartPointsEqual(page, want)).toMatchObject(want);
    },
    TEST_MS,
  );

  it(
    'WebGPU smoke (SwiftShader): nano config trains 2 steps on webgpu, then survives a device loss on wasm',
    async () => {
      const page = await newPage();
      await openApp(page, server.url, hashFor({ seed: 1, prompts: 1, groupSize: 2, evalEvery: 0, objective: { klCoef: 0 } }, 'webgpu'));
      const info = await page.evaluate(() => window.__grpo!.backend());
      expect(info?.backend).toBe('webgpu');
      await expect.poll(() => page.getByTestId('backend').textContent()).toBe('webgpu');
      await page.getByTestId('step').click();
      await waitStep(page, 1);
      await waitStatus(page, ['paused']);
      await page.getByTestId('step').click();
      await waitStep(page, 2);
      await waitStatus(page, ['paused']);
      expect(await page.evaluate(() => window.__grpo!.backend()?.backend)).toBe('webgpu');

      // Device loss mid-run: falls back to WASM and continues from step 2 with the metrics kept.
      await page.evaluate(() => window.__grpo!.simulateBackendFailure());
      await page.getByTestId('step').click();
      await waitStep(page, 3);
      expect(await page.evaluate(() => window.__grpo!.backend()?.backend)).toBe('wasm');
      expect(await page.evaluate(() => window.__grpo!.metrics().map((m) => m.step))).toEqual([1, 2, 3]);
      await expect.poll(() => page.getByTestId('notice-backend-changed').textContent()).toMatch(/webgpu to wasm.*from step 2/);
      // The run continues from the trainer's full state (Trainer.exportState), Adam moments and KL reference included.
      expect(await page.getByTestId('notice-backend-changed').textContent()).toMatch(
        /full state \(weights, KL reference and Adam moments\)/,
      );
    },
    TEST_MS,
  );
});

// Issue #5 (runs list, paired comparisons, exports, persistence, lessons, step-through): same server and browser,
// after the tests above (one Vitest worker runs every e2e test in order).
compareAndTeachTests({
  url: () => server.url,
  browser: () => browser,
  track: (p) => {
    pages.push(p);
  },
});

// Issue 10, browser part: a comparison across seeds and its link (same server and browser, after the tests above).
seedsCompareTests({
  url: () => server.url,
  browser: () => browser,
  track: (p) => {
    pages.push(p);
  },
});
