// npm run bench:ui [-- --seconds 30 --sizes nano,tiny --rounds 1 --against dist-before --threads 1,2]
// A browser benchmark, not a test: the built app in headless Chromium trains at full speed (no delay between
// steps) and we measure what the page's main thread does meanwhile, per model size:
//   long tasks per minute (PerformanceObserver 'longtask', > 50 ms), the longest one,
//   main-thread busy share (Chrome's TaskDuration over wall time, from the DevTools protocol),
//   steps per second, and chart renders per arriving step (per chart, from the page's render counter).
// Figures depend on the machine and on what else runs on it: it prints the load average beside them. With
// --against <folder> (another test build of the app, e.g. `git stash; VITE_TEST_HOOK=1 npx vite build --outDir dist-before`), the two
// builds are measured in alternation in one run (same machine state, side by side) and the ratios are printed.
// With --threads 1,2 (WASM thread counts, or auto), each count is a "build" of its own: the same app opened with
// that count in its link (`t`), alternated the same way; the table says the count each run really used.
import { parseArgs } from 'node:util';
import { loadavg, cpus } from 'node:os';
import type { Page } from 'playwright-core';
import { DEFAULT_CONFIG, MODEL_SIZES, mergeConfig, parseConfig } from '../../src/engine/config';
import { formatInterval, meanInterval, pairedDifference } from '../../src/engine/stats/interval';
import { MAX_THREADS, parseThreadsPref, type ThreadsPref } from '../../src/engine/threads';
import { encodeState } from '../../src/share/url';
import { ensureBuild, launch, openApp, servePreview, waitStep } from '../e2e/harness';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    sizes: { type: 'string', default: 'nano,tiny' },
    'warm-up': { type: 'string', default: '3' },
    rounds: { type: 'string', default: '1' },
    against: { type: 'string' },
    threads: { type: 'string', default: 'auto' },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const warmUp = Number(values['warm-up']);
const sizes = values.sizes!.split(',').map((s) => s.trim());
for (const s of sizes)
  if (!(MODEL_SIZES as readonly string[]).includes(s)) throw new Error(`--sizes: unknown size "${s}" (${MODEL_SIZES.join(', ')})`);
if (!(seconds > 0)) throw new Error('--seconds must be a positive number');
const threadPrefs = values.threads!.split(',').map((t) => {
  const p = parseThreadsPref(t.trim());
  if (p === null) throw new Error(`--threads: "${t}" is not auto or a whole number 1..${MAX_THREADS}`);
  return p;
});

interface Figures {
  build: string;
  size: string;
  /** Threads the worker reported (BackendInfo.threads). */
  threads: number;
  seconds: number;
  steps: number;
  longTasks: number;
  longestMs: number;
  busyShare: number;
  rendersPerStep: number;
  maxRendersPerStep: number;
  load: number;
}

async function taskSeconds(
  page: Page,
  cdp: { send(m: 'Performance.getMetrics'): Promise<{ metrics: Array<{ name: string; value: number }> }> },
): Promise<number> {
  void page;
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

async function measure(build: string, size: string, url: string, threads: ThreadsPref): Promise<Figures> {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    // The default run, at this size, from random weights (not every size ships a base policy).
    const config = parseConfig(mergeConfig(DEFAULT_CONFIG, { modelSize: size as never, init: 'random' }));
    await openApp(page, url, encodeState({ config, backend: 'wasm', threads }));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.getByTestId('play').click();
    await waitStep(page, warmUp, 300_000);
    await page.evaluate(`(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    })()`);
    const steps0 = await page.evaluate(() => window.__grpo!.metrics().length);
    const renders0 = await page.evaluate(() => window.__grpo!.chartRenders?.() ?? {});
    const busy0 = await taskSeconds(page, cdp);
    const t0 = Date.now();
    await page.waitForTimeout(seconds * 1000);
    const wall = (Date.now() - t0) / 1000;
    const busy1 = await taskSeconds(page, cdp);
    const steps1 = await page.evaluate(() => window.__grpo!.metrics().length);
    const renders1 = await page.evaluate(() => window.__grpo!.chartRenders?.() ?? {});
    const tasks = (await page.evaluate('window.__longTasks')) as number[];
    await page.getByTestId('play').click();
    const used = (await page.evaluate(() => window.__grpo!.backend()?.threads)) ?? 1;
    const steps = steps1 - steps0;
    const perChart = Object.keys(renders1).map((k) => (renders1[k] - (renders0[k] ?? 0)) / Math.max(steps, 1));
    return {
      build,
      size,
      threads: used,
      seconds: wall,
      steps,
      longTasks: (tasks.length / wall) * 60,
      longestMs: Math.max(0, ...tasks),
      busyShare: (busy1 - busy0) / wall,
      rendersPerStep: perChart.reduce((a, b) => a + b, 0) / Math.max(perChart.length, 1),
      maxRendersPerStep: Math.max(0, ...perChart),
      load: loadavg()[0],
    };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  ensureBuild();
  const served: Array<{ name: string; url: string; close(): Promise<void> }> = [];
  served.push({ name: 'dist-test', ...(await servePreview()) });
  if (values.against) served.push({ name: values.against, ...(await servePreview(values.against)) });
  // Every (build, thread count) pair is measured as a build of its own.
  const builds = served.flatMap((b) =>
    threadPrefs.map((t) => ({ ...b, threads: t, name: threadPrefs.length > 1 ? `${b.name} t=${t}` : b.name })),
  );
  const rows: Figures[] = [];
  try {
    // Alternate builds inside each round so that both see the same machine load.
    for (let r = 0; r < rounds; r++)
      for (const size of sizes)
        for (const b of r % 2 ? [...builds].reverse() : builds) rows.push(await measure(b.name, size, b.url, b.threads));
  } finally {
    for (const b of served) await b.close();
  }
  console.log(
    `UI benchmark: ${seconds} s of training per size after ${warmUp} warm-up steps, WASM backend, ${cpus().length} CPUs, ${rounds} round(s)`,
  );
  console.log(
    'build            threads size   steps/s  long tasks/min  longest ms  main-thread busy  chart renders/step (mean, max)  load avg',
  );
  for (const r of rows) {
    console.log(
      `${r.build.padEnd(16)} ${String(r.threads).padStart(7)} ${r.size.padEnd(6)} ${(r.steps / r.seconds).toFixed(2).padStart(7)}  ${r.longTasks.toFixed(1).padStart(14)}  ${r.longestMs.toFixed(0).padStart(10)}  ${(r.busyShare * 100).toFixed(1).padStart(15)}%  ${r.rendersPerStep.toFixed(2).padStart(19)}, ${r.maxRendersPerStep.toFixed(2).padEnd(10)}  ${r.load.toFixed(1).padStart(8)}`,
    );
  }
  if (builds.length === 2) {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
    for (const size of sizes) {
      const pick = (b: string, f: (r: Figures) => number) => mean(rows.filter((r) => r.build === b && r.size === size).map(f));
      const [x, y] = builds.map((b) => b.name);
      const ratio = (f: (r: Figures) => number) => (pick(y, f) > 0 ? (pick(x, f) / pick(y, f)).toFixed(2) : 'n/a');
      console.log(
        `${size}: ${x} / ${y}: long tasks/min ${ratio((r) => r.longTasks)}, main-thread busy ${ratio((r) => r.busyShare)}, steps/s ${ratio((r) => r.steps / r.seconds)}, renders/step ${ratio((r) => r.rendersPerStep)}`,
      );
      // Rounds are alternated pairs: per-round figures, paired (a 95% interval once there are 2+ rounds).
      const per = (b: string, f: (r: Figures) => number) => rows.filter((r) => r.build === b && r.size === size).map(f);
      const logRatio = meanInterval(
        per(x, (r) => Math.log(r.steps / r.seconds)).map((v, i) => v - Math.log(per(y, (r) => r.steps / r.seconds)[i])),
      );
      const band = Number.isFinite(logRatio.halfWidth)
        ? ` [${Math.exp(logRatio.low).toFixed(2)}, ${Math.exp(logRatio.high).toFixed(2)}]`
        : '';
      const busy = pairedDifference(
        per(y, (r) => r.busyShare * 100),
        per(x, (r) => r.busyShare * 100),
      );
      const longs = pairedDifference(
        per(y, (r) => r.longTasks),
        per(x, (r) => r.longTasks),
      );
      console.log(
        `  paired over ${logRatio.n} round(s): steps/s ratio ${Math.exp(logRatio.mean).toFixed(2)}${band}; busy ${x} - ${y} ${formatInterval(busy, 1)} points; long tasks/min ${formatInterval(longs, 1)}`,
      );
    }
  }
}

main().catch((e) => {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
});
