// npm run train -- --task add --preset grpo --steps 200 --seed 1 --out run.jsonl
// Headless training in Node: a progress bar with live reward and accuracy, one JSON line per step.
// Every flag is validated before anything is written; bad input prints one line and exits non-zero.
import { parseArgs } from 'node:util';
import { createWriteStream, existsSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BACKENDS, DEFAULT_CONFIG, mergeConfig, validateConfig, type RunConfig } from '../engine/config';
import { initBackend } from '../engine/backend';
import { Trainer } from '../engine/rl/trainer';
import { applyPreset, formatPresetList, getPreset } from '../engine/rl/presets';
import { loadCheckpointFile, loadShippedCheckpoint } from './checkpoint-files';
import { choiceFlag, fail, intFlag, joinNegativeValues, runMain } from './args';
import { knobFlagOptions, knobOverrides } from './knob-flags';
import { helpText, loadConfigFile, parseExperts, parseRewardWeights } from './train-options';
import { isNonFiniteError } from '../engine/rl/finite-guard';

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: joinNegativeValues(process.argv.slice(2)),
    options: {
      preset: { type: 'string' },
      config: { type: 'string' },
      run: { type: 'string' },
      steps: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      backend: { type: 'string', default: 'wasm' },
      checkpoint: { type: 'string' },
      'reward-weights': { type: 'string' },
      experts: { type: 'string' },
      'list-presets': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
      ...knobFlagOptions(),
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(helpText());
    return;
  }
  if (values['list-presets']) {
    console.log(formatPresetList());
    return;
  }

  // 1. Validate every flag before touching the output file. The base is an exported run's config (--config) or
  // the defaults; --preset applies its method knobs to it; knob flags override both.
  if (values.preset !== undefined && !getPreset(values.preset)) fail(`unknown preset "${values.preset}" (see --list-presets)`);
  const file = values.config !== undefined ? loadConfigFile(resolve(values.config), values.run) : undefined;
  if (values.run !== undefined && !file) fail('--run needs --config');
  let base: RunConfig = DEFAULT_CONFIG;
  if (file) {
    const v = validateConfig(file.config);
    if (!v.config) fail(`--config: ${v.errors[0]}`);
    base = v.config;
  }
  if (values.preset !== undefined || !file) base = applyPreset(base, values.preset ?? DEFAULT_CONFIG.preset);
  const steps = intFlag('steps', values.steps, 1, 100000) ?? file?.steps ?? 50;
  const backend = choiceFlag('backend', values.backend, BACKENDS)!;
  const merged = mergeConfig(base, knobOverrides(values as Record<string, unknown>, {})) as Record<string, unknown>;
  // A reward table replaces the old one (mergeConfig would keep weights it does not name).
  if (values['reward-weights'] !== undefined) merged.rewardWeights = parseRewardWeights(values['reward-weights']);
  if (values.experts !== undefined)
    merged.experts = { ...(merged.experts as object), list: parseExperts(values.experts, String(merged.task)) };
  const checkpointArg = values.checkpoint;
  if (checkpointArg !== undefined) merged.init = checkpointArg === 'random' ? 'random' : 'checkpoint';
  const { config, errors } = validateConfig(merged);
  if (!config) fail(errors[0] + (errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''));
  let initialWeights: Map<string, Float32Array> | undefined;
  if (config.init === 'checkpoint') {
    const ck =
      checkpointArg === undefined || checkpointArg === 'shipped'
        ? loadShippedCheckpoint(config.task, config.modelSize)
        : loadCheckpointFile(resolve(checkpointArg));
    if (ck.spec.size !== config.modelSize) fail(`checkpoint is a ${ck.spec.size} model but --size is ${config.modelSize}`);
    if (ck.meta.task && ck.meta.task !== config.task)
      process.stderr.write(`note: checkpoint was trained on ${ck.meta.task}, training on ${config.task}\n`);
    initialWeights = ck.values;
  }
  const outPath = values.out === undefined ? null : checkOutput(values.out, !!values.force);

  // 2. Backend, trainer, loop.
  const info = await initBackend(backend);
  if (backend !== 'auto' && info.backend !== backend) fail(`backend ${backend} is not available here (${info.reason})`);
  const trainer = new Trainer({ config, initialWeights, earlyStopEvery: info.backend === 'wasm' || info.backend === 'cpu' ? 4 : 0 });
  const out = outPath === null ? null : createWriteStream('', { fd: openOutput(outPath, !!values.force) });
  // A write error later (disk full) must still end in one line, not an unhandled stream error.
  out?.on('error', (e) => {
    process.stderr.write(`error: cannot write ${outPath}: ${e.message.split('\n')[0]}\n`);
    process.exit(2);
  });
  const quiet = values.quiet || !process.stderr.isTTY;
  process.stderr.write(
    `${file?.name ? `run "${file.name}"  ` : ''}task ${config.task}  preset ${config.preset}  B=${config.prompts} G=${config.groupSize}  seed ${config.seed}  backend ${info.backend} (${info.reason})\n`,
  );
  const start = await trainer.evaluate();
  out?.write(`${JSON.stringify({ step: 0, ...start })}\n`);
  let lastAcc = start['eval/pass@1'];
  const t0 = Date.now();
  for (let i = 0; i < steps; i++) {
    let report: Awaited<ReturnType<Trainer['trainStep']>>;
    try {
      report = await trainer.trainStep();
    } catch (e) {
      if (!isNonFiniteError(e)) throw e;
      // Keep what was written (every step up to the last good one), then stop with one line.
      if (!quiet) process.stderr.write('\n');
      await new Promise<void>((res) => (out ? out.end(res) : res()));
      trainer.dispose();
      fail(`stopped: ${e.message}`);
    }
    out?.write(`${JSON.stringify(report.metrics)}\n`);
    if (report.metrics['eval/pass@1'] !== undefined) lastAcc = report.metrics['eval/pass@1'];
    // num_tokens counts prompt + completion tokens of every rollout so far (TRL's num_tokens).
    const line = progressLine(report.step, steps, report.metrics.reward, lastAcc, (Date.now() - t0) / 1000, report.metrics.num_tokens);
    if (quiet) {
      if (report.step % 10 === 0 || report.step === steps) process.stderr.write(`${line}\n`);
    } else process.stderr.write(`\r${line}`);
  }
  if (!quiet) process.stderr.write('\n');
  // The summary line always reports a real final evaluation, even when the last step was not an eval step.
  if (config.evalEvery === 0 || trainer.step % config.evalEvery !== 0) lastAcc = (await trainer.evaluate())['eval/pass@1'];
  await new Promise<void>((res) => (out ? out.end(res) : res()));
  trainer.dispose();
  process.stderr.write(
    `done: eval pass@1 ${(start['eval/pass@1'] * 100).toFixed(1)}% -> ${(lastAcc * 100).toFixed(1)}%${outPath ? `, wrote ${outPath}` : ''}\n`,
  );
}

/**
 * --out is checked with the other flags and opened before the first step, so a path that cannot be written fails
 * in one line (exit 2) instead of after the run. An existing file is kept unless --force; '' is refused.
 */
function checkOutput(raw: string, force: boolean): string {
  if (raw.trim() === '') fail('--out needs a file name (got an empty string)');
  const path = resolve(raw);
  if (!existsSync(dirname(path))) fail(`--out: the directory ${dirname(path)} does not exist`);
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) fail(`--out: ${path} is a directory, not a file`);
    if (!force) fail(`--out: ${path} already exists; pass --force to overwrite it`);
  }
  return path;
}

function openOutput(path: string, force: boolean): number {
  try {
    return openSync(path, force ? 'w' : 'wx');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return fail(`--out: cannot write ${path} (${err.code ?? err.message})`);
  }
}

function progressLine(step: number, total: number, reward: number, acc: number, secs: number, tokens: number): string {
  const width = 24;
  const filled = Math.round((step / total) * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  return `[${bar}] ${step}/${total}  reward ${reward.toFixed(3)}  eval pass@1 ${(acc * 100).toFixed(1)}%  ${(step / Math.max(secs, 1e-3)).toFixed(2)} steps/s  ${Math.round(tokens / Math.max(secs, 1e-3))} tok/s`;
}

runMain(main);
