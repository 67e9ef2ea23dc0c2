// npm run export-scale -- --config run.json --out DIR [--steps N] [--model ID] [--run NAME] [--force]
// Writes the "Run it at scale" Python project (TRL + verl) for a run config. run.json is a RunConfig (as in a link
// or `npm run train -- --config`), or a runs file exported by the app (then --run picks one by name; default the
// first). An existing non-empty DIR is refused unless --force, so nothing already there is lost.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { validateConfig, type RunConfig } from '../engine/config';
import { parseRunsJson, RUNS_FORMAT } from '../share/export';
import { scaleProject } from '../share/scale/project';
import { fail, intFlag, runMain } from './args';

const HELP = `Usage: npm run export-scale -- --config run.json --out DIR [options]

  --config <file.json>   a RunConfig JSON, or a runs file exported by the app
  --run <name>           with a runs file: the run to export (default: the first)
  --out <dir>            where to write the project (must be empty or new, unless --force)
  --steps <n>            playground steps whose problems go into problems.jsonl (default 100)
  --model <id>           default model of train_trl.py and the verl config (default Qwen/Qwen2.5-0.5B-Instruct)
  --force                write into a non-empty directory, replacing files of the same name
  --help
`;

export function loadRunConfig(path: string, runName?: string): RunConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    fail(`--config: cannot read ${path}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    fail(`--config: ${path} is not JSON: ${(e as Error).message}`);
  }
  if (typeof data === 'object' && data !== null && (data as { format?: unknown }).format === RUNS_FORMAT) {
    const r = parseRunsJson(data);
    if (!r.ok) fail(`--config: ${path}: ${r.errors.slice(0, 3).join('; ')}`);
    const run = runName === undefined ? r.runs[0] : r.runs.find((x) => x.name === runName);
    if (!run)
      fail(`--run: no run named ${JSON.stringify(runName)} in ${path} (runs: ${r.runs.map((x) => JSON.stringify(x.name)).join(', ')})`);
    return run.config;
  }
  if (runName !== undefined) fail('--run is only for a runs file');
  const { config, errors } = validateConfig(data);
  if (!config) fail(`--config: ${path}: ${errors.slice(0, 3).join('; ')}`);
  return config;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      run: { type: 'string' },
      out: { type: 'string' },
      steps: { type: 'string' },
      model: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (!values.config) fail('--config is required (a run config JSON); see --help');
  if (values.out === undefined || values.out.trim() === '') fail('--out is required (a directory); see --help');
  if (values.model !== undefined && !/^[A-Za-z0-9._\-/]+$/.test(values.model))
    fail(`--model must be a Hugging Face id or a path of letters, digits, . _ - /, got ${JSON.stringify(values.model)}`);
  const steps = intFlag('steps', values.steps, 1, 100000);
  const out = resolve(values.out);
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) fail(`--out ${out} is a file, not a directory`);
    if (readdirSync(out).length > 0 && !values.force) fail(`--out ${out} is not empty; choose a new directory or add --force`);
  }
  const config = loadRunConfig(values.config, values.run);
  const project = scaleProject(config, { steps, model: values.model });
  for (const [name, text] of Object.entries(project.files)) {
    const path = join(out, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { mode: name.endsWith('.sh') ? 0o755 : 0o644 });
  }
  process.stdout.write(`wrote ${Object.keys(project.files).length} files to ${out}\n`);
  process.stdout.write(
    `TRL: ${project.trlNotExpressible.length} item(s) not reproduced exactly; verl: ${project.verlNotExpressible.length} (listed at the top of train_trl.py and verl/playground.yaml)\n`,
  );
}

runMain(main);
