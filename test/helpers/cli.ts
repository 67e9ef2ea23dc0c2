// Run a CLI entry point as a user would (through tsx), capturing stdout, stderr and the exit code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

export function runCli(script: string, args: string[], timeoutMs = 120_000) {
  const r = spawnSync(TSX, [resolve(ROOT, script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function readJsonl(text: string): Record<string, number>[] {
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, number>);
}

/** Flags for a quick `npm run train`: nano model, random init, 2 prompts x G 4, an eval every 2 steps on 8 problems. */
export function smallTrainArgs(steps: number): string[] {
  return ['--size', 'nano', '--checkpoint', 'random', '--prompts', '2', '--group-size', '4'].concat([
    '--eval-every',
    '2',
    '--eval-size',
    '8',
    '--steps',
    String(steps),
  ]);
}

/** Runs `npm run train` with these flags into a fresh temporary folder; the JSONL it wrote is parsed. */
export function trainCli(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'grpo-cli-'));
  const out = join(dir, 'run.jsonl');
  const r = runCli('src/cli/train.ts', [...args, '--out', out]);
  return { ...r, dir, out, lines: existsSync(out) ? readJsonl(readFileSync(out, 'utf8')) : [] };
}
