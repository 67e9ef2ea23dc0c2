// End-to-end test of issue 10's browser part: a paired comparison on 3 seeds shows each variant's mean with a 95%
// band and a paired-difference chart with its band; its link, opened in a fresh browser context, reproduces the same
// numbers on the same backend; a mangled comparison link gets a clear message and changes nothing on screen; the
// new UI passes the axe check. Registered from app.test.ts (one server, one Chromium, tests in order).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeProblems, describeProblems } from './axe';
import { collectLogs, hashFor, openApp, waitStatus, waitStep, WAIT_MS, TEST_MS } from './harness';
import type { SuiteEnv } from './compare-teach.suite';

/** Every number of the summary table, full precision, by metric and column. */
async function tableNumbers(page: Page): Promise<Record<string, string>> {
  return page.getByTestId('seeds-summary').evaluate((table) => {
    const out: Record<string, string> = {};
    table.querySelectorAll('tr[data-metric]').forEach((tr) => {
      tr.querySelectorAll<HTMLElement>('td[data-mean]').forEach((td) => {
        out[`${tr.getAttribute('data-metric')}|${td.dataset.testid}`] = `${td.dataset.mean} ± ${td.dataset.half}`;
      });
    });
    return out;
  });
}

async function waitDone(page: Page): Promise<void> {
  await page.waitForFunction(
    () => ['done', 'error'].includes(document.querySelector('[data-testid="seeds-panel"]')?.getAttribute('data-status') ?? ''),
    null,
    {
      timeout: WAIT_MS,
      polling: 250,
    },
  );
  expect(await page.getByTestId('seeds-status').textContent()).toMatch(/^Done: 6 runs of 2 steps on wasm/);
}

export function seedsCompareTests(env: SuiteEnv): void {
  describe('Comparison across seeds (issue 10)', () => {
    it(
      '3 seeds: mean bands and a difference chart; the link reproduces the numbers in a fresh context; a mangled link changes nothing',
      async () => {
        const page = await env.browser().newPage({ viewport: { width: 1280, height: 900 } });
        env.track(page);
        const logs = collectLogs(page);
        // nano, random init, B 2 x G 4, eval every 2 steps; a small oracle so its metrics appear too.
        await openApp(page, env.url(), hashFor({ seed: 31, oracleSamples: 4, oracleProbes: 2 }));
        // The inspector's p(x): before the first eval it says when p(x) comes; after step 2 (evalEvery 2) it shows each
        // probe's p(x) beside the group the oracle judged, and why the training groups have none.
        await page.getByTestId('step').click();
        await waitStep(page, 1);
        await waitStatus(page, ['paused', 'idle']);
        await expect.poll(() => page.getByTestId('oracle-px-none').textContent()).toMatch(/first measured at step 2/);
        await page.getByTestId('step').click();
        await waitStep(page, 2);
        const probes = page.getByTestId('oracle-probes');
        await expect.poll(() => probes.locator('summary').textContent()).toMatch(/p\(x\) from the oracle at step 2: 2 probe prompts/);
        await probes.locator('summary').click();
        expect(await page.getByTestId('oracle-px-why').textContent()).toMatch(/held-out probe prompts, which training never draws/);
        const px = await page.getByTestId('oracle-probe').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-px'))));
        expect(px).toHaveLength(2);
        for (const p of px) expect(p >= 0 && p <= 1).toBe(true);
        expect(await probes.getByTestId('group-card').count()).toBe(2);
        await waitStatus(page, ['paused', 'idle']);
        await page.getByTestId('open-compare').click();
        const dialog = page.getByTestId('compare-dialog');
        await dialog.getByLabel('Variant 2 knob changes').fill('temperature=1.5');
        // The seeds field is capped, with a message; the button waits for a valid count.
        await expect.poll(() => dialog.getByTestId('seeds-count').inputValue()).toBe('3');
        await dialog.getByTestId('seeds-count').fill('11');
        await expect.poll(() => dialog.getByTestId('seeds-error').textContent()).toMatch(/Seeds: 1 to 10 in the browser/);
        expect(await dialog.getByTestId('start-seeds').isDisabled()).toBe(true);
        await dialog.getByTestId('seeds-count').fill('3');
        await dialog.getByTestId('seeds-steps').fill('2');
        const dialogProblems = await axeProblems(page, '[data-testid="compare-dialog"]');
        expect(describeProblems(dialogProblems)).toBe('');
        await dialog.getByTestId('start-seeds').click();
        await dialog.waitFor({ state: 'detached' });
        await waitDone(page);

        // Means: two variants, each with a band at both steps; differences: one series (B − A) with its band.
        await page.getByTestId('seeds-metric').selectOption('entropy');
        const mean = page.getByTestId('chart-seeds-mean');
        const diff = page.getByTestId('chart-seeds-diff');
        await expect.poll(() => mean.getAttribute('data-series')).toBe('2');
        expect(await mean.getAttribute('data-bands')).toBe('2');
        expect(await mean.getAttribute('data-points')).toBe('2');
        expect(await diff.getAttribute('data-series')).toBe('1');
        expect(await diff.getAttribute('data-bands')).toBe('1');
        expect(await diff.getAttribute('data-points')).toBe('2');
        // Drawn, not only counted: a shaded band path and a line per series in each SVG.
        expect(await mean.locator('.recharts-area-area').count()).toBe(2);
        expect(await diff.locator('.recharts-area-area').count()).toBe(1);
        expect(await mean.locator('path.recharts-curve.recharts-line-curve').count()).toBe(2);

        const numbers = await tableNumbers(page);
        expect(Object.keys(numbers)).toEqual(
          expect.arrayContaining(['eval/pass@1|seeds-mean-0', 'entropy|seeds-diff-1', 'adv/true_sign_flip_rate|seeds-mean-1']),
        );
        // Three seeds: every interval has a width (n = 3); a hotter sampler changes the entropy.
        const entropyDiff = numbers['entropy|seeds-diff-1'];
        expect(entropyDiff).toMatch(/^-?\d[\d.e-]* ± \d/);
        expect(entropyDiff.startsWith('0 ± ')).toBe(false);
        expect(await page.getByTestId('seeds-diff-1').first().getAttribute('data-reading')).toMatch(
          /^(shows higher|shows lower|inconclusive)$/,
        );
        const panelProblems = await axeProblems(page, '[data-testid="seeds-panel"]');
        expect(describeProblems(panelProblems)).toBe('');

        // The link pins the backend it ran on and carries the comparison.
        const link = await page.getByTestId('seeds-link').inputValue();
        expect(link).toMatch(/#v=1&c=.*&cmp=/);

        // A fresh browser context (no storage shared): the link opens the comparison ready to run; running it
        // reproduces every number of the table exactly.
        const context = await env.browser().newContext({ viewport: { width: 1280, height: 900 } });
        try {
          const fresh = await context.newPage();
          const freshLogs = collectLogs(fresh);
          await openApp(fresh, link.split('#')[0], link.split('#')[1]);
          await expect.poll(() => fresh.getByTestId('seeds-panel').getAttribute('data-status')).toBe('loaded');
          expect(await fresh.getByTestId('seeds-status').textContent()).toMatch(/Opened from a link: 6 runs of 2 steps/);
          await fresh.getByTestId('seeds-run').click();
          await waitDone(fresh);
          expect(await tableNumbers(fresh)).toEqual(numbers);

          // A mangled comparison link: a clear message, and the comparison on screen is untouched.
          // ('!' is no lz character; a '%' would already fail url.ts's decoding, which keeps the run with its own notice.)
          const mangled = link.replace(/cmp=([A-Za-z0-9+$-]{12})/, 'cmp=$1!!');
          await fresh.evaluate((h) => {
            location.hash = h;
          }, mangled.split('#')[1]);
          await expect
            .poll(() => fresh.getByTestId('notice-compare-link').textContent())
            .toMatch(/comparison link is truncated or corrupted.*Nothing on screen was changed/);
          expect(await fresh.getByTestId('seeds-panel').getAttribute('data-status')).toBe('done');
          expect(await tableNumbers(fresh)).toEqual(numbers);
          expect(freshLogs.filter((l) => l.includes('pageerror'))).toEqual([]);
        } finally {
          await context.close();
        }
        expect(logs.filter((l) => l.includes('pageerror'))).toEqual([]);
      },
      TEST_MS,
    );
  });
}
