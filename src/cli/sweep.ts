// npm run sweep -- --task add --presets grpo,mc-grpo --seeds 1-5 --steps 60 --group-size 2 --out sweep
// Runs every preset on every seed headless (common random numbers within a seed), prints per metric and per preset
// the mean across seeds with its 95% interval and the paired difference against the first preset, and writes
// <out>.csv (every step of every run, the app's CSV format) and <out>.summary.csv (one row per metric x preset).
import { parseArgs } from 'node:util';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { mergeConfig, validateConfig, type RunConfigInput } from '../engine/config';
import { initBackend } from '../engine/backend';
import { applyPreset, getPreset } from '../engine/rl/presets';
import { runSeedComparison, summarize, type MetricSummary } from '../engine/seeds';
import { formatInterval, verdict } from '../engine/stats/interval';
import { runsToCsv, type RunData } from '../share/export';
import { shippedWeightsCache } from './checkpoint-files';
import { choiceFlag, fail, intFlag, joinNegativeValues, runMain } from './args';
import { knobFlagOptions, knobOverrides } from './knob-flags';

export const SWEEP_METRICS = [
  'eval/pass@1',
  'reward',
  'frac_groups_all_wrong',
  'frac_reward_zero_std',
  'adv/zero_frac',
  'entropy',
  'completions/mean_length',
  'adv/true_sign_flip_rate',
  'adv/true_corr',
  'adv/signal_group_frac',
];

const HELP = `Usage: npm run sweep -- [options]
  --presets <a,b,...>        presets to compare; the first is the reference (default grpo,dr-grpo)
  --seeds <list|range>       e.g. 1,2,3 or 1-5 (default 1-5); every preset runs on every seed
  --steps <n>                training steps per run (default 50)
  --config <file.json>       base config: a RunConfig JSON (the app's exported config) or a runs file
  --task <add|reverse|sort|countdown>  --difficulty <d>  --lr <x>  --group-size <G>  --prompts <B>
  --eval-every <n>  --eval-size <n>  --oracle-samples <K>  --checkpoint <shipped|random>
  --metrics <a,b,...>        metrics to summarise (default: ${SWEEP_METRICS.join(', ')})
  --out <prefix>             write <prefix>.csv and <prefix>.summary.csv (default sweep)
  plus any knob flag of npm run train (--eps-high, --baseline, ...), applied to every preset`;

function list(name: string, raw: string | undefined, fallback: string): string[] {
  const items = (raw ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) fail(`--${name} needs at least one value`);
  return items;
}

/** "1,2,3" or "1-5" (inclusive) -> seeds. */
export function parseSeeds(raw: string): number[] {
  const range = /^(\d+)-(\d+)$/.exec(raw.trim());
  if (range) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    if (b < a || b - a > 999) fail(`--seeds ${raw}: a range goes up, at most 1000 seeds`);
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const seeds = list('seeds', raw, '').map((s) => intFlag('seeds', s, 0, 2 ** 31 - 1)!);
  if (new Set(seeds).size !== seeds.length) fail(`--seeds ${raw}: a seed repeats`);
  return seeds;
}

/** A base config from a file: a RunConfig object, {config}, or a runs file (its first run's config). */
export function readBaseConfig(path: string): RunConfigInput {
  if (!existsSync(path)) fail(`--config: no such file: ${path}`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    fail(`--config ${path}: not JSON (${(e as Error).message})`);
  }
  const obj = data as Record<string, unknown>;
  const cfg = Array.isArray(obj?.runs)
    ? (obj.runs[0] as Record<string, unknown> | undefined)?.config
    : obj?.config && typeof obj.config === 'object'
      ? obj.config
      : obj;
  if (!cfg || typeof cfg !== 'object' || Array.isArray(cfg)) fail(`--config ${path}: expected a config object`);
  const { errors } = validateConfig(cfg);
  if (errors.length) fail(`--config ${path}: ${errors[0]}`);
  return cfg as RunConfigInput;
}

export function formatSummary(s: MetricSummary): string[] {
  const lines = [`${s.metric} (${s.reduce === 'final' ? 'final value' : 'mean over steps'}, ${s.perVariant[0].values.length} seeds)`];
  const width = Math.max(...s.perVariant.map((v) => v.name.length));
  s.perVariant.forEach((v, i) => {
    let line = `  ${v.name.padEnd(width)}  ${formatInterval(v.interval).padEnd(18)}`;
    if (i > 0) {
      const d = s.diffs[i - 1].interval;
      const sign = d.mean >= 0 ? '+' : '';
      const where = verdict(d, 'higher') === 'shows' ? 'higher' : verdict(d, 'lower') === 'shows' ? 'lower' : 'interval covers 0';
      line += `  diff vs ${s.perVariant[0].name}: ${sign}${formatInterval(d)}  (${where})`;
    }
    lines.push(line);
  });
  return lines;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: joinNegativeValues(process.argv.slice(2)),
    options: {
      presets: { type: 'string' },
      seeds: { type: 'string', default: '1-5' },
      steps: { type: 'string', default: '50' },
      checkpoint: { type: 'string', default: 'shipped' },
      config: { type: 'string' },
      metrics: { type: 'string' },
      out: { type: 'string', default: 'sweep' },
      help: { type: 'boolean' },
      ...knobFlagOptions(),
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const presets = list('presets', values.presets, 'grpo,dr-grpo');
  for (const p of presets) if (!getPreset(p)) fail(`unknown preset "${p}" (see npm run train -- --list-presets)`);
  const seeds = parseSeeds(values.seeds!);
  const steps = intFlag('steps', values.steps, 1, 100000)!;
  const checkpoint = choiceFlag('checkpoint', values.checkpoint, ['shipped', 'random'] as const)!;
  const out = resolve(values.out!);
  if (!existsSync(dirname(out))) fail(`output directory does not exist: ${dirname(out)}`);
  const fileBase = values.config ? readBaseConfig(resolve(values.config)) : {};
  // Flags override the file; undefined flags leave it alone.
  // Every knob flag (--task, --group-size, --lr, ...) is parsed and range-checked by the registry's flag table.
  const flags: RunConfigInput = knobOverrides(values, { init: checkpoint === 'random' ? 'random' : 'checkpoint' });
  // The file's config, then each preset's own knobs, then the flags (which apply to every preset alike). The seed
  // comes from --seeds, not from the file.
  const { seed: _fileSeed, ...fileConfig } = fileBase;
  const fileAndFlags = validateConfig(mergeConfig(fileConfig, flags));
  if (!fileAndFlags.config) fail(fileAndFlags.errors[0]);
  const variants = presets.map((name) => {
    const { seed: _seed, ...patch } = mergeConfig(applyPreset(fileAndFlags.config!, name), flags);
    return { name, patch };
  });
  for (const v of variants) {
    const { errors } = validateConfig(mergeConfig(v.patch, { seed: seeds[0] }));
    if (errors.length) fail(`preset ${v.name}: ${errors[0]}`);
  }
  const metrics = values.metrics ? list('metrics', values.metrics, '') : SWEEP_METRICS;
  const info = await initBackend('wasm');
  const task = fileAndFlags.config!.task;
  process.stderr.write(`sweep: ${presets.length} presets x ${seeds.length} seeds x ${steps} steps on ${task} (${info.backend})\n`);
  const t0 = Date.now();
  const result = await runSeedComparison({
    base: { task: fileAndFlags.config!.task },
    variants,
    seeds,
    steps,
    earlyStopEvery: 4,
    initialWeights: shippedWeightsCache(),
    onStep: ({ seed, variant, step }) => {
      if (step === steps) process.stderr.write(`  ${presets[variant]}/s${seed} done (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
    },
  });
  const runs: RunData[] = [];
  for (const [si, seedRuns] of result.runs.entries()) {
    for (const [vi, rows] of seedRuns.entries()) {
      runs.push({
        name: `${presets[vi]}/s${seeds[si]}`,
        config: result.configs[si][vi],
        metrics: rows.map((r) => ({ ...r, step: r.step ?? 0 })),
      });
    }
  }
  const summaryCsv = ['metric,reduce,preset,seeds,mean,half_width,diff_vs_first,diff_half_width'];
  const text: string[] = [];
  for (const m of metrics) {
    const s = summarize(result, m);
    if (s.perVariant.every((v) => v.interval.n === 0)) continue;
    text.push(...formatSummary(s));
    s.perVariant.forEach((v, i) => {
      const d = i > 0 ? s.diffs[i - 1].interval : undefined;
      summaryCsv.push(
        [m, s.reduce, v.name, v.interval.n, v.interval.mean, v.interval.halfWidth, d?.mean ?? '', d?.halfWidth ?? ''].join(','),
      );
    });
  }
  console.log(text.join('\n'));
  writeFileSync(`${out}.csv`, runsToCsv(runs));
  writeFileSync(`${out}.summary.csv`, `${summaryCsv.join('\n')}\n`);
  process.stderr.write(`wrote ${out}.csv and ${out}.summary.csv (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
}

if (process.argv[1] && /sweep\.ts$/.test(process.argv[1])) runMain(main);
