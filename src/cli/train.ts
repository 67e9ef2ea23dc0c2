// npm run train -- --task add --preset grpo --steps 200 --seed 1 --out run.jsonl
// Headless training in Node: a progress bar with live reward and accuracy, one JSON line per step.
// Every flag is validated before anything is written; bad input prints one line and exits non-zero.
import { parseArgs } from 'node:util';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BACKENDS, DEFAULT_CONFIG, MODEL_SIZES, TASK_IDS, validateConfig, type RunConfigInput } from '../engine/config';
import { initBackend } from '../engine/backend';
import { Trainer } from '../engine/rl/trainer';
import { formatPresetList, getPreset, presetConfig } from '../engine/rl/presets';
import { loadCheckpointFile, loadShippedCheckpoint } from './checkpoint-files';
import { choiceFlag, fail, intFlag, joinNegativeValues, numberFlag, runMain } from './args';
import { knobFlagOptions, knobOverrides } from './knob-flags';

const HELP = `Usage: npm run train -- [options]
  --task <add|reverse|sort|countdown>   task (default add)
  --preset <name>                       advantage/loss variant (default grpo; see --list-presets)
  --steps <n>                           training steps (default 50)
  --seed <n>                            run seed (default 1)
  --out <file.jsonl>                    write one JSON line per step
  --backend <auto|wasm|cpu|webgpu|webgl>  tfjs backend (default wasm)
  --group-size <G>  --prompts <B>  --difficulty <d>  --size <nano|tiny|small>
  --checkpoint <shipped|random|path.json>  starting policy (default shipped)
  --lr <x>  --temperature <x>  --eval-every <n>  --eval-size <n>
  --list-presets                        print the presets and exit
  plus any knob: ${''}--baseline, --scale, --eps-low, --eps-high, --aggregation, --kl-coef, ... (see README)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: joinNegativeValues(process.argv.slice(2)),
    options: {
      task: { type: 'string' },
      preset: { type: 'string' },
      steps: { type: 'string', default: '50' },
      seed: { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string', default: 'wasm' },
      'group-size': { type: 'string' },
      prompts: { type: 'string' },
      difficulty: { type: 'string' },
      size: { type: 'string' },
      checkpoint: { type: 'string', default: 'shipped' },
      lr: { type: 'string' },
      temperature: { type: 'string' },
      'eval-every': { type: 'string' },
      'eval-size': { type: 'string' },
      'list-presets': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
      ...knobFlagOptions(),
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (values['list-presets']) {
    console.log(formatPresetList());
    return;
  }

  // 1. Validate every flag before touching the output file.
  const presetName = values.preset ?? DEFAULT_CONFIG.preset;
  if (!getPreset(presetName)) fail(`unknown preset "${presetName}" (see --list-presets)`);
  const steps = intFlag('steps', values.steps, 1, 100000)!;
  const backend = choiceFlag('backend', values.backend, BACKENDS)!;
  const overrides: RunConfigInput = {
    task: choiceFlag('task', values.task, TASK_IDS),
    seed: intFlag('seed', values.seed, 0, 2 ** 31 - 1),
    groupSize: intFlag('group-size', values['group-size'], 1, 64),
    prompts: intFlag('prompts', values.prompts, 1, 64),
    difficulty: intFlag('difficulty', values.difficulty, 1, 8),
    modelSize: choiceFlag('size', values.size, MODEL_SIZES),
    lr: numberFlag('lr', values.lr, 1e-8, 1),
    temperature: numberFlag('temperature', values.temperature, 1e-3, 5),
    evalEvery: intFlag('eval-every', values['eval-every'], 0, 1000),
    evalSize: intFlag('eval-size', values['eval-size'], 1, 512),
    preset: presetName,
  };
  const merged = presetConfig(presetName, knobOverrides(values as Record<string, unknown>, overrides));
  const checkpointArg = values.checkpoint!;
  if (checkpointArg === 'random') (merged as { init?: string }).init = 'random';
  else (merged as { init?: string }).init = 'checkpoint';
  const { config, errors } = validateConfig(merged);
  if (!config) fail(errors[0] + (errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''));
  let initialWeights: Map<string, Float32Array> | undefined;
  if (config.init === 'checkpoint') {
    const ck = checkpointArg === 'shipped' ? loadShippedCheckpoint(config.task, config.modelSize) : loadCheckpointFile(resolve(checkpointArg));
    if (ck.spec.size !== config.modelSize) fail(`checkpoint is a ${ck.spec.size} model but --size is ${config.modelSize}`);
    if (ck.meta.task && ck.meta.task !== config.task) process.stderr.write(`note: checkpoint was trained on ${ck.meta.task}, training on ${config.task}\n`);
    initialWeights = ck.values;
  }
  const outPath = values.out ? resolve(values.out) : null;
  if (outPath && !existsSync(dirname(outPath))) fail(`output directory does not exist: ${dirname(outPath)}`);

  // 2. Backend, trainer, loop.
  const info = await initBackend(backend);
  if (backend !== 'auto' && info.backend !== backend) fail(`backend ${backend} is not available here (${info.reason})`);
  const trainer = new Trainer({ config, initialWeights, earlyStopEvery: info.backend === 'wasm' || info.backend === 'cpu' ? 4 : 0 });
  const out = outPath ? (mkdirSync(dirname(outPath), { recursive: true }), createWriteStream(outPath)) : null;
  const quiet = values.quiet || !process.stderr.isTTY;
  process.stderr.write(`task ${config.task}  preset ${presetName}  B=${config.prompts} G=${config.groupSize}  seed ${config.seed}  backend ${info.backend} (${info.reason})\n`);
  const start = await trainer.evaluate();
  out?.write(JSON.stringify({ step: 0, ...start }) + '\n');
  let lastAcc = start['eval/pass@1'];
  const t0 = Date.now();
  for (let i = 0; i < steps; i++) {
    const report = await trainer.trainStep();
    out?.write(JSON.stringify(report.metrics) + '\n');
    if (report.metrics['eval/pass@1'] !== undefined) lastAcc = report.metrics['eval/pass@1'];
    const line = progressLine(report.step, steps, report.metrics.reward, lastAcc, (Date.now() - t0) / 1000);
    if (quiet) {
      if (report.step % 10 === 0 || report.step === steps) process.stderr.write(line + '\n');
    } else process.stderr.write(`\r${line}`);
  }
  if (!quiet) process.stderr.write('\n');
  // The summary line always reports a real final evaluation, even when the last step was not an eval step.
  if (config.evalEvery === 0 || trainer.step % config.evalEvery !== 0) lastAcc = (await trainer.evaluate())['eval/pass@1'];
  await new Promise<void>((res) => (out ? out.end(res) : res()));
  trainer.dispose();
  process.stderr.write(`done: eval pass@1 ${(start['eval/pass@1'] * 100).toFixed(1)}% -> ${(lastAcc * 100).toFixed(1)}%${outPath ? `, wrote ${outPath}` : ''}\n`);
}

function progressLine(step: number, total: number, reward: number, acc: number, secs: number): string {
  const width = 24;
  const filled = Math.round((step / total) * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  return `[${bar}] ${step}/${total}  reward ${reward.toFixed(3)}  eval pass@1 ${(acc * 100).toFixed(1)}%  ${(step / Math.max(secs, 1e-3)).toFixed(2)} steps/s`;
}

runMain(main);

export { HELP };
