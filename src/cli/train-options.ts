// The train CLI's flags that are not plain knobs: the help text (every knob flag, from the schema), a run config
// file exported by the app (--config), reward weights (--reward-weights correct=1,format=0) and the expert list
// (--experts plain,scratch or id=prefix). Each bad value fails with one line that names the flag.
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG, type RunConfig, type RunConfigInput } from '../engine/config';
import { unknownChars } from '../engine/policy/tokenizer';
import { getTask } from '../engine/tasks';
import { parseDecimal } from '../share/decimal';
import { parseRunsJson } from '../share/export';
import { fail } from './args';
import { knobHelpLines } from './knob-flags';

export function helpText(): string {
  return [
    'Usage: npm run train -- [options]',
    '',
    'Run:',
    `  --preset <name>                  method knobs of a paper preset (default ${DEFAULT_CONFIG.preset}; see --list-presets)`,
    '  --config <run.json>              start from a config the app exported (Export metrics as JSON, or a bare config);',
    '                                   flags given as well override it; --run <name> picks one run of several',
    "  --steps <n>                      training steps (default 50, or the exported run's step count with --config)",
    "  --checkpoint <shipped|random|path.json>  starting policy (default: the config's init, i.e. shipped)",
    '  --reward-weights <name=w,...>    reward weights, e.g. correct=1,format=0 (replaces the whole table)',
    "  --experts <id|id=prefix,...>     expert list (the task's ids, or your own prefix); turn mixing on with --experts-enabled true",
    '  --backend <auto|wasm|cpu|webgpu|webgl>  tfjs backend (default wasm)',
    '  --out <file.jsonl>               write one JSON line per step (an existing file is kept unless --force)',
    '  --force                          overwrite the --out file if it exists',
    '  --quiet                          a progress line every 10 steps instead of a live bar',
    '  --list-presets                   print the presets and exit',
    '  --help                           this text',
    '',
    'Knobs (every RunConfig field; ranges and defaults from the schema):',
    ...knobHelpLines(),
  ].join('\n');
}

/** "correct=1,format=0" -> {correct: 1, format: 0}. */
export function parseRewardWeights(raw: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z_][\w-]*)=(.*)$/.exec(item);
    const w = m ? parseDecimal(m[2]) : null;
    if (!m || w === null) fail(`--reward-weights: write name=weight pairs separated by commas (correct=1,format=0), got "${item}"`);
    out[m[1]] = w;
  }
  if (!Object.keys(out).length) fail('--reward-weights needs at least one name=weight pair');
  return out;
}

type Expert = NonNullable<RunConfig['experts']['list']>[number];

/** "plain,scratch" (the task's experts) or "fast=f:" (an own prefix): the experts.list of the config. */
export function parseExperts(raw: string, taskId: string): Expert[] {
  const task = getTask(taskId);
  const list: Expert[] = [];
  for (const item of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = item.indexOf('=');
    const id = eq < 0 ? item : item.slice(0, eq);
    const known = task.experts.find((e) => e.id === id);
    if (eq < 0 && !known)
      fail(`--experts: ${taskId} has no expert "${id}" (its experts: ${task.experts.map((e) => e.id).join(', ')}; or write id=prefix)`);
    const prefix = eq < 0 ? known!.prefix : item.slice(eq + 1);
    const bad = unknownChars(prefix);
    if (bad.length) fail(`--experts: prefix "${prefix}" of "${id}" has characters the model cannot read: ${bad.join(' ')}`);
    list.push({ id, prefix, enabled: true, ...(known ? { style: known.id } : {}) });
  }
  if (!list.length) fail('--experts needs at least one expert');
  return list;
}

export interface ConfigFile {
  config: RunConfigInput;
  /** Training steps of the exported run (its last step), when the file holds metrics. */
  steps?: number;
  name?: string;
}

/** A run config from a file: the app's runs JSON (one run, or the one named by `runName`) or a bare config object. */
export function loadConfigFile(path: string, runName?: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    fail(`--config: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    fail(`--config: ${path} is not JSON: ${(e as Error).message}`);
  }
  if (data && typeof data === 'object' && 'runs' in data) {
    const parsed = parseRunsJson(data);
    if (!parsed.ok) fail(`--config: ${parsed.errors[0]}`);
    const runs = parsed.runs;
    const names = runs.map((r) => r.name).join(', ');
    if (!runs.length) fail(`--config: ${path} holds no runs`);
    const run = runName !== undefined ? runs.find((r) => r.name === runName) : runs.length === 1 ? runs[0] : undefined;
    if (!run)
      fail(
        runName !== undefined
          ? `--run: no run named "${runName}" (runs: ${names})`
          : `--config: ${path} holds ${runs.length} runs; pick one with --run <name> (runs: ${names})`,
      );
    const last = Math.max(0, ...run.metrics.map((m) => m.step));
    return { config: run.config, steps: last > 0 ? last : undefined, name: run.name };
  }
  if (runName !== undefined) fail('--run needs a --config file exported with runs');
  const config = data && typeof data === 'object' && 'config' in data ? (data as { config: unknown }).config : data;
  if (!config || typeof config !== 'object' || Array.isArray(config)) fail(`--config: ${path} holds no config object`);
  return { config: config as RunConfigInput };
}
