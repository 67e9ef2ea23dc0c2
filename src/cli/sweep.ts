// npm run sweep -- --task add --presets grpo,dr-grpo,ngrpo --seeds 1,2,3 --steps 50 --out sweep
// Runs every preset x seed headless, writes <out>.csv (every step of every run, TRL metric names, the same
// format as the app's CSV export) and <out>.summary.csv (one row per run: final eval, mean reward, ...).
import { parseArgs } from 'node:util';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { TASK_IDS, validateConfig, type RunConfig } from '../engine/config';
import { initBackend } from '../engine/backend';
import { Trainer } from '../engine/rl/trainer';
import { getPreset, presetConfig } from '../engine/rl/presets';
import { runsToCsv, type MetricRow, type RunData } from '../share/export';
import { loadShippedCheckpoint } from './checkpoint-files';
import { choiceFlag, fail, intFlag, joinNegativeValues, runMain } from './args';

function list(name: string, raw: string | undefined, fallback: string): string[] {
  const items = (raw ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) fail(`--${name} needs at least one value`);
  return items;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: joinNegativeValues(process.argv.slice(2)),
    options: {
      task: { type: 'string', default: 'add' },
      presets: { type: 'string' },
      seeds: { type: 'string' },
      steps: { type: 'string', default: '50' },
      prompts: { type: 'string' },
      'group-size': { type: 'string' },
      'eval-every': { type: 'string', default: '10' },
      'eval-size': { type: 'string', default: '64' },
      checkpoint: { type: 'string', default: 'shipped' },
      out: { type: 'string', default: 'sweep' },
    },
    strict: true,
  });
  const task = choiceFlag('task', values.task, TASK_IDS)!;
  const presets = list('presets', values.presets, 'grpo,dr-grpo');
  for (const p of presets) if (!getPreset(p)) fail(`unknown preset "${p}" (see npm run train -- --list-presets)`);
  const seeds = list('seeds', values.seeds, '1').map((s) => intFlag('seeds', s, 0, 2 ** 31 - 1)!);
  const steps = intFlag('steps', values.steps, 1, 100000)!;
  const out = resolve(values.out!);
  if (!existsSync(dirname(out))) fail(`output directory does not exist: ${dirname(out)}`);
  const configs: RunConfig[] = [];
  for (const preset of presets) {
    for (const seed of seeds) {
      const { config, errors } = validateConfig(
        presetConfig(preset, {
          task,
          seed,
          init: values.checkpoint === 'random' ? 'random' : 'checkpoint',
          prompts: intFlag('prompts', values.prompts, 1, 64),
          groupSize: intFlag('group-size', values['group-size'], 1, 64),
          evalEvery: intFlag('eval-every', values['eval-every'], 0, 1000),
          evalSize: intFlag('eval-size', values['eval-size'], 1, 512),
        }),
      );
      if (!config) fail(errors[0]);
      configs.push(config);
    }
  }
  const weights = values.checkpoint === 'random' ? undefined : loadShippedCheckpoint(task, configs[0].modelSize).values;
  const info = await initBackend('wasm');
  process.stderr.write(`sweep: ${presets.length} presets x ${seeds.length} seeds x ${steps} steps on ${task} (${info.backend})\n`);

  const runs: RunData[] = [];
  const summary: string[] = ['run,preset,seed,eval_pass1_start,eval_pass1_end,reward_mean_last10,frac_reward_zero_std_mean,seconds'];
  for (const config of configs) {
    const name = `${config.preset}/s${config.seed}`;
    const trainer = new Trainer({ config, initialWeights: weights });
    const t0 = Date.now();
    const start = (await trainer.evaluate())['eval/pass@1'];
    const rows: MetricRow[] = [{ step: 0, 'eval/pass@1': start }];
    for (let s = 0; s < steps; s++) {
      const r = await trainer.trainStep();
      rows.push({ ...r.metrics, step: r.step });
    }
    const end = (await trainer.evaluate())['eval/pass@1'];
    trainer.dispose();
    const last = rows.slice(-10);
    const mean = (k: string, rs: Record<string, number>[]) => rs.reduce((a, r) => a + (r[k] ?? 0), 0) / Math.max(rs.length, 1);
    const secs = (Date.now() - t0) / 1000;
    summary.push([name, config.preset, config.seed, start, end, mean('reward', last), mean('frac_reward_zero_std', rows.slice(1)), secs.toFixed(1)].join(','));
    runs.push({ name, config, metrics: rows });
    process.stderr.write(`  ${name.padEnd(24)} eval pass@1 ${(start * 100).toFixed(1)}% -> ${(end * 100).toFixed(1)}%  (${secs.toFixed(1)} s)\n`);
  }
  writeFileSync(`${out}.csv`, runsToCsv(runs));
  writeFileSync(`${out}.summary.csv`, summary.join('\n') + '\n');
  process.stderr.write(`wrote ${out}.csv and ${out}.summary.csv\n`);
}

runMain(main);
