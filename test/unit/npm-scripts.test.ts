// npm runs a script named pre<name> before <name> and post<name> after it. A script that happens to be named so
// (a "pretrain" next to "train") runs silently on every call: once it retrained and overwrote the shipped base
// policies before every `npm run train`. Only the deliberate hook below is allowed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ALLOWED_HOOKS = new Set(['pretest']);

function accidentalHooks(scripts: Record<string, string>): string[] {
  const names = new Set(Object.keys(scripts));
  return [...names].filter((n) => {
    const m = /^(pre|post)(.+)$/.exec(n);
    return m !== null && names.has(m[2]) && !ALLOWED_HOOKS.has(n);
  });
}

describe('npm scripts', () => {
  it("detects a script that becomes another script's hook", () => {
    expect(accidentalHooks({ train: 'x', pretrain: 'y', postbuild: 'z', build: 'w', test: 't', pretest: 'p' })).toEqual([
      'pretrain',
      'postbuild',
    ]);
    expect(accidentalHooks({ prepare: 'x', pare: 'y', prettier: 'z' })).toEqual(['prepare']);
  });
  it('package.json has no accidental pre/post hooks', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(accidentalHooks(pkg.scripts)).toEqual([]);
  });
});
