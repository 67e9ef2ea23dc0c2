// The comparison link: round trip, and hostile or mangled cmp= values get a clear message (never a throw).
import { describe, expect, it } from 'vitest';
import LZString from 'lz-string';
import { DEFAULT_CONFIG, mergeConfig, parseConfig } from '../../src/engine/config';
import {
  comparisonLink,
  comparisonParam,
  comparisonProblems,
  decodeComparison,
  encodeComparison,
  seedRange,
  COMPARE_LIMITS,
  type ComparisonSpec,
} from '../../src/share/compare-link';
import { decodeState, stateStringFromLocation } from '../../src/share/url';

const BASE = parseConfig(mergeConfig(DEFAULT_CONFIG, { modelSize: 'nano', init: 'random', seed: 7 }));
const SPEC: ComparisonSpec = {
  variants: [
    { name: 'A', patch: {} },
    { name: 'median', patch: { advantage: { baseline: 'median' } } },
  ],
  seeds: seedRange(7, 3),
  steps: 12,
};
const lz = (v: unknown) => LZString.compressToEncodedURIComponent(typeof v === 'string' ? v : JSON.stringify(v));

describe('comparison link', () => {
  it('round-trips: the run part decodes to the base settings and backend, cmp= to the same comparison', () => {
    const link = comparisonLink('http://x/app/#old', { config: BASE, backend: 'wasm' }, SPEC);
    expect(link.startsWith('http://x/app/#v=1&c=')).toBe(true);
    const hash = new URL(link).hash;
    const stateString = stateStringFromLocation({ hash, search: '' });
    const run = decodeState(stateString);
    expect(run.ok && run.state.config).toEqual(BASE);
    expect(run.ok && run.state.backend).toBe('wasm');
    const param = comparisonParam(stateString);
    expect(param).toBe(encodeComparison(SPEC));
    expect(decodeComparison(param!, BASE)).toEqual({ ok: true, spec: SPEC });
    expect(seedRange(7, 3)).toEqual([7, 8, 9]);
  });

  it('a run link without cmp= has no comparison', () => {
    expect(comparisonParam('v=1&c=abc')).toBeUndefined();
  });

  const cases: Array<[string, string, RegExp]> = [
    ['truncated', encodeComparison(SPEC).slice(0, 20), /truncated or corrupted/],
    ['not the lz alphabet', '%%%<script>', /truncated or corrupted/],
    ['empty', '', /truncated or corrupted/],
    ['not JSON', lz('{"v": ['), /truncated or corrupted/],
    ['wrong shape', lz({ v: 'A', s: 3, k: 'ten' }), /lacks the variants, seeds or steps/],
    ['too long', 'A'.repeat(COMPARE_LIMITS.maxParamChars + 1), /characters long/],
    ['nested deep', lz({ v: [{ n: 'A', p: { a: { b: { c: { d: { e: { f: {} } } } } } } }], s: [1], k: 1 }), /nested more than/],
    [
      'too many seeds',
      lz({
        v: [
          { n: 'A', p: {} },
          { n: 'B', p: {} },
        ],
        s: seedRange(1, 11),
        k: 5,
      }),
      /Seeds: 1 to 10/,
    ],
    [
      'seeds repeat',
      lz({
        v: [
          { n: 'A', p: {} },
          { n: 'B', p: {} },
        ],
        s: [1, 1],
        k: 5,
      }),
      /Seeds repeat/,
    ],
    [
      'steps out of range',
      lz({
        v: [
          { n: 'A', p: {} },
          { n: 'B', p: {} },
        ],
        s: [1],
        k: 100000,
      }),
      /Steps per run: 1 to 300/,
    ],
    ['one variant', lz({ v: [{ n: 'A', p: {} }], s: [1], k: 5 }), /2 to 4 variants/],
    [
      'a variant sets the seed',
      lz({
        v: [
          { n: 'A', p: {} },
          { n: 'B', p: { seed: 3 } },
        ],
        s: [1],
        k: 5,
      }),
      /sets the seed/,
    ],
    [
      'a variant changes the task',
      lz({
        v: [
          { n: 'A', p: {} },
          { n: 'B', p: { task: 'sort' } },
        ],
        s: [1],
        k: 5,
      }),
      /changes the task/,
    ],
    [
      'a variant is out of range',
      lz({
        v: [
          { n: 'A', p: {} },
          { n: 'B', p: { lr: -1 } },
        ],
        s: [1],
        k: 5,
      }),
      /Variant 2 "B" is invalid: lr/,
    ],
    [
      'unknown settings',
      lz({
        v: [
          { n: 'A', p: {} },
          { n: 'B', p: { warp: 9 } },
        ],
        s: [1],
        k: 5,
      }),
      /does not know: warp/,
    ],
    [
      'duplicate names',
      lz({
        v: [
          { n: 'A', p: {} },
          { n: 'A', p: {} },
        ],
        s: [1],
        k: 5,
      }),
      /used twice/,
    ],
  ];
  for (const [what, param, message] of cases) {
    it(`refuses a cmp= that is ${what}, with a readable message`, () => {
      const r = decodeComparison(param, BASE);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(message);
    });
  }

  it('a quadratic-expansion bomb is stopped by the bounded decompressor', () => {
    const bomb = lz('A'.repeat(200_000));
    const r = decodeComparison(bomb, BASE);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/expands to more than|characters long/);
  });

  it('comparisonProblems accepts a valid comparison and names each problem of a bad one', () => {
    expect(comparisonProblems(SPEC, BASE)).toEqual([]);
    const bad = comparisonProblems({ ...SPEC, seeds: [], steps: 0, variants: [{ name: '', patch: {} }, ...SPEC.variants] }, BASE);
    expect(bad.join('\n')).toMatch(/Seeds: 1 to 10/);
    expect(bad.join('\n')).toMatch(/Steps per run/);
    expect(bad.join('\n')).toMatch(/Variant 1: a name/);
  });
});
