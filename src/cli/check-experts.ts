// npm run check:experts -- [--suite countdown|countdown-80|add|...] [--seeds 1,2,3,4,5] [--arms a,b] [--steps N] [--eval-at 0,30,50] [--results file.ndjson] [--init ck.json] [--report]
// The evidence behind the experts lesson (issue 9): each arm of a suite runs on every seed with common random
// numbers (same seed => same prompts and the same held-out problems for every arm), one JSON line per finished
// run is appended to the results file (so a long check can be resumed or split over processes), and the table
// prints each arm's mean ± 95% interval and the paired difference to the reference arm with its interval.
import { parseArgs } from 'node:util';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { initBackend } from '../engine/backend';
import { mergeConfig, parseConfig, type RunConfigInput } from '../engine/config';
import { Trainer } from '../engine/rl/trainer';
import { formatInterval, meanInterval, pairedDifference, verdict } from '../engine/stats/interval';
import { EXPERT_SUITES, type ExpertClaim, type ExpertSuite } from '../share/experts-evidence';
import { LESSONS, type Lesson } from '../share/lessons';
import {
  EVIDENCE_FORMAT,
  intervalFigures,
  parseEvidenceFile,
  quoteClaim,
  type EvidenceFile,
  type LessonEvidence,
} from '../share/lesson-evidence';
import { defaultReduce } from '../engine/seeds';
import { loadCheckpointFile, loadShippedCheckpoint } from './checkpoint-files';
import { choiceFlag, fail, intFlag, joinNegativeValues, runMain } from './args';

export interface RunResult {
  suite: string;
  arm: string;
  seed: number;
  steps: number;
  /** Means over the training steps, and the final greedy eval. */
  metrics: Record<string, number>;
  seconds: number;
  /** The checkpoint file the run started from, when not the shipped base policy (`--init`). */
  init?: string;
}

const STEP_MEANS = ['adv/zero_frac', 'frac_groups_all_wrong', 'frac_reward_zero_std', 'aux_loss'];

async function runArm(
  suite: ExpertSuite,
  arm: string,
  patch: RunConfigInput,
  seed: number,
  steps: number,
  evalAt: readonly number[] = [],
  initPath?: string,
): Promise<RunResult> {
  // Resolved as the lesson resolves its variants (the patch over the lesson's config, which is the suite's config over
  // the lessons' shared settings); only the intermediate evals are dropped (greedy, they draw no random numbers).
  const base = LESSONS.find((l) => l.id === suite.lesson)?.config ?? suite.config;
  const config = parseConfig(mergeConfig(mergeConfig(base, patch), { seed, evalEvery: 0 }));
  const init = initPath ? loadCheckpointFile(initPath) : loadShippedCheckpoint(config.task, config.modelSize);
  const trainer = new Trainer({ config, initialWeights: init.values, earlyStopEvery: 4 });
  const t0 = Date.now();
  const sums: Record<string, number> = {};
  // Greedy evals part-way (`--eval-at`) draw no random numbers, so they leave the run itself unchanged.
  const partway: Record<string, number> = {};
  if (evalAt.includes(0)) for (const [k, v] of Object.entries(await trainer.evaluate())) if (k.startsWith('eval/')) partway[`${k}@0`] = v;
  for (let s = 0; s < steps; s++) {
    const { metrics } = await trainer.trainStep();
    for (const k of STEP_MEANS) sums[k] = (sums[k] ?? 0) + (metrics[k] ?? 0);
    for (const [k, v] of Object.entries(metrics)) if (k.startsWith('expert/') && k.endsWith('/accuracy')) sums[k] = (sums[k] ?? 0) + v;
    if (evalAt.includes(s + 1) && s + 1 < steps)
      for (const [k, v] of Object.entries(await trainer.evaluate())) if (k.startsWith('eval/')) partway[`${k}@${s + 1}`] = v;
  }
  const evalMetrics = await trainer.evaluate();
  trainer.dispose();
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(sums)) metrics[k] = v / steps;
  Object.assign(metrics, evalMetrics, partway);
  return { suite: suite.id, arm, seed, steps, metrics, seconds: (Date.now() - t0) / 1000, ...(initPath ? { init: initPath } : {}) };
}

export function readResults(path: string): RunResult[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RunResult);
}

/** The table: per claim, each arm's mean ± interval and the paired difference to the reference arm. */
export function report(suite: ExpertSuite, results: RunResult[], steps: number): string {
  const mine = results.filter((r) => r.suite === suite.id && r.steps === steps);
  const seedsOf = (arm: string) => new Map(mine.filter((r) => r.arm === arm).map((r) => [r.seed, r]));
  const ref = seedsOf(suite.reference);
  const lines: string[] = [`suite ${suite.id}: ${steps} steps, reference arm "${suite.reference}"`];
  const metrics = [...new Set(suite.claims.map((c) => c.metric).concat(suite.extraMetrics))];
  for (const metric of metrics) {
    lines.push(`  ${metric}`);
    for (const arm of suite.arms.map((a) => a.name)) {
      const runs = seedsOf(arm);
      const seeds = [...runs.keys()].filter((s) => ref.has(s)).sort((a, b) => a - b);
      if (seeds.length === 0) continue;
      const values = seeds.map((s) => runs.get(s)!.metrics[metric] ?? NaN);
      const own = meanInterval(values);
      let line = `    ${arm.padEnd(28)} ${formatInterval(own).padEnd(16)} (seeds ${seeds.join(',')})`;
      if (arm !== suite.reference) {
        const diff = pairedDifference(
          seeds.map((s) => ref.get(s)!.metrics[metric] ?? NaN),
          values,
        );
        const claim = suite.claims.find((c) => c.metric === metric && c.arm === arm);
        line += `  diff vs ${suite.reference}: ${formatInterval(diff)}  [${diff.low.toFixed(3)}, ${diff.high.toFixed(3)}]`;
        if (claim) line += `  claim ${claim.direction}: ${verdict(diff, claim.direction)}`;
      }
      lines.push(line);
    }
  }
  for (const c of suite.thresholds ?? []) {
    const runs = [...seedsOf(c.arm).values()];
    const values = runs.map((r) => r.metrics[c.metric] ?? NaN);
    lines.push(
      `  ${c.arm} ${c.metric} >= ${c.atLeast} on every seed: ${values.length && values.every((v) => v >= c.atLeast) ? 'yes' : 'no'} (min ${Math.min(...values).toFixed(3)})`,
    );
  }
  return lines.join('\n');
}

export function claimVerdicts(suite: ExpertSuite, results: RunResult[], steps: number): Array<ExpertClaim & { verdict: string }> {
  const mine = results.filter((r) => r.suite === suite.id && r.steps === steps);
  const by = (arm: string) => new Map(mine.filter((r) => r.arm === arm).map((r) => [r.seed, r]));
  const ref = by(suite.reference);
  return suite.claims.map((c) => {
    const runs = by(c.arm);
    const seeds = [...runs.keys()].filter((s) => ref.has(s));
    const diff = pairedDifference(
      seeds.map((s) => ref.get(s)!.metrics[c.metric]),
      seeds.map((s) => runs.get(s)!.metrics[c.metric]),
    );
    return { ...c, verdict: verdict(diff, c.direction) };
  });
}

/**
 * The lesson's entry of docs/lessons-evidence.json, computed from this suite's runs: the lesson's variants are arms of
 * the suite (same names, same patches over the same config), so the runs are the lesson's runs with the lesson's
 * step budget (`npm run lessons` would run them in one process, without resuming; this runs them split and resumable).
 * Only seeds on which every variant finished count; null until there are at least `minSeeds` of them.
 */
export function lessonEvidence(
  lesson: Lesson,
  suite: ExpertSuite,
  results: RunResult[],
  steps: number,
  minSeeds = 5,
): LessonEvidence | null {
  const variants = lesson.variants ?? [];
  for (const v of variants)
    if (!suite.arms.some((a) => a.name === v.name))
      throw new Error(`lesson ${lesson.id}: variant "${v.name}" is not an arm of suite ${suite.id}`);
  const mine = results.filter((r) => r.suite === suite.id && r.steps === steps);
  const runOf = (arm: string, seed: number) => mine.find((r) => r.arm === arm && r.seed === seed);
  const seeds = [...new Set(mine.map((r) => r.seed))].filter((s) => variants.every((v) => runOf(v.name, s))).sort((a, b) => a - b);
  if (seeds.length < minSeeds) return null;
  const claims = (lesson.claims ?? []).map((c) => {
    const perVariant = variants.map((v) => {
      const values = seeds.map((s) => runOf(v.name, s)!.metrics[c.metric] ?? NaN);
      const iv = meanInterval(values);
      return { name: v.name, mean: iv.mean, halfWidth: iv.halfWidth, n: iv.n, values };
    });
    const diff = pairedDifference(perVariant[0].values, perVariant[c.variant].values);
    return {
      metric: c.metric,
      reduce: defaultReduce(c.metric),
      variant: c.variant,
      variantName: variants[c.variant].name,
      referenceName: variants[0].name,
      direction: c.direction,
      headline: c.headline ?? false,
      text: c.text,
      perVariant,
      diff: intervalFigures(diff),
      verdict: verdict(diff, c.direction),
    };
  });
  const used = mine.filter((r) => seeds.includes(r.seed) && variants.some((v) => v.name === r.arm));
  return {
    seeds,
    steps,
    backend: 'wasm',
    seconds: Math.round(used.reduce((a, r) => a + r.seconds, 0)),
    measuredAt: new Date().toISOString(),
    claims,
  };
}

/** Write (or replace) the lesson's entry in the evidence file; other lessons' entries are kept as they are. */
function writeLessonEvidence(path: string, id: string, e: LessonEvidence): void {
  let file: EvidenceFile = { format: EVIDENCE_FORMAT, lessons: {} };
  if (existsSync(path)) {
    try {
      file = parseEvidenceFile(readFileSync(path, 'utf8'));
    } catch (err) {
      fail(`${path}: ${(err as Error).message} (not overwritten)`);
    }
  }
  file.lessons[id] = e;
  writeFileSync(path, `${JSON.stringify(file, null, 1)}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: joinNegativeValues(process.argv.slice(2)),
    options: {
      suite: { type: 'string', default: 'countdown' },
      seeds: { type: 'string', default: '1,2,3,4,5' },
      arms: { type: 'string' },
      steps: { type: 'string' },
      results: { type: 'string', default: 'docs/experts-evidence.ndjson' },
      report: { type: 'boolean', default: false },
      // Steps after which a greedy eval is also recorded (metric names get "@step"; 0: before training), e.g. 0,30,50.
      'eval-at': { type: 'string', default: '' },
      // Where the suite's lesson (if it has one) gets its entry, once every variant has at least 5 seeds.
      evidence: { type: 'string', default: 'docs/lessons-evidence.json' },
      // Start every arm from this checkpoint file instead of the shipped base policy (trying a candidate policy; the
      // lesson's evidence entry is then not written, since the lesson starts from the shipped one).
      init: { type: 'string' },
    },
    strict: true,
  });
  const suite = EXPERT_SUITES[choiceFlag('suite', values.suite, Object.keys(EXPERT_SUITES))!];
  const steps = intFlag('steps', values.steps, 1, 10000) ?? suite.steps;
  const seeds = values.seeds!.split(',').map((s) => intFlag('seeds', s.trim(), 0, 2 ** 31 - 1)!);
  const arms = values.arms ? values.arms.split(',').map((a) => a.trim()) : suite.arms.map((a) => a.name);
  for (const a of arms)
    if (!suite.arms.some((x) => x.name === a))
      fail(`unknown arm "${a}" in suite ${suite.id} (${suite.arms.map((x) => x.name).join(', ')})`);
  const evalAt = values['eval-at']!.split(',')
    .filter((s) => s.trim())
    .map((s) => intFlag('eval-at', s.trim(), 0, steps)!);
  const path = values.results!;
  if (!values.report) {
    const info = await initBackend('wasm');
    if (info.backend !== 'wasm') fail(`check:experts needs the wasm backend (got ${info.backend})`);
    const done = readResults(path);
    for (const seed of seeds) {
      for (const arm of arms.map((name) => suite.arms.find((a) => a.name === name)!)) {
        if (done.some((r) => r.suite === suite.id && r.arm === arm.name && r.seed === seed && r.steps === steps && r.init === values.init))
          continue;
        const r = await runArm(suite, arm.name, arm.patch, seed, steps, evalAt, values.init);
        appendFileSync(path, `${JSON.stringify(r)}\n`);
        console.log(
          `${suite.id} ${arm.name} seed ${seed}: ${Object.entries(r.metrics)
            .filter(([k]) => k.startsWith('eval/') || STEP_MEANS.includes(k))
            .map(([k, v]) => `${k} ${v.toFixed(3)}`)
            .join('  ')} (${r.seconds.toFixed(0)} s)`,
        );
      }
    }
  }
  const results = readResults(path);
  console.log(report(suite, results, steps));
  const lesson = LESSONS.find((l) => l.id === suite.lesson);
  if (!lesson || values.init) return;
  const e = lessonEvidence(lesson, suite, results, steps);
  if (!e) {
    console.log(`lesson ${lesson.id}: fewer than 5 seeds with every variant finished; ${values.evidence} not updated`);
    return;
  }
  writeLessonEvidence(values.evidence!, lesson.id, e);
  console.log(`lesson ${lesson.id}: wrote its entry in ${values.evidence} (seeds ${e.seeds.join(',')})`);
  for (const c of e.claims) console.log(`    [measured: ${quoteClaim(c)}]`);
}

if (process.argv[1] && /check-experts\.ts$/.test(process.argv[1])) runMain(main);
