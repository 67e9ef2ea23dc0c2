// URL state: round trips of RunConfig + seed + backend, and readable errors for mangled links. Pure Node.
import { describe, expect, it } from 'vitest';
import { compressToEncodedURIComponent } from 'lz-string';
import { DEFAULT_CONFIG, parseConfig, mergeConfig, type RunConfig } from '../../src/engine/config';
import { PRESETS, presetConfig } from '../../src/engine/rl/presets';
import {
  nonDefaultPatch,
  decodeState,
  encodeState,
  shareLink,
  stateStringFromLocation,
  CLASSROOM_DEFAULT_HIDE,
  URL_VERSION,
  lessonBaseConfig,
} from '../../src/share/url';
import { LESSONS } from '../../src/share/lessons';

function roundTrip(config: RunConfig, backend: 'auto' | 'wasm' | 'webgpu' = 'auto') {
  const s = encodeState({ config, backend });
  const r = decodeState(s);
  if (!r.ok) throw new Error(r.error);
  return { s, r };
}

function expectError(s: string, pattern: RegExp) {
  const r = decodeState(s);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error).toMatch(pattern);
}

describe('share/url round trips', () => {
  it('defaults encode to an empty diff and decode back to the defaults', () => {
    const { s, r } = roundTrip(DEFAULT_CONFIG);
    expect(s.startsWith(`v=${URL_VERSION}&c=`)).toBe(true);
    expect(nonDefaultPatch(DEFAULT_CONFIG)).toEqual({});
    expect(r.ok && r.state.config).toEqual(DEFAULT_CONFIG);
    expect(r.ok && r.state.backend).toBe('auto');
  });

  it('keeps only non-default values', () => {
    const cfg = parseConfig(mergeConfig(DEFAULT_CONFIG, { seed: 42, groupSize: 4, advantage: { baseline: 'median' } }));
    expect(nonDefaultPatch(cfg)).toEqual({ seed: 42, groupSize: 4, advantage: { baseline: 'median' } });
  });

  it('round-trips every preset with seed and backend', () => {
    for (const p of PRESETS) {
      const cfg = parseConfig(presetConfig(p.name, { seed: 1234567, task: 'countdown', modelSize: 'nano', init: 'random' }));
      const { r } = roundTrip(cfg, 'wasm');
      expect(r.ok && r.state.config).toEqual(cfg);
      expect(r.ok && r.state.backend).toBe('wasm');
    }
  });

  it('round-trips an edited expert list, reward weights and awkward floats', () => {
    const cfg = parseConfig(
      mergeConfig(DEFAULT_CONFIG, {
        lr: 0.1 + 0.2,
        temperature: 1e-7,
        rewardWeights: { correct: 1, format: 0, length: -0.5 },
        experts: {
          enabled: true,
          list: [
            { id: 'plain', prefix: 'p:', enabled: true },
            { id: 'mine', prefix: 'x+y=? ', enabled: false, style: 'reversed' },
          ],
        },
      }),
    );
    const { r } = roundTrip(cfg);
    expect(r.ok && r.state.config).toEqual(cfg);
  });

  it('carries classroom flags', () => {
    const s = encodeState({ config: DEFAULT_CONFIG, classroom: true, hide: ['knobs', 'seed'] });
    const r = decodeState(s);
    expect(r.ok && r.state.hide).toEqual(['knobs', 'seed']);
    const r2 = decodeState(encodeState({ config: DEFAULT_CONFIG, classroom: true, hide: [...CLASSROOM_DEFAULT_HIDE] }));
    expect(r2.ok && r2.state.classroom).toBe(true);
    expect(r2.ok && r2.state.hide).toEqual([...CLASSROOM_DEFAULT_HIDE]);
    const r3 = decodeState('classroom=1&hide=knobs,bogus');
    expect(r3.ok && r3.state.hide).toEqual(['knobs']);
    expect(r3.ok && r3.warnings.join(' ')).toMatch(/bogus/);
  });

  it('reads the hash first, then the query', () => {
    expect(stateStringFromLocation({ hash: '#v=1&c=x', search: '?v=2' })).toBe('v=1&c=x');
    expect(stateStringFromLocation({ hash: '', search: '?v=2' })).toBe('v=2');
    const link = shareLink('http://h/app/#old', { config: DEFAULT_CONFIG, backend: 'wasm' });
    expect(link.startsWith('http://h/app/#v=1&c=')).toBe(true);
  });

  it('an empty or foreign hash means defaults, not an error', () => {
    expect(decodeState('')).toMatchObject({ ok: true, empty: true });
    expect(decodeState('section-2')).toMatchObject({ ok: true, empty: true });
  });
});

describe('share/url mangled links', () => {
  const good = encodeState({ config: parseConfig({ seed: 9, groupSize: 4, advantage: { baseline: 'leave-one-out' } }), backend: 'wasm' });

  it('truncated links', () => {
    const c = good.indexOf('c=') + 2;
    for (const cut of [c + 3, Math.floor((c + good.length) / 2), good.length - 2]) {
      expectError(good.slice(0, cut), /truncated or corrupted/);
    }
    expectError(good.slice(0, c), /truncated or corrupted.*c=/);
    expectError('v=1', /truncated or corrupted/);
    expectError('v=', /no format version/);
  });

  it('unknown versions', () => {
    expectError(good.replace('v=1', 'v=2'), /v=2.*reads v=1.*newer/);
    expectError(good.replace('v=1', 'v=0'), /v=0.*older/);
    expectError(good.replace('v=1', 'v=abc'), /not a number/);
    expectError(good.replace('v=1&', ''), /no format version/);
  });

  it('out-of-range values name the field and the value', () => {
    const mk = (c: unknown) => `v=1&c=${compressToEncodedURIComponent(JSON.stringify({ c }))}`;
    expectError(mk({ groupSize: 999 }), /groupSize.*999/);
    expectError(mk({ lr: -1 }), /lr.*-1/);
    expectError(mk({ task: 'chess' }), /task.*chess/);
    expectError(mk({ advantage: { epsLow: 1 }, objective: { clipMode: 'sideways' } }), /objective\.clipMode/);
    expectError(mk({ seed: 1.5 }), /seed/);
    expectError(`v=1&c=${compressToEncodedURIComponent(JSON.stringify({ c: {}, b: 'tpu' }))}`, /unknown backend.*tpu/);
    expectError(`v=1&c=${compressToEncodedURIComponent('[1,2]')}`, /corrupted/);
  });

  it('unknown settings from other versions are reported and ignored', () => {
    const s = `v=1&c=${compressToEncodedURIComponent(JSON.stringify({ c: { groupSize: 4, warp: 9, advantage: { colour: 'red' } } }))}`;
    const r = decodeState(s);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.state.config.groupSize).toBe(4);
      expect(r.warnings.join(' ')).toMatch(/warp.*advantage\.colour/);
    }
  });

  it('random bytes never throw and give a clear message', () => {
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$%&=#?!~ ';
    for (let i = 0; i < 300; i++) {
      const len = 1 + Math.floor(rand() * 80);
      let junk = '';
      for (let j = 0; j < len; j++) junk += alphabet[Math.floor(rand() * alphabet.length)];
      for (const s of [`v=1&c=${junk}`, junk]) {
        const r = decodeState(s);
        if (!r.ok) expect(r.error.length).toBeGreaterThan(20);
      }
      const r = decodeState(`v=1&c=${junk}`);
      if (r.ok) expect(r.state.config).toBeDefined(); // lz can map junk to valid JSON; then it passed validation
    }
    expectError('v=1&c=%%%', /corrupted/);
    expectError('v=%E0%A4%A&c=x', /not validly encoded/);
  });
});

describe('share/url lesson links', () => {
  it('every lesson round-trips as v=1&lesson=<id> and decodes to its own config', () => {
    for (const l of LESSONS) {
      const config = lessonBaseConfig(l.id)!;
      const s = encodeState({ config, lesson: l.id });
      expect(s).toBe(`v=${URL_VERSION}&lesson=${l.id}`);
      const r = decodeState(s);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.state.lesson).toBe(l.id);
        expect(r.state.config).toEqual(parseConfig(l.config));
        expect(r.lessonDefault).toBe(true);
      }
    }
  });

  it('a hand-typed #lesson=<id> works without a version; classroom flags come along', () => {
    const r = decodeState(stateStringFromLocation({ hash: '#lesson=dr-grpo-bias&classroom=1', search: '' }));
    expect(r.ok && r.state.lesson).toBe('dr-grpo-bias');
    expect(r.ok && r.state.classroom).toBe(true);
    expect(r.ok && r.state.hide).toEqual([...CLASSROOM_DEFAULT_HIDE]);
  });

  it('a lesson with edited settings keeps both', () => {
    const config = parseConfig(mergeConfig(lessonBaseConfig('ngrpo-all-wrong')!, { groupSize: 4 }));
    const s = encodeState({ config, lesson: 'ngrpo-all-wrong', backend: 'wasm' });
    expect(s).toMatch(/^v=1&lesson=ngrpo-all-wrong&c=/);
    const r = decodeState(s);
    expect(r.ok && r.state.config).toEqual(config);
    expect(r.ok && r.state.backend).toBe('wasm');
    expect(r.ok && r.state.lesson).toBe('ngrpo-all-wrong');
    expect(r.ok && r.lessonDefault).toBeFalsy();
  });

  it('a lesson link that pins a backend still starts the lesson itself', () => {
    const s = encodeState({ config: lessonBaseConfig('dapo-clip-higher')!, lesson: 'dapo-clip-higher', backend: 'wasm' });
    expect(s).toMatch(/^v=1&lesson=dapo-clip-higher&c=/);
    const r = decodeState(s);
    expect(r.ok && r.lessonDefault).toBe(true);
    expect(r.ok && r.state.backend).toBe('wasm');
  });

  it('an unknown lesson id or a wrong version gives a clear error', () => {
    expectError('v=1&lesson=no-such-lesson', /lesson "no-such-lesson".*does not have.*zero-advantage/);
    expectError('lesson=%3Cscript%3E', /lesson "<script>"/);
    expectError('v=3&lesson=dr-grpo-bias', /v=3.*reads v=1/);
    expectError(`v=1&lesson=dr-grpo-bias&c=${compressToEncodedURIComponent(JSON.stringify({ c: { groupSize: 999 } }))}`, /groupSize/);
  });
});
