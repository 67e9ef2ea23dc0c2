// Hostile links: deep nesting, decompression bombs and generated garbage go through decodeState without a throw,
// and each gets a message that says why it was refused (issue 8 items 2 and 3).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import LZString from 'lz-string';
import { DEFAULT_CONFIG, mergeConfig, parseConfig } from '../../src/engine/config';
import { decodeState, encodeState, LINK_LIMITS } from '../../src/share/url';
import { decompressUriBounded } from '../../src/share/lz-bounded';

const lz = (x: unknown) => LZString.compressToEncodedURIComponent(typeof x === 'string' ? x : JSON.stringify(x));
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('link decoder limits', () => {
  it('a short link with JSON nested 5,000 deep is refused with a message, not a RangeError', () => {
    const link = `v=1&c=${lz(`{"c":{"advantage":${deepArray(5000)}}}`)}`;
    expect(link.length).toBeLessThan(400);
    const r = decodeState(link);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/nested more than 8 levels/);
  });

  it('deep nesting in a field the schema rejects still describes the field without recursing', () => {
    const r = decodeState(`v=1&c=${lz(`{"c":{"prompts":${deepArray(5)}}}`)}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/prompts/);
  });

  it('a decompression bomb is stopped at the cap, before the whole text is built', () => {
    const bomb = lz(`{"c":{"preset":"${'a'.repeat(200_000)}"}}`);
    expect(bomb.length).toBeLessThan(LINK_LIMITS.maxLinkChars); // small link, huge payload
    const r = decodeState(`v=1&c=${bomb}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/expand to more than 32,000 characters/);
  });

  it('an over-long link is refused by its length', () => {
    const r = decodeState(`v=1&c=${'A'.repeat(LINK_LIMITS.maxLinkChars)}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/at most 16,000/);
  });

  it('the bounded decompressor agrees with lz-string on every string it compresses', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const r = decompressUriBounded(LZString.compressToEncodedURIComponent(text), 10_000);
        expect(r).toEqual(text === '' ? { ok: true, text: '' } : { ok: true, text });
      }),
      { seed: 8, numRuns: 300 },
    );
  });

  it('real links still decode', () => {
    const config = parseConfig(mergeConfig(DEFAULT_CONFIG, { task: 'countdown', prompts: 4, experts: { enabled: true, sftLambda: 0.5 } }));
    const r = decodeState(encodeState({ config }));
    expect(r.ok && r.state.config).toEqual(config);
  });
});

describe('2,000 generated hostile links (fixed seed)', () => {
  const valid = encodeState({ config: parseConfig({ task: 'sort', prompts: 3, advantage: { baseline: 'median' } }) });
  const mutated = fc
    .tuple(fc.nat(valid.length), fc.nat(valid.length), fc.string({ maxLength: 6 }))
    .map(([a, b, ins]) => valid.slice(0, Math.min(a, b)) + ins + valid.slice(Math.max(a, b)));
  const jsonPayload = fc.jsonValue({ maxDepth: 6 }).map((j) => `v=1&c=${lz({ c: j })}`);
  const configish = fc
    .record({
      c: fc.dictionary(
        fc.constantFrom('prompts', 'advantage', 'experts', 'preset', 'rewardWeights', '__proto__', 'seed'),
        fc.jsonValue({ maxDepth: 3 }),
      ),
      b: fc.jsonValue({ maxDepth: 2 }),
    })
    .map((p) => `v=1&c=${lz(p)}`);
  const deep = fc.integer({ min: 9, max: 6_000 }).map((d) => `v=1&c=${lz(`{"c":{"experts":{"list":${deepArray(d)}}}}`)}`);
  const garbage = fc.string({ unit: 'binary', maxLength: 300 });
  const params = fc
    .array(fc.tuple(fc.constantFrom('v', 'c', 'lesson', 'classroom', 'hide', '%', ''), fc.string({ unit: 'binary', maxLength: 40 })), {
      maxLength: 5,
    })
    .map((kv) => kv.map(([k, v]) => `${k}=${v}`).join('&'));
  const hostile = fc.oneof(mutated, jsonPayload, configish, deep, garbage, params);

  it('none throws; every refusal carries a short message', () => {
    let refused = 0;
    let runs = 0;
    fc.assert(
      fc.property(hostile, (link) => {
        runs++;
        const r = decodeState(link);
        if (!r.ok) {
          refused++;
          expect(r.error.length).toBeGreaterThan(20);
          expect(r.error.length).toBeLessThan(800);
        }
      }),
      { seed: 20261130, numRuns: 2000 },
    );
    expect(runs).toBe(2000);
    expect(refused).toBeGreaterThan(500); // the generators really are hostile
  });
});
