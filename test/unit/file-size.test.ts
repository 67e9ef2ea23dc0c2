// Issue 12: small files with one purpose. No source file over 400 lines, except tables of data (one entry per knob,
// preset or lesson), which are long because the product has many of them, not because they do many things.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const LIMIT = 400;
const DATA_TABLES = new Set(['src/engine/knobs/table.ts', 'src/engine/rl/preset-table.ts', 'src/share/lessons.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|css)$/.test(name) ? [path] : [];
  });
}

describe('file sizes', () => {
  it(`no file in src/ has more than ${LIMIT} lines, data tables aside`, () => {
    const long = sources('src')
      .filter((f) => !DATA_TABLES.has(f))
      .map((f) => ({ f, lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter((x) => x.lines > LIMIT);
    expect(long).toEqual([]);
  });
  it('the data tables exist (a renamed table must be renamed here too)', () => {
    for (const f of DATA_TABLES) expect(statSync(f).isFile(), f).toBe(true);
  });
});
