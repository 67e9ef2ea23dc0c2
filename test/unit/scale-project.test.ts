// The scale project's contents and its two ways out: `npm run export-scale` (files on disk, nothing overwritten
// without --force, one clear line for bad input) and the app's zip. Its problems are the ones the playground trains on.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/engine/config';
import { presetConfig } from '../../src/engine/rl/presets';
import { Trainer } from '../../src/engine/rl/trainer';
import { scaleProject, type ProblemRow } from '../../src/share/scale/project';
import { projectZip } from '../../src/share/scale/zip';
import { runCli } from '../helpers/cli';
import { useWasm } from '../helpers/tf';

beforeAll(async () => {
  await useWasm();
});

const FILES = [
  'README.md',
  'accelerate_zero2.yaml',
  'advantages.py',
  'ds_zero2.json',
  'playground_run.json',
  'problems.jsonl',
  'problems_eval.jsonl',
  'requirements.txt',
  'rewards.py',
  'train_trl.py',
  'verl/make_parquet.py',
  'verl/playground.yaml',
  'verl/reward.py',
  'verl/run_verl.sh',
];

describe('scale project', () => {
  it('problems.jsonl holds the problems the playground trains on, step by step', async () => {
    const config = parseConfig({
      task: 'sort',
      modelSize: 'nano',
      init: 'random',
      prompts: 3,
      groupSize: 2,
      seed: 5,
      evalEvery: 0,
      evalSize: 8,
      hintLevel: 1,
    });
    const project = scaleProject(config, { steps: 2 });
    const rows = project.files['problems.jsonl']
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ProblemRow);
    expect(rows).toHaveLength(6);
    const trainer = new Trainer({ config, earlyStopEvery: 4 });
    try {
      for (const step of [1, 2]) {
        const r = await trainer.trainStep();
        expect(rows.filter((x) => x.step === step).map((x) => `sort:${x.question.slice(0, -1)}`)).toEqual(r.problemIds);
        // The fixed hint comes before the question, as in the playground's prompt.
        for (const x of rows) expect(x.prompt.endsWith(x.question) && x.prompt.length > x.question.length).toBe(true);
      }
    } finally {
      trainer.dispose();
    }
    expect(project.files['problems_eval.jsonl'].trim().split('\n')).toHaveLength(8);
  });

  it('lists what TRL cannot reproduce at the top of train_trl.py, and maps nothing silently', () => {
    const p = scaleProject(
      presetConfig('dapo', { task: 'countdown', objective: { entropyCoef: 0.01 }, experts: { enabled: true, mutualLambda: 0.5 } }),
      { steps: 1 },
    );
    const top = p.files['train_trl.py'].split('\nRUN = ')[0];
    for (const n of [
      'DAPO dynamic sampling',
      'entropy coefficient',
      'MEML mutual-learning',
      'system prompts',
      'characters in the playground and tokens',
    ])
      expect(top).toContain(n);
    expect(p.trlNotExpressible.length).toBeGreaterThanOrEqual(5);
    const plain = scaleProject(presetConfig('grpo'), { steps: 1 });
    expect(plain.trlNotExpressible).toEqual([
      'lengths are characters in the playground and tokens here (max_completion_length, the overlong penalty)',
    ]);
    expect(plain.files['README.md']).toMatch(/accelerate launch --config_file accelerate_zero2\.yaml train_trl\.py/);
    expect(plain.files['README.md']).toMatch(/python train_trl\.py --model /);
  });

  it('zips every file under one folder, byte for byte', () => {
    const p = scaleProject(presetConfig('grpo'), { steps: 2 });
    const zip = projectZip(p.files, 'grpo-playground-add-grpo');
    const back = unzipSync(zip);
    expect(Object.keys(back).sort()).toEqual(FILES.map((f) => `grpo-playground-add-grpo/${f}`).sort());
    for (const f of FILES) expect(strFromU8(back[`grpo-playground-add-grpo/${f}`])).toBe(p.files[f]);
  });
});

describe('npm run export-scale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'export-scale-'));
  const cfg = join(dir, 'run.json');
  writeFileSync(cfg, JSON.stringify({ task: 'add', preset: 'dr-grpo', prompts: 2 }));

  it('writes the project, and refuses a non-empty directory without --force', () => {
    const out = join(dir, 'proj');
    const r = runCli('src/cli/export-scale.ts', ['--config', cfg, '--out', out, '--steps', '3']);
    expect(r.code, r.stderr).toBe(0);
    for (const f of FILES) expect(existsSync(join(out, f)), f).toBe(true);
    expect(statSync(join(out, 'verl/run_verl.sh')).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(out, 'problems.jsonl'), 'utf8').trim().split('\n')).toHaveLength(6);
    writeFileSync(join(out, 'mine.txt'), 'keep me');
    const again = runCli('src/cli/export-scale.ts', ['--config', cfg, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error: --out .* is not empty; choose a new directory or add --force\n$/);
    expect(runCli('src/cli/export-scale.ts', ['--config', cfg, '--out', out, '--force']).code).toBe(0);
    expect(readFileSync(join(out, 'mine.txt'), 'utf8')).toBe('keep me');
  });

  it.each([
    [['--out', 'x'], /--config is required/],
    [['--config', 'nope.json', '--out', 'x'], /cannot read nope\.json/],
    [['--config', '__CFG__'], /--out is required/],
    [['--config', '__CFG__', '--out', ''], /--out is required/],
    [['--config', '__CFG__', '--out', 'x', '--steps', '0'], /--steps must be between 1 and 100000/],
    [['--config', '__CFG__', '--out', 'x', '--model', 'a b;rm'], /--model must be/],
    [['--config', '__BAD__', '--out', 'x'], /groupSize/],
  ])('%j: one clear line, exit 2', (args, msg) => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ groupSize: 0 }));
    const r = runCli(
      'src/cli/export-scale.ts',
      args.map((a) => a.replace('__CFG__', cfg).replace('__BAD__', bad)),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
