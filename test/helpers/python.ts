// Run a Python script once with JSON on stdin and JSON on stdout (one process per test file keeps CPU use low).
import { spawnSync } from 'node:child_process';

export function runPython<T>(script: string, input: unknown, env: Record<string, string> = {}): T {
  const r = spawnSync('python3', ['-c', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`python3 exited ${r.status}: ${r.stderr.slice(-4000)}`);
  return JSON.parse(r.stdout) as T;
}

/** JSON has no NaN: encode non-finite numbers as null (the Python side reads null back as NaN). */
export function nanToNull(xs: readonly number[]): Array<number | null> {
  return xs.map((x) => (Number.isFinite(x) ? x : null));
}
