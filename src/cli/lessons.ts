// npm run lessons -- [--seeds 1-5 (default: each lesson's evidenceSeeds, else 1-5)] [--only mc-grpo-small-groups,...] [--steps n] [--out docs/lessons-evidence.json]
// The lesson checker: runs every lesson's variants paired on K seeds (common random numbers within a seed) at the
// lesson's step budget, headless, prints one table row per claim (lesson, claim, metric, each variant's mean ± 95%
// interval, paired difference ± interval, verdict) and writes the evidence file the lesson texts quote. Lessons
// not run this time keep their previous entry in the file (so the checker can run lesson by lesson).
// A benchmark-style command: not part of npm test.
import { parseArgs } from 'node:util';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { initBackend } from '../engine/backend';
import { runSeedComparison, summarize, claimVerdict } from '../engine/seeds';
import { formatInterval } from '../engine/stats/interval';
import { LESSONS, type Lesson } from '../share/lessons';
import {
  EVIDENCE_FORMAT,
  intervalFigures,
  parseEvidenceFile,
  quoteClaim,
  type ClaimEvidence,
  type EvidenceFile,
  type LessonEvidence,
} from '../share/lesson-evidence';
import { shippedWeightsCache } from './checkpoint-files';
import { fail, intFlag, joinNegativeValues, runMain } from './args';
import { parseSeeds } from './sweep';

export async function checkLesson(
  lesson: Lesson,
  seeds: number[],
  steps: number,
  backend: string,
  log: (s: string) => void,
): Promise<LessonEvidence> {
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  const variants = lesson.variants?.length ? lesson.variants : [{ name: 'run', patch: {} }];
  let done = 0;
  const total = seeds.length * variants.length;
  const result = await runSeedComparison({
    base: lesson.config,
    variants,
    seeds,
    steps,
    earlyStopEvery: 4,
    initialWeights: shippedWeightsCache(),
    onStep: ({ seed, variant, step }) => {
      if (step !== steps) return;
      done++;
      // The final eval is added after this callback when the last step was not an eval step; the claims table has it.
      log(`  ${lesson.id}: ${variants[variant].name} seed ${seed} (${done}/${total}, ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    },
  });
  const claims: ClaimEvidence[] = (lesson.claims ?? []).map((c) => {
    const s = summarize(result, c.metric);
    return {
      metric: c.metric,
      reduce: s.reduce,
      variant: c.variant,
      variantName: variants[c.variant].name,
      referenceName: variants[0].name,
      direction: c.direction,
      headline: c.headline ?? false,
      text: c.text,
      perVariant: s.perVariant.map((v) => ({
        name: v.name,
        mean: v.interval.mean,
        halfWidth: v.interval.halfWidth,
        n: v.interval.n,
        values: v.values,
      })),
      diff: intervalFigures(s.diffs[c.variant - 1].interval),
      verdict: claimVerdict(s, c.variant, c.direction),
    };
  });
  const cpu = process.cpuUsage(cpu0);
  return {
    seeds,
    steps,
    backend,
    seconds: Math.round((Date.now() - t0) / 1000),
    // On a shared machine the wall time says little; CPU time and load tell what a quiet machine would take.
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e6),
    loadAverage: Number(loadavg()[0].toFixed(1)),
    measuredAt: new Date().toISOString(),
    claims,
  };
}

export function formatTable(id: string, e: LessonEvidence): string[] {
  return e.claims.map((c) => {
    const per = c.perVariant.map((v) => `${v.name} ${formatInterval({ ...v, sd: NaN, low: NaN, high: NaN, level: 0.95 })}`).join(' | ');
    return `${c.headline ? '*' : ' '} ${id} | ${c.text} | ${c.metric} | ${per} | diff ${formatInterval({ ...c.diff, sd: NaN, level: 0.95 })} | ${c.verdict}`;
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: joinNegativeValues(process.argv.slice(2)),
    options: {
      seeds: { type: 'string' },
      only: { type: 'string' },
      steps: { type: 'string' },
      out: { type: 'string', default: 'docs/lessons-evidence.json' },
    },
    strict: true,
  });
  // --seeds applies to every lesson; without it each lesson runs seeds 1..its evidenceSeeds (5 unless it says more).
  const seedsFlag = values.seeds === undefined ? undefined : parseSeeds(values.seeds);
  const seedsOf = (l: Lesson) => seedsFlag ?? parseSeeds(`1-${l.evidenceSeeds ?? 5}`);
  const only = values.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of only ?? [])
    if (!LESSONS.some((l) => l.id === id)) fail(`--only: no lesson "${id}" (lessons: ${LESSONS.map((l) => l.id).join(', ')})`);
  const stepsOverride = intFlag('steps', values.steps, 1, 10000);
  const out = resolve(values.out!);
  let file: EvidenceFile = { format: EVIDENCE_FORMAT, lessons: {} };
  if (existsSync(out)) {
    try {
      file = parseEvidenceFile(readFileSync(out, 'utf8'));
    } catch (e) {
      fail(`${out}: ${(e as Error).message} (move it away to start a new file)`);
    }
  }
  const info = await initBackend('wasm');
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const chosen = LESSONS.filter((l) => (only ? only.includes(l.id) : true));
  const lessons = chosen.filter((l) => l.claims?.length);
  // A lesson without claims has nothing to check; say so rather than leave it silently out of the table.
  for (const l of chosen) if (!l.claims?.length) log(`lessons: ${l.id} has no claims: not checked`);
  log(
    `lessons: ${lessons.length} lesson(s) x ${seedsFlag ? seedsFlag.length : "5 (or the lesson's own count of)"} seeds on ${info.backend}${stepsOverride ? `, ${stepsOverride} steps each (override)` : ''}`,
  );
  const t0 = Date.now();
  const cost: string[] = [];
  let cpuTotal = 0;
  for (const lesson of lessons) {
    const e = await checkLesson(lesson, seedsOf(lesson), stepsOverride ?? lesson.suggestedSteps, info.backend, log);
    file.lessons[lesson.id] = e;
    // Written after every lesson: a long check that is stopped keeps what it measured.
    writeFileSync(out, `${JSON.stringify(file, null, 1)}\n`);
    for (const line of formatTable(lesson.id, e)) console.log(line);
    for (const c of e.claims) console.log(`    [measured: ${quoteClaim(c)}]`);
    cpuTotal += e.cpuSeconds ?? 0;
    cost.push(`  ${lesson.id}: ${e.seconds} s wall, ${e.cpuSeconds} s CPU (load ${e.loadAverage})`);
  }
  // The budget: all lessons must fit about 20 CPU minutes (issue 10), so every run prints what each one cost.
  console.log(`cost per lesson:\n${cost.join('\n')}\n  total: ${cpuTotal} s CPU`);
  log(`wrote ${out} (${((Date.now() - t0) / 60000).toFixed(1)} min)`);
}

if (process.argv[1] && /lessons\.ts$/.test(process.argv[1])) runMain(main);
