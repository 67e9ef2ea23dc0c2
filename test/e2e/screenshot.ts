// Screenshot of the main screen with two overlaid runs: `npx tsx test/e2e/screenshot.ts [out.png] [steps]`.
// Run 1 trains GRPO for `steps` steps; a reset keeps it in the runs list, the Dr. GRPO preset is applied to the new
// run before its first step, and run 2 trains as long. Uses the shipped checkpoint when public/checkpoints has one
// for add/tiny, else random init. SHOT_WIDTH / SHOT_HEIGHT / SHOT_SCALE / SHOT_FULL=1 as before.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_CONFIG, parseConfig, mergeConfig } from '../../src/engine/config';
import { encodeState } from '../../src/share/url';
import { ROOT, collectLogs, ensureBuild, launch, openApp, servePreview, waitStatus, waitStep } from './harness';

const out = process.argv[2] ?? join(ROOT, 'docs/screenshot.png');
const steps = Number(process.argv[3] ?? 30);
const width = Number(process.env.SHOT_WIDTH ?? 1280);
const height = Number(process.env.SHOT_HEIGHT ?? 1200);
const hasCheckpoint = existsSync(join(ROOT, 'public/checkpoints/add-tiny.json'));

const config = parseConfig(
  mergeConfig(DEFAULT_CONFIG, {
    init: hasCheckpoint ? 'checkpoint' : 'random',
    modelSize: 'tiny',
    prompts: 6,
    groupSize: 9,
    evalEvery: 10,
    evalSize: 32,
    objective: { klCoef: 0.04 },
    experts: { enabled: true },
  }),
);

ensureBuild();
const server = await servePreview();
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: Number(process.env.SHOT_SCALE ?? 1) });
  const logs = collectLogs(page);
  await openApp(page, server.url, encodeState({ config, backend: 'wasm' }));
  const train = async () => {
    await page.getByTestId('play').click();
    await waitStep(page, steps);
    await page.getByTestId('play').click();
    await waitStatus(page, ['paused']);
  };
  await train();
  // A second run: reset keeps the first in the runs list; Dr. GRPO's knobs go to the new run before its first step.
  await page.getByTestId('reset').click();
  await waitStatus(page, ['idle']);
  await page.getByLabel('Variant preset').selectOption('dr-grpo');
  await train();
  // Show the inspector's variant comparison too.
  await page.getByLabel('Recompute the advantages with another variant').selectOption('grpo-trl');
  await page.waitForTimeout(2500);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: process.env.SHOT_FULL === '1' });
  console.log(`wrote ${out} (${width}x${height}, 2 runs x ${steps} steps, init ${config.init})`);
  if (logs.length) console.log(logs.join('\n'));
} finally {
  await browser.close();
  await server.close();
}
