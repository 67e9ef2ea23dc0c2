// Design tokens: every colour of the UI's stylesheets is a custom property of src/ui/tokens.css; component
// stylesheets only refer to them. Also: every stylesheet is imported by something, and every var() is defined.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const ui = join(root, 'src/ui');
const files = (ext: RegExp) =>
  readdirSync(ui, { recursive: true, encoding: 'utf8' })
    .filter((f) => ext.test(f))
    .map((f) => join(ui, f));
const css = files(/\.css$/);
const TOKENS = join(ui, 'tokens.css');
/** A raw colour: #rgb(a) / #rrggbb(aa), or a colour function. */
const RAW_COLOUR = /#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(/g;
const withoutComments = (s: string) => s.replace(/\/\*[\s\S]*?\*\//g, '');

function rawColours(text: string): string[] {
  return withoutComments(text).match(RAW_COLOUR) ?? [];
}

describe('CSS design tokens', () => {
  it('the check finds a raw colour (so its silence below means something)', () => {
    expect(rawColours('.x { color: #1d2330; border: 1px solid rgba(0, 0, 0, 0.2); }')).toEqual(['#1d2330', 'rgba(']);
    expect(rawColours('/* #fff in a comment */ .x { color: var(--text); }')).toEqual([]);
  });

  it('no stylesheet but tokens.css holds a raw colour', () => {
    expect(css.length).toBeGreaterThan(10);
    const found = css
      .filter((f) => f !== TOKENS)
      .flatMap((f) => rawColours(readFileSync(f, 'utf8')).map((c) => `${relative(root, f)}: ${c}`));
    expect(found).toEqual([]);
  });

  it('every var() names a token that tokens.css defines', () => {
    const defined = new Set([...withoutComments(readFileSync(TOKENS, 'utf8')).matchAll(/(--[a-z0-9-]+)\s*:/g)].map((m) => m[1]));
    const used = css.flatMap((f) =>
      [...withoutComments(readFileSync(f, 'utf8')).matchAll(/var\((--[a-z0-9-]+)/g)].map((m) => `${relative(root, f)}: ${m[1]}`),
    );
    expect(used.filter((u) => !defined.has(u.split(': ')[1]))).toEqual([]);
  });

  it('every stylesheet is imported by a module of the app', () => {
    const sources = [...files(/\.tsx?$/), join(root, 'src/main.tsx')].map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(
      css.filter((f) => !sources.includes(`/${basename(f)}'`) && !sources.includes(`'./${basename(f)}'`)).map((f) => relative(root, f)),
    ).toEqual([]);
  });
});
