// The train CLI as a complete interface: --help lists every knob (derived from the schema, so a new knob cannot be
// missing), reward weights and experts have flags, and --config reruns a run the app exported with the same metrics.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG, parseConfig } from '../../src/engine/config';
import { applyPreset } from '../../src/engine/rl/presets';
import { runsToJson } from '../../src/share/export';
import { KNOB_FLAGS, SPECIAL_PATHS } from '../../src/cli/knob-flags';
import { helpText, parseExperts, parseRewardWeights } from '../../src/cli/train-options';
import { runCli, smallTrainArgs, trainCli } from '../helpers/cli';
import { withoutWallClock } from '../helpers/tf';

/** Every leaf path of DEFAULT_CONFIG (sections one level down), walked from the value, not from the flag table. */
function leafPaths(): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(DEFAULT_CONFIG)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && k !== 'rewardWeights') for (const sub of Object.keys(v)) out.push(`${k}.${sub}`);
    else out.push(k);
  }
  return out;
}

const SPECIAL_FLAG: Record<string, string> = {
  preset: '--preset',
  init: '--checkpoint',
  rewardWeights: '--reward-weights',
  'experts.list': '--experts',
};

describe('train --help', () => {
  const help = helpText();
  it('lists a flag for every config field', () => {
    const byPath = new Map([...KNOB_FLAGS].map(([flag, [s, k]]) => [s ? `${s}.${k}` : k, `--${flag}`]));
    const paths = leafPaths();
    expect(paths.length).toBeGreaterThan(60);
    for (const path of paths) {
      const flag = byPath.get(path) ?? SPECIAL_FLAG[path];
      expect(flag, `no flag for ${path}`).toBeDefined();
      expect(help, path).toContain(`  ${flag} `);
    }
    expect([...SPECIAL_PATHS].sort()).toEqual(Object.keys(SPECIAL_FLAG).sort());
  });

  it('lists --quiet, --config, --reward-weights and --experts, and prints through the CLI', () => {
    for (const f of ['--quiet', '--config', '--reward-weights', '--experts', '--list-presets']) expect(help).toContain(f);
    const r = runCli('src/cli/train.ts', ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--eps-high <x 0..10>');
  });
});

describe('flag parsers', () => {
  it('reward weights: name=weight pairs, clear message otherwise', () => {
    expect(parseRewardWeights('correct=1,format=0')).toEqual({ correct: 1, format: 0 });
    expect(parseRewardWeights('correct=1, uses_all=0.5')).toEqual({ correct: 1, uses_all: 0.5 });
    expect(() => parseRewardWeights('correct')).toThrow(/name=weight/);
    expect(() => parseRewardWeights('correct=0x10')).toThrow(/name=weight/);
  });

  it('experts: the task ids or id=prefix; unknown ids name the valid ones', () => {
    const list = parseExperts('plain,scratch', 'add');
    expect(list.map((e) => [e.id, e.enabled, e.style])).toEqual([
      ['plain', true, 'plain'],
      ['scratch', true, 'scratch'],
    ]);
    expect(list[0].prefix.length).toBeGreaterThan(0);
    expect(parseExperts('mine=m:', 'add')[0]).toEqual({ id: 'mine', prefix: 'm:', enabled: true });
    expect(() => parseExperts('chess', 'add')).toThrow(/no expert "chess".*plain/);
  });
});

const SMALL = [...smallTrainArgs(3), '--seed', '5'];

const train = trainCli;

describe('train --config (an exported run)', () => {
  it('reruns the run the export describes: the same metrics, step for step, and its step count', () => {
    // The run: a preset other than the default, a reward table and an expert list only flags can set.
    const a = train([
      ...SMALL,
      '--preset',
      'dr-grpo',
      '--task',
      'add',
      '--reward-weights',
      'correct=1,format=0',
      '--experts',
      'scratch,plain',
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toMatch(/tok\/s/);
    // What the app's "Export metrics as JSON" writes for that run.
    const config = parseConfig({
      ...applyPreset(DEFAULT_CONFIG, 'dr-grpo'),
      task: 'add',
      modelSize: 'nano',
      init: 'random',
      prompts: 2,
      groupSize: 4,
      evalEvery: 2,
      evalSize: 8,
      seed: 5,
      rewardWeights: { correct: 1, format: 0 },
      experts: { ...DEFAULT_CONFIG.experts, list: parseExperts('scratch,plain', 'add') },
    });
    const file = join(a.dir, 'export.json');
    writeFileSync(file, runsToJson([{ name: 'dr-grpo · add', config, metrics: a.lines.filter((l) => l.step > 0) as never }]));
    const b = train(['--config', file]);
    expect(b.code, b.stderr).toBe(0);
    expect(b.lines.map((l) => l.step)).toEqual([0, 1, 2, 3]);
    expect(b.lines.map(withoutWallClock)).toEqual(a.lines.map(withoutWallClock));
    // A flag given with --config overrides it: another seed gives other metrics.
    const c = train(['--config', file, '--seed', '6']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.lines.map(withoutWallClock)).not.toEqual(a.lines.map(withoutWallClock));
  });

  it('a file with several runs needs --run; a bad file gets one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grpo-cli-'));
    const file = join(dir, 'two.json');
    writeFileSync(
      file,
      runsToJson([
        { name: 'a', config: DEFAULT_CONFIG, metrics: [] },
        { name: 'b', config: DEFAULT_CONFIG, metrics: [] },
      ]),
    );
    expect(runCli('src/cli/train.ts', ['--config', file]).stderr).toMatch(/holds 2 runs; pick one with --run <name> \(runs: a, b\)/);
    expect(runCli('src/cli/train.ts', ['--config', file, '--run', 'c']).stderr).toMatch(/no run named "c"/);
    writeFileSync(file, '{"groupSize": 999}');
    expect(runCli('src/cli/train.ts', ['--config', file]).stderr).toMatch(/--config: groupSize/);
    expect(runCli('src/cli/train.ts', ['--config', join(dir, 'missing.json')]).stderr).toMatch(/cannot read/);
    expect(runCli('src/cli/train.ts', ['--lr', '0x10']).stderr).toMatch(/--lr must be a number, got "0x10"/);
  });
});
