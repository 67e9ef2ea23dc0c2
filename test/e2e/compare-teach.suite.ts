// End-to-end tests of issue #5, "Compare and teach": the runs list with overlaid charts and config-diff labels,
// paired comparisons on common random numbers, exports, persistence across a reload, lessons and the step-through.
// Registered from app.test.ts so that every e2e test runs in one Vitest worker, one after the other, on one
// server and one Chromium (the machine has 2 cores; the main-thread test there needs it to itself).
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import { parseRunsJson, RUNS_FORMAT } from '../../src/share/export';
import { LESSONS } from '../../src/share/lessons';
import { collectLogs, DENSE_CHARTS, hashFor, openApp, waitStatus, waitStep, WAIT_MS, TEST_MS } from './harness';

export interface SuiteEnv {
  url(): string;
  browser(): Browser;
  /** Register a page so the file's afterAll closes it. */
  track(page: Page): void;
}

const DENSE = DENSE_CHARTS;
const ALL = [...DENSE, 'eval'];

/** Click Step and wait until the current run has one more step and the worker is idle again. */
async function step(page: Page, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) {
    const before = await page.evaluate(() => window.__grpo!.metrics().length);
    await waitStatus(page, ['idle', 'paused']);
    await page.getByTestId('step').click();
    await waitStep(page, before + 1);
    await waitStatus(page, ['idle', 'paused']);
  }
}

/** Wait until every listed chart reports `want` (data-series, or data-points) and return what they report. */
async function chartsAt(
  page: Page,
  attr: 'series' | 'points',
  charts: string[],
  want: number,
  timeout = WAIT_MS,
): Promise<Record<string, number>> {
  await page
    .waitForFunction(
      ([a, cs, w]) => {
        const got = a === 'series' ? window.__grpo!.chartSeries() : window.__grpo!.chartPoints();
        return (cs as string[]).every((c) => got[c] === w);
      },
      [attr, charts, want] as const,
      { timeout, polling: 50 },
    )
    .catch(() => undefined);
  const got = await page.evaluate((a) => (a === 'series' ? window.__grpo!.chartSeries() : window.__grpo!.chartPoints()), attr);
  return Object.fromEntries(charts.map((c) => [c, got[c]]));
}

const all = (charts: string[], n: number) => Object.fromEntries(charts.map((c) => [c, n]));

export function compareAndTeachTests(env: SuiteEnv): void {
  async function newPage(browser = env.browser()): Promise<{ page: Page; logs: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    env.track(page);
    return { page, logs: collectLogs(page) };
  }

  describe('Compare and teach (issue #5)', () => {
    it(
      'two runs overlay as two series on every chart, labelled with their config difference from the baseline',
      async () => {
        const { page, logs } = await newPage();
        await openApp(page, env.url(), hashFor({ seed: 21 }));
        await step(page, 2);
        // A second run: reset, then a live knob before its first step (the first run keeps its own config).
        await page.getByTestId('reset').click();
        await waitStatus(page, ['idle']);
        await page.getByLabel('Baseline', { exact: true }).selectOption('median');
        await step(page, 2);
        const runs = await page.evaluate(() => window.__grpo!.runs());
        expect(runs.map((r) => [r.steps, r.live, r.visible])).toEqual([
          [2, false, true],
          [2, true, true],
        ]);
        expect(runs[0].diff).toBe('baseline');
        expect(runs[1].diff).toMatch(/^baseline mean -> median/);
        expect(runs[0].color).not.toBe(runs[1].color);
        await expect.poll(() => page.getByTestId('run-diff').allTextContents()).toEqual(['baseline', runs[1].diff]);

        // Every chart: two series (one per run), drawn as two main paths on the dense charts.
        expect(await chartsAt(page, 'series', ALL, 2)).toEqual(all(ALL, 2));
        // Charts are redrawn one at a time (the hand-over slots), so a chart can still hold the current run's first
        // point only (a dot, not a line) when every chart already shows both series: wait for the drawing to catch up.
        const linesOf = async () => {
          const lines = await page.evaluate(() => window.__grpo!.chartLines());
          return Object.fromEntries(DENSE.map((c) => [c, lines[c]]));
        };
        await expect.poll(linesOf, { timeout: WAIT_MS, interval: 100 }).toEqual(all(DENSE, 2));
        // The current run's points are still what data-points counts.
        expect(await chartsAt(page, 'points', DENSE, 2)).toEqual(all(DENSE, 2));

        // Hide the first run: one series everywhere; show it again.
        await page.getByRole('button', { name: `Hide run ${runs[0].name} on the charts`, exact: true }).click();
        expect(await chartsAt(page, 'series', ALL, 1)).toEqual(all(ALL, 1));
        await page.getByRole('button', { name: `Show run ${runs[0].name} on the charts`, exact: true }).click();
        expect(await chartsAt(page, 'series', ALL, 2)).toEqual(all(ALL, 2));

        // Wall-time x axis (cumulative step_time): still two series, tick labels in seconds.
        await page.getByTestId('x-axis-time').click();
        expect(await chartsAt(page, 'series', ALL, 2)).toEqual(all(ALL, 2));
        await expect
          .poll(() => page.getByTestId('chart-reward').locator('.chart-tick-value').allTextContents())
          .toEqual(expect.arrayContaining([expect.stringMatching(/^\d+(\.\d+)?s$/)]));
        await page.getByTestId('x-axis-step').click();

        // Multi-series charts pick one metric per run in overlay mode.
        await page.getByLabel('Metric shown on the Zero-std groups chart').selectOption('frac_groups_all_wrong');
        expect(await chartsAt(page, 'series', ['zero-std'], 2)).toEqual({ 'zero-std': 2 });

        // Rename the first run; make the second the baseline: the first is now labelled against it.
        await page.getByRole('button', { name: `Rename run ${runs[0].name}`, exact: true }).click();
        await page.getByLabel('Run name').fill('mean baseline');
        await page.getByLabel('Run name').press('Enter');
        await page.getByLabel(`Use ${runs[1].name} as the baseline`, { exact: true }).check();
        const after = await page.evaluate(() => window.__grpo!.runs());
        expect(after[0].name).toBe('mean baseline');
        expect(after[0].diff).toMatch(/^baseline median -> mean/);
        expect(after[1].diff).toBe('baseline');
        expect(logs.filter((l) => l.includes('pageerror'))).toEqual([]);
      },
      TEST_MS,
    );

    it(
      'a paired comparison trains 3 variants in lockstep on identical prompts at every step (common random numbers)',
      async () => {
        const { page, logs } = await newPage();
        // The shipped tiny base policy (rewards vary, so the variants' updates differ), still B 2 x G 4.
        await openApp(page, env.url(), hashFor({ seed: 22, init: 'checkpoint', modelSize: 'tiny' }));
        await page.getByTestId('open-compare').click();
        const dialog = page.getByTestId('compare-dialog');
        await dialog.getByLabel('Variant 2 preset').selectOption('dr-grpo');
        await dialog.getByRole('button', { name: '+ Add a variant' }).click();
        await dialog.getByLabel('Variant 3 knob changes').fill('advantage.baseline=median, advantage.scale=mad');
        await expect
          .poll(() => dialog.getByTestId('variant-diff').nth(2).textContent())
          .toMatch(/baseline mean -> median, scale group-std -> mad/);
        await dialog.getByTestId('start-paired').click();
        await waitStatus(page, ['idle']);
        expect(await page.evaluate(() => window.__grpo!.state().paired)).toBe(true);

        const STEPS = 3;
        for (let i = 1; i <= STEPS; i++) {
          await page.getByTestId('step').click();
          await page.waitForFunction((n) => window.__grpo!.pairedSame().length >= n, i, { timeout: WAIT_MS });
          await waitStatus(page, ['paused']);
        }
        // Three runs, one per variant, each with every step.
        const runs = await page.evaluate(() => window.__grpo!.runs());
        expect(runs.map((r) => [r.steps, r.live])).toEqual([
          [STEPS, true],
          [STEPS, true],
          [STEPS, true],
        ]);
        expect(runs[1].diff).toMatch(/preset grpo-trl -> dr-grpo/);
        expect(runs[2].diff).toMatch(/baseline mean -> median/);

        // The inspector's evidence: at every step every variant saw the same problems, in the same order.
        const prompts = await page.evaluate(() => window.__grpo!.pairedPrompts());
        expect(prompts.map((p) => p.step)).toEqual([1, 2, 3]);
        for (const p of prompts) {
          expect(p.variants).toHaveLength(3);
          const ref = p.variants[0].map((g) => `${g.problemId}|${g.question}`);
          expect(ref).toHaveLength(2);
          for (const v of p.variants)
            expect(
              v.map((g) => `${g.problemId}|${g.question}`),
              `step ${p.step}`,
            ).toEqual(ref);
        }
        // Different steps draw different problems (the check above is not vacuous).
        expect(new Set(prompts.map((p) => p.variants[0].map((g) => g.problemId).join()))).toHaveProperty('size', STEPS);
        expect(await page.evaluate(() => window.__grpo!.pairedSame())).toEqual([1, 2, 3].map((s) => ({ step: s, same: true })));

        // Same weights, prompts and uniforms at step 1: identical completions, so the step-1 differences of what the
        // rollouts alone decide are exactly 0 (the updates then differ).
        const diffs = await page.evaluate(() => window.__grpo!.pairedDiffs());
        expect(diffs.map((d) => d.step)).toEqual([1, 2, 3]);
        for (const d of diffs[0].deltas) {
          expect(d.reward).toBe(0);
          expect(d['completions/mean_length']).toBe(0);
          expect(d.entropy).toBe(0);
        }

        // CRN notes from the engine, shown per pair.
        const crn = (await page.evaluate(() => window.__grpo!.crn()))!;
        expect(crn.map((c) => [c.samePrompts, c.sameUniforms, c.sameStep1Rollouts])).toEqual([
          [true, true, true],
          [true, true, true],
        ]);
        await expect.poll(() => page.getByTestId('crn-live').textContent()).toMatch(/Same prompts in every variant at all 3 steps/);
        expect(await page.getByTestId('crn-pair').count()).toBe(2);

        // Paired differences (variant minus A): two difference series, one point per step; a metric can be picked.
        const diff = page.getByTestId('chart-paired-diff');
        await expect.poll(() => diff.getAttribute('data-series')).toBe('2');
        expect(await diff.getAttribute('data-points')).toBe(String(STEPS));
        await page.getByTestId('paired-metric').selectOption('entropy');
        await expect.poll(() => diff.locator('.chart-title').textContent()).toMatch(/entropy/);
        await expect.poll(() => page.getByTestId('paired-stats').textContent()).toMatch(/mean Δ .*\(s\.e\., 3 steps\)/);

        // Every chart overlays the three variants (KL: only the runs that keep a reference, not Dr. GRPO's β = 0).
        const noKl = ALL.filter((c) => c !== 'kl');
        expect(await chartsAt(page, 'series', noKl, 3)).toEqual(all(noKl, 3));
        expect(await chartsAt(page, 'series', ['kl'], 2)).toEqual({ kl: 2 });

        // The inspector shows the same prompt across variants, side by side.
        await page.getByTestId('inspector-side-by-side').click();
        const rows = page.getByTestId('same-prompt-row');
        await expect.poll(() => rows.count()).toBe(2);
        expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-same')))).toEqual(['true', 'true']);
        expect(await rows.first().getByTestId('group-card').count()).toBe(3);
        const cardProblems = await rows
          .first()
          .getByTestId('group-card')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-problem')));
        expect(new Set(cardProblems).size).toBe(1);

        // Stop comparing: back to one run; the variants stay in the list as finished runs.
        await page.getByTestId('stop-paired').click();
        await waitStatus(page, ['idle']);
        const after = await page.evaluate(() => window.__grpo!.runs());
        expect(after.map((r) => r.live)).toEqual([false, false, false, true]);
        expect(logs.filter((l) => l.includes('pageerror'))).toEqual([]);
      },
      TEST_MS,
    );

    it(
      'exports every step of every run as CSV and JSON (TRL names), the charts as PNG, the weights as a checkpoint, and TRL/verl configs',
      async () => {
        const { page } = await newPage();
        await openApp(page, env.url(), hashFor({ seed: 23 }));
        await step(page, 3);
        await page.getByTestId('reset').click();
        await waitStatus(page, ['idle']);
        await page.getByLabel('Baseline', { exact: true }).selectOption('median');
        await step(page, 2);
        const runs = await page.evaluate(() => window.__grpo!.runs());
        const want = new Map(runs.map((r) => [r.name, r.steps]));
        expect([...want.values()]).toEqual([3, 2]);

        // CSV through the real download.
        const [csvDl] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Export metrics as CSV' }).click(),
        ]);
        expect(csvDl.suggestedFilename()).toMatch(/^grpo-playground-runs-.*\.csv$/);
        const csv = Papa.parse<Record<string, string>>(readFileSync((await csvDl.path())!, 'utf8'), { header: true, skipEmptyLines: true });
        expect(csv.errors).toEqual([]);
        for (const col of [
          'run',
          'step',
          'reward',
          'reward_std',
          'frac_reward_zero_std',
          'entropy',
          'kl',
          'completions/mean_length',
          'loss',
          'step_time',
          'eval/pass@1',
        ]) {
          expect(csv.meta.fields, col).toContain(col);
        }
        for (const [name, steps] of want) {
          const rows = csv.data.filter((r) => r.run === name);
          expect(
            rows.map((r) => Number(r.step)),
            name,
          ).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
          expect(rows.every((r) => Number.isFinite(Number(r.reward)) && r.reward !== '')).toBe(true);
          expect(rows.every((r) => Number(r.step_time) > 0)).toBe(true); // wall-clock metrics are kept
        }
        expect(csv.data).toHaveLength(5);

        // JSON through the real download: every step of every run, readable by the app's own parser.
        const [jsonDl] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Export metrics as JSON' }).click(),
        ]);
        const text = readFileSync((await jsonDl.path())!, 'utf8');
        const json = JSON.parse(text) as {
          format: string;
          runs: Array<{ name: string; config: { advantage: { baseline: string } }; metrics: Array<Record<string, number>> }>;
        };
        expect(json.format).toBe(RUNS_FORMAT);
        expect(json.runs.map((r) => [r.name, r.metrics.map((m) => m.step)])).toEqual(
          [...want].map(([n, s]) => [n, Array.from({ length: s }, (_, i) => i + 1)]),
        );
        expect(json.runs.map((r) => r.config.advantage.baseline)).toEqual(['mean', 'median']);
        const parsed = parseRunsJson(text);
        expect(parsed.ok).toBe(true);
        // The hook's text is the same export.
        expect(JSON.parse(await page.evaluate(() => window.__grpo!.exportText('json'))).runs).toEqual(json.runs);

        // Charts as one PNG.
        const [pngDl] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Export charts as PNG' }).click(),
        ]);
        const png = readFileSync((await pngDl.path())!);
        expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        expect(png.readUInt32BE(16)).toBeGreaterThan(1000); // width (2x scale, 3 columns)
        expect(png.length).toBeGreaterThan(20_000);

        // Policy weights: the checkpoint format of src/engine/policy/checkpoint.ts, encoded in the worker.
        const [wDl] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Export policy weights' }).click(),
        ]);
        expect(wDl.suggestedFilename()).toBe('grpo-playground-add-nano-step2.json');
        const ck = JSON.parse(readFileSync((await wDl.path())!, 'utf8')) as {
          format: string;
          spec: { size: string };
          meta: { step: number };
          params: Record<string, string>;
        };
        expect(ck.format).toBe('grpo-playground-checkpoint/1');
        expect(ck.spec.size).toBe('nano');
        expect(ck.meta.step).toBe(2);
        expect(Object.keys(ck.params).length).toBeGreaterThan(4);

        // Run it at scale: TRL and verl, with the knob neither can express (median baseline) listed.
        await page.getByTestId('open-scale').click();
        const code = page.getByTestId('scale-code');
        await expect.poll(() => code.textContent()).toMatch(/GRPOConfig\(/);
        expect(await code.textContent()).toMatch(/num_generations=4/);
        await expect.poll(() => page.getByTestId('scale-notes').textContent()).toMatch(/median/);
        expect(await code.textContent()).toMatch(/# Not expressible in TRL GRPOConfig:\n(# - .*\n)*# - baseline "median"/);
        await page.getByTestId('scale-verl').click();
        await expect.poll(() => code.textContent()).toMatch(/algorithm:\n\s+adv_estimator: grpo/);
        expect(await page.getByTestId('scale-notes').textContent()).toMatch(/median/);
        // The runnable project as a zip: the playground's advantages (median baseline) in train_trl.py, verl beside it.
        const [zipDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('scale-project').click()]);
        expect(zipDl.suggestedFilename()).toMatch(/^grpo-playground-add-.*\.zip$/);
        const files = unzipSync(readFileSync((await zipDl.path())!));
        const zipNames = Object.keys(files).map((n) => n.split('/').slice(1).join('/'));
        for (const f of [
          'train_trl.py',
          'advantages.py',
          'rewards.py',
          'problems.jsonl',
          'requirements.txt',
          'README.md',
          'verl/playground.yaml',
          'verl/reward.py',
        ])
          expect(zipNames).toContain(f);
        const trainPy = strFromU8(files[Object.keys(files).find((n) => n.endsWith('/train_trl.py'))!]);
        expect(trainPy).toMatch(/"baseline": "median"/);
        await page.keyboard.press('Escape');
        await expect.poll(() => page.getByTestId('scale-dialog').count()).toBe(0);

        // The JSON export reads back in: two more runs, same metrics, names kept unique.
        await page.getByTestId('import-runs').setInputFiles((await jsonDl.path())!);
        await page.waitForFunction(() => window.__grpo!.runs().length === 4);
        const imported = (await page.evaluate(() => window.__grpo!.runs())).slice(2);
        expect(imported.map((r) => [r.steps, r.restored])).toEqual([...want].map(([, st]) => [st, true]));
        const names = (await page.evaluate(() => window.__grpo!.runs())).map((r) => r.name);
        expect(new Set(names).size).toBe(4);
        [...want.keys()].forEach((n, i) => expect(imported[i].name.startsWith(n)).toBe(true));
        expect(await page.evaluate((id) => window.__grpo!.runMetrics(id), imported[0].id)).toEqual(
          await page.evaluate((id) => window.__grpo!.runMetrics(id), runs[0].id),
        );
        expect(await chartsAt(page, 'series', DENSE, 4)).toEqual(all(DENSE, 4));
      },
      TEST_MS,
    );

    it(
      'a reload restores every run with its metrics; delete and clear remove them from storage',
      async () => {
        const context = await env.browser().newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        env.track(page);
        try {
          await openApp(page, env.url(), hashFor({ seed: 24 }));
          await step(page, 2);
          await page.getByTestId('new-seed').click();
          await waitStatus(page, ['idle']);
          await step(page, 3);
          const first = (await page.evaluate(() => window.__grpo!.runs()))[0];
          await page.getByRole('button', { name: `Rename run ${first.name}`, exact: true }).click();
          await page.getByLabel('Run name').fill('the first run');
          await page.getByLabel('Run name').press('Enter');
          await page.evaluate(() => window.__grpo!.flushPersist());
          const before = await page.evaluate(() => window.__grpo!.runs().map((r) => ({ ...r, metrics: window.__grpo!.runMetrics(r.id) })));
          expect(before.map((r) => [r.name, r.steps])).toEqual([
            ['the first run', 2],
            [before[1].name, 3],
          ]);

          await page.reload({ waitUntil: 'commit' });
          await page.waitForFunction(() => window.__grpo !== undefined, null, { timeout: WAIT_MS });
          await waitStatus(page, ['idle']);
          await page.waitForFunction(() => window.__grpo!.runs().filter((r) => r.restored).length === 2, null, { timeout: WAIT_MS });
          const after = await page.evaluate(() => window.__grpo!.runs().map((r) => ({ ...r, metrics: window.__grpo!.runMetrics(r.id) })));
          // Two restored runs (ids, names, colours, every metric of every step) and a fresh current run.
          expect(after).toHaveLength(3);
          for (let i = 0; i < 2; i++) {
            expect(after[i].restored).toBe(true);
            expect(after[i].live).toBe(false);
            expect({ id: after[i].id, name: after[i].name, color: after[i].color, metrics: after[i].metrics }).toEqual({
              id: before[i].id,
              name: before[i].name,
              color: before[i].color,
              metrics: before[i].metrics,
            });
          }
          expect(after[2].live).toBe(true);
          expect(after[2].steps).toBe(0);
          expect(after[2].color).not.toBe(after[0].color);
          expect(after[2].color).not.toBe(after[1].color);
          expect(after[2].name).not.toBe(after[1].name);
          // Their curves are on the charts (the current run has no steps yet).
          expect(await chartsAt(page, 'series', DENSE, 2)).toEqual(all(DENSE, 2));

          // Delete one (two clicks: arm, confirm); after a reload it stays deleted.
          await page.getByRole('button', { name: `Delete run ${after[0].name}`, exact: true }).click();
          await page.getByRole('button', { name: `Confirm: delete run ${after[0].name}`, exact: true }).click();
          await page.evaluate(() => window.__grpo!.flushPersist());
          await page.reload({ waitUntil: 'commit' });
          await page.waitForFunction(() => window.__grpo !== undefined, null, { timeout: WAIT_MS });
          await waitStatus(page, ['idle']);
          await page.waitForFunction(() => window.__grpo!.runs().some((r) => r.restored), null, { timeout: WAIT_MS });
          await page.waitForTimeout(300);
          expect((await page.evaluate(() => window.__grpo!.runs())).filter((r) => r.restored).map((r) => r.id)).toEqual([after[1].id]);

          // Clear (with a confirm): nothing comes back.
          await page.getByTestId('clear-runs').click();
          await page.getByTestId('confirm-clear').click();
          expect((await page.evaluate(() => window.__grpo!.runs())).map((r) => r.live)).toEqual([true]);
          await page.evaluate(() => window.__grpo!.flushPersist());
          await page.reload({ waitUntil: 'commit' });
          await page.waitForFunction(() => window.__grpo !== undefined, null, { timeout: WAIT_MS });
          await waitStatus(page, ['idle']);
          await page.waitForTimeout(500);
          expect((await page.evaluate(() => window.__grpo!.runs())).map((r) => r.restored)).toEqual([false]);
          expect((await page.evaluate(() => window.__grpo!.state().notices)).filter((n) => n.id.startsWith('persist'))).toEqual([]);
        } finally {
          await context.close();
        }
      },
      TEST_MS,
    );

    it(
      'every lesson link opens its lesson, shows its text, highlights its charts and trains',
      async () => {
        for (const lesson of LESSONS) {
          const { page, logs } = await newPage();
          await openApp(page, env.url(), `lesson=${lesson.id}`);
          const panel = page.getByTestId('lesson-panel');
          await expect.poll(() => panel.getAttribute('data-lesson'), { message: lesson.id }).toBe(lesson.id);
          expect(await page.getByTestId('lesson-title').textContent()).toBe(lesson.title);
          expect(await page.getByTestId('lesson-summary').textContent()).toBe(lesson.summary);
          expect(await panel.locator('.lesson-steps li').allTextContents()).toEqual(lesson.steps);
          expect(await panel.locator('.lesson-watch dd').allTextContents()).toEqual(lesson.watch.map((w) => w.expect));
          for (const s of lesson.sources)
            expect(await panel.getByRole('link', { name: s }).getAttribute('href')).toBe(
              `https://arxiv.org/abs/${s.replace('arXiv:', '')}`,
            );
          const state = await page.evaluate(() => window.__grpo!.state());
          expect(state.lesson).toBe(lesson.id);
          expect(state.paired).toBe(!!lesson.variants?.length);
          // The URL keeps the lesson link; its charts come first, starred.
          expect(await page.evaluate(() => location.hash)).toBe(`#v=1&lesson=${lesson.id}`);
          const grid = page.getByTestId('chart-grid');
          await expect.poll(() => grid.locator('.chart.is-watched').count()).toBeGreaterThanOrEqual(3);
          expect(
            await grid
              .locator('.chart')
              .first()
              .evaluate((e) => e.classList.contains('is-watched')),
          ).toBe(true);

          // Two steps of the lesson's own run (its variants in lockstep).
          const n = lesson.variants?.length ?? 1;
          await page.getByTestId('step').click();
          await waitStep(page, 1);
          await waitStatus(page, ['paused']);
          await page.getByTestId('step').click();
          await waitStep(page, 2);
          await waitStatus(page, ['paused']);
          const runs = await page.evaluate(() => window.__grpo!.runs());
          expect(
            runs.map((r) => r.steps),
            lesson.id,
          ).toEqual(Array(n).fill(2));
          if (n > 1) expect(runs.map((r) => r.name.split(' · ')[0])).toEqual(lesson.variants!.map((v) => v.name));
          expect(
            await chartsAt(
              page,
              'series',
              DENSE.filter((c) => c !== 'kl'),
              n,
            ),
          ).toEqual(
            all(
              DENSE.filter((c) => c !== 'kl'),
              n,
            ),
          );
          expect(
            logs.filter((l) => l.includes('pageerror')),
            lesson.id,
          ).toEqual([]);
          await page.close();
        }
        // A lesson link that names no lesson: a clear banner, and the app still runs its defaults.
        const { page } = await newPage();
        await openApp(page, env.url(), 'v=1&lesson=no-such-lesson');
        await expect
          .poll(() => page.getByTestId('notice-url').textContent())
          .toMatch(/lesson "no-such-lesson".*does not have.*Lessons: zero-advantage/);
        expect(await page.evaluate(() => window.__grpo!.state().lesson)).toBeNull();
        // Opening one from the lessons dialog sets the lesson link.
        await page.getByTestId('open-lessons').click();
        await page.getByRole('button', { name: `Open the lesson ${LESSONS[3].title}` }).click();
        await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#v=1&lesson=${LESSONS[3].id}`);
        await expect.poll(() => page.getByTestId('lesson-title').textContent()).toBe(LESSONS[3].title);
      },
      TEST_MS,
    );

    it(
      'step-through shows the five phases in order with their data, holding between them, then the step’s metrics arrive',
      async () => {
        const { page, logs } = await newPage();
        await openApp(page, env.url(), hashFor({ seed: 25 }));
        await step(page, 1);
        await page.getByTestId('step-through-button').click();
        const panel = page.getByTestId('step-through');
        const expected = ['sample', 'score', 'filter', 'advantage', 'update'] as const;
        const titles = ['Sample', 'Score', 'Filter', 'Advantage', 'Update'];
        for (const [i, phase] of expected.entries()) {
          await page.waitForFunction((n) => (window.__grpo!.phases()?.phases.length ?? 0) >= n, i + 1, { timeout: WAIT_MS });
          // The worker holds: no further phase and no new metrics until "Next phase".
          await page.waitForTimeout(i === 0 ? 600 : 150);
          const seen = (await page.evaluate(() => window.__grpo!.phases()))!;
          expect(seen.phases.map((p) => p.phase)).toEqual(expected.slice(0, i + 1));
          expect(seen.done).toBe(false);
          expect(seen.phases.every((p) => p.step === 2)).toBe(true);
          expect(await page.evaluate(() => window.__grpo!.metrics().length)).toBe(1);
          await expect.poll(() => page.getByTestId('phase-name').textContent()).toBe(titles[i]);
          expect(await panel.getAttribute('data-phase')).toBe(phase);
          expect(await page.getByTestId(`phase-pill-${phase}`).getAttribute('aria-current')).toBe('step');

          // The phase's data, as the groups stand after it.
          const cur = seen.phases[i];
          const cards = panel.getByTestId('group-card');
          expect(await cards.count()).toBe(2);
          const headers = await cards.first().locator('.rollout-head [role="columnheader"]').allTextContents();
          if (phase === 'sample') {
            expect(headers).toEqual(['prompt', 'completion']); // completions only, not scored yet
            expect(cur.values.rollouts).toBe(8);
            expect(await cards.first().locator('.completion code').count()).toBe(4);
          } else if (phase === 'score') {
            expect(headers).toEqual(['prompt', 'completion', 'rewards']);
            expect(Object.keys(cur.values)).toEqual(['correct_frac', 'mean_reward']);
          } else if (phase === 'filter') {
            expect(headers).toEqual(['prompt', 'completion', 'rewards']);
            expect(cur.values).toMatchObject({ kept: 2, dropped: 0 });
          } else if (phase === 'advantage') {
            expect(headers).toEqual(['prompt', 'completion', 'rewards', 'advantage']);
            expect(cur.values).toHaveProperty('zero_std_groups');
          } else {
            expect(headers).toEqual(['prompt', 'completion', 'rewards', 'advantage']);
            expect(Object.keys(cur.values)).toEqual(['loss', 'grad_norm', 'optimizer_steps']);
            expect(await page.getByTestId('phase-values').textContent()).toMatch(/loss.*grad_norm/);
          }
          await page.getByTestId('next-phase').click();
        }
        // The last "next" finishes the step: its metrics arrive as usual.
        await page.waitForFunction(() => window.__grpo!.phases()?.done === true, null, { timeout: WAIT_MS });
        await waitStep(page, 2);
        await waitStatus(page, ['paused']);
        expect((await page.evaluate(() => window.__grpo!.metrics())).map((m) => m.step)).toEqual([1, 2]);
        await expect.poll(() => page.getByTestId('phase-done').textContent()).toMatch(/Step 2 is complete/);
        expect(await chartsAt(page, 'points', DENSE, 2)).toEqual(all(DENSE, 2));
        // The step-through step is an ordinary step: the loss the update phase showed is the one logged.
        const phases = (await page.evaluate(() => window.__grpo!.phases()))!.phases;
        const m = (await page.evaluate(() => window.__grpo!.metrics()))[1];
        expect(m.loss).toBeCloseTo(phases[4].values.loss, 6);
        expect(m.grad_norm).toBeCloseTo(phases[4].values.grad_norm, 6);
        // Training goes on normally afterwards.
        await step(page, 1);
        expect(logs.filter((l) => l.includes('pageerror'))).toEqual([]);
      },
      TEST_MS,
    );
  });
}
