// The training CLI as a user runs it: determinism of the JSONL it writes, and one clear line for bad input.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, smallTrainArgs, trainCli } from '../helpers/cli';
import { withoutWallClock } from '../helpers/tf';

const SMALL = ['--task', 'add', ...smallTrainArgs(4)];

const train = trainCli;

describe('npm run train', () => {
  it('writes one JSON line per step (plus the step-0 eval) with TRL metric names', () => {
    const r = train([...SMALL, '--seed', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toHaveLength(5);
    expect(r.lines[0]).toMatchObject({ step: 0 });
    for (const key of [
      'reward',
      'reward_std',
      'frac_reward_zero_std',
      'entropy',
      'clip_ratio/low_mean',
      'clip_ratio/high_mean',
      'completions/mean_length',
      'frac_groups_all_correct',
      'frac_groups_all_wrong',
      'adv/pos_frac',
      'step_time',
    ]) {
      expect(r.lines[1]).toHaveProperty([key]);
    }
    expect(r.lines[2]).toHaveProperty(['eval/pass@1']);
    expect(r.lines.map((l) => l.step)).toEqual([0, 1, 2, 3, 4]);
  });

  it('is deterministic: the same seed writes identical metrics apart from wall-clock fields; another seed differs', () => {
    const a = train([...SMALL, '--seed', '7']);
    const b = train([...SMALL, '--seed', '7']);
    const c = train([...SMALL, '--seed', '8']);
    expect(a.code).toBe(0);
    expect(a.lines.map(withoutWallClock)).toEqual(b.lines.map(withoutWallClock));
    expect(a.lines.map(withoutWallClock)).not.toEqual(c.lines.map(withoutWallClock));
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['unknown task', ['--task', 'chess'], /--task must be one of add, reverse, sort, countdown/],
    ['negative group size', ['--group-size', '-3'], /--group-size must be between 1 and 64, got -3/],
    ['non-numeric seed', ['--seed', 'abc'], /--seed must be an integer, got "abc"/],
    ['unknown preset', ['--preset', 'ppo-2000'], /unknown preset "ppo-2000"/],
    ['bad knob value', ['--baseline', 'mode'], /advantage\.baseline/],
    ['unknown flag', ['--colour', 'red'], /Unknown option '--colour'/],
  ];
  for (const [name, args, message] of bad) {
    it(`rejects ${name} with one clear line, a non-zero exit and no output file`, () => {
      const r = train(['--steps', '2', '--checkpoint', 'random', ...args]);
      expect(r.code).not.toBe(0);
      const lines = r.stderr.split('\n').filter((l) => l.trim() && !l.includes('npm warn'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(existsSync(r.out)).toBe(false);
    });
  }

  it('lists presets with their arXiv ids', () => {
    const r = runCli('src/cli/train.ts', ['--list-presets']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/grpo\s+arXiv:2402\.03300/);
    expect(r.stdout).toMatch(/dr-grpo\s+arXiv:2503\.20783/);
  });
});

describe('npm run sweep', () => {
  it('runs every preset x seed, prints mean ± interval and the paired difference, and writes a per-step CSV and a summary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grpo-sweep-'));
    const out = join(dir, 'sw');
    const r = runCli(
      'src/cli/sweep.ts',
      [
        '--task',
        'add',
        '--presets',
        'grpo,dr-grpo',
        '--seeds',
        '1-2',
        '--steps',
        '2',
        '--prompts',
        '2',
        '--group-size',
        '4',
        '--eval-size',
        '8',
        '--oracle-samples',
        '4',
        '--checkpoint',
        'random',
        '--out',
        out,
      ],
      280_000,
    );
    expect(r.code, r.stderr).toBe(0);
    const csv = readFileSync(`${out}.csv`, 'utf8').trim().split(/\r?\n/);
    expect(csv[0].startsWith('run,step,')).toBe(true);
    expect(csv).toHaveLength(1 + 4 * 3); // header + 4 runs x (step 0 + 2 steps)
    const summary = readFileSync(`${out}.summary.csv`, 'utf8').trim().split('\n');
    expect(summary[0]).toBe('metric,reduce,preset,seeds,mean,half_width,diff_vs_first,diff_half_width');
    const entropy = summary.filter((l) => l.startsWith('entropy,'));
    expect(entropy.map((l) => l.split(',')[2])).toEqual(['grpo', 'dr-grpo']);
    expect(entropy.every((l) => l.split(',')[3] === '2')).toBe(true);
    expect(r.stdout).toMatch(/eval\/pass@1 \(final value, 2 seeds\)/);
    expect(r.stdout).toMatch(/dr-grpo .* diff vs grpo: [+-]\d/);
  }, 300_000);

  it('rejects an unknown preset with one line', () => {
    const r = runCli('src/cli/sweep.ts', ['--presets', 'grpo,nope']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown preset "nope"/);
  });
});
