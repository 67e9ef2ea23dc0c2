// What a new user hits first: the default preset is what it says, a preset keeps the user's G and lr, axe finds no
// serious or critical problem on the main view or any dialog, and a phone reaches the settings with usable controls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeProblems, describeProblems } from './axe';
import {
  collectLogs,
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
import { MODEL_SIZES } from '../../src/engine/config';
import type { CheckpointEntry } from '../../src/engine/policy/manifest';

let server: Served;
let browser: Browser;
const pages: Page[] = [];
const logs: string[][] = [];

async function newPage(viewport = { width: 1280, height: 860 }, mobile = false): Promise<Page> {
  const page = await browser.newPage({ viewport, isMobile: mobile, hasTouch: mobile });
  pages.push(page);
  logs.push(collectLogs(page));
  return page;
}

beforeAll(async () => {
  ensureBuild();
  server = await servePreview();
  browser = await launch();
});

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

/** Type into a number knob and commit it (Enter). */
async function setKnob(page: Page, path: string, value: string): Promise<void> {
  const field = page.locator(`[data-knob="${path}"] input`);
  await field.fill(value);
  await field.press('Enter');
}

/** Open every collapsed settings section, so their controls are on the page. */
async function openAllSections(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
  });
}

describe('presets', () => {
  it('the default preset shows 0 modified knobs on first load, and its name says TRL defaults', async () => {
    const page = await newPage();
    await openApp(page, server.url);
    // On a wide screen the settings are beside the charts: no Settings jump.
    expect(await page.getByTestId('settings-jump').isVisible()).toBe(false);
    const card = page.getByTestId('preset-card');
    await expect.poll(() => card.textContent()).toMatch(/TRL defaults/);
    expect(await card.textContent()).not.toMatch(/Modified/);
    expect(await page.evaluate(() => window.__grpo!.config().preset)).toBe('grpo-trl');
  });

  it('choosing a preset keeps the group size and learning rate the user set', async () => {
    const page = await newPage();
    await openApp(page, server.url, hashFor());
    await openAllSections(page);
    await setKnob(page, 'groupSize', '4');
    await setKnob(page, 'lr', '0.001');
    await expect.poll(() => page.evaluate(() => window.__grpo!.config().groupSize)).toBe(4);
    await page.locator('#preset-select').selectOption('dapo');
    await expect.poll(() => page.evaluate(() => window.__grpo!.config().preset)).toBe('dapo');
    const cfg = await page.evaluate(() => window.__grpo!.config());
    expect([cfg.groupSize, cfg.lr, cfg.objective.epsHigh, cfg.data.dynamicSampling]).toEqual([4, 0.001, 0.28, true]);
    expect(await page.locator('[data-knob="groupSize"] input').inputValue()).toBe('4');
    expect(await page.getByTestId('preset-card').textContent()).not.toMatch(/Modified/);
  });
});

describe('accessibility (axe-core)', () => {
  it('no serious or critical violation on the main view (after training) or in any dialog', async () => {
    const page = await newPage();
    await openApp(page, server.url, hashFor());
    await page.getByTestId('step').click();
    await waitStep(page, 1);
    await waitStatus(page, ['idle', 'paused']);
    await openAllSections(page);
    const found: string[] = [];
    const scan = async (where: string) => {
      const problems = await axeProblems(page);
      if (problems.length) found.push(`${where}:\n${describeProblems(problems)}`);
      // A <header> is a banner landmark unless it sits in sectioning content or a dialog.
      const banners = await page.evaluate(
        () =>
          [...document.querySelectorAll('header, [role="banner"]')].filter(
            (h) => h.getAttribute('role') === 'banner' || !h.parentElement?.closest('main, aside, article, section, nav, [role="dialog"]'),
          ).length,
      );
      if (banners !== 1) found.push(`${where}: ${banners} banner landmarks`);
    };
    await scan('main view');
    for (const [button, dialog] of [
      ['open-lessons', 'lessons-dialog'],
      ['open-scale', 'scale-dialog'],
      ['open-compare', 'compare-dialog'],
    ]) {
      await page.getByTestId(button).click();
      await page.getByTestId(dialog).waitFor();
      await scan(dialog);
      await page.keyboard.press('Escape');
      await page.getByTestId(dialog).waitFor({ state: 'detached' });
    }
    expect(found.join('\n'), logs.flat().join('\n')).toBe('');
  });
});

describe('phone (390 x 844)', () => {
  it('reaches the settings from the top, has no control under 24 px, and refuses "0x10" in a number field', async () => {
    const page = await newPage({ width: 390, height: 844 }, true);
    await openApp(page, server.url, hashFor());
    const jump = page.getByTestId('settings-jump');
    const box = await jump.boundingBox();
    expect(box && box.y + box.height <= 844, 'the Settings link is in the first screen').toBe(true);
    await jump.click();
    await expect
      .poll(() => page.evaluate(() => Math.abs(document.getElementById('settings')!.getBoundingClientRect().top)))
      .toBeLessThan(5);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('settings');

    await openAllSections(page);
    const small = await page.evaluate(() => {
      const out: string[] = [];
      const sel = 'button, a[href], input, select, textarea, summary, [role="button"], [role="switch"], [tabindex]:not([tabindex="-1"])';
      for (const el of document.querySelectorAll<HTMLElement>(sel)) {
        const r = el.getBoundingClientRect();
        const st = getComputedStyle(el);
        if ((r.width === 0 && r.height === 0) || st.visibility === 'hidden' || st.display === 'none') continue;
        if (r.width < 24 || r.height < 24)
          out.push(
            `${el.tagName.toLowerCase()}.${el.className} "${el.getAttribute('aria-label') ?? el.textContent?.slice(0, 24)}" ${Math.round(r.width)}x${Math.round(r.height)}`,
          );
      }
      return out;
    });
    expect(small).toEqual([]);

    const before = await page.evaluate(() => window.__grpo!.config().groupSize);
    await setKnob(page, 'groupSize', '0x10');
    await expect.poll(() => page.locator('[data-knob="groupSize"] input').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => window.__grpo!.config().groupSize)).toBe(before);
  });
});

describe('runs list', () => {
  it('names follow a preset switch, lesson runs sit under their lesson (collapsible), names and badges survive a reload', async () => {
    const page = await newPage();
    await openApp(page, server.url, hashFor());
    await page.getByTestId('step').click();
    await waitStep(page, 1);
    await waitStatus(page, ['idle', 'paused']);
    await page.locator('#preset-select').selectOption('dr-grpo');
    const rows = page.getByTestId('run-row');
    await expect.poll(() => rows.first().locator('.run-name').textContent()).toBe('dr-grpo · add · G4 · s1');
    await expect.poll(() => rows.first().locator('.badge-amber').count()).toBe(1);

    // A lesson (three variants in lockstep) trains one step, then a plain run starts: the lesson's runs fold away.
    const lesson = 'mc-grpo-small-groups';
    await page.goto(`${server.url}#v=1&lesson=${lesson}`);
    await expect.poll(() => page.evaluate(() => window.__grpo!.state().lesson)).toBe(lesson);
    await waitStatus(page, ['idle', 'paused']);
    await page.getByTestId('step').click();
    await expect
      .poll(
        () =>
          page.evaluate(() =>
            window
              .__grpo!.runs()
              .filter((r) => r.live)
              .map((r) => r.steps),
          ),
        { timeout: WAIT_MS },
      )
      .toEqual([1, 1, 1]);
    await waitStatus(page, ['idle', 'paused']);
    const group = page.locator(`[data-testid="run-group"][data-lesson="${lesson}"]`);
    await expect.poll(() => group.locator('.run-group-head').getAttribute('aria-expanded')).toBe('true');
    expect(await group.getByTestId('run-row').count()).toBe(3);

    await page.goto(`${server.url}#${hashFor({ seed: 2 })}`);
    await expect.poll(() => page.evaluate(() => window.__grpo!.state().lesson)).toBe(null);
    await waitStatus(page, ['idle', 'paused']);
    await expect.poll(() => group.locator('.run-group-head').getAttribute('aria-expanded')).toBe('false');
    expect(await group.getByTestId('run-row').count()).toBe(0);
    await group.locator('.run-group-head').click();
    expect(await group.getByTestId('run-row').count()).toBe(3);

    // After a reload the saved runs keep their names, the "edited" badge and their lesson group.
    await page.evaluate(() => window.__grpo!.flushPersist());
    await page.reload();
    await page.waitForFunction(() => window.__grpo !== undefined);
    await waitStatus(page, ['idle', 'paused']);
    const edited = page.locator('[data-testid="run-row"]', { hasText: 'dr-grpo · add · G4 · s1' });
    await expect.poll(() => edited.count()).toBe(1);
    expect(await edited.locator('.badge-amber').textContent()).toBe('edited');
    await expect.poll(() => group.count()).toBe(1);
    await group.locator('.run-group-head').click();
    expect(await group.getByTestId('run-row').count()).toBe(3);
  });
});

describe('model sizes', () => {
  // lr 1e-12 leaves the weights as loaded (far below float32 resolution), so the eval after step 1 is the shipped
  // policy's own: it must equal the manifest's spot check on the same held-out problems.
  it(
    'every size is selectable with "Shipped base policy" and trains from its shipped policy',
    async () => {
      const page = await newPage();
      const manifest = (await (await page.request.get(`${server.url}checkpoints/manifest.json`)).json()) as {
        checkpoints: CheckpointEntry[];
      };
      await openApp(page, server.url, hashFor({ init: 'checkpoint', modelSize: 'tiny', lr: 1e-12, evalEvery: 1, evalSize: 40 }));
      const size = page.locator('[data-knob="modelSize"] select');
      const options = await size
        .locator('option')
        .evaluateAll((os) => (os as HTMLOptionElement[]).map((o) => ({ value: o.value, disabled: o.disabled })));
      expect(options).toEqual(MODEL_SIZES.map((value) => ({ value, disabled: false })));
      for (const s of MODEL_SIZES) {
        const entry = manifest.checkpoints.find((c) => c.task === 'add' && c.size === s);
        expect(entry?.spotCheck, `add/${s} spot check in the manifest`).toBeDefined();
        expect(entry!.spotCheck!.problems).toBe(40);
        if ((await page.evaluate(() => window.__grpo!.config().modelSize)) !== s) {
          await size.selectOption(s);
          await page.getByTestId('reset').click();
        }
        await waitStatus(page, ['idle']);
        expect(await page.evaluate(() => window.__grpo!.config().modelSize)).toBe(s);
        await expect.poll(() => page.locator('[data-knob="init"]').textContent()).toContain(`Shipped add/${s}: pass@1`);
        const before = await page.evaluate(() => window.__grpo!.metrics().length);
        expect(before).toBe(0);
        await page.getByTestId('step').click();
        await waitStep(page, 1);
        const m = (await page.evaluate(() => window.__grpo!.metrics()))[0];
        const check = entry!.spotCheck!;
        expect(m['eval/pass@1'], `${s}: first eval vs the manifest`).toBe(check.pass1);
        for (const [id, acc] of Object.entries(check.perExpertPass1)) expect(m[`eval/expert/${id}/pass@1`], `${s} expert ${id}`).toBe(acc);
        expect(m['eval/best_expert_pass@1']).toBe(check.bestExpertPass1);
        await waitStatus(page, ['idle', 'paused']);
      }
    },
    TEST_MS,
  );
});
