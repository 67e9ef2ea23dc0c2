// The training CLI keeps what is there and stops cleanly (issue 8 items 6, 8, 11): --out is checked before training,
// an existing file is kept unless --force, '' is refused; NaN checkpoints are refused by file name; a step that goes
// non-finite stops the run with one line and a non-zero status.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { loadShippedCheckpoint } from '../../src/cli/checkpoint-files';
import { encodeCheckpoint } from '../../src/engine/policy/checkpoint';
import { modelSpec, parameterShapes } from '../../src/engine/policy/model';

const SMALL = ['--task', 'add', '--size', 'nano', '--prompts', '2', '--group-size', '2', '--eval-size', '2', '--steps', '2'];
const lines = (stderr: string) => stderr.split('\n').filter((l) => l.trim() && !l.includes('npm warn'));

function nanoCheckpoint(dir: string, name: string, fill: (i: number) => number): string {
  const spec = modelSpec('nano');
  const values = new Map(
    [...parameterShapes(spec)].map(([n, shape]) => [n, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => fill(i))]),
  );
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(encodeCheckpoint(spec, values, { task: 'add' })));
  return path;
}

describe('train --out', () => {
  it('keeps an existing file unless --force, in one line with exit 2, before any training', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grpo-out-'));
    const out = join(dir, 'run.jsonl');
    writeFileSync(out, 'precious\n');
    const r = runCli('src/cli/train.ts', [...SMALL, '--checkpoint', 'random', '--out', out]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/--out: .*run\.jsonl already exists; pass --force to overwrite it/)]);
    expect(readFileSync(out, 'utf8')).toBe('precious\n');
    const forced = runCli('src/cli/train.ts', [...SMALL, '--checkpoint', 'random', '--out', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it("refuses --out '', a directory, and a missing directory, each in one line before training", () => {
    const dir = mkdtempSync(join(tmpdir(), 'grpo-out-'));
    for (const [arg, message] of [
      ['', /--out needs a file name/],
      [dir, /is a directory, not a file/],
      [join(dir, 'no', 'such', 'run.jsonl'), /the directory .* does not exist/],
    ] as const) {
      const r = runCli('src/cli/train.ts', [...SMALL, '--checkpoint', 'random', '--out', arg]);
      expect(r.code).toBe(2);
      expect(lines(r.stderr), arg).toEqual([expect.stringMatching(message)]); // no "task add ..." header: nothing ran
    }
  });
});

describe('train: non-finite numbers', () => {
  it('refuses a checkpoint holding NaN, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grpo-nan-'));
    const path = nanoCheckpoint(dir, 'poisoned.json', (i) => (i === 3 ? NaN : 0.01));
    const r = runCli('src/cli/train.ts', [...SMALL, '--checkpoint', path]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/poisoned\.json: Checkpoint holds NaN or infinite values/)]);
  });

  it('names the file of a truncated checkpoint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grpo-cut-'));
    const path = nanoCheckpoint(dir, 'cut.json', () => 0.01);
    writeFileSync(path, readFileSync(path, 'utf8').slice(0, 500));
    const r = runCli('src/cli/train.ts', [...SMALL, '--checkpoint', path]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/Checkpoint .*cut\.json is not valid JSON/)]);
  });

  it('a step that overflows stops the run with one line and exit 2, keeping the lines already written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grpo-inf-'));
    const path = nanoCheckpoint(dir, 'huge.json', (i) => (i % 2 ? 3e38 : -3e38)); // finite, but overflows in a step
    const out = join(dir, 'run.jsonl');
    const r = runCli('src/cli/train.ts', [...SMALL, '--checkpoint', path, '--out', out]);
    expect(r.code).toBe(2);
    const err = lines(r.stderr).filter((l) => l.startsWith('error:'));
    expect(err).toEqual([
      expect.stringMatching(
        /stopped: Step 1: the ((loss|gradient norm) is (NaN|Infinity)|weights hold NaN or infinity), so the update was not applied/,
      ),
    ]);
    expect(r.stderr).not.toMatch(/done:/);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(1); // the step-0 eval line
  });
});

describe('messages', () => {
  it('the missing-checkpoint error points at --checkpoint random (the flag that exists)', () => {
    expect(() => loadShippedCheckpoint('add', 'no-such-size')).toThrow(
      /No shipped add\/no-such-size checkpoint .* use --checkpoint random/,
    );
  });
});
