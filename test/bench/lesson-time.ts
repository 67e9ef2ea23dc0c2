// npm run bench:lesson [-- --lesson zero-advantage]
// A browser benchmark, not a test: how long a lesson's step budget takes in the built app (headless Chromium, WASM
// backend, the lesson's own variants in lockstep), by the wall clock and by the CPU time Chromium used. The machine
// may be shared: the load average is printed beside the figures, and the CPU time gives an estimate for a quiet
// machine (CPU seconds / cores, bounded below by the busiest thread's CPU seconds).
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { LESSONS } from '../../src/share/lessons';
import { ensureBuild, launch, openApp, servePreview, waitStatus } from '../e2e/harness';

const { values } = parseArgs({ options: { lesson: { type: 'string', default: 'zero-advantage' } } });
const lesson = LESSONS.find((l) => l.id === values.lesson);
if (!lesson) throw new Error(`--lesson: no lesson "${values.lesson}" (${LESSONS.map((l) => l.id).join(', ')})`);
const steps = lesson.suggestedSteps;

const TICK = 100; // clock ticks per second of /proc/<pid>/stat (USER_HZ on Linux)

/** CPU seconds of each thread of a process, by thread id (a page's workers are threads of its renderer). */
function threadCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(t), (Number(f[11]) + Number(f[12])) / TICK);
    }
  } catch {
    /* the process ended meanwhile */
  }
  return out;
}

/** Per thread of every process below `root`: CPU seconds, keyed "pid/tid". */
function descendantThreadsCpu(root: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of descendantsCpu(root).keys()) for (const [tid, c] of threadCpu(pid)) out.set(`${pid}/${tid}`, c);
  return out;
}

/** CPU seconds (user + system) of every process below `root`, by pid. */
function descendantsCpu(root: number): Map<number, number> {
  const info = new Map<number, { ppid: number; cpu: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      info.set(Number(d), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / TICK });
    } catch {
      /* the process ended meanwhile */
    }
  }
  const out = new Map<number, number>();
  const walk = (pid: number) => {
    for (const [p, i] of info)
      if (i.ppid === pid && !out.has(p)) {
        out.set(p, i.cpu);
        walk(p);
      }
  };
  walk(root);
  return out;
}

async function main(): Promise<void> {
  ensureBuild();
  const served = await servePreview();
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await openApp(page, served.url, `v=1&lesson=${lesson!.id}`);
    const n = lesson!.variants?.length ?? 1;
    const cpu0 = descendantsCpu(process.pid);
    const threads0 = descendantThreadsCpu(process.pid);
    const load0 = loadavg()[0];
    const t0 = Date.now();
    // The lesson panel's own button trains the lesson's step budget.
    await page.getByTestId('lesson-train').click();
    // Polled every second, so the wall time is not rounded up to the poll (a 30 s poll once turned a 31 s run into
    // "60 s"); progress is printed every 30 s (a loaded machine can take many minutes).
    let printedAt = -Infinity;
    for (;;) {
      const s = await page.evaluate(() => ({ runs: window.__grpo!.runs().map((r) => r.steps), status: window.__grpo!.state().status }));
      const done = s.runs.length > 0 && s.runs.every((k) => k >= steps);
      if (done || Date.now() - printedAt >= 30_000) {
        printedAt = Date.now();
        const cpu = [...descendantsCpu(process.pid)].reduce((a, [pid, c]) => a + c - (cpu0.get(pid) ?? 0), 0);
        process.stderr.write(
          `  ${((Date.now() - t0) / 1000).toFixed(0)} s: steps ${s.runs.join('/')} status ${s.status}, Chromium CPU ${cpu.toFixed(0)} s\n`,
        );
      }
      if (done) break;
      await page.waitForTimeout(1_000);
    }
    await waitStatus(page, ['paused', 'idle', 'done'], 600_000);
    const wall = (Date.now() - t0) / 1000;
    const cpu1 = descendantsCpu(process.pid);
    const threads1 = descendantThreadsCpu(process.pid);
    const per = [...cpu1].map(([pid, c]) => c - (cpu0.get(pid) ?? 0)).filter((c) => c > 0);
    const total = per.reduce((a, b) => a + b, 0);
    // The busiest thread bounds the wall time from below: the variants train in parallel workers.
    const busiest = Math.max(0, ...[...threads1].map(([k, c]) => c - (threads0.get(k) ?? 0)));
    const runs = await page.evaluate(() => window.__grpo!.runs());
    const quiet = Math.max(busiest, total / cpus().length);
    console.log(
      `lesson ${lesson!.id}: ${steps} steps x ${n} variant(s) in lockstep (${runs.map((r) => `${r.name}: ${r.steps}`).join('; ')})`,
    );
    console.log(
      `wall ${wall.toFixed(0)} s; Chromium CPU ${total.toFixed(0)} s (busiest thread ${busiest.toFixed(0)} s); load average ${load0.toFixed(1)} -> ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`,
    );
    console.log(
      `quiet-machine estimate: ${quiet.toFixed(0)} s (max of the busiest thread's CPU time and total CPU / ${cpus().length} cores)`,
    );
  } finally {
    await browser.close();
    await served.close();
  }
}

main().catch((e) => {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
});
