// Kernels per training step on WebGPU, counted in headless Chromium on its software adapter (SwiftShader; Node's
// WebGPU is too slow here, docs/performance.md). Serves test/bench/webgpu/ with Vite's dev server, runs the
// standard step once per side there (main's code path and this branch) and prints the counts per phase.
// Run: npm run bench -- --backend webgpu --size nano
//  or: npx tsx test/bench/webgpu-kernels.ts nano webgpu fast [sequence] [switch,switch] [N]   (one side;
//      `sequence` prints launch order; then switches the fast side leaves off; then N further steps whose memory
//      is printed; an empty string skips an argument;
//      PAGE_LOGS=1 prints the page console, where WebGPU validation errors appear)
import { createServer } from 'vite';
import { join } from 'node:path';
import { collectLogs, freePort, launch, ROOT } from '../e2e/harness';
import { formatKernelCount, formatPhaseKernels } from './kernel-count';
import type { PageResult } from './webgpu/page';

export async function webgpuKernels(size: string, backend = 'webgpu', sides = 'main,fast', without = '', memory = 0): Promise<PageResult> {
  const port = await freePort();
  const server = await createServer({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    server: { port, strictPort: true, host: '127.0.0.1', hmr: false },
  });
  await server.listen();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const logs = collectLogs(page);
    await page.goto(
      `http://127.0.0.1:${port}/test/bench/webgpu/index.html?size=${size}&backend=${backend}&sides=${sides}&without=${without}&memory=${memory}`,
      {
        waitUntil: 'commit',
      },
    );
    await page.waitForFunction(() => window.__kernels !== undefined, null, { timeout: 120_000, polling: 200 });
    try {
      const r = await page.evaluate(() => window.__kernels!);
      if (process.env.PAGE_LOGS) console.log(logs.join('\n'));
      return r;
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${logs.join('\n')}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

/** `sequence`: also print each phase's kernels in launch order (where to look for the next fusion). */
export function printPageResult(r: PageResult, sequence = false): void {
  console.log(`backend ${r.backend} in headless Chromium (${r.reason})`);
  for (const [name, d] of Object.entries(r.diffs))
    console.log(
      `fused vs op chain, max |diff| of ${name}: ${d.map((v) => (Number.isInteger(v) ? String(v) : v.toExponential(1))).join(', ')}`,
    );
  console.log(`WebGPU validation errors during the checks: ${r.checksValidation}`);
  for (const s of r.sides) {
    console.log(`${formatKernelCount(s.name, s.count)}\n    ${s.dispatches} GPU dispatches (step took ${(s.ms / 1000).toFixed(1)} s)`);
    console.log(`  WebGPU validation errors in the step: ${s.validation}`);
    console.log(formatPhaseKernels(s.count, sequence));
    if (s.memory.length) console.log(`  after each further step, backend bytes and tensors: ${s.memory.join(', ')} (flat = nothing leaks)`);
    const m = s.count.metrics;
    const shown = ['loss', 'grad_norm', 'entropy', 'kl', 'reward', 'completions/mean_length'].filter((k) => k in m);
    console.log(`  step metrics: ${shown.map((k) => `${k} ${m[k].toPrecision(6)}`).join(', ')}`);
  }
  if (r.sides.length === 2) console.log(`kernels per step on ${r.backend}: main ${r.sides[0].count.total}, fast ${r.sides[1].count.total}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [size = 'nano', backend = 'webgpu', sides = 'main,fast', sequence = '', without = '', memory = '0'] = process.argv.slice(2);
  printPageResult(await webgpuKernels(size, backend, sides, without, Number(memory)), sequence === 'sequence');
}
