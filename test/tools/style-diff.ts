// Did a CSS refactor change what the page looks like? `npx tsx test/tools/style-diff.ts <before-dir> [after-dir]`
// serves two test builds (VITE_TEST_HOOK=1; after defaults to a fresh dist-test/), brings each to the same states
// (main view after one step with every section open, each dialog, the phone layout), and compares the computed
// style of every element, matched by its path in the DOM. Prints the differences (none: the refactor is invisible)
// and writes screenshots of each state to scratch/style-diff/ to look at. Step-dependent text (numbers) changes
// sizes, so only properties that CSS rules set are compared, not the laid-out geometry.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, ensureBuild, hashFor, launch, openApp, servePreview, waitStatus, waitStep } from '../e2e/harness';

const [beforeDir, afterDir] = process.argv.slice(2);
if (!beforeDir) throw new Error('usage: tsx test/tools/style-diff.ts <before-dir> [after-dir]');
if (!afterDir) ensureBuild();
const out = join(ROOT, 'scratch/style-diff');
mkdirSync(out, { recursive: true });

/** Geometry follows the text and the data; these follow the rules. */
const SKIP = /^(width|height|inline-size|block-size|perspective-origin|transform-origin|d|x|y|r|rx|ry|cx|cy)$/;

type Styles = Record<string, Record<string, string>>;

/** In-page script (a string: tsx would wrap named functions in a helper the page does not have). */
const COLLECT = `(() => {
  const re = new RegExp(${JSON.stringify(SKIP.source)});
  const out = {};
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      const idx = e.parentElement ? [...e.parentElement.children].indexOf(e) : 0;
      const id = e.getAttribute('data-testid');
      parts.unshift(e.tagName.toLowerCase() + (id ? '[' + id + ']' : '') + '.' + [...e.classList].join('.') + ':' + idx);
    }
    return parts.join('>');
  };
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.recharts-wrapper svg, svg.chart-svg')) continue; // chart drawing follows the data
    const cs = getComputedStyle(el);
    const props = {};
    for (const name of cs) if (!re.test(name)) props[name] = cs.getPropertyValue(name);
    out[path(el)] = props;
  }
  return out;
})()`;

async function styles(page: Page): Promise<Styles> {
  return (await page.evaluate(COLLECT)) as Styles;
}

interface State {
  name: string;
  /** Open this dialog (button test id, dialog test id), capture, close it again. */
  dialog?: [string, string];
  /** Capture at this viewport (the phone layout). */
  viewport?: { width: number; height: number };
}
const STATES: State[] = [
  { name: 'main' },
  { name: 'lessons', dialog: ['open-lessons', 'lessons-dialog'] },
  { name: 'scale', dialog: ['open-scale', 'scale-dialog'] },
  { name: 'compare', dialog: ['open-compare', 'compare-dialog'] },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

/** One page per build (loading the app is the slow part): one step, every section open, then each state in turn. */
async function capture(url: string, tag: string): Promise<Record<string, Styles>> {
  const browser = await launch();
  const result: Record<string, Styles> = {};
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await openApp(page, url, hashFor());
    await page.getByTestId('step').click();
    await waitStep(page, 1);
    await waitStatus(page, ['idle', 'paused']);
    await page.evaluate("for (const d of document.querySelectorAll('details')) d.open = true");
    for (const st of STATES) {
      if (st.viewport) await page.setViewportSize(st.viewport);
      if (st.dialog) {
        await page.getByTestId(st.dialog[0]).click();
        await page.getByTestId(st.dialog[1]).waitFor();
      }
      await page.waitForTimeout(300);
      result[st.name] = await styles(page);
      await page.screenshot({ path: join(out, `${st.name}-${tag}.png`) });
      if (st.dialog) {
        await page.keyboard.press('Escape');
        await page.getByTestId(st.dialog[1]).waitFor({ state: 'detached' });
      }
    }
  } finally {
    await browser.close();
  }
  return result;
}

const before = await servePreview(beforeDir);
const after = await servePreview(afterDir);
try {
  // The before build rarely changes between tries: STYLE_DIFF_REUSE=1 reads its last capture back.
  const cached = join(out, 'before.json');
  const a =
    process.env.STYLE_DIFF_REUSE && existsSync(cached)
      ? (JSON.parse(readFileSync(cached, 'utf8')) as Record<string, Styles>)
      : await capture(before.url, 'before');
  writeFileSync(cached, JSON.stringify(a));
  const b = await capture(after.url, 'after');
  let diffs = 0;
  let compared = 0;
  for (const st of STATES) {
    const x = a[st.name];
    const y = b[st.name];
    const onlyOne = Object.keys(x).filter((k) => !(k in y)).length + Object.keys(y).filter((k) => !(k in x)).length;
    if (onlyOne) console.log(`${st.name}: ${onlyOne} elements in only one build (data-dependent content)`);
    for (const [el, props] of Object.entries(x)) {
      const other = y[el];
      if (!other) continue;
      compared++;
      for (const [p, v] of Object.entries(props)) {
        if (other[p] !== v) {
          diffs++;
          if (diffs <= 400) console.log(`${st.name} ${el.slice(-140)}\n    ${p}: ${v} -> ${other[p]}`);
        }
      }
    }
  }
  console.log(`compared ${compared} elements over ${STATES.length} states: ${diffs} property differences; screenshots in ${out}`);
} finally {
  await before.close();
  await after.close();
}
